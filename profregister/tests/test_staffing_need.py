"""Rule 4.4: the approved staffing table and the Staffing Need by Specialty report, figure by figure."""

import sys
from datetime import date
from pathlib import Path
from unittest.mock import patch

import frappe

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.workforce_analytics.report.staffing_need_by_specialty import staffing_need_by_specialty

DAY = date(2026, 6, 30)
OBLAST = "Staffing Test Oblast"
DISTRICT_A = "Staffing Test District A"
DISTRICT_B = "Staffing Test District B"


def make_region(name: str, parent: str, region_type: str, is_group: int = 0) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Region",
				"region_name": name,
				"region_type": region_type,
				"parent_region": parent,
				"is_group": is_group,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def make_staffing(entity: str, position: str, specialty: str | None, fte: float, effective_from: date):
	return frappe.get_doc(
		{
			"doctype": "Staffing Table",
			"healthcare_entity": entity,
			"position": position,
			"specialty": specialty,
			"approved_fte": fte,
			"effective_from": effective_from,
		}
	).insert(ignore_permissions=True)


def job(entity: str, position: str, specialty: str | None, rate: float = 1.0, **fields) -> str:
	"""A new worker with one employment (main unless is_main=0), from 1 January 2020 unless told."""
	worker = make_worker(entity).name
	start = fields.pop("start", date(2020, 1, 1))
	end = fields.pop("end", None)
	make_employment(worker, entity, start, end, position=position, specialty=specialty, rate=rate, **fields)
	return worker


def figures(rows, *fields) -> dict:
	return {row["group"]: tuple(row[f] for f in fields) for row in rows}


MEASURES = ("approved", "filled", "vacancies", "overstaffing", "fill_rate")


