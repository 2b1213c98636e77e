"""The scope gate as an attacker with a login meets it: a permission matrix over real HTTP.

Every role of the register, an unlinked user and a user whose link was taken away, against every scoped
doctype of another entity, through every generic path Frappe offers (document, list, count, value,
search with and without ignore_user_permissions, report view, group-by counts, PUT with spoofed scope
fields, DELETE, file download). Every response that returns a foreign record, or changes one, is a leak;
the test counts them and expects none, and checks that the same paths do serve what the user may see.
"""

import json
import os
import random
from datetime import date

import frappe

from profregister.access.gate import DIRECTORY
from profregister.domain.identifiers import make_bin
from profregister.services.register import history
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

CPD = {"CPD Evidence", "CPD Confirmation"}


def staffing_row(entity: str) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Staffing Table",
				"healthcare_entity": entity,
				"position": "Nurse",
				"specialty": "Nursing",
				"effective_from": date(2024, 1, 1),
				"approved_fte": 3,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def confirmation(worker: str) -> str:
	return (
		frappe.get_doc(
			{"doctype": "CPD Confirmation", "health_worker": worker, "declared_specialty": "Nursing"}
		)
		.insert(ignore_permissions=True)
		.name
	)


def register_import(entity: str) -> str:
	file = frappe.get_doc(
		{"doctype": "File", "file_name": "workers.csv", "content": b"IIN;BIN\n", "is_private": 1}
	).insert(ignore_permissions=True)
	return (
		frappe.get_doc(
			{"doctype": "Register Import", "import_file": file.file_url, "healthcare_entity": entity}
		)
		.insert(ignore_permissions=True)
		.name
	)


def correction(worker: str) -> str:
	return (
		frappe.get_doc({"doctype": "Record Correction Request", "health_worker": worker, "field": "Place of birth",
			"proposed_value": "Караганда"})
		.insert(ignore_permissions=True)
		.name
	)  # fmt: skip


def provider() -> str:
	"""An organisation on the list of accredited CPD providers: reference data, not any entity's."""
	bin = None
	while not bin or frappe.db.exists("Accredited CPD Provider", bin):
		bin = make_bin(date(2002, 7, 1), random.randrange(100000))
	return (
		frappe.get_doc({"doctype": "Accredited CPD Provider", "bin": bin, "name_ru": "НИИ",
			"accreditation_body": "IAAR", "valid_from": date(2026, 1, 1)})
		.insert(ignore_permissions=True)
		.name
	)  # fmt: skip


def status_change(worker: str) -> str:
	doc = frappe.get_doc("Health Worker", worker)
	history.record([history.of_worker(doc, date(2025, 1, 1), "Active", "Dismissed")])
	return frappe.db.get_value("Health Worker Status Change", {"health_worker": worker})


