# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from profregister.tests.factories import make_certificate, make_entity, make_worker


class TestSpecialistCertificate(FrappeTestCase):
	def test_valid_until_before_issue(self):
		worker = make_worker(make_entity().name)
		with self.assertRaisesRegex(frappe.ValidationError, "before the issue date"):
			make_certificate(worker.name, date(2024, 5, 1), date(2024, 4, 30))
		self.assertFalse(frappe.db.exists("Specialist Certificate", {"health_worker": worker.name}))

	def test_scope_comes_from_worker(self):
		entity = make_entity("Shymkent")
		cert = make_certificate(make_worker(entity.name).name, date(2024, 5, 1), date(2029, 4, 30))
		self.assertEqual((cert.healthcare_entity, cert.region), (entity.name, "Shymkent"))

	def test_latest_flag_follows_renewal_and_deletion(self):
		worker = make_worker(make_entity().name).name
		old = make_certificate(worker, date(2019, 5, 1), date(2024, 4, 30)).name
		other = make_certificate(worker, date(2020, 1, 1), date(2025, 1, 1), specialty="Surgery").name
		new = make_certificate(worker, date(2024, 5, 1), date(2029, 4, 30)).name

		def flags():
			return dict(
				frappe.get_all(
					"Specialist Certificate", {"health_worker": worker}, ["name", "is_latest"], as_list=1
				)
			)

		self.assertEqual(flags(), {old: 0, other: 1, new: 1})
		frappe.delete_doc("Specialist Certificate", new)
		self.assertEqual(flags(), {old: 1, other: 1})
