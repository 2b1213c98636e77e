"""Factories for integration tests: valid IINs and BINs, entities, workers, jobs and users; and the base
class of the integration tests, which leaves the site as it found it."""

import os
import random
from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import create_batch

from profregister.access import gate
from profregister.domain.identifiers import make_bin, make_iin

_rng = random.Random()


class CleanTestCase(FrappeTestCase):
	"""An integration test class that leaves no rows and no files behind.

	FrappeTestCase rolls back at the end of a class only what was not committed; tests commit where a
	real request or a job's own process must see their data, and jobs commit batch by batch. So the
	class notes what the site holds when it starts and, at its end, removes every row and file that is
	new: in every table (children, Versions, status changes, notifications and users too)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# A class cleanup runs even when the subclass's own setUpClass fails after this line.
		cls.addClassCleanup(remove_all_since, site_contents())
		frappe.db.rollback()  # reading every table took metadata locks that other connections may need


def site_contents() -> tuple[dict[str, set[str]], dict[str, str]]:
	"""The names in every stored DocType's table, and the files of the site (URL → path)."""
	tables = set(frappe.db.get_tables(cached=False))
	doctypes = frappe.get_all("DocType", filters={"issingle": 0, "is_virtual": 0}, pluck="name")
	rows = {d: set(frappe.db.sql_list(f"select name from `tab{d}`")) for d in doctypes if f"tab{d}" in tables}
	files = {}
	for url, folder in (("/private/files", ("private", "files")), ("/files", ("public", "files"))):
		with os.scandir(frappe.get_site_path(*folder)) as entries:
			files.update({f"{url}/{e.name}": e.path for e in entries if e.is_file()})
	return rows, files


def remove_all_since(before: tuple[dict[str, set[str]], dict[str, str]]):
	"""Set-based deletes of the rows new since `before` (site_contents), then of the new files that no
	remaining File names."""
	rows_before, files_before = before
	frappe.db.rollback()
	rows_now, files_now = site_contents()
	# Defaults are settings, not records: Frappe sets one by deleting its row and inserting another, so
	# a new row may hold a setting the site had before. Only the defaults of removed users go.
	new = {d: list(names - rows_before.get(d, set())) for d, names in rows_now.items() if d != "DefaultValue"}
	for doctype, names in new.items():
		for chunk in create_batch(names, 1000):
			frappe.db.delete(doctype, {"name": ("in", chunk)})
			if doctype == "User":
				frappe.db.delete("DefaultValue", {"parent": ("in", chunk)})
	frappe.db.commit()
	named = {
		url for row in frappe.get_all("File", fields=["file_url", "thumbnail_url"]) for url in row.values()
	}
	for url in files_now.keys() - files_before.keys() - named:
		os.remove(files_now[url])
	# Caches kept for the whole run may name what was removed.
	frappe.clear_cache()
	gate.forget()


def new_iin(born: date = date(1985, 4, 12), sex: str = "Female") -> str:
	while True:
		iin = make_iin(born, sex, _rng.randrange(10000))
		if iin and not frappe.db.exists("Health Worker", {"iin": iin}):
			return iin


def new_bin() -> str:
	while True:
		value = make_bin(date(2001, 3, 1), _rng.randrange(100000))
		if value and not frappe.db.exists("Healthcare Entity", value):
			return value


def make_entity(region: str = "Astana", **fields) -> "frappe.Document":
	return frappe.get_doc(
		{
			"doctype": "Healthcare Entity",
			"entity_name": f"Test Clinic {_rng.randrange(10**6)}",
			"bin": new_bin(),
			"region": region,
			**fields,
		}
	).insert(ignore_permissions=True)


def make_worker(
	entity: str,
	born: date = date(1985, 4, 12),
	sex: str = "Female",
	ignore_permissions: bool = True,
	**fields,
) -> "frappe.Document":
	return frappe.get_doc(
		{
			"doctype": "Health Worker",
			"iin": new_iin(born, sex),
			"last_name": "Testova",
			"first_name": "Aigerim",
			"current_entity": entity,
			**fields,
		}
	).insert(ignore_permissions=ignore_permissions)


def make_employment(
	worker: str, entity: str, start: date, end: date | None = None, **fields
) -> "frappe.Document":
	return frappe.get_doc(
		{
			"doctype": "Employment",
			"health_worker": worker,
			"healthcare_entity": entity,
			"position": "Nurse",
			"specialty": "Nursing",
			"start_date": start,
			"end_date": end,
			"end_reason": "Transfer" if end else None,
			**fields,
		}
	).insert(ignore_permissions=True)


