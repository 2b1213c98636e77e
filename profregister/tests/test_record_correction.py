"""A worker asks to correct an item of their record; the HR of their entity accepts (the record changes
with its Version) or declines with a reason; the worker is told, and reaches nothing but their own."""

import json
from datetime import date

import frappe

from profregister.services.portal import pages as portal
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

API = "/api/method/profregister.api."


class TestRecordCorrection(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Astana").name
		cls.hr_a = make_user(f"hr.rcr.a.{run}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.rcr.b.{run}@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Specialist")
		cls.account = make_user(f"worker.rcr.{run}@test.profregister.kz")
		worker = make_worker(cls.a, last_name="Testova", id_document_number="N0001")
		worker.user = cls.account
		worker.save(ignore_permissions=True)
		cls.worker = worker.name
		cls.other = make_worker(cls.a).name
		cls.tokens = {k: api_token(getattr(cls, k)) for k in ("hr_a", "hr_b", "account")}
		frappe.db.commit()

	def request(self, token: str, **fields):
		return rest("POST", "/api/resource/Record Correction Request", token,
			json={"health_worker": self.worker, "field": "last_name", "proposed_value": "Ахметова", **fields})  # fmt: skip

	def test_accepted_the_record_changes_with_its_history(self):
		response = self.request(self.tokens["account"])
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		made = response.json["data"]
		self.assertEqual(
			(made["status"], made["current_value"], made["healthcare_entity"]), ("Open", "Testova", self.a)
		)
		self.assertEqual(self.request(self.tokens["account"]).status_code, 417, "one open request per item")

		# The worker cannot decide, nor can another entity's HR; they do not even see it.
		for who in ("account", "hr_b"):
			refused = rest("POST", API + "accept_correction", self.tokens[who], data={"name": made["name"]})
			self.assertEqual(refused.status_code, 403, who)
		self.assertEqual(
			rest(
				"GET", f"/api/resource/Record Correction Request/{made['name']}", self.tokens["hr_b"]
			).status_code,
			403,
		)

		accepted = rest("POST", API + "accept_correction", self.tokens["hr_a"], data={"name": made["name"]})
		self.assertEqual(accepted.status_code, 200, accepted.get_data(as_text=True))
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Health Worker", self.worker, "last_name"), "Ахметова")
		version = frappe.get_all("Version", filters={"ref_doctype": "Health Worker", "docname": self.worker},
			fields=["data", "owner"], order_by="creation desc", limit=1)[0]  # fmt: skip
		self.assertIn(["last_name", "Testova", "Ахметова"], json.loads(version.data)["changed"])
		self.assertEqual(version.owner, self.hr_a)
		self.assertEqual(frappe.db.get_value("Record Correction Request", made["name"], "status"), "Accepted")
		self.assertTrue(
			frappe.db.exists("Notification Log", {"for_user": self.account, "document_name": made["name"]})
		)
		again = rest(
			"POST",
			API + "decline_correction",
			self.tokens["hr_a"],
			data={"name": made["name"], "reason": "x"},
		)
		self.assertEqual(again.status_code, 417, "a decision is final")

	def test_declined_with_a_reason(self):
		made = self.request(self.tokens["account"], field="id_document_number", proposed_value="N0002").json[
			"data"
		]
		no_reason = rest(
			"POST",
			API + "decline_correction",
			self.tokens["hr_a"],
			data={"name": made["name"], "reason": " "},
		)
		self.assertEqual(no_reason.status_code, 417)
		declined = rest("POST", API + "decline_correction", self.tokens["hr_a"],
			data={"name": made["name"], "reason": "The passport scan is unreadable"})  # fmt: skip
		self.assertEqual(declined.status_code, 200, declined.get_data(as_text=True))
		frappe.db.commit()  # a new snapshot: the request committed in its own connection
		self.assertEqual(frappe.db.get_value("Health Worker", self.worker, "id_document_number"), "N0001")
		row = frappe.db.get_value(
			"Record Correction Request", made["name"], ["status", "decline_reason"], as_dict=True
		)
		self.assertEqual((row.status, row.decline_reason), ("Declined", "The passport scan is unreadable"))
		log = frappe.db.get_value(
			"Notification Log", {"for_user": self.account, "document_name": made["name"]}, "subject"
		)
		self.assertIn("unreadable", log)

	def test_kept_by_fieldname_shown_by_label_and_old_requests_still_read(self):
		made = self.request(self.tokens["account"], field="place_of_birth", proposed_value="Караганда")
		self.assertEqual(made.json["data"]["field"], "place_of_birth")
		# A client that still names the item by its label is understood; the request keeps the fieldname.
		old = self.request(self.tokens["account"], field="Patronymic", proposed_value="Ивановна").json["data"]
		self.assertEqual(old["field"], "patronymic")
		# As a request made before fieldnames were kept, it names the item by its label: still one item.
		frappe.db.set_value("Record Correction Request", old["name"], "field", "Patronymic")
		frappe.db.commit()
		again = self.request(self.tokens["account"], field="patronymic", proposed_value="Петровна")
		self.assertEqual(again.status_code, 417, "one open request per item")

		# The worker's page offers the items and names each request's item by its label, translated.
		frappe.set_user(self.account)
		frappe.local.lang = "ru"
		try:
			record = portal.my_record(self.worker)
		finally:
			frappe.set_user("Administrator")
			frappe.local.lang = "en"
		self.assertIn(("patronymic", "Отчество"), record["correctable"])
		shown = {r.name: r.field for r in record["corrections"]}
		self.assertEqual(
			(shown[made.json["data"]["name"]], shown[old["name"]]), ("Place of birth", "Patronymic")
		)

		accepted = rest("POST", API + "accept_correction", self.tokens["hr_a"], data={"name": old["name"]})
		self.assertEqual(accepted.status_code, 200, accepted.get_data(as_text=True))
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Health Worker", self.worker, "patronymic"), "Ивановна")
		notice = frappe.db.get_value(
			"Notification Log", {"for_user": self.account, "document_name": old["name"]}, "subject"
		)
		self.assertIn("Your request to correct Patronymic was accepted", notice)

	def test_bad_requests_are_refused_naming_the_field(self):
		for fields, status in (
			({"field": "id_document_issue_date", "proposed_value": "31.02.2020"}, 417),
			({"field": "id_document_type", "proposed_value": "Driving licence"}, 417),
			({"field": "last_name", "proposed_value": "<b>x</b>"}, 417),
			({"field": "iin", "proposed_value": "000000000000"}, 417),  # not an item a worker corrects
			({"field": "IIN", "proposed_value": "000000000000"}, 417),
			({"proposed_value": "Testova", "field": "first_name"}, 200),
			({"health_worker": self.other}, 403),  # the account's own record only
		):
			response = self.request(self.tokens["account"], **fields)
			self.assertEqual(response.status_code, status, (fields, response.get_data(as_text=True)[:300]))
			if status == 200:
				created = response.json["data"]["name"]
		# The worker may not decide by writing the status either.
		changed = rest("PUT", f"/api/resource/Record Correction Request/{created}", self.tokens["account"],
			json={"status": "Accepted"})  # fmt: skip
		self.assertEqual(changed.status_code, 403)
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Record Correction Request", created, "status"), "Open")
		made = self.request(
			self.tokens["account"], field="id_document_issue_date", proposed_value="2019-05-04"
		).json["data"]
		self.assertEqual(
			rest(
				"POST", API + "accept_correction", self.tokens["hr_a"], data={"name": made["name"]}
			).status_code,
			200,
		)
		frappe.db.commit()
		self.assertEqual(
			frappe.db.get_value("Health Worker", self.worker, "id_document_issue_date"), date(2019, 5, 4)
		)
