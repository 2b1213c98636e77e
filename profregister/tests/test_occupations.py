"""The ISCO-08 occupation a worker is counted under (NHWA, the summary tables): a generalist position
keeps its code over the specialty's, and nurses, midwives and pharmacists are counted at the level of
their education by the ISCO Level Rules in force on the day."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate, today

from profregister.access.reports import Scope
from profregister.services.analytics import nhwa, summaries
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest


def education(level: str) -> list[dict]:
	return [{"education_level": level, "institution": "Медицинский колледж"}]


class TestOccupations(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# Other modules' reports count from the register: the marker a rebuild here sets goes with the class.
		cls.addClassCleanup(lambda: (summaries.set_day(None), frappe.db.commit()))
		cls.entity = make_entity("Astana").name
		for position, specialty, level in (
			("Nurse", "Nursing", "Technical and vocational"),  # 3221
			("Nurse", "Nursing", "Higher"),  # 2221
			("Midwife", "Midwifery", "General secondary"),  # 3222
			("Pharmacist", "Pharmacy", "Technical and vocational"),  # 3213
			("Pharmacist", "Pharmacy", "Postgraduate: master's"),  # 2262
			("District therapist", "Therapy", "Postgraduate: residency"),  # 2211, not the specialty's 2212
			("Surgeon", "Surgery", "Postgraduate: residency"),  # 2212
		):
			worker = make_worker(cls.entity, education=education(level)).name
			make_employment(worker, cls.entity, date(2020, 1, 1), position=position, specialty=specialty)

	def occupations(self, day=None) -> dict[str, int]:
		facts = nhwa.facts(frappe._dict(), Scope(False, entities=frozenset({self.entity})), 2025, day)
		found: dict[str, int] = {}
		for (occupation, *_rest), workers in facts.people.items():
			found[occupation] = found.get(occupation, 0) + workers
		return found

	def test_the_level_follows_education_and_a_generalist_keeps_the_position(self):
		expected = {"3221": 1, "2221": 1, "3222": 1, "3213": 1, "2262": 1, "2211": 1, "2212": 1}
		self.assertEqual(self.occupations(), expected)
		summaries.rebuild()
		self.assertTrue(summaries.current(today()))
		self.assertEqual(self.occupations(), expected, "the summary tables count the same")

	def test_the_highest_level_is_kept_on_the_record(self):
		worker = make_worker(make_entity("Astana").name, education=education("Technical and vocational"))
		self.assertEqual(worker.education_level, "Technical and vocational")
		worker.append(
			"education", {"education_level": "Higher", "institution": "Медицинский университет Астана"}
		)
		worker.save(ignore_permissions=True)
		self.assertEqual(worker.education_level, "Higher")

	def test_a_rule_from_a_later_date_applies_from_that_date(self):
		tomorrow = getdate(today()) + timedelta(days=1)
		summaries.rebuild()
		rule = frappe.get_doc({"doctype": "ISCO Level Rule", "isco_08": "2212", "education_level": "Postgraduate: residency",
			"level_code": "2219", "effective_from": tomorrow, "source_url": "https://example.org/rule"}).insert()  # fmt: skip
		self.assertFalse(summaries.current(today()), "a rule regroups: reports count from the register")
		self.assertEqual(self.occupations().get("2212"), 1)
		self.assertEqual(self.occupations(tomorrow).get("2219"), 1)
		frappe.delete_doc("ISCO Level Rule", rule.name)

	def test_the_rules_are_the_administrators(self):
		"""Read and kept by the Register Administrator; an HR user neither reads nor writes them."""
		mark = frappe.generate_hash(length=6)
		hr = make_user(f"hr.isco.{mark}@test.profregister.kz")
		link_user_to_entity(hr, self.entity)
		registrar = make_user(f"registrar.isco.{mark}@test.profregister.kz", "Register Administrator")
		tokens = {"hr": api_token(hr), "registrar": api_token(registrar)}
		frappe.db.commit()
		rule = {"isco_08": "2221", "education_level": "General secondary", "level_code": "3221",
			"effective_from": "2030-01-01", "source_url": "https://example.org/isco"}  # fmt: skip
		self.assertEqual(rest("GET", "/api/resource/ISCO Level Rule", tokens["hr"]).status_code, 403)
		self.assertEqual(
			rest("POST", "/api/resource/ISCO Level Rule", tokens["hr"], json=rule).status_code, 403
		)
		listed = rest("GET", "/api/resource/ISCO Level Rule", tokens["registrar"])
		self.assertEqual(listed.status_code, 200)
		self.assertGreaterEqual(len(listed.json["data"]), 6)
		made = rest("POST", "/api/resource/ISCO Level Rule", tokens["registrar"], json=rule)
		self.assertEqual(made.status_code, 200, made.text[:300])
		frappe.db.rollback()
		frappe.delete_doc("ISCO Level Rule", made.json["data"]["name"], ignore_permissions=True)
		frappe.db.commit()
