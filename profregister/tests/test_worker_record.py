"""A worker's record over real HTTP: a corrected IIN brings its own date of birth and sex, and an invited
account starts in Kazakh or Russian, never in English."""

from datetime import date
from unittest.mock import patch

import frappe

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_entity,
	make_user,
	make_worker,
	new_iin,
)
from profregister.tests.rest import api_token, rest

INVITE = "/api/method/profregister.api.invite_worker"


class TestWorkerRecord(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.suffix = frappe.generate_hash(length=6)
		cls.entity = make_entity("Astana").name
		cls.hr = make_user(f"hr.record.{cls.suffix}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.token = api_token(cls.hr)
		frappe.db.commit()

	def put(self, worker: str, values: dict):
		response = rest("PUT", f"/api/resource/Health Worker/{worker}", self.token, json=values)
		frappe.db.commit()
		return response

	def test_a_corrected_iin_is_derived_again(self):
		worker = make_worker(self.entity, born=date(1985, 4, 12), sex="Female").name
		frappe.db.commit()
		corrected = new_iin(date(1990, 11, 3), "Male")
		response = self.put(worker, {"iin": corrected})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(
			frappe.db.get_value("Health Worker", worker, ["iin", "date_of_birth", "sex"]),
			(corrected, date(1990, 11, 3), "Male"),
		)
		# As a desk form saves it: the whole record, the old date of birth as text.
		again = new_iin(date(1979, 2, 28), "Female")
		response = self.put(worker, {"iin": again, "date_of_birth": "1990-11-03", "sex": "Male"})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(
			frappe.db.get_value("Health Worker", worker, ["date_of_birth", "sex"]),
			(date(1979, 2, 28), "Female"),
		)

	def test_a_corrected_iin_that_contradicts_new_values_is_refused_by_field(self):
		worker = make_worker(self.entity, born=date(1985, 4, 12), sex="Female").name
		frappe.db.commit()
		response = self.put(
			worker, {"iin": new_iin(date(1990, 11, 3), "Male"), "date_of_birth": "1991-01-01"}
		)
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:500])
		self.assertIn("Date of birth", response.get_data(as_text=True))
		self.assertEqual(
			frappe.db.get_value("Health Worker", worker, ["date_of_birth", "sex"]),
			(date(1985, 4, 12), "Female"),
		)

	def test_an_invited_account_starts_in_kazakh_or_russian(self):
		cases = (("kk", None, "kk"), ("en", None, "ru"), ("en", "kk", "kk"), (None, None, "ru"))
		site_language = frappe.db.get_default("lang")
		self.addCleanup(frappe.db.set_default, "lang", site_language)
		for hr_language, site, expected in cases:
			frappe.db.set_value("User", self.hr, "language", hr_language)
			frappe.db.set_default("lang", site or site_language)
			worker = make_worker(self.entity).name
			frappe.db.commit()
			email = f"invited.{frappe.generate_hash(length=6)}.{self.suffix}@test.profregister.kz"
			with patch("frappe.sendmail"):
				response = rest("POST", INVITE, self.token, data={"health_worker": worker, "email": email})
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
			frappe.db.commit()
			self.assertEqual(frappe.db.get_value("User", email, "language"), expected, (hr_language, site))
		frappe.db.set_value("User", self.hr, "language", None)
		frappe.db.commit()
