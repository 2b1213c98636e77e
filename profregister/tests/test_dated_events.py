"""Employments entered in advance take effect on their day: a daily job moves the worker (and the
records that follow them) and records when, in the record's history."""

from datetime import date, timedelta

import frappe

from profregister.services.register import placement
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)

DAY = date(2026, 10, 1)


class TestDatedEvents(CleanTestCase):
	def versions(self, worker: str) -> int:
		return frappe.db.count("Version", {"ref_doctype": "Health Worker", "docname": worker})

	def test_transfer_across_regions_entered_a_month_ahead(self):
		a, b = make_entity("Karaganda Region"), make_entity("Almaty")
		with self.freeze_time(DAY):
			worker = make_worker(a.name).name
			old = make_employment(worker, a.name, date(2015, 1, 1))
			cert = make_certificate(worker, date(2024, 1, 1), date(2029, 1, 1)).name
			evidence = make_evidence(worker).name
			# Entered today: the worker leaves A at the end of the month and starts at B after it.
			old = frappe.get_doc("Employment", old.name)
			old.end_date, old.end_reason = DAY + timedelta(days=30), "Transfer"
			old.save()
			make_employment(worker, b.name, DAY + timedelta(days=31), is_main=1)
			self.assertEqual(frappe.db.get_value("Health Worker", worker, "current_entity"), a.name)
			self.assertEqual(placement.apply_dated_events(DAY), 0)
		history = self.versions(worker)

		with self.freeze_time(DAY + timedelta(days=31)):
			self.assertEqual(placement.apply_dated_events(DAY + timedelta(days=31)), 1)
		row = frappe.db.get_value(
			"Health Worker", worker, ["current_entity", "current_region", "status"], as_dict=True
		)
		self.assertEqual((row.current_entity, row.current_region, row.status), (b.name, "Almaty", "Active"))
		for doctype, name in (("Specialist Certificate", cert), ("CPD Evidence", evidence)):
			self.assertEqual(
				frappe.db.get_value(doctype, name, ["healthcare_entity", "region"]), (b.name, "Almaty")
			)
		self.assertGreater(self.versions(worker), history)
		# Run again, or on the next days: nothing more to do.
		self.assertEqual(placement.apply_dated_events(DAY + timedelta(days=32)), 0)

	def test_a_draft_confirmation_follows_the_worker_to_the_new_employer(self):
		"""Every record the gate places by its worker moves with them: the new HR reads and edits the
		draft confirmation, the old HR no longer sees it."""
		a, b = make_entity("Astana"), make_entity("Almaty")
		hr = {}
		for entity in (a, b):
			hr[entity.name] = make_user(f"hr.{frappe.generate_hash(length=6)}@test.profregister.kz")
			link_user_to_entity(hr[entity.name], entity.name)
		worker = make_worker(a.name).name
		old = make_employment(worker, a.name, date(2015, 1, 1))
		with self.set_user(hr[a.name]):
			draft = frappe.get_doc(
				{"doctype": "CPD Confirmation", "health_worker": worker, "declared_specialty": "Nursing"}
			).insert()
		old = frappe.get_doc("Employment", old.name)
		old.end_date, old.end_reason = date.today() - timedelta(days=1), "Transfer"
		old.save()
		make_employment(worker, b.name, date.today(), is_main=1)

		self.assertEqual(
			frappe.db.get_value("CPD Confirmation", draft.name, ["healthcare_entity", "region"]),
			(b.name, "Almaty"),
		)
		self.assertTrue(frappe.has_permission("CPD Confirmation", "write", draft.name, user=hr[b.name]))
		self.assertFalse(frappe.has_permission("CPD Confirmation", "read", draft.name, user=hr[a.name]))

	def test_dismissal_entered_ahead_and_a_missed_day(self):
		entity = make_entity("Astana")
		with self.freeze_time(DAY):
			worker = make_worker(entity.name).name
			job = make_employment(worker, entity.name, date(2018, 1, 1))
			job = frappe.get_doc("Employment", job.name)
			job.end_date, job.end_reason = DAY + timedelta(days=10), "Dismissal"
			job.save()
			self.assertEqual(frappe.db.get_value("Health Worker", worker, "status"), "Active")
		# The job did not run on day 11; day 13 catches it up.
		self.assertEqual(placement.apply_dated_events(DAY + timedelta(days=13)), 1)
		self.assertEqual(frappe.db.get_value("Health Worker", worker, "status"), "Dismissed")
		# The dismissal the reports count, once, though the job runs again the next day.
		self.assertEqual(placement.apply_dated_events(DAY + timedelta(days=14)), 0)
		fields = ["from_status", "to_status", "change_date"]
		changes = frappe.get_all(
			"Health Worker Status Change", {"health_worker": worker}, fields, as_list=True
		)
		self.assertEqual(list(map(tuple, changes)), [("Active", "Dismissed", DAY + timedelta(days=13))])
