"""Rule 14.3: the list of employees for advanced training on hand-made CPD records."""

from datetime import date

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.workforce_analytics.report.employees_for_advanced_training import (
	employees_for_advanced_training as report,
)

DAY = date(2026, 11, 22)


def verified(worker, **fields):
	doc = make_evidence(worker, profile_matches=1, **fields)
	doc.verify()


class TestAdvancedTraining(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Atyrau Region").name
		w = {
			key: make_worker(cls.entity, first_name=key.replace("_", " ").title()).name
			for key in ("low", "fine", "no_additional", "not_due")
		}
		cls.workers = w
		for key in ("low", "fine", "no_additional"):
			make_certificate(w[key], date(2022, 3, 1), date(2027, 2, 28))
		make_certificate(w["not_due"], date(2024, 3, 1), date(2029, 2, 28))
		verified(w["low"], quantity=50)  # 50 CU, all additional education
		verified(w["fine"], quantity=40)
		verified(w["fine"], criterion="11", variant="Q1", unit="item", quantity=1, author_position=1)
		verified(w["no_additional"], criterion="11", variant="Q2", unit="item", quantity=1, author_position=1)
		verified(w["no_additional"], quantity=60, date_from=date(2020, 5, 4), date_to=date(2021, 5, 8))

	def test_list_and_reasons(self):
		rows = report.execute(
			{"healthcare_entity": self.entity, "date": DAY, "horizon_months": 12, "view": "List"}
		)[1]
		found = {row.health_worker: row for row in rows}
		self.assertEqual(set(found), {self.workers["low"], self.workers["no_additional"]})
		low, other = found[self.workers["low"]], found[self.workers["no_additional"]]
		self.assertEqual((low.total_cu, low.additional_education_cu), (50, 50))
		self.assertEqual(low.reason, "CPD total below 100 CU")
		# Evidence of 2021 lies outside the window: no additional education counts.
		self.assertEqual((other.total_cu, other.additional_education_cu), (200, 0))
		self.assertEqual(other.reason, "No additional education in the window")

	def test_horizon(self):
		rows = report.execute(
			{"healthcare_entity": self.entity, "date": DAY, "horizon_months": 2, "view": "List"}
		)[1]
		self.assertEqual(rows, [])

	def test_scope(self):
		hr = make_user("training.other.hr@example.com")
		link_user_to_entity(hr, make_entity("Atyrau Region").name, "HR Chief")
		with self.set_user(hr):
			self.assertEqual(
				report.execute({"healthcare_entity": self.entity, "date": DAY, "view": "List"})[1], []
			)