class TestStaffingNeedReport(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# Regions of its own, so that data other tests leave on the site never enters these figures.
		make_region(OBLAST, "Kazakhstan", "Region", is_group=1)
		make_region(DISTRICT_A, OBLAST, "District")
		make_region(DISTRICT_B, OBLAST, "District")
		cls.a = make_entity(DISTRICT_A, entity_name="Staffing Clinic A").name
		cls.b = make_entity(DISTRICT_B, entity_name="Staffing Clinic B").name
		a, b = cls.a, cls.b

		# A1 Physician / Therapy: 5.0 from 2025, 4.0 from 2026 (in force on DAY), 10.0 from September.
		make_staffing(a, "Physician", "Therapy", 5, date(2025, 1, 1))
		make_staffing(a, "Physician", "Therapy", 4, date(2026, 1, 1))
		make_staffing(a, "Physician", "Therapy", 10, date(2026, 9, 1))
		job(a, "Physician", "Therapy")  # 1.0
		double = job(a, "Physician", "Therapy", start=date(2021, 5, 1))  # 1.0, and 0.5 in A2
		job(a, "Physician", "Therapy", 0.5, is_main=0, start=date(2022, 1, 1))  # part-time 0.5
		job(a, "Physician", "Therapy", end=date(2026, 3, 31))  # ended before DAY: not counted
		job(a, "Physician", "Therapy", start=date(2026, 8, 1))  # starts after DAY: not counted
		job(a, "Physician", "Therapy", end=DAY)  # ends on DAY: counted
		# A2 Nurse / Nursing: 2.0 from 2025; 1 + 1 + 0.75 + 0.5 part-time = 3.25 filled.
		make_staffing(a, "Nurse", "Nursing", 2, date(2025, 1, 1))
		job(a, "Nurse", "Nursing")
		job(a, "Nurse", "Nursing")
		job(a, "Nurse", "Nursing", 0.75)
		make_employment(
			double, a, date(2023, 2, 1), position="Nurse", specialty="Nursing", rate=0.5, is_main=0
		)
		# A3 Surgeon / Surgery: 3.0 approved, nobody.
		make_staffing(a, "Surgeon", "Surgery", 3, date(2026, 1, 1))
		# A4 Epidemiologist without specialty: 1.0 approved; 0.5 (NULL) + 0.25 ("" as a cleared link) filled.
		make_staffing(a, "Epidemiologist", None, 1, date(2026, 1, 1))
		job(a, "Epidemiologist", None, 0.5)
		job(a, "Epidemiologist", "", 0.25, is_main=0)
		# A5 Physician / Cardiology: no staffing row, 1.0 filled - an unapproved post.
		job(a, "Physician", "Cardiology")

		# B1 Physician / Therapy: 2.0 from 2025, 3.0 from DAY itself.
		make_staffing(b, "Physician", "Therapy", 2, date(2025, 1, 1))
		make_staffing(b, "Physician", "Therapy", 3, DAY)
		job(b, "Physician", "Therapy", start=DAY)  # starts on DAY: counted
		job(b, "Physician", "Therapy", start=date(2018, 3, 1))
		job(b, "Physician", "Therapy", start=date(2018, 3, 1), end=date(2026, 6, 29))  # ended the day before
		# B2 Nurse / Nursing: 1.0 from 2026; 1 + 0.25 part-time filled.
		make_staffing(b, "Nurse", "Nursing", 1, date(2026, 1, 1))
		job(b, "Nurse", "Nursing")
		job(b, "Nurse", "Nursing", 0.25, is_main=0)
		# B3 Midwife / Obstetrics: cut from 2.0 to 0.5 in 2026; 1.0 filled.
		make_staffing(b, "Midwife", "Obstetrics and gynecology", 2, date(2025, 1, 1))
		make_staffing(b, "Midwife", "Obstetrics and gynecology", 0.5, date(2026, 1, 1))
		job(b, "Midwife", "Obstetrics and gynecology")

		cls.hr_a = make_user("staffing.hr.a@example.com", "HR Specialist")
		link_user_to_entity(cls.hr_a, a)
		cls.regional_b = make_user("staffing.region.b@example.com")
		link_user_to_region(cls.regional_b, DISTRICT_B)

	def run_report(self, **filters):
		filters.setdefault("date", DAY)
		return staffing_need_by_specialty.execute(filters)

	# By hand, on DAY, per line (approved, filled, vacancies, over-staffing):
	#   A1 4, 3.5, 0.5, 0      A2 2, 3.25, 0, 1.25    A3 3, 0, 3, 0    A4 1, 0.75, 0.25, 0    A5 0, 1, 0, 1
	#   B1 3, 2, 1, 0          B2 1, 1.25, 0, 0.25    B3 0.5, 1, 0, 0.5
	#   A: 10, 8.5, 3.75, 2.25, fill (10 - 3.75) / 10 = 62.5 %
	#   B: 4.5, 4.25, 1, 0.75, fill (4.5 - 1) / 4.5 = 77.8 %
	def test_by_region(self):
		_columns, rows, message, chart, summary = self.run_report(region=OBLAST, group_by="Region")
		self.assertEqual([row["group"] for row in rows], [DISTRICT_A, DISTRICT_B])
		self.assertEqual(
			figures(rows, *MEASURES),
			{DISTRICT_A: (10, 8.5, 3.75, 2.25, 62.5), DISTRICT_B: (4.5, 4.25, 1, 0.75, 77.8)},
		)
		self.assertEqual([s["value"] for s in summary], [14.5, 12.75, 4.75])
		self.assertEqual(chart["data"]["labels"], [DISTRICT_A, DISTRICT_B])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [3.75, 1])
		self.assertIn("30.06.2026", message)

	def test_by_entity(self):
		columns, rows, _message, chart, _summary = self.run_report(
			region=OBLAST, group_by="Healthcare Entity"
		)
		self.assertEqual(
			figures(rows, *MEASURES, "entity_name", "region"),
			{
				self.a: (10, 8.5, 3.75, 2.25, 62.5, "Staffing Clinic A", DISTRICT_A),
				self.b: (4.5, 4.25, 1, 0.75, 77.8, "Staffing Clinic B", DISTRICT_B),
			},
		)
		self.assertEqual(columns[0]["options"], "Healthcare Entity")
		self.assertEqual(chart["data"]["labels"], ["Staffing Clinic A", "Staffing Clinic B"])

	# Therapy A1 + B1: 7, 5.5, 1.5, 0, fill 5.5 / 7 = 78.6 %; Nursing A2 + B2: 3, 4.5, 0, 1.5, 100 %;
	# Surgery 3, 0, 3, 0, 0 %; no specialty 1, 0.75, 0.25, 0, 75 %; Cardiology 0, 1, 0, 1, no rate;
	# Obstetrics 0.5, 1, 0, 0.5, 100 %. Sorted by vacancies, then by name.
	def test_by_specialty(self):
		_columns, rows, _message, chart, summary = self.run_report(region=OBLAST, group_by="Specialty")
		self.assertEqual(
			[row["group"] for row in rows],
			["Surgery", "Therapy", None, "Cardiology", "Nursing", "Obstetrics and gynecology"],
		)
		self.assertEqual(
			figures(rows, *MEASURES),
			{
				"Surgery": (3, 0, 3, 0, 0),
				"Therapy": (7, 5.5, 1.5, 0, 78.6),
				None: (1, 0.75, 0.25, 0, 75),
				"Cardiology": (0, 1, 0, 1, None),
				"Nursing": (3, 4.5, 0, 1.5, 100),
				"Obstetrics and gynecology": (0.5, 1, 0, 0.5, 100),
			},
		)
		self.assertEqual([s["value"] for s in summary], [14.5, 12.75, 4.75])
		self.assertEqual(chart["data"]["labels"], ["Surgery", "Therapy", "No specialty"])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [3, 1.5, 0.25])

	def test_filters(self):
		rows = self.run_report(region=DISTRICT_A, group_by="Healthcare Entity")[1]
		self.assertEqual(figures(rows, *MEASURES), {self.a: (10, 8.5, 3.75, 2.25, 62.5)})
		rows = self.run_report(region=OBLAST, specialty="Therapy", group_by="Healthcare Entity")[1]
		self.assertEqual(
			figures(rows, *MEASURES), {self.a: (4, 3.5, 0.5, 0, 87.5), self.b: (3, 2, 1, 0, 66.7)}
		)
		rows = self.run_report(healthcare_entity=self.b, group_by="Specialty")[1]
		self.assertEqual(
			figures(rows, *MEASURES),
			{
				"Therapy": (3, 2, 1, 0, 66.7),
				"Nursing": (1, 1.25, 0, 0.25, 100),
				"Obstetrics and gynecology": (0.5, 1, 0, 0.5, 100),
			},
		)

	def test_other_dates(self):
		# 1 September: A1's 10.0 is in force; the job from 1 August counts, the one ended on DAY not.
		# A1 10, 3.5, 6.5, 0 - A: 16, 8.5, 9.75, 2.25, fill (16 - 9.75) / 16 = 39.1 %
		rows = self.run_report(date=date(2026, 9, 1), healthcare_entity=self.a, group_by="Healthcare Entity")[
			1
		]
		self.assertEqual(figures(rows, *MEASURES), {self.a: (16, 8.5, 9.75, 2.25, 39.1)})
		# 30 June 2025: B1 2.0 (2 filled: the job ended in 2026 still runs, the one from DAY not yet);
		# B2 has no staffing row yet: 1.25 unapproved; B3 2.0 approved, 1 filled.
		# B: 4, 4.25, 1, 1.25, fill (4 - 1) / 4 = 75 %
		rows = self.run_report(date=date(2025, 6, 30), healthcare_entity=self.b, group_by="Specialty")[1]
		self.assertEqual(
			figures(rows, *MEASURES),
			{
				"Therapy": (2, 2, 0, 0, 100),
				"Nursing": (0, 1.25, 0, 1.25, None),
				"Obstetrics and gynecology": (2, 1, 1, 0, 50),
			},
		)

	def test_hr_specialist_sees_own_entity(self):
		with self.set_user(self.hr_a):
			rows = self.run_report(group_by="Healthcare Entity")[1]
			self.assertEqual(figures(rows, *MEASURES), {self.a: (10, 8.5, 3.75, 2.25, 62.5)})
			self.assertEqual(self.run_report(healthcare_entity=self.b)[1], [])
			rows = self.run_report(group_by="Specialty")[1]
			self.assertEqual(
				{row["group"] for row in rows}, {"Therapy", "Nursing", "Surgery", None, "Cardiology"}
			)

	def test_regional_department_sees_own_region(self):
		with self.set_user(self.regional_b):
			rows = self.run_report(group_by="Region")[1]
			self.assertEqual(figures(rows, *MEASURES), {DISTRICT_B: (4.5, 4.25, 1, 0.75, 77.8)})
			self.assertEqual(self.run_report(region=DISTRICT_A)[1], [])
			self.assertEqual(self.run_report(healthcare_entity=self.a)[1], [])

	def test_constant_number_of_queries(self):
		def queries(**filters) -> int:
			sql = frappe.db.sql
			with patch.object(frappe.db, "sql", side_effect=sql) as spy:
				self.run_report(**filters)
			return spy.call_count

		one_line = queries(region=OBLAST, specialty="Surgery", group_by="Healthcare Entity")
		self.assertEqual(queries(region=OBLAST, group_by="Healthcare Entity"), one_line)
		# The day the summary tables hold is one of them (the date here is not it: counted from the register).
		self.assertLessEqual(one_line, 6)

	def test_chart_shows_the_largest_needs(self):
		rows = [frappe._dict(group=f"G{n:02d}", vacancies=n, entity_name=None) for n in range(20, 0, -1)]
		chart = staffing_need_by_specialty.chart(rows)
		self.assertEqual(chart["data"]["labels"], [f"G{n:02d}" for n in range(20, 5, -1)])
		self.assertIsNone(staffing_need_by_specialty.chart([]))


