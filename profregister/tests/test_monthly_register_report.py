"""Rule 6: every figure of the monthly report on a hand-made month, and its scope by role.

March 2021 in two new districts: R1 (entities A and B) in Mangystau, R2 (entity C) in Kyzylorda.
Records are made at frozen times so that creation and changes fall where the story says.
"""

from datetime import date, datetime

import frappe
from freezegun import freeze_time

from profregister.services.analytics.monthly_flows import MEASURES
from profregister.services.certificates import lifecycle as certificates
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_district,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.workforce_analytics.report.monthly_register_report import monthly_register_report as report

MONTH = date(2021, 3, 1)


def end_job(job, day: date, reason: str):
	job.reload()
	job.update({"end_date": day, "end_reason": reason})
	job.save()


class TestMonthlyRegisterReport(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		freeze = freeze_time
		cls.r1, cls.r2 = make_district("Mangystau Region"), make_district("Kyzylorda Region")
		with freeze(datetime(2021, 1, 15, 10)):
			cls.a, cls.b, cls.c = make_entity(cls.r1).name, make_entity(cls.r1).name, make_entity(cls.r2).name
			a, c = cls.a, cls.c
			w1, w2, w3, w4, w6, w8 = (make_worker(e).name for e in (a, a, a, c, a, c))
			make_employment(w1, a, date(2019, 1, 10))
			job2 = make_employment(w2, a, date(2018, 5, 1))
			job3 = make_employment(w3, a, date(2020, 1, 1))
			make_employment(w4, c, date(2017, 1, 1), date(2021, 2, 28), end_reason="Transfer")
			make_employment(w6, a, date(2021, 2, 1), date(2021, 2, 28), end_reason="Dismissal")
			job8 = make_employment(w8, c, date(2015, 1, 1))
			make_certificate(w1, date(2016, 3, 6), date(2021, 3, 5))
		with freeze(datetime(2021, 3, 2, 9)):
			make_employment(w4, a, date(2021, 3, 1), specialty="Surgery")
			doc = frappe.get_doc("Health Worker", w1)
			doc.place_of_birth = "Aktau"
			# History is what counts a record as updated: keep it, as the desk does.
			doc.save(ignore_version=False)
		with freeze(datetime(2021, 3, 10, 9)):
			end_job(job8, date(2021, 3, 10), "Retirement")
			certificates.block_expired(date(2021, 3, 10))
		with freeze(datetime(2021, 3, 12, 9)):
			# Hired on Friday 5 March, entered on the 12th: 8 March is a holiday, so 4 working days.
			w5 = make_worker(cls.b).name
			make_employment(w5, cls.b, date(2021, 3, 5))
		with freeze(datetime(2021, 3, 20, 9)):
			end_job(job2, date(2021, 3, 15), "Transfer")
			make_employment(w2, cls.b, date(2021, 3, 20))
		with freeze(datetime(2021, 3, 25, 9)):
			make_certificate(w1, date(2021, 3, 20), date(2026, 3, 19))
		with freeze(datetime(2021, 3, 31, 9)):
			end_job(job3, date(2021, 3, 31), "Dismissal")
			w7 = make_worker(cls.c).name
			make_employment(w7, cls.c, date(2021, 3, 31))
		cls.workers = {"w1": w1, "w2": w2}

	def run_report(self, **filters):
		rows = report.execute({"month": MONTH, **filters})[1]
		return {row["group"]: row for row in rows}

	def expected(self, **figures):
		return {**dict.fromkeys(MEASURES, 0), **figures}

	def assertFigures(self, row, **figures):
		self.assertEqual({m: row[m] for m in MEASURES}, self.expected(**figures))
		self.assertEqual(row["stock_start"] + row["hired"] - row["left"], row["stock_end"])

	def test_by_entity(self):
		rows = self.run_report(group_by="Healthcare Entity", region=self.r1)
		self.assertEqual(set(rows), {self.a, self.b})
		self.assertFigures(
			rows[self.a],
			stock_start=3, hired=1, transferred_in=1, transferred_in_other_region=1,
			left=2, left_transfer=1, left_dismissal=1, transferred_out=1, stock_end=2,
			updated=2, blocked=1, unblocked=1,
		)  # fmt: skip
		self.assertFigures(
			rows[self.b], hired=2, transferred_in=1, stock_end=2, registered=1, updated=1, late_entries=1
		)
		c = self.run_report(group_by="Healthcare Entity", region=self.r2)[self.c]
		self.assertFigures(
			# Retired on the 10th, the last day the job is held: the record changes on the 11th, when the
			# dated-events job runs (not run here), so nothing at C is "updated" in March.
			c,
			stock_start=1,
			hired=1,
			left=1,
			left_retirement=1,
			stock_end=1,
			registered=1,
			updated=0,
		)

	def test_by_region(self):
		r1 = self.run_report(group_by="Region", region=self.r1)[self.r1]
		self.assertFigures(
			r1,
			stock_start=3, hired=3, transferred_in=2, transferred_in_other_region=1,
			left=2, left_transfer=1, left_dismissal=1, transferred_out=1, stock_end=4,
			registered=1, updated=3, blocked=1, unblocked=1, late_entries=1,
		)  # fmt: skip

	def test_by_specialty(self):
		rows = self.run_report(group_by="Specialty", healthcare_entity=self.a)
		self.assertFigures(
			rows["Nursing"],
			stock_start=3, left=2, left_transfer=1, left_dismissal=1, transferred_out=1, stock_end=1,
			updated=1, blocked=1, unblocked=1,
		)  # fmt: skip
		self.assertFigures(
			rows["Surgery"], hired=1, transferred_in=1, transferred_in_other_region=1, stock_end=1, updated=1
		)

	def test_scope_by_role(self):
		hr = make_user("monthly.hr@example.com")
		link_user_to_entity(hr, self.a, "HR Chief")
		with self.set_user(hr):
			self.assertEqual(set(self.run_report(group_by="Healthcare Entity")), {self.a})
		regional = make_user("monthly.kyzylorda@example.com")
		link_user_to_region(regional, self.r2)
		with self.set_user(regional):
			rows = self.run_report(group_by="Healthcare Entity")
			self.assertIn(self.c, rows)
			self.assertFalse({self.a, self.b} & set(rows))
			self.assertEqual(set(self.run_report(group_by="Region")), {self.r2})

	def test_a_past_month_never_changes(self):
		"""Edit the month's workers, block one and transfer the blocked one to another region the next
		month: the month's figures stay as they were."""
		month = {
			group_by: self.run_report(group_by=group_by)
			for group_by in ("Region", "Healthcare Entity", "Specialty")
		}
		w1, w2 = self.workers["w1"], self.workers["w2"]
		with freeze_time(datetime(2021, 4, 5, 9)):
			for worker in (w1, w2):
				doc = frappe.get_doc("Health Worker", worker)
				doc.place_of_birth = "Changed in April"
				doc.save(ignore_version=False)
			make_certificate(w2, date(2016, 4, 1), date(2021, 4, 1))
			certificates.block_expired(date(2021, 4, 5))
			job = frappe.get_doc("Employment", {"health_worker": w1, "end_date": ("is", "not set")})
			end_job(job, date(2021, 4, 4), "Transfer")
			make_employment(w1, self.c, date(2021, 4, 5))
		self.assertEqual(frappe.db.get_value("Health Worker", w2, "status"), "Blocked")
		self.assertEqual(frappe.db.get_value("Health Worker", w1, "current_region"), self.r2)
		for group_by, rows in month.items():
			self.assertEqual(self.run_report(group_by=group_by), rows, group_by)