class TestScopeGate(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Karaganda Region").name
		cls.records = {}
		for side, entity in (("a", cls.a), ("b", cls.b)):
			worker = make_worker(entity, place_of_birth=f"Secret place {side} {run}").name
			make_employment(worker, entity, date(2019, 9, 1))
			evidence = make_evidence(worker)
			cls.records[side] = {
				"Health Worker": worker,
				"Employment": frappe.db.get_value("Employment", {"health_worker": worker}),
				"Specialist Certificate": make_certificate(worker, date(2023, 1, 1), date(2028, 1, 1)).name,
				"CPD Evidence": evidence.name,
				"CPD Confirmation": confirmation(worker),
				"Staffing Table": staffing_row(entity),
				"Health Worker Status Change": status_change(worker),
				"Register Import": register_import(entity),
				"Record Correction Request": correction(worker),
				"Accredited CPD Provider": provider(),
			}
			cls.records[side]["file"] = evidence.attachment
		user = lambda name: make_user(f"{name}.{run}@test.profregister.kz")  # noqa: E731
		cls.users = {
			"hr_a": user("hr.a"),
			"chief_a": user("chief.a"),
			"head_a": user("head.a"),
			"regional_astana": user("astana"),
			"coordinator": make_user(f"coord.{run}@test.profregister.kz", "National Coordinator"),
			"registrar": make_user(f"registrar.{run}@test.profregister.kz", "Register Administrator"),
			"association": make_user(f"assoc.{run}@test.profregister.kz", "Professional Association"),
			"worker_a": user("worker.a"),
			# Holds a scoped role by hand, with no link: must see nothing.
			"unlinked": make_user(f"unlinked.{run}@test.profregister.kz", "HR Specialist", "Regional Health Department"),
			"moved": user("moved"),
		}  # fmt: skip
		link_user_to_entity(cls.users["hr_a"], cls.a, "HR Specialist")
		link_user_to_entity(cls.users["chief_a"], cls.a, "HR Chief")
		link_user_to_entity(cls.users["head_a"], cls.a, "Head of Healthcare Entity")
		link_user_to_region(cls.users["regional_astana"], "Astana")
		worker = frappe.get_doc("Health Worker", cls.records["a"]["Health Worker"])
		worker.user = cls.users["worker_a"]
		worker.save(ignore_permissions=True)
		# Was HR chief at B, then taken off B's users.
		link_user_to_entity(cls.users["moved"], cls.b, "HR Chief")
		entity = frappe.get_doc("Healthcare Entity", cls.b)
		entity.users = [row for row in entity.users if row.user != cls.users["moved"]]
		entity.save(ignore_permissions=True)
		cls.tokens = {key: api_token(email) for key, email in cls.users.items()}
		frappe.db.commit()

	def entitled(self, user: str, doctype: str, side: str) -> bool:
		if doctype in DIRECTORY:
			# Reference data: every user with a link reads it, whatever the side; nobody without one.
			return user not in ("unlinked", "moved")
		if doctype == "Register Import":
			# Imports are made by the entity's HR and the Register Administrator, no one else.
			return user == "registrar" or (side == "a" and user in ("hr_a", "chief_a"))
		if doctype == "Record Correction Request" and user == "coordinator":
			return False  # the worker's HR decides; the coordinator has no use for a request
		if user in ("registrar", "coordinator"):
			return True
		if user == "association":
			return doctype in CPD
		if side == "b":
			return False
		return {
			"hr_a": True,
			"chief_a": True,
			"head_a": True,
			"regional_astana": True,
			"worker_a": doctype in ("Health Worker", "Employment", "Specialist Certificate", "CPD Evidence", "CPD Confirmation",
				"Record Correction Request"),
		}.get(user, False)  # fmt: skip

	def probes(self, token: str, doctype: str, name: str):
		"""(path label, whether the record came back) for each read path."""
		one = lambda r: r.status_code == 200 and name in r.get_data(as_text=True)  # noqa: E731
		yield "get", one(rest("GET", f"/api/resource/{doctype}/{name}", token))
		yield (
			"list",
			one(
				rest(
					"GET",
					f"/api/resource/{doctype}",
					token,
					query_string={"filters": json.dumps([["name", "=", name]])},
				)
			),
		)
		count = rest("POST", "/api/method/frappe.client.get_count", token,
			data={"doctype": doctype, "filters": json.dumps([["name", "=", name]])})  # fmt: skip
		yield "get_count", count.status_code == 200 and count.json["message"] != 0
		yield "get_value", one(
			rest("POST", "/api/method/frappe.client.get_value", token,
				data={"doctype": doctype, "fieldname": "name", "filters": json.dumps({"name": name})})
		)  # fmt: skip
		for ignore in (0, 1):
			yield f"search_widget(ignore={ignore})", one(
				rest("POST", "/api/method/frappe.desk.search.search_widget", token,
					data={"doctype": doctype, "txt": "", "page_length": 100, "ignore_user_permissions": ignore})
			)  # fmt: skip
			yield f"search_link(ignore={ignore})", one(
				rest("POST", "/api/method/frappe.desk.search.search_link", token,
					data={"doctype": doctype, "txt": name, "ignore_user_permissions": ignore})
			)  # fmt: skip
		yield "reportview", one(
			rest("POST", "/api/method/frappe.desk.reportview.get", token,
				data={"doctype": doctype, "fields": json.dumps(["name"]), "filters": json.dumps([["name", "=", name]])})
		)  # fmt: skip
		counts = rest("POST", "/api/method/frappe.desk.listview.get_group_by_count", token,
			data={"doctype": doctype, "current_filters": json.dumps([["name", "=", name]]), "field": "owner"})  # fmt: skip
		yield (
			"group_by_count",
			counts.status_code == 200 and any(row.get("count") for row in counts.json.get("message") or []),
		)

	def test_matrix(self):
		leaks, served, missing = [], 0, []
		for user, token in self.tokens.items():
			for side in ("a", "b"):
				for doctype, name in self.records[side].items():
					if doctype == "file":
						continue
					for path, returned in self.probes(token, doctype, name):
						if returned and not self.entitled(user, doctype, side):
							leaks.append((user, doctype, side, path))
						elif returned:
							served += 1
						elif path == "get" and self.entitled(user, doctype, side):
							missing.append((user, doctype, side))
		self.assertEqual(leaks, [], f"{len(leaks)} leaks")
		self.assertEqual(missing, [], "entitled users must get their records")
		self.assertGreater(served, 50)

	def test_writes_are_judged_on_the_stored_record(self):
		"""PUT of another entity's records with the scope fields pointing at one's own: refused, unchanged."""
		token = self.tokens["hr_a"]
		spoofs = {
			"Health Worker": {"current_entity": self.a, "place_of_birth": "Taken"},
			"Employment": {"healthcare_entity": self.a, "department": "Taken"},
			"Specialist Certificate": {"healthcare_entity": self.a, "issuing_body": "Taken"},
			"CPD Evidence": {"healthcare_entity": self.a, "health_worker": self.records["a"]["Health Worker"], "organiser": "Taken"},
			"Staffing Table": {"healthcare_entity": self.a, "order_reference": "Taken"},
		}  # fmt: skip
		leaks = []
		for doctype, values in spoofs.items():
			name = self.records["b"][doctype]
			before = frappe.db.get_value(doctype, name, list(values), as_dict=True)
			response = rest("PUT", f"/api/resource/{doctype}/{name}", token, json=values)
			after = frappe.db.get_value(doctype, name, list(values), as_dict=True)
			if response.status_code < 400 or before != after:
				leaks.append((doctype, response.status_code))
			if rest("DELETE", f"/api/resource/{doctype}/{name}", token).status_code < 400:
				leaks.append((doctype, "delete"))
		self.assertEqual(leaks, [])
		self.assertTrue(frappe.db.exists("Staffing Table", self.records["b"]["Staffing Table"]))

	def test_worker_account_cannot_take_another_workers_evidence(self):
		theirs = make_evidence(self.records["b"]["Health Worker"]).name
		frappe.db.commit()
		response = rest(
			"PUT",
			f"/api/resource/CPD Evidence/{theirs}",
			self.tokens["worker_a"],
			json={"health_worker": self.records["a"]["Health Worker"]},
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(
			frappe.db.get_value("CPD Evidence", theirs, "health_worker"), self.records["b"]["Health Worker"]
		)

	def test_portal_serves_only_the_workers_own_data(self):
		"""The portal's pages and methods, for every user, against both sides' records: only worker_a
		has a portal, it shows nothing of B, and no method reaches or changes a record of B's."""
		api = "/api/method/profregister.api."
		b = self.records["b"]
		b_title = frappe.db.get_value("CPD Evidence", b["CPD Evidence"], "title")
		frappe.db.set_value("CPD Confirmation", b["CPD Confirmation"], "workflow_state", "Confirmed")
		frappe.db.commit()
		secrets = (
			"Secret place b",
			b["Health Worker"],
			b["CPD Evidence"],
			b_title,
			b["Record Correction Request"],
		)
		leaks = []
		for user, token in self.tokens.items():
			for path in ("/cpd", "/cpd/record", "/cpd/evidence", "/cpd/confirmations",
					f"/cpd/evidence?again={b['CPD Evidence']}", "/cpd/evidence?again=CPDE-NONE-1"):  # fmt: skip
				response = rest("GET", path, token)
				body = response.get_data(as_text=True)
				if (response.status_code == 200) != (user == "worker_a"):
					leaks.append((user, path, response.status_code))
				leaks += [(user, path, secret) for secret in secrets if secret in body]
			for method, data in (
				("withdraw_evidence", {"name": b["CPD Evidence"]}),
				("confirm_own_results", {"declared_specialty": "Nursing"}),
				("set_portal_language", {"lang": "kk"}) if user != "worker_a" else ("withdraw_evidence", {"name": "x"}),
			):  # fmt: skip
				response = rest("POST", api + method, token, data=data)
				if response.status_code == 200:
					leaks.append((user, method))
			pdf = rest("GET", api + f"confirmation_pdf?name={b['CPD Confirmation']}", token)
			if pdf.status_code == 200:
				leaks.append((user, "confirmation_pdf"))
		frappe.db.commit()
		self.assertEqual(leaks, [])
		self.assertTrue(frappe.db.exists("CPD Evidence", b["CPD Evidence"]))
		# The request never chooses the worker: what worker_a hands in and asks is theirs.
		made = rest(
			"POST",
			api + "request_correction",
			self.tokens["worker_a"],
			data={
				"field": "Place of residence",
				"proposed_value": "Шымкент",
				"health_worker": b["Health Worker"],
			},
		)
		self.assertEqual(made.status_code, 200, made.get_data(as_text=True)[-300:])
		frappe.db.commit()
		self.assertEqual(
			frappe.db.get_value("Record Correction Request", made.json["message"], "health_worker"),
			self.records["a"]["Health Worker"],
		)

	def test_private_files_follow_their_record(self):
		for user, token in self.tokens.items():
			for side in ("a", "b"):
				url = self.records[side]["file"]
				self.assertTrue(url.startswith("/private/files/"))
				status = rest("GET", url, token).status_code
				may = self.entitled(user, "CPD Evidence", side)
				self.assertEqual(status == 200, may, (user, side, status))
		listed = rest(
			"GET", "/api/resource/File", self.tokens["hr_a"],
			query_string={"fields": json.dumps(["file_url"]), "limit_page_length": 0},
		)  # fmt: skip
		self.assertNotIn(self.records["b"]["file"], listed.get_data(as_text=True))

	def test_unlinked_roles_are_taken_away(self):
		self.assertNotIn("HR Chief", frappe.get_roles(self.users["moved"]))
		user = make_user(f"relinked.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(user, self.a, "HR Chief")
		self.assertIn("HR Chief", frappe.get_roles(user))
		entity = frappe.get_doc("Healthcare Entity", self.a)
		for row in entity.users:
			if row.user == user:
				row.function = "HR Specialist"
		entity.save(ignore_permissions=True)
		roles = set(frappe.get_roles(user))
		self.assertIn("HR Specialist", roles)
		self.assertNotIn("HR Chief", roles)
		region = frappe.get_doc("Region", "Astana")
		link_user_to_region(user, "Astana")
		self.assertIn("Regional Health Department", frappe.get_roles(user))
		region.reload()
		region.users = [row for row in region.users if row.user != user]
		region.save(ignore_permissions=True)
		self.assertNotIn("Regional Health Department", frappe.get_roles(user))
		frappe.set_user(user)
		self.assertTrue(frappe.has_permission("Health Worker", "read", self.records["a"]["Health Worker"]))
		frappe.set_user("Administrator")

	def test_hr_cannot_hand_out_the_register(self):
		frappe.set_user(self.users["hr_a"])
		try:
			worker = frappe.get_doc("Health Worker", make_worker(self.a).name)
			worker.user = self.users["association"]
			with self.assertRaises(frappe.PermissionError):
				worker.save()
			plain = make_user(f"plain.{frappe.generate_hash(length=6)}@test.profregister.kz")
			worker = frappe.get_doc("Health Worker", worker.name)
			worker.user = plain
			worker.save()
			self.assertIn("Health Worker", frappe.get_roles(plain))
			worker.user = None
			worker.save()
			self.assertNotIn("Health Worker", frappe.get_roles(plain))
			frappe.set_user(plain)
			with self.assertRaises(frappe.PermissionError):
				frappe.get_list("Health Worker", limit=1)
		finally:
			frappe.set_user("Administrator")

	def test_shares_are_refused(self):
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "DocShare",
					"share_doctype": "Health Worker",
					"share_name": self.records["b"]["Health Worker"],
					"user": self.users["hr_a"],
					"read": 1,
				}
			).insert(ignore_permissions=True)

	def test_new_employment_for_a_worker_out_of_scope_needs_the_iin(self):
		token = self.tokens["hr_a"]
		values = {"healthcare_entity": self.a, "position": "Nurse", "specialty": "Nursing",
			"start_date": "2020-01-01", "is_main": 0, "rate": 0.5}  # fmt: skip
		direct = rest("POST", "/api/resource/Employment", token,
			json={**values, "health_worker": self.records["b"]["Health Worker"]})  # fmt: skip
		self.assertEqual(direct.status_code, 403)
		iin = frappe.db.get_value("Health Worker", self.records["b"]["Health Worker"], "iin")
		found = rest("POST", "/api/method/profregister.api.find_worker_by_iin", token,
			json={"iin": iin, "purpose": "Hire as a nurse"})  # fmt: skip
		self.assertEqual(set(found.json["message"]), {"full_name", "employed"})
		self.assertEqual(
			rest("POST", "/api/method/profregister.api.find_worker_by_iin", self.tokens["regional_astana"],
				json={"iin": iin}).status_code, 403,
		)  # fmt: skip
		hired = rest(
			"POST", "/api/method/profregister.api.hire_by_iin", token, json={"iin": iin, "employment": values}
		)
		self.assertEqual(hired.status_code, 200, hired.get_data(as_text=True))

	def test_desk_figures_follow_the_gate(self):
		"""Workspace cards, the chart and a form's connection counts: numbers of the user's scope only."""
		card = frappe.get_doc("Number Card", "Active Health Workers")
		expected = {"hr_a": 1, "worker_a": 1, "association": 0, "unlinked": 0, "moved": 0}
		for key, count in expected.items():
			response = rest("POST", "/api/method/frappe.desk.doctype.number_card.number_card.get_result",
				self.tokens[key], data={"doc": json.dumps(card.as_dict(), default=str), "filters": card.filters_json})  # fmt: skip
			got = response.json.get("message") if response.status_code == 200 else 0
			self.assertEqual(got, count, key)
			chart = rest("GET", "/api/method/profregister.api.hires_and_departures", self.tokens[key])
			if key in ("unlinked", "moved"):
				self.assertEqual(sum(sum(d["values"]) for d in chart.json["message"]["datasets"]), 0, key)
		for key in ("hr_a", "regional_astana", "unlinked", "moved", "worker_a"):
			counts = rest("POST", "/api/method/frappe.desk.notifications.get_open_count", self.tokens[key],
				data={"doctype": "Health Worker", "name": self.records["b"]["Health Worker"]})  # fmt: skip
			self.assertEqual(counts.status_code, 403, key)

	def test_cu_preview_needs_a_link(self):
		values = json.dumps({"criterion": "01", "unit": "hour", "quantity": 36, "date_from": "2025-04-07",
			"date_to": "2025-04-12", "document_language": "Russian", "attachment": "/private/files/x.pdf"})  # fmt: skip
		path = "/api/method/profregister.api.preview_credit_units"
		self.assertEqual(
			rest("POST", path, self.tokens["unlinked"], data={"values": values}).status_code, 403
		)
		preview = rest("POST", path, self.tokens["hr_a"], data={"values": values})
		self.assertEqual(preview.json["message"]["credit_units"], 36, preview.get_data(as_text=True))

	def test_changes_take_post(self):
		name = self.records["a"]["CPD Evidence"]
		for method in ("verify_evidence", "reject_evidence"):
			response = rest("GET", f"/api/method/profregister.api.{method}", self.tokens["hr_a"],
				query_string={"name": name, "reason": "x"})  # fmt: skip
			self.assertIn(response.status_code, (403, 405), response.get_data(as_text=True))
		self.assertEqual(frappe.db.get_value("CPD Evidence", name, "status"), "Draft")

	def test_worker_cannot_check_own_evidence(self):
		token = self.tokens["worker_a"]
		name = self.records["a"]["CPD Evidence"]
		self.assertEqual(
			rest("POST", "/api/method/profregister.api.verify_evidence", token,
				json={"name": name, "profile_matches": 1}).status_code, 403,
		)  # fmt: skip
		ticked = rest("PUT", f"/api/resource/CPD Evidence/{name}", token, json={"profile_matches": 1})
		self.assertEqual(ticked.status_code, 403)
		self.assertEqual(frappe.db.get_value("CPD Evidence", name, "profile_matches"), 0)

	def test_association_runs_its_report(self):
		response = rest("POST", "/api/method/frappe.desk.query_report.run", self.tokens["association"],
			data={"report_name": "CPD Summary for Professional Associations", "filters": "{}"})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))

	def test_errors_name_no_foreign_record(self):
		iin = frappe.db.get_value("Health Worker", self.records["b"]["Health Worker"], "iin")
		response = rest("POST", "/api/resource/Health Worker", self.tokens["hr_a"],
			json={"iin": iin, "last_name": "Copy", "first_name": "Copy", "current_entity": self.a})  # fmt: skip
		self.assertEqual(response.status_code, 409)
		self.assertNotIn(self.records["b"]["Health Worker"], response.get_data(as_text=True))