def make_certificate(worker: str, issued: date, valid_until: date, **fields) -> "frappe.Document":
	return frappe.get_doc(
		{
			"doctype": "Specialist Certificate",
			"health_worker": worker,
			"certificate_number": f"T{_rng.randrange(10**8)}",
			"specialty": "Nursing",
			"issuing_body": "NCIE",
			"issue_date": issued,
			"valid_until": valid_until,
			**fields,
		}
	).insert(ignore_permissions=True)


def set_parameter(case, parameter: str, effective_from: date, value: float):
	"""A Regulatory Parameter value for one test, taken away again (from the cache too) when it ends:
	a job that commits per batch commits it with its first batch."""
	doc = frappe.get_doc("Regulatory Parameter", parameter)
	doc.append("values", {"effective_from": effective_from, "value": value})
	doc.save()
	case.addCleanup(_remove_parameter_value, parameter, effective_from)


def _remove_parameter_value(parameter: str, effective_from: date):
	frappe.db.rollback()
	doc = frappe.get_doc("Regulatory Parameter", parameter)
	doc.values = [row for row in doc.values if str(row.effective_from) != str(effective_from)]
	doc.save()
	frappe.db.commit()


def make_user(email: str, *roles: str) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{"doctype": "User", "email": email, "first_name": email.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	if roles:
		frappe.get_doc("User", email).add_roles(*roles)
	return email


def link_user_to_entity(user: str, entity: str, function: str = "HR Specialist"):
	doc = frappe.get_doc("Healthcare Entity", entity)
	doc.append("users", {"user": user, "function": function})
	doc.save(ignore_permissions=True)


def link_user_to_region(user: str, region: str):
	doc = frappe.get_doc("Region", region)
	doc.append("users", {"user": user})
	doc.save(ignore_permissions=True)


def make_file(content: bytes | None = None, name: str = "document.pdf") -> str:
	"""A private file; distinct content unless given, since evidence refuses a document seen before."""
	content = content or f"%PDF-1.4 test {frappe.generate_hash()}".encode()
	return (
		frappe.get_doc({"doctype": "File", "file_name": name, "content": content, "is_private": 1})
		.insert(ignore_permissions=True)
		.file_url
	)


def make_evidence(worker: str, criterion: str = "01", ignore_permissions: bool = True, **fields):
	return frappe.get_doc(
		{
			"doctype": "CPD Evidence",
			"health_worker": worker,
			"criterion": criterion,
			"unit": "hour",
			"quantity": 36,
			"title": f"Course {_rng.randrange(10**8)}",
			"organiser": "Kazakh Medical University",
			"date_from": date(2024, 3, 4),
			"date_to": date(2024, 3, 9),
			"attachment": fields.pop("attachment") if "attachment" in fields else make_file(),
			"document_language": "Russian",
			**fields,
		}
	).insert(ignore_permissions=ignore_permissions)


# On the list of accredited CPD providers since 2000, for evidence of criterion 1 dated from 2026.
TEST_PROVIDER = make_bin(date(2000, 1, 1), 1)


def accredited_provider() -> str:
	"""The test provider, on the list (created when missing: a class that commits it keeps it)."""
	if not frappe.db.exists("Accredited CPD Provider", TEST_PROVIDER):
		frappe.get_doc(
			{
				"doctype": "Accredited CPD Provider",
				"bin": TEST_PROVIDER,
				"name_ru": "Казахский медицинский университет",
				"accreditation_body": "IAAR",
				"valid_from": date(2000, 1, 1),
			}
		).insert(ignore_permissions=True)
	return TEST_PROVIDER


def make_district(parent: str) -> str:
	"""A district of its own, so that data left by earlier runs on the site do not count."""
	return (
		frappe.get_doc(
			{
				"doctype": "Region",
				"region_name": f"Test district {frappe.generate_hash(length=6)}",
				"region_type": "District",
				"parent_region": parent,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def remove_workers(iins: list[str]):
	"""Set-based removal of workers (an import's, the benchmark's) and of what was made for them."""
	from frappe.utils import create_batch

	for chunk in create_batch(iins, 10_000):
		workers = frappe.get_all("Health Worker", filters={"iin": ("in", chunk)}, pluck="name")
		if not workers:
			continue
		for doctype, field in (("Employment", "health_worker"), ("Specialist Certificate", "health_worker"),
			("Health Worker Education", "parent"), ("Health Worker Status Change", "health_worker"),
			("Version", "docname"), ("Health Worker", "name")):  # fmt: skip
			frappe.db.delete(doctype, {field: ("in", workers)})
	frappe.db.commit()
