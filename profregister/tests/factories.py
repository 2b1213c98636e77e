"""Factories for integration tests: valid IINs and BINs, entities, workers, jobs and users."""

import random
from datetime import date

import frappe

from profregister.domain.identifiers import make_bin, make_iin

_rng = random.Random()


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
