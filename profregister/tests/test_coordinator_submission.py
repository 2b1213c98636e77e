"""Rules 6-7: submissions made on the 1st, reminded before the 10th, frozen when submitted."""

import json
from datetime import date, datetime
from unittest.mock import patch

import frappe
from freezegun import freeze_time

from profregister.services.analytics import submissions
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_region,
	make_district,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)


class TestCoordinatorSubmission(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.coordinator = make_user("submission.coordinator@example.com", "National Coordinator")
		# Periods far from other tests' data, so that each run starts clean.
		frappe.db.delete("Coordinator Submission", {"period_start": (">=", date(2032, 1, 1))})
		frappe.db.delete(
			"Notification Log",
			{"document_type": "Coordinator Submission", "document_name": ("like", "% 2032%")},
		)

	def test_created_on_the_first_once(self):
		with freeze_time(datetime(2032, 4, 1, 6)):
			made = submissions.create_due(date(2032, 4, 1))
		self.assertEqual(sorted(made), ["Monthly 2032-03", "Quarterly 2032 Q1"])
		with freeze_time(datetime(2032, 4, 2, 6)):
			self.assertEqual(submissions.create_due(date(2032, 4, 2)), [])
		monthly = frappe.get_doc("Coordinator Submission", "Monthly 2032-03")
		self.assertEqual(
			(monthly.period_start, monthly.period_end, monthly.due_date),
			(date(2032, 3, 1), date(2032, 3, 31), date(2032, 4, 10)),
		)
		quarterly = frappe.get_doc("Coordinator Submission", "Quarterly 2032 Q1")
		self.assertEqual(quarterly.due_date, date(2032, 4, 10))

	def test_figures_frozen_on_submit_and_timeliness(self):
		district = make_district("Ulytau Region")
		entity = make_entity(district).name
		with freeze_time(datetime(2032, 5, 3, 9)):
			worker = make_worker(entity).name
			make_employment(worker, entity, date(2032, 5, 3))
		with freeze_time(datetime(2032, 6, 1, 6)):
			submissions.create_due(date(2032, 6, 1))
		doc = frappe.get_doc("Coordinator Submission", "Monthly 2032-05")
		ulytau = next(r for r in json.loads(doc.figures)["rows"] if r["group"] == district)
		self.assertEqual((ulytau["hired"], ulytau["stock_end"] - ulytau["stock_start"]), (1, 1))
		hired = doc.hired
		with freeze_time(datetime(2032, 6, 9, 12)), self.set_user(self.coordinator):
			doc.submit()
		self.assertEqual((doc.on_time, doc.submitted_by), (1, self.coordinator))
		# The register changes; the submitted figures do not.
		with freeze_time(datetime(2032, 6, 15, 9)):
			make_employment(make_worker(entity).name, entity, date(2032, 5, 20))
		doc.reload()
		self.assertEqual(doc.hired, hired)
		with self.assertRaisesRegex(frappe.ValidationError, "keeps its figures"):
			doc.refresh_figures()

		with freeze_time(datetime(2032, 7, 1, 6)):
			submissions.create_due(date(2032, 7, 1))
		late = frappe.get_doc("Coordinator Submission", "Quarterly 2032 Q2")
		with freeze_time(datetime(2032, 7, 12, 9)), self.set_user(self.coordinator):
			late.submit()
		self.assertEqual(late.on_time, 0)

	def test_reminder_once_before_the_tenth(self):
		with freeze_time(datetime(2032, 9, 1, 6)):
			submissions.create_due(date(2032, 9, 1))
		name = "Monthly 2032-08"
		logs = {
			"document_type": "Coordinator Submission",
			"document_name": name,
			"for_user": self.coordinator,
		}
		with patch.dict(frappe.flags, mute_emails=True):
			submissions.remind(date(2032, 9, 6))
			self.assertEqual(frappe.db.count("Notification Log", logs), 0)
			submissions.remind(date(2032, 9, 7))
			self.assertEqual(frappe.db.count("Notification Log", logs), 1)
			submissions.remind(date(2032, 9, 8))
			self.assertEqual(frappe.db.count("Notification Log", logs), 1)
		self.assertIn("10.09.2032", frappe.db.get_value("Notification Log", logs, "subject"))

	def test_figures_are_national_and_in_no_one_language(self):
		"""Whoever fills them (a regional department, a Russian-speaking coordinator), the figures are the
		country's and the labels stay keys the desk translates for each reader."""
		regional = make_user(f"submission.region.{frappe.generate_hash(length=6)}@example.com")
		link_user_to_region(regional, "Astana")
		elsewhere = make_entity(make_district("Ulytau Region")).name
		with freeze_time(datetime(2032, 9, 6, 9)):
			make_employment(make_worker(elsewhere).name, elsewhere, date(2032, 9, 6))
		national = frappe.get_doc(
			{"doctype": "Coordinator Submission", "period_type": "Monthly", "period_start": date(2032, 9, 1)}
		)
		submissions.fill(national)
		with self.set_user(regional):
			frappe.local.lang = "ru"
			try:
				regional_fill = frappe.get_doc(
					{
						"doctype": "Coordinator Submission",
						"period_type": "Monthly",
						"period_start": date(2032, 9, 1),
					}
				)
				submissions.fill(regional_fill)
			finally:
				frappe.local.lang = "en"
		self.assertEqual(json.loads(regional_fill.figures), json.loads(national.figures))
		self.assertGreaterEqual(regional_fill.hired, 1)
		self.assertIn("Hired", [c["label"] for c in json.loads(regional_fill.figures)["columns"]])
