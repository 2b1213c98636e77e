"""The desk's work queues over real HTTP: refusing in one step with the reason, the queues of the
chief, the head and HR, and HR's bell notices of what workers hand in."""

import json
from datetime import date
from unittest.mock import patch

import frappe
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, today

from profregister.access import links
from profregister.services.cpd import confirmation
from profregister.tests.factories import (
	CleanTestCase,
	accredited_provider,
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
from profregister.tests.test_portal import evidence_form, pdf_upload

API = "/api/method/profregister.api."


def messages(response) -> str:
	"""The messages a refusal shows the user, decoded."""
	return " ".join(json.loads(m)["message"] for m in json.loads(response.json.get("_server_messages", "[]")))


class TestDeskQueues(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		accredited_provider()  # the organiser of the evidence handed in (evidence_form)
		run = frappe.generate_hash(length=6)
		cls.entity, cls.other = make_entity("Astana").name, make_entity("Astana").name
		cls.users = {}
		for key, entity, function in (
			("hr", cls.entity, "HR Specialist"),
			("chief", cls.entity, "HR Chief"),
			("head", cls.entity, "Head of Healthcare Entity"),
			("other_chief", cls.other, "HR Chief"),
			("other_hr", cls.other, "HR Specialist"),
		):
			cls.users[key] = make_user(f"queues.{key}.{run}@example.com")
			link_user_to_entity(cls.users[key], entity, function)
		cls.users["region"] = make_user(f"queues.region.{run}@example.com")
		link_user_to_region(cls.users["region"], "Astana")
		cls.worker = make_worker(cls.entity, last_name="Серикова", first_name="Дана").name
		make_employment(cls.worker, cls.entity, date(2019, 9, 1))
		make_certificate(cls.worker, date(2022, 1, 10), add_days(today(), 400))
		cls.account = f"dana.{run}@test.profregister.kz"
		with patch("frappe.sendmail"):
			links.invite_worker(frappe.get_doc("Health Worker", cls.worker), cls.account)
		cls.users["worker"] = cls.account
		cls.tokens = {key: api_token(user) for key, user in cls.users.items()}
		frappe.db.commit()

	def post(self, key: str, method: str, **data):
		return rest("POST", API + method, self.tokens[key], data=data)

	def confirmation_in(self, state: str) -> str:
		doc = frappe.get_doc(
			{"doctype": "CPD Confirmation", "health_worker": self.worker, "declared_specialty": "Nursing"}
		)
		with self.set_user(self.users["hr"]):
			doc.insert()
		for key, action, reached in (("hr", "Check", "Checked"), ("chief", "Sign", "Signed by HR Chief")):
			if doc.workflow_state == state:
				break
			with self.set_user(self.users[key]):
				doc = apply_workflow(doc, action)
			self.assertEqual(doc.workflow_state, reached)
		frappe.db.commit()
		return doc.name

	def stored(self, name: str) -> tuple:
		frappe.db.commit()  # a new snapshot: the requests wrote in their own connections
		return frappe.db.get_value("CPD Confirmation", name, ["workflow_state", "refusal_reason"])

	def test_the_chief_refuses_in_one_step_with_the_reason(self):
		name = self.confirmation_in("Checked")
		for key in ("hr", "head", "other_chief", "region", "worker"):
			response = self.post(key, "refuse_confirmation", name=name, reason="Нет сертификата")
			self.assertEqual(response.status_code, 403, (key, response.get_data(as_text=True)[:300]))
		read_only = rest("GET", API + "refuse_confirmation", self.tokens["chief"],
			query_string={"name": name, "reason": "x"})  # fmt: skip
		self.assertIn(read_only.status_code, (403, 405), "changes take POST")
		missing = self.post("chief", "refuse_confirmation", name=name, reason="  ", _lang="ru")
		self.assertIn(missing.status_code, (400, 417), missing.get_data(as_text=True)[:300])
		self.assertIn("Причина отказа: обязательно для заполнения", messages(missing))
		self.assertEqual(self.stored(name), ("Checked", None), "nothing half-saved")
		reason = "Курс 01: нет сертификата об окончании (пункт 11)"
		refused = self.post("chief", "refuse_confirmation", name=name, reason=reason)
		self.assertEqual(refused.status_code, 200, refused.get_data(as_text=True)[:300])
		self.assertEqual(refused.json["message"], {"workflow_state": "Refused"})
		self.assertEqual(self.stored(name), ("Refused", reason))
		again = self.post("chief", "refuse_confirmation", name=name, reason=reason)
		self.assertEqual(again.status_code, 417, "a refused confirmation is not refused again")

	def test_the_head_refuses_what_awaits_their_signature(self):
		name = self.confirmation_in("Signed by HR Chief")
		self.assertEqual(self.post("chief", "refuse_confirmation", name=name, reason="x").status_code, 403)
		refused = self.post("head", "refuse_confirmation", name=name, reason="Нет печати")
		self.assertEqual(refused.status_code, 200, refused.get_data(as_text=True)[:300])
		self.assertEqual(self.stored(name), ("Refused", "Нет печати"))

	def test_a_failed_refusal_leaves_no_reason(self):
		name = self.confirmation_in("Checked")
		doc = frappe.get_doc("CPD Confirmation", name)
		failing = patch.object(confirmation, "apply_workflow", side_effect=frappe.ValidationError("boom"))
		with self.set_user(self.users["chief"]), failing, self.assertRaises(frappe.ValidationError):
			confirmation.refuse(doc, "Нет печати")
		self.assertEqual(self.stored(name), ("Checked", None))

	def test_evidence_is_rejected_in_one_step_with_the_reason(self):
		name = make_evidence(self.worker).name
		frappe.db.commit()
		for key in ("region", "other_hr", "worker"):
			response = self.post(key, "reject_evidence", name=name, reason="Нет печати")
			self.assertEqual(response.status_code, 403, (key, response.get_data(as_text=True)[:300]))
		missing = self.post("hr", "reject_evidence", name=name, _lang="ru")
		self.assertIn(missing.status_code, (400, 417), missing.get_data(as_text=True)[:300])
		self.assertIn("Причина отклонения: обязательно для заполнения", messages(missing))
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("CPD Evidence", name, "status"), "Draft")
		rejected = self.post("hr", "reject_evidence", name=name, reason="Нет печати")
		self.assertEqual(rejected.status_code, 200, rejected.get_data(as_text=True)[:300])
		frappe.db.commit()
		self.assertEqual(
			frappe.db.get_value("CPD Evidence", name, ["status", "rejection_reason"]),
			("Rejected", "Нет печати"),
		)

	def test_signature_queues_count_the_users_scope(self):
		checked, signed = self.confirmation_in("Checked"), self.confirmation_in("Signed by HR Chief")
		for key, state, expected in (
			("chief", "Checked", {checked}),
			("head", "Signed by HR Chief", {signed}),
			("other_chief", "Checked", set()),
		):
			response = rest("GET", "/api/method/frappe.client.get_list", self.tokens[key], query_string={
				"doctype": "CPD Confirmation", "filters": json.dumps({"workflow_state": state}), "limit_page_length": 0,
			})  # fmt: skip
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			self.assertEqual({row["name"] for row in response.json["message"]} & {checked, signed}, expected)
		shortcuts = {s.label: s for s in frappe.get_doc("Workspace", "Professional Register").shortcuts}
		self.assertIn("frappe.session.user", shortcuts["Handed in to me"].stats_filter)
		self.assertIn('"Signed by HR Chief"', shortcuts["Awaiting my signature"].stats_filter)

	def told(self, name: str) -> list[str]:
		return frappe.get_all("Notification Log", filters={"document_name": name}, pluck="for_user")

	def test_hr_is_told_what_the_worker_hands_in(self):
		response = rest("POST", API + "hand_in_evidence", self.tokens["worker"], data=evidence_form())
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		frappe.db.commit()
		told = self.told(response.json["message"])
		# The HR of the worker's entity, once each; not the head, not another entity's HR.
		self.assertEqual(sorted(told), sorted([self.users["hr"], self.users["chief"]]))
		# HR's own entries are not news to HR.
		with self.set_user(self.users["hr"]):
			own = make_evidence(self.worker, ignore_permissions=False).name
		self.assertEqual(self.told(own), [])

	def test_hr_is_told_of_a_correction_request(self):
		response = rest(
			"POST",
			API + "request_correction",
			self.tokens["worker"],
			data={"field": "Place of birth", "proposed_value": "Тараз", "document": pdf_upload()},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		frappe.db.commit()
		name = response.json["message"]
		self.assertEqual(sorted(self.told(name)), sorted([self.users["hr"], self.users["chief"]]))
		subject = frappe.db.get_value("Notification Log", {"document_name": name}, "subject")
		self.assertIn("Серикова", subject)