class TestPrivateUploads(CleanTestCase):
	"""Every upload path ends in a private file that downloads only with its record."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Astana").name
		cls.hr = make_user(f"hr.files.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.worker = make_worker(cls.entity).name
		make_employment(cls.worker, cls.entity, date(2016, 1, 1))
		cls.token = api_token(cls.hr)
		frappe.db.commit()

	def upload(self, **fields):
		import io

		content = f"%PDF-1.4 {frappe.generate_hash()}".encode()
		response = rest("POST", "/api/method/upload_file", self.token,
			data={"file": (io.BytesIO(content), "scan.pdf"), "is_private": "0", **fields})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		return response.json["message"]["file_url"]

	def assert_private(self, url: str):
		self.assertTrue(url.startswith("/private/files/"), url)
		self.assertNotEqual(rest("GET", url.replace("/private", ""), self.token).status_code, 200)
		self.assertNotEqual(rest("GET", url, None).status_code, 200)

	def test_upload_before_the_record_is_saved(self):
		url = self.upload()
		self.assert_private(url)
		frappe.db.commit()
		made = rest("POST", "/api/resource/CPD Evidence", self.token, json={
			"health_worker": self.worker, "criterion": "01", "unit": "hour", "quantity": 36,
			"title": f"Course {frappe.generate_hash(length=6)}", "date_from": "2024-03-04",
			"date_to": "2024-03-09", "document_language": "Russian", "attachment": url})  # fmt: skip
		self.assertEqual(made.status_code, 200, made.get_data(as_text=True))
		self.assert_private(made.json["data"]["attachment"])
		self.assertEqual(rest("GET", url, self.token).status_code, 200)

	def test_upload_in_a_form_not_saved_yet(self):
		"""The desk uploads an Attach field's file to the form's temporary name and saves the form
		with it; the file is the uploader's alone until the record exists, then the record's."""
		import io

		temporary = f"new-cpd-evidence-{frappe.generate_hash(length=10)}"
		response = rest("POST", "/api/method/upload_file", self.token, data={
			"file": (io.BytesIO(f"%PDF-1.4 {frappe.generate_hash()}".encode()), "scan.pdf"),
			"doctype": "CPD Evidence", "docname": temporary, "fieldname": "attachment"})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		url = response.json["message"]["file_url"]
		self.assert_private(url)
		other = make_user(f"hr.other.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(other, self.entity, "HR Specialist")
		other_token = api_token(other)
		frappe.db.commit()
		self.assertNotEqual(rest("GET", url, other_token).status_code, 200)
		doc = {"doctype": "CPD Evidence", "__islocal": 1, "__temporary_name": temporary, "name": temporary,
			"health_worker": self.worker, "criterion": "01", "unit": "hour", "quantity": 36,
			"title": f"Course {frappe.generate_hash(length=6)}", "date_from": "2024-03-04", "date_to": "2024-03-09",
			"document_language": "Russian", "attachment": url}  # fmt: skip
		saved = rest("POST", "/api/method/frappe.desk.form.save.savedocs", self.token,
			data={"doc": json.dumps(doc), "action": "Save"})  # fmt: skip
		self.assertEqual(saved.status_code, 200, saved.get_data(as_text=True))
		name = saved.json["docs"][0]["name"]
		self.assertEqual(frappe.db.get_value("File", {"file_url": url}, "attached_to_name"), name)
		self.assertEqual(rest("GET", url, other_token).status_code, 200, "now the record's, as its entity's")

	def test_upload_onto_a_saved_record_unticked(self):
		url = self.upload(doctype="Health Worker", docname=self.worker)
		self.assert_private(url)

	def test_public_file_put_in_personnel_documents(self):
		public = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "order.pdf",
				"is_private": 0,
				"content": f"%PDF-1.4 {frappe.generate_hash()}".encode(),
			}
		).insert(ignore_permissions=True)  # fmt: skip
		frappe.db.set_value("File", public.name, "owner", self.hr)
		frappe.db.commit()
		self.assertTrue(public.file_url.startswith("/files/"))
		saved = rest("PUT", f"/api/resource/Health Worker/{self.worker}", self.token,
			json={"documents": [{"document_type": "Order", "attachment": public.file_url}]})  # fmt: skip
		self.assertEqual(saved.status_code, 200, saved.get_data(as_text=True))
		self.assert_private(saved.json["data"]["documents"][0]["attachment"])
		# Moved, not copied: nothing is left under /files.
		self.assertFalse(os.path.exists(frappe.utils.get_site_path("public", "files", public.file_name)))

	def test_a_file_of_another_record_cannot_be_borrowed(self):
		other = make_worker(make_entity("Karaganda Region").name).name
		foreign = make_evidence(other).attachment
		frappe.db.commit()
		borrowed = rest("POST", "/api/resource/CPD Evidence", self.token, json={
			"health_worker": self.worker, "criterion": "01", "unit": "hour", "quantity": 36,
			"title": "Borrowed", "date_from": "2024-03-04", "date_to": "2024-03-09",
			"document_language": "Russian", "attachment": foreign})  # fmt: skip
		self.assertEqual(borrowed.status_code, 403)
		self.assertNotEqual(rest("GET", foreign, self.token).status_code, 200)
		self.assertNotEqual(
			rest(
				"POST", "/api/method/upload_file", self.token, data={"file_url": foreign, "is_private": 1}
			).status_code,
			200,
		)
