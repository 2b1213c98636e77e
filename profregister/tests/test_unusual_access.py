"""Unusual volume in the trail of reads (issue 26), over real HTTP: an HR user whose lookups by IIN or
reads outside their own entity pass the day's threshold is named to the Register Administrators by the
hourly job, once a day; reads of their own entity's workers do not count."""

from datetime import date
from urllib.parse import urlencode

import frappe
from frappe.utils import getdate, today

from profregister.services.notices import unusual_access
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	set_parameter,
)
from profregister.tests.rest import api_token, rest

LOOKUP = "/api/method/profregister.api.find_worker_by_iin"


class TestUnusualAccess(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		cls.a = make_entity("Astana", entity_name=f"Polyclinic {run}").name
		cls.b = make_entity("Karaganda Region", entity_name=f"Hospital {run}").name
		cls.worker_a = make_worker(cls.a).name
		cls.worker_b = make_worker(cls.b).name
		make_employment(cls.worker_a, cls.a, date(2019, 9, 1))
		make_employment(cls.worker_b, cls.b, date(2019, 9, 1))
		cls.hr_a = make_user(f"hr.a.{run}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.b.{run}@test.profregister.kz")
		cls.registrar = make_user(f"registrar.{run}@test.profregister.kz", "Register Administrator")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Specialist")
		cls.tokens = {user: api_token(user) for user in (cls.hr_a, cls.hr_b)}
		frappe.db.commit()

	def run_job(self):
		frappe.db.rollback()  # a job's own transaction: it sees what the requests committed
		unusual_access.run_hourly()

	def notices(self, about: str) -> int:
		frappe.db.rollback()
		return frappe.db.count(
			"Notification Log",
			{"for_user": self.registrar, "document_type": "User", "document_name": about},
		)

	def test_out_of_entity_lookups_over_the_threshold_are_told_once_a_day(self):
		set_parameter(self, unusual_access.THRESHOLD, getdate(today()), 2)
		frappe.db.commit()
		form = f"/api/method/frappe.desk.form.load.getdoc?{urlencode({'doctype': 'Health Worker', 'name': self.worker_b})}"
		for _own in range(3):  # hr_b reads its own entity's worker: no count
			self.assertEqual(rest("GET", form, self.tokens[self.hr_b]).status_code, 200)
		iin = frappe.db.get_value("Health Worker", self.worker_b, "iin")
		for _lookup in range(2):
			looked = rest("POST", LOOKUP, self.tokens[self.hr_a], json={"iin": iin, "purpose": "Hire"})
			self.assertEqual(looked.status_code, 200, looked.get_data(as_text=True)[:300])
		self.run_job()
		self.assertEqual((self.notices(self.hr_a), self.notices(self.hr_b)), (0, 0))  # at the threshold
		looked = rest("POST", LOOKUP, self.tokens[self.hr_a], json={"iin": "000000000000", "purpose": "Hire"})
		self.assertEqual(looked.status_code, 200)
		self.run_job()
		self.assertEqual((self.notices(self.hr_a), self.notices(self.hr_b)), (1, 0))
		alert = frappe.get_all("Notification Log", filters={"for_user": self.registrar,
			"document_name": self.hr_a}, fields=["subject", "email_content"])[0]  # fmt: skip
		self.assertIn(self.hr_a, alert.subject + (alert.email_content or ""))
		# Once per user per day, however often the job runs and however much more the user reads.
		rest("POST", LOOKUP, self.tokens[self.hr_a], json={"iin": iin, "purpose": "Hire"})
		self.run_job()
		self.assertEqual(self.notices(self.hr_a), 1)

	def test_the_job_is_one_grouped_query(self):
		start = frappe.utils.now_datetime().replace(hour=0, minute=0, second=0, microsecond=0)
		with self.assertQueryCount(1):
			unusual_access.unusual_readers(start, 0)
