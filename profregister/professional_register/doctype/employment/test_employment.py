# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from profregister.tests.factories import make_certificate, make_employment, make_entity, make_worker


class TestEmployment(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.astana = make_entity("Astana").name
		cls.karaganda = make_entity("Karaganda Region").name

	def test_end_before_start(self):
		worker = make_worker(self.astana)
		with self.assertRaisesRegex(frappe.ValidationError, "before start"):
			make_employment(worker.name, self.astana, date(2020, 5, 1), date(2020, 4, 30))
		self.assertFalse(frappe.db.exists("Employment", {"health_worker": worker.name}))

	def test_overlapping_main_employments(self):
		worker = make_worker(self.astana)
		make_employment(worker.name, self.astana, date(2015, 1, 1))
		with self.assertRaisesRegex(frappe.ValidationError, "overlaps"):
			make_employment(worker.name, self.karaganda, date(2020, 1, 1))
		# A part-time combination job may overlap.
		make_employment(worker.name, self.karaganda, date(2020, 1, 1), is_main=0, rate=0.5)
		self.assertEqual(frappe.db.count("Employment", {"health_worker": worker.name}), 2)

	def test_transfer_moves_worker_and_certificates(self):
		worker = make_worker(self.astana)
		first = make_employment(worker.name, self.astana, date(2015, 1, 1), position="Nurse")
		cert = make_certificate(worker.name, date(2022, 1, 1), date(2027, 1, 1))
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", cert.name, "healthcare_entity"), self.astana
		)

		first.end_date, first.end_reason = date(2020, 12, 31), "Transfer"
		first.save()
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Dismissed")
		make_employment(worker.name, self.karaganda, date(2021, 1, 11), position="Senior nurse")

		worker.reload()
		self.assertEqual((worker.current_entity, worker.current_region), (self.karaganda, "Karaganda Region"))
		self.assertEqual((worker.current_position, worker.status), ("Senior nurse", "Active"))
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", cert.name, ["healthcare_entity", "region"]),
			(self.karaganda, "Karaganda Region"),
		)
		# The change of place of work is in the record's history.
		self.assertTrue(
			frappe.db.exists(
				"Version",
				{
					"ref_doctype": "Health Worker",
					"docname": worker.name,
					"data": ("like", f"%{self.karaganda}%"),
				},
			)
		)

	def test_dismissal(self):
		worker = make_worker(self.astana)
		job = make_employment(worker.name, self.astana, date(2010, 1, 1))
		job.end_date, job.end_reason = date(2024, 3, 1), "Retirement"
		job.save()
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Dismissed")
		with self.assertRaisesRegex(frappe.ValidationError, "reason"):
			job.end_reason = ""
			job.save()

	def test_entity_follows_employment_only(self):
		worker = make_worker(self.astana)
		make_employment(worker.name, self.astana, date(2019, 1, 1))
		worker.reload()
		worker.current_entity = self.karaganda
		with self.assertRaisesRegex(frappe.ValidationError, "follows the main employment"):
			worker.save()

	def test_entry_compliance_counts_working_days(self):
		worker = make_worker(self.astana)
		# Hired Friday 20 March 2026; Nauryz holidays 21-25 March; entered Monday 30 March:
		# working days 26, 27, 30 March = 3 → on time.
		with self.freeze_time("2026-03-30 10:00:00"):
			on_time = make_employment(worker.name, self.astana, date(2026, 3, 20), is_main=0)
		self.assertEqual((on_time.entry_working_days, on_time.late_entry), (3, 0))
		with self.freeze_time("2026-03-31 10:00:00"):
			late = make_employment(worker.name, self.karaganda, date(2026, 3, 20), is_main=0)
		self.assertEqual((late.entry_working_days, late.late_entry), (4, 1))

	def test_deadline_is_data(self):
		worker = make_worker(self.astana)
		parameter = frappe.get_doc("Regulatory Parameter", "entry_deadline_working_days")
		parameter.append(
			"values", {"effective_from": date(2026, 1, 1), "value": 5, "legal_basis": "test amendment"}
		)
		parameter.save()
		try:
			with self.freeze_time("2026-03-31 10:00:00"):
				job = make_employment(worker.name, self.astana, date(2026, 3, 20), is_main=0)
			self.assertEqual((job.entry_working_days, job.late_entry), (4, 0))
		finally:
			parameter.reload()
			parameter.values = [row for row in parameter.values if str(row.effective_from) != "2026-01-01"]
			parameter.save()
