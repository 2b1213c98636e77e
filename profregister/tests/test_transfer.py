"""Transfer between entities over real HTTP: the receiving HR hires by IIN, the worker's open main job at
the previous entity ends the day before, the history event is written once, the previous HR is told and
may correct the end date, and each HR keeps seeing only its own entity's records."""

import json
from datetime import date, timedelta
from unittest.mock import patch

import frappe
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import getdate, today

from profregister.services.register import placement
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

HIRE = "/api/method/profregister.api.hire_by_iin"
# A site with no outgoing Email Account sends no email: the notice's email is seen through a stand-in.
OUTGOING = frappe._dict(
	default_sender="register@test.profregister.kz", email_id="register@test.profregister.kz"
)


def shown(response) -> str:
	"""The message a refusal shows the user, in their language."""
	return " ".join(json.loads(m)["message"] for m in json.loads(response.json["_server_messages"]))


class TestTransfer(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Karaganda Region").name
		cls.names = {e: frappe.db.get_value("Healthcare Entity", e, "entity_name") for e in (cls.a, cls.b)}
		cls.hr_a = make_user(f"hr.transfer.a.{run}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.transfer.b.{run}@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Chief")
		cls.tokens = {"hr_a": api_token(cls.hr_a), "hr_b": api_token(cls.hr_b)}
		frappe.db.commit()

	def worker_at_a(self):
		worker = make_worker(self.a)
		job = make_employment(worker.name, self.a, date(2019, 9, 1))
		certificate = make_certificate(worker.name, date(2022, 1, 10), date(2027, 1, 10))
		frappe.db.commit()
		return worker, job.name, certificate.name

	def hire(self, token: str, iin: str, entity: str, start, _lang: str = "en", **values):
		employment = {"healthcare_entity": entity, "position": "Nurse", "specialty": "Nursing",
			"start_date": str(start), "rate": 1, "is_main": 1, **values}  # fmt: skip
		with (
			patch.object(EmailAccount, "find_outgoing", return_value=OUTGOING),
			patch("frappe.sendmail") as mail,
		):
			response = rest("POST", HIRE, token, json={"iin": iin, "employment": employment, "_lang": _lang})
		frappe.db.commit()
		return response, mail

	def get(self, key: str, path: str, **params):
		return rest("GET", path, self.tokens[key], query_string={k: json.dumps(v) for k, v in params.items()})

	def transfer_events(self, worker: str) -> list:
		return frappe.get_all(
			"Health Worker Status Change",
			filters={"health_worker": worker},
			fields=["healthcare_entity", "from_status", "to_status", "reason", "change_date"],
		)

	def test_the_receiving_hr_completes_the_transfer(self):
		worker, old, certificate = self.worker_at_a()
		start = getdate(today()) - timedelta(days=2)
		response, mail = self.hire(self.tokens["hr_b"], worker.iin, self.b, start)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		new = response.json["message"]
		self.assertIn(self.names[self.a], shown(response), "the receiving HR is told what ended")

		ended = frappe.db.get_value("Employment", old, ["end_date", "end_reason"], as_dict=True)
		self.assertEqual((ended.end_date, ended.end_reason), (start - timedelta(days=1), "Transfer"))
		# The worker's place follows the new main job, and their certificates follow the worker.
		self.assertEqual(
			frappe.db.get_value(
				"Health Worker", worker.name, ["current_entity", "current_employment", "status"]
			),
			(self.b, new, "Active"),
		)
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", certificate, "healthcare_entity"), self.b
		)
		# One event, under the receiving entity, naming both employers.
		[event] = self.transfer_events(worker.name)
		self.assertEqual(
			(event.healthcare_entity, event.to_status, event.change_date), (self.b, "Active", start)
		)
		self.assertIn(self.names[self.a], event.reason)
		self.assertIn(self.names[self.b], event.reason)

		# The previous HR is told: a desk alert on their own record and an email.
		alert = frappe.db.get_value(
			"Notification Log", {"for_user": self.hr_a, "document_name": old}, ["document_type", "subject"]
		)
		self.assertEqual(alert[0], "Employment")
		self.assertIn(self.names[self.b], alert[1])
		self.assertFalse(frappe.db.exists("Notification Log", {"for_user": self.hr_b, "document_name": old}))
		self.assertEqual([call.kwargs["recipients"] for call in mail.call_args_list], [[self.hr_a]])
		self.assertIn(f"/app/employment/{old}", mail.call_args.kwargs["message"])

		# Each HR reads its own entity's employment only: the hire gave the receiving HR nothing of A's.
		self.assertEqual(self.get("hr_b", f"/api/resource/Employment/{old}").status_code, 403)
		self.assertEqual(self.get("hr_a", f"/api/resource/Employment/{new}").status_code, 403)
		listed = {
			key: {
				row["name"]
				for row in self.get(
					key, "/api/resource/Employment", filters=[["health_worker", "=", worker.name]]
				).json["data"]
			}
			for key in ("hr_a", "hr_b")
		}
		self.assertEqual(listed, {"hr_a": {old}, "hr_b": {new}})
		self.assertEqual(self.get("hr_b", f"/api/resource/Health Worker/{worker.name}").status_code, 200)
		self.assertEqual(self.get("hr_a", f"/api/resource/Health Worker/{worker.name}").status_code, 403)
		record = self.get("hr_a", f"/api/resource/Employment/{old}").json["data"]
		self.assertEqual(
			(record["end_reason"], record["end_date"]), ("Transfer", str(start - timedelta(days=1)))
		)
		events = {key: self.get(key, "/api/resource/Health Worker Status Change",
			filters=[["health_worker", "=", worker.name]]).json["data"] for key in ("hr_a", "hr_b")}  # fmt: skip
		self.assertEqual((len(events["hr_a"]), len(events["hr_b"])), (0, 1))

		# The previous HR corrects the end date on their own record; it may not reach into the new job.
		earlier = start - timedelta(days=5)
		corrected = rest("PUT", f"/api/resource/Employment/{old}", self.tokens["hr_a"],
			json={"end_date": str(earlier)})  # fmt: skip
		self.assertEqual(corrected.status_code, 200, corrected.get_data(as_text=True)[:500])
		later = rest("PUT", f"/api/resource/Employment/{old}", self.tokens["hr_a"],
			json={"end_date": str(start + timedelta(days=3))})  # fmt: skip
		self.assertEqual(later.status_code, 417, later.get_data(as_text=True)[:500])
		self.assertIn(self.names[self.b], shown(later))
		self.assertNotIn(new, later.get_data(as_text=True), "the other entity's record is not named")
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Employment", old, "end_date"), earlier)

		# Written once: neither the correction nor the daily placement job writes it again.
		placement.apply_dated_events(getdate(today()))
		placement.refresh_worker_placement(worker.name)
		frappe.db.commit()
		self.assertEqual(len(self.transfer_events(worker.name)), 1)
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "current_entity"), self.b)

	def test_an_overlap_at_the_same_entity_is_refused_with_the_way_forward(self):
		worker, old, _certificate = self.worker_at_a()
		response, mail = self.hire(self.tokens["hr_a"], worker.iin, self.a, getdate(today()), _lang="ru")
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:500])
		message = shown(response)
		self.assertIn(self.names[self.a], message)
		self.assertIn("совместительство", message)
		self.assertEqual(frappe.db.count("Employment", {"health_worker": worker.name}), 1)
		self.assertIsNone(frappe.db.get_value("Employment", old, "end_date"))
		self.assertEqual(self.transfer_events(worker.name), [])
		mail.assert_not_called()

	def test_a_job_at_another_entity_that_starts_later_is_not_ended(self):
		"""Only a job begun before the new one is being left: otherwise the overlap is refused."""
		worker, old, _certificate = self.worker_at_a()
		response, _mail = self.hire(self.tokens["hr_b"], worker.iin, self.b, date(2019, 9, 1))
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:500])
		self.assertIn("secondary job", shown(response))
		self.assertIsNone(frappe.db.get_value("Employment", old, "end_date"))
		self.assertFalse(
			frappe.db.exists("Employment", {"health_worker": worker.name, "healthcare_entity": self.b})
		)
		# A secondary job at the other entity is the way forward, and ends nothing.
		response, _mail = self.hire(
			self.tokens["hr_b"], worker.iin, self.b, date(2019, 9, 1), is_main=0, rate=0.5
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertIsNone(frappe.db.get_value("Employment", old, "end_date"))
