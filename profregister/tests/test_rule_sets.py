"""Changing CPD rates: a new rule set from a date leaves earlier evidence at the CU it earned, an edit in
place revalues the set's evidence (and the desk counts it first); only who may write the rule sets may do
either."""

from datetime import date

import frappe

from profregister.services.cpd import credit_units as cpd
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

SHIPPED = "DSM-283/2020 Appendix 1"


class TestRuleSets(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run_id = frappe.generate_hash(length=6)
		entity = make_entity("Astana").name
		worker = make_worker(entity).name
		make_employment(worker, entity, date(2015, 1, 1))
		cls.before = make_evidence(worker, date_from=date(2024, 3, 4), date_to=date(2024, 3, 9)).name
		cls.after = make_evidence(worker, date_from=date(2025, 6, 2), date_to=date(2025, 6, 7)).name
		cls.hr = make_user(f"hr.rules.{run_id}@test.profregister.kz")
		link_user_to_entity(cls.hr, entity)
		cls.registrar = make_user(f"registrar.rules.{run_id}@test.profregister.kz", "Register Administrator")
		cls.tokens = {"hr": api_token(cls.hr), "registrar": api_token(cls.registrar)}
		frappe.db.commit()

	def tearDown(self):
		"""The shipped set as it was: open-ended, alone, its evidence valued by it."""
		frappe.db.rollback()
		for name in frappe.get_all("CPD Rule Set", {"name": ("like", f"{SHIPPED} — %")}, pluck="name"):
			frappe.delete_doc("CPD Rule Set", name, ignore_permissions=True, force=True)
		frappe.db.set_value("CPD Rule Set", SHIPPED, "effective_to", None)
		frappe.db.commit()
		cpd.clear_cache()
		cpd.revalue_evidence(date(2024, 1, 1))
		super().tearDown()

	def units(self, evidence: str) -> float:
		return frappe.db.get_value("CPD Evidence", evidence, "credit_units")

	def test_a_new_rule_set_from_a_date(self):
		impact = rest("GET", f"/api/method/profregister.api.desk.rule_set_impact?name={SHIPPED}",
			self.tokens["registrar"]).json["message"]  # fmt: skip
		self.assertGreaterEqual(impact["evidence"], 2)
		self.assertEqual(impact["since"], "2021-01-04")
		self.assertEqual((self.units(self.before), self.units(self.after)), (36, 36))

		started = rest("POST", "/api/method/profregister.api.desk.start_rule_set_from", self.tokens["registrar"],
			data={"name": SHIPPED, "from_date": "2025-01-01"})  # fmt: skip
		self.assertEqual(started.status_code, 200, started.text[:300])
		new = started.json["message"]
		frappe.db.rollback()  # the request committed in its own connection
		self.assertEqual(
			frappe.db.get_value("CPD Rule Set", SHIPPED, "effective_to").isoformat(), "2024-12-31"
		)
		self.assertEqual(frappe.db.get_value("CPD Rule Set", new, "effective_from").isoformat(), "2025-01-01")

		doc = frappe.get_doc("CPD Rule Set", new)
		next(r for r in doc.rates if r.criterion == "01" and r.unit == "hour").credit_units = 2
		doc.save(ignore_permissions=True)
		self.assertEqual(
			(self.units(self.before), self.units(self.after)), (36, 72), "earlier evidence keeps its CU"
		)

	def test_a_date_outside_the_set_is_refused_by_name(self):
		for day in ("2021-01-04", "2020-05-05", "not a date"):
			refused = rest("POST", "/api/method/profregister.api.desk.start_rule_set_from", self.tokens["registrar"],
				data={"name": SHIPPED, "from_date": day})  # fmt: skip
			self.assertIn(refused.status_code, (400, 417), (day, refused.text[:300]))
			self.assertIn("Effective from", refused.text, day)
		frappe.db.rollback()
		self.assertIsNone(frappe.db.get_value("CPD Rule Set", SHIPPED, "effective_to"))

	def test_only_who_writes_rule_sets(self):
		for path, method in (
			(f"/api/method/profregister.api.desk.rule_set_impact?name={SHIPPED}", "GET"),
			("/api/method/profregister.api.desk.start_rule_set_from", "POST"),
		):
			refused = rest(method, path, self.tokens["hr"], data={"name": SHIPPED, "from_date": "2025-01-01"})
			self.assertEqual(refused.status_code, 403, (path, refused.text[:300]))
		frappe.db.rollback()
		self.assertIsNone(frappe.db.get_value("CPD Rule Set", SHIPPED, "effective_to"))
