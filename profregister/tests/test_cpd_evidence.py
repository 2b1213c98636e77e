"""CPD evidence: valued on the server by the rule set in force, checked by HR, refused when it breaks a rule."""

from datetime import date

import frappe

from profregister.services.cpd import credit_units as cpd
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_entity,
	make_evidence,
	make_file,
	make_user,
	make_worker,
)


class TestCPDEvidence(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity()
		cls.hr = make_user("cpd.hr@example.com", "HR Specialist")
		link_user_to_entity(cls.hr, cls.entity.name)

	def setUp(self):
		self.worker = make_worker(self.entity.name).name

	def assert_refused(self, message: str, **fields):
		before = frappe.db.count("CPD Evidence", {"health_worker": self.worker})
		with self.assertRaisesRegex((frappe.ValidationError, frappe.DuplicateEntryError), message):
			make_evidence(self.worker, **fields)
		self.assertEqual(frappe.db.count("CPD Evidence", {"health_worker": self.worker}), before)

	def test_valued_on_the_server(self):
		course = make_evidence(self.worker, quantity=36, credit_units=999)
		self.assertEqual((course.credit_units, course.rule_set), (36, "DSM-283/2020 Appendix 1"))
		webinar = make_evidence(self.worker, "04", quantity=3)
		self.assertEqual(webinar.credit_units, 1.5)
		credits = make_evidence(self.worker, "01", unit="credit", quantity=2)
		self.assertEqual(credits.credit_units, 60)
		article = make_evidence(
			self.worker, "11", variant="Q2", unit="item", quantity=1, author_position=5, number_of_authors=9
		)
		self.assertEqual(article.credit_units, 200)

	def test_the_worker_is_told_of_the_check(self):
		account = make_user(f"evidence.{frappe.generate_hash(length=6)}@test.profregister.kz")
		worker = frappe.get_doc("Health Worker", self.worker)
		worker.user = account
		worker.save(ignore_permissions=True)
		verified = make_evidence(self.worker, quantity=36, profile_matches=1, title='Курс "ЭКГ" & ЧСС')
		rejected = make_evidence(self.worker, "04", quantity=3)
		with self.set_user(self.hr):
			verified.verify()
			rejected.reject("No certificate of attendance")
		logs = dict(
			frappe.get_all("Notification Log", filters={"for_user": account}, fields=["document_name", "subject"],
				as_list=True)
		)  # fmt: skip
		self.assertIn("36", logs[verified.name])
		self.assertIn("Курс &quot;ЭКГ&quot; &amp; ЧСС", logs[verified.name], "stored text is escaped")
		self.assertIn("No certificate of attendance", logs[rejected.name])

	def test_bad_input_refused(self):
		self.assert_refused("Quantity must be greater than zero", quantity=0)
		self.assert_refused("Quantity must be greater than zero", quantity=-4)
		self.assert_refused(
			"At most 48 hours fit", quantity=49, date_from=date(2024, 3, 4), date_to=date(2024, 3, 5)
		)
		self.assert_refused("is in the future", date_from=date(2026, 1, 1), date_to=date(2099, 1, 1))
		self.assert_refused("is after end date", date_from=date(2024, 3, 9), date_to=date(2024, 3, 4))
		self.assert_refused("needs a variant; choose one of: Q1", criterion="11", unit="item", quantity=1)
		self.assert_refused(
			"has no rate for variant Q5", criterion="11", variant="Q5", unit="item", quantity=1
		)
		self.assert_refused(
			"counts only the first or sole author",
			criterion="08", unit="item", quantity=1, author_position=3, number_of_authors=3,
		)  # fmt: skip
		self.assert_refused(
			"counts only the first 3 authors",
			criterion="09", unit="item", quantity=1, author_position=4, number_of_authors=6,
		)  # fmt: skip
		self.assert_refused(
			"requires at least 12 months",
			criterion="17", variant="Republican", unit="item", quantity=1,
			date_from=date(2024, 1, 10), date_to=date(2025, 1, 8),
		)  # fmt: skip
		self.assert_refused("needs a notarised translation", document_language="English")
		self.assert_refused("Attach the supporting document", attachment="")

	def test_foreign_document_with_translation(self):
		evidence = make_evidence(self.worker, document_language="English", translation_attachment=make_file())
		self.assertEqual(evidence.credit_units, 36)

	def test_membership_of_a_full_year(self):
		evidence = make_evidence(
			self.worker, "17", variant="Republican", unit="item", quantity=1,
			date_from=date(2024, 1, 10), date_to=date(2025, 1, 9),
		)  # fmt: skip
		self.assertEqual(evidence.credit_units, 30)

	def test_duplicates_refused(self):
		content = f"scan {frappe.generate_hash()}".encode()
		first = make_evidence(self.worker, attachment=make_file(content))
		self.assert_refused("same supporting document", attachment=make_file(content, "copy.pdf"))
		self.assert_refused(
			"already entered", title=first.title, date_from=first.date_from, date_to=first.date_to
		)

	def test_verify_and_reject(self):
		evidence = make_evidence(self.worker)
		with self.set_user(self.hr):
			with self.assertRaisesRegex(frappe.ValidationError, "profile of the declared specialty"):
				frappe.get_doc("CPD Evidence", evidence.name).verify()
			doc = frappe.get_doc("CPD Evidence", evidence.name)
			doc.profile_matches = 1
			doc.save()
			doc.verify()
			self.assertEqual((doc.status, doc.verified_by), ("Verified", self.hr))
			doc.reload()
			doc.quantity = 100
			with self.assertRaisesRegex(frappe.ValidationError, "Verified evidence cannot be changed"):
				doc.save()

			other = make_evidence(self.worker, ignore_permissions=False)
			with self.assertRaisesRegex(frappe.ValidationError, "Give the reason"):
				other.reject("  ")
			other.reject("The certificate does not state the number of hours")
			self.assertEqual(frappe.db.get_value("CPD Evidence", other.name, "status"), "Rejected")

	def test_status_cannot_be_set_directly(self):
		evidence = make_evidence(self.worker, status="Verified")
		self.assertEqual(evidence.status, "Draft")

	def test_worker_cannot_verify_own_evidence(self):
		user = make_user("cpd.worker@example.com")
		worker = frappe.get_doc("Health Worker", self.worker)
		worker.user = user
		worker.flags.ignore_permissions = True
		worker.save()
		evidence = make_evidence(self.worker, profile_matches=1)
		with self.set_user(user):
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc("CPD Evidence", evidence.name).verify()

	def test_evidence_for_another_entity_refused(self):
		stranger = make_worker(make_entity("Shymkent").name).name
		with self.set_user(self.hr):
			with self.assertRaises(frappe.PermissionError):
				make_evidence(stranger, ignore_permissions=False)
		self.assertFalse(frappe.db.exists("CPD Evidence", {"health_worker": stranger}))

	def test_worker_total_counts_verified_evidence_in_the_window(self):
		def verified(**fields):
			doc = make_evidence(self.worker, profile_matches=1, **fields)
			doc.verify()
			return doc

		verified(quantity=10, date_from=date(2021, 11, 23), date_to=date(2021, 11, 23))  # first day in
		verified(quantity=20, date_from=date(2021, 11, 22), date_to=date(2021, 11, 22))  # a day too early
		verified(criterion="04", quantity=4, date_from=date(2026, 11, 22), date_to=date(2026, 11, 22))
		verified(criterion="11", variant="Q1", unit="item", quantity=1, author_position=1)
		make_evidence(self.worker, quantity=100)  # not verified
		with self.freeze_time(date(2026, 11, 22)):
			result = cpd.worker_credit_units(self.worker)
		self.assertEqual(result["by_criterion"][1], 10)
		self.assertEqual(result["by_criterion"][4], 2)
		self.assertEqual(result["by_criterion"][11], 300)
		self.assertEqual(
			result["by_chapter"],
			{"Additional education": 10, "Non-formal education": 2, "Additional competences": 300},
		)
		self.assertEqual(result["total"], 312)


def make_rule_set(name: str, start: date, end: date | None, hour_rate: float):
	return frappe.get_doc(
		{
			"doctype": "CPD Rule Set",
			"rule_set_name": name,
			"effective_from": start,
			"effective_to": end,
			"rates": [{"criterion": "01", "unit": "hour", "per_quantity": 1, "credit_units": hour_rate}],
		}
	).insert()


class TestRuleSetChange(CleanTestCase):
	def test_evidence_valued_by_the_set_in_force_on_its_date(self):
		worker = make_worker(make_entity().name).name
		sets = [make_rule_set("Test rates 2019", date(2019, 1, 1), date(2019, 6, 30), 1)]
		try:
			early = make_evidence(worker, quantity=10, date_from=date(2019, 6, 1), date_to=date(2019, 6, 3))
			late = make_evidence(worker, quantity=10, date_from=date(2019, 6, 18), date_to=date(2019, 6, 20))
			self.assertEqual((late.credit_units, late.rule_set), (10, "Test rates 2019"))
			# An amendment from 15 June: evidence dated after it is revalued, earlier evidence is not even
			# read (a stored marker on it survives the revaluation).
			frappe.db.set_value("CPD Evidence", early.name, "credit_units", 99, update_modified=False)
			sets.append(make_rule_set("Test amendment 2019", date(2019, 6, 15), date(2019, 6, 30), 2))
			late.reload()
			early.reload()
			self.assertEqual((late.credit_units, late.rule_set), (20, "Test amendment 2019"))
			self.assertEqual((early.credit_units, early.rule_set), (99, "Test rates 2019"))
			with self.assertRaisesRegex(frappe.ValidationError, "No CPD rule set is in force on 01.07.2019"):
				make_evidence(worker, quantity=10, date_from=date(2019, 7, 1), date_to=date(2019, 7, 1))
		finally:
			for name in frappe.get_all("CPD Evidence", filters={"health_worker": worker}, pluck="name"):
				frappe.delete_doc("CPD Evidence", name)
			for rule_set in reversed(sets):
				frappe.delete_doc("CPD Rule Set", rule_set.name)
			frappe.db.commit()

	def test_duplicate_rate_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "listed twice"):
			frappe.get_doc(
				{
					"doctype": "CPD Rule Set",
					"rule_set_name": "Test duplicate rate",
					"effective_from": date(2030, 1, 1),
					"rates": [
						{"criterion": "01", "unit": "hour", "credit_units": 1},
						{"criterion": "01", "unit": "hour", "credit_units": 2},
					],
				}
			).insert()
