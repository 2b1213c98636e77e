"""Rule 7: the quarterly forecast on a hand-made district, figures computed by hand."""

from datetime import date

from freezegun import freeze_time

from profregister.tests.factories import (
	CleanTestCase,
	make_certificate,
	make_district,
	make_employment,
	make_entity,
	make_worker,
)
from profregister.workforce_analytics.report.quarterly_forecast import quarterly_forecast as report

DAY = date(2026, 11, 22)


class TestQuarterlyForecast(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.district = make_district("Pavlodar Region")
		entity = make_entity(cls.district).name
		with freeze_time(DAY):
			# Man born 10.05.1964: 63 on 10.05.2027 (Q2). Woman born 01.02.1966: 61 on 01.02.2027 (Q1).
			man = make_worker(entity, born=date(1964, 5, 10), sex="Male").name
			woman = make_worker(entity, born=date(1966, 2, 1)).name
			young = make_worker(entity, born=date(1990, 1, 1)).name
			left = make_worker(entity, born=date(1965, 1, 1), sex="Male").name
			make_employment(man, entity, date(2010, 1, 1))
			make_employment(woman, entity, date(2026, 2, 1))  # hired within 12 months
			make_employment(young, entity, date(2026, 9, 1), specialty="Surgery")  # hired within 12 months
			make_employment(left, entity, date(2012, 1, 1), date(2026, 6, 30), end_reason="Dismissal")
			make_certificate(man, date(2022, 2, 1), date(2027, 1, 31))  # due in Q1
			make_certificate(woman, date(2022, 8, 1), date(2027, 7, 31))  # due in Q3
			renewed = make_certificate(young, date(2022, 4, 1), date(2027, 3, 31))  # renewed: not due
			make_certificate(young, date(2026, 11, 1), date(2031, 10, 31), specialty=renewed.specialty)

	def test_forecast_by_region(self):
		rows = report.execute({"date": DAY, "quarters": 4, "region": self.district})[1]
		self.assertEqual([r["quarter"] for r in rows], ["2027 Q1", "2027 Q2", "2027 Q3", "2027 Q4"])
		self.assertEqual({r["group"] for r in rows}, {self.district})
		self.assertEqual([r["certificates_due"] for r in rows], [1, 0, 1, 0])
		self.assertEqual([r["retiring"] for r in rows], [1, 1, 0, 0])
		self.assertEqual((rows[0]["stock"], rows[0]["inflow_12m"], rows[0]["outflow_12m"]), (3, 2, 1))
		# 3 + k * (2 - 1) / 4, rounded: 3.25, 3.5, 3.75, 4.
		self.assertEqual([r["projected_stock"] for r in rows], [3, 4, 4, 4])
		# As the desk shows it: one row, the quarters side by side.
		columns, pivot = report.execute(
			{"date": DAY, "quarters": 4, "region": self.district, "layout": "Pivot"}
		)[:2]
		self.assertEqual(len(pivot), 1)
		self.assertEqual([pivot[0][f"certificates_due_{n}"] for n in range(4)], [1, 0, 1, 0])
		self.assertEqual([pivot[0][f"retiring_{n}"] for n in range(4)], [1, 1, 0, 0])
		self.assertIn("2027 Q2", " ".join(c["label"] for c in columns))

	def test_forecast_by_specialty(self):
		rows = report.execute({"date": DAY, "quarters": 2, "region": self.district, "group_by": "Specialty"})[
			1
		]
		nursing = [r for r in rows if r["group"] == "Nursing"]
		surgery = [r for r in rows if r["group"] == "Surgery"]
		self.assertEqual(
			[(r["stock"], r["certificates_due"], r["retiring"]) for r in nursing], [(2, 1, 1), (2, 0, 1)]
		)
		self.assertEqual(
			[(r["stock"], r["inflow_12m"], r["projected_stock"]) for r in surgery], [(1, 1, 1), (1, 1, 2)]
		)