class TestStaffingTable(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Shymkent")

	def test_region_comes_from_the_entity(self):
		row = make_staffing(self.entity.name, "Nurse", "Nursing", 2, date(2026, 1, 1))
		self.assertEqual(row.region, "Shymkent")
		self.assertTrue(row.name.startswith("STF-"))

	def test_approved_fte_must_be_positive(self):
		for fte in (0, -1):
			with self.assertRaisesRegex(frappe.ValidationError, "Approved FTE must be greater than zero"):
				make_staffing(self.entity.name, "Surgeon", "Surgery", fte, date(2026, 1, 1))

	def test_a_line_once_per_date(self):
		make_staffing(self.entity.name, "Physician", "Therapy", 2, date(2026, 1, 1))
		with self.assertRaisesRegex(frappe.DuplicateEntryError, "already approves Physician"):
			make_staffing(self.entity.name, "Physician", "Therapy", 3, date(2026, 1, 1))
		# Another date, specialty or position is another row.
		make_staffing(self.entity.name, "Physician", "Therapy", 3, date(2026, 7, 1))
		make_staffing(self.entity.name, "Physician", "Cardiology", 1, date(2026, 1, 1))

	def test_no_specialty_is_one_line(self):
		make_staffing(self.entity.name, "Epidemiologist", None, 1, date(2026, 1, 1))
		with self.assertRaises(frappe.DuplicateEntryError):
			make_staffing(self.entity.name, "Epidemiologist", "", 2, date(2026, 1, 1))
		self.assertIsNone(
			frappe.db.get_value(
				"Staffing Table",
				{"healthcare_entity": self.entity.name, "position": "Epidemiologist"},
				"specialty",
			)
		)


class TestStaffingDemo(CleanTestCase):
	def test_one_row_per_staffed_line_with_room_to_hire(self):
		# The demo's loader is a developer tool, outside the shipped package: tools/dev of the checkout.
		sys.path.insert(0, str(Path(frappe.get_app_path("profregister")).parent / "tools" / "dev"))
		from profregister_dev.staffing_demo import load_staffing_tables

		entity = make_entity("Shymkent").name
		job(entity, "Nurse", "Nursing")
		job(entity, "Nurse", "Nursing", 0.5, is_main=0)
		job(entity, "Physician", "Therapy", 0.3)
		job(entity, "Surgeon", "Surgery", end=date(2025, 1, 31))  # no longer staffed: no row

		def loaded():
			rows = frappe.get_all(
				"Staffing Table",
				filters={"healthcare_entity": entity},
				fields=["name", "position", "specialty", "approved_fte", "effective_from", "region"],
			)
			return {(r.position, r.specialty): r for r in rows}

		count = load_staffing_tables("2026-01-01")
		lines = loaded()
		self.assertEqual(set(lines), {("Nurse", "Nursing"), ("Physician", "Therapy")})
		# Filled FTE rounded up to a quarter, plus 0 to 2 FTE in quarters.
		for key, filled in ((("Nurse", "Nursing"), 1.5), (("Physician", "Therapy"), 0.5)):
			extra = lines[key].approved_fte - filled
			self.assertIn(extra, [n / 4 for n in range(9)])
			self.assertEqual(lines[key].effective_from, date(2026, 1, 1))
			self.assertEqual(lines[key].region, "Shymkent")
			self.assertRegex(lines[key].name, r"^STF-\d{7}$")
		self.assertEqual(count, frappe.db.count("Staffing Table"))
		self.assertEqual(frappe.db.sql("select current from tabSeries where name = 'STF-'")[0][0], count)
		# Deterministic, and the old rows are replaced.
		self.assertEqual(load_staffing_tables("2026-01-01"), count)
		self.assertEqual(
			{k: r.approved_fte for k, r in loaded().items()}, {k: r.approved_fte for k, r in lines.items()}
		)
