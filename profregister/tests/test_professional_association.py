"""Professional associations assess CPD (rule 4.5) without personal identifiers.

The CPD summary report is checked against figures worked out by hand; the privacy of the IIN, identity
document and addresses is checked in the Python API and over real REST requests.
"""

import json
from datetime import date

import frappe

from profregister.cpd.report.cpd_summary_for_professional_associations import (
	cpd_summary_for_professional_associations as report,
)
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
	new_iin,
)
from profregister.tests.rest import api_token, rest

# Window of the report on 30.06.2026 (5 years): 01.07.2021 - 30.06.2026, both inclusive.
ON = "2026-06-30"
DAY_BEFORE = "2026-06-29"
PRIVATE_FIELDS = (
	"iin",
	"date_of_birth",
	"place_of_birth",
	"id_document_type",
	"id_document_number",
	"id_document_issuer",
	"id_document_issue_date",
	"id_document_expiry_date",
	"residence_address",
	"registration_address",
	"registration_date",
	"documents",
)
REPORT = "CPD Summary for Professional Associations"


def verified(worker: str, criterion: str, **fields):
	evidence = make_evidence(worker, criterion, profile_matches=1, **fields)
	evidence.verify()
	return evidence


class TestProfessionalAssociation(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# A specialty of this run only, so the report can be narrowed to exactly these two workers.
		cls.specialty = (
			frappe.get_doc(
				{
					"doctype": "Specialty",
					"specialty_name": f"Test CPD specialty {frappe.generate_hash(length=8)}",
					"specialty_group": "Medical",
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		if not frappe.db.exists("Region", "Test CPD District"):
			frappe.get_doc(
				{
					"doctype": "Region",
					"region_name": "Test CPD District",
					"region_type": "District",
					"parent_region": "Karaganda Region",
				}
			).insert(ignore_permissions=True)
		cls.entity_a = make_entity("Astana").name
		cls.entity_b = make_entity("Test CPD District").name
		cls.worker_a = cls.make_worker(cls.entity_a, "Astana, Abai avenue 15, flat 7", "N10000001")
		cls.worker_b = cls.make_worker(cls.entity_b, "Karaganda, Bukhar-Zhyrau 40, flat 12", "N20000002")
		cls.iin_a, cls.iin_b = (
			frappe.db.get_value("Health Worker", w, "iin") for w in (cls.worker_a, cls.worker_b)
		)

		# Worker A: 40 + 5 + 30 = 75 CU in the window; a draft, and 20 CU a day before the window.
		verified(cls.worker_a, "01", quantity=40, date_from=date(2024, 3, 4), date_to=date(2024, 3, 9))
		verified(cls.worker_a, "04", quantity=10, date_from=date(2023, 5, 8), date_to=date(2023, 5, 10))
		verified(
			cls.worker_a, "09", unit="item", quantity=1, author_position=2, number_of_authors=4,
			date_from=date(2022, 2, 1), date_to=date(2022, 2, 1),
		)  # fmt: skip
		make_evidence(cls.worker_a, "01", quantity=36)  # draft: not counted
		verified(cls.worker_a, "01", quantity=20, date_from=date(2021, 6, 28), date_to=date(2021, 6, 30))

		# Worker B: 30 + 12 + 20 + 200 = 262 CU, on both edges of the window; a rejected one.
		verified(cls.worker_b, "01", unit="credit", quantity=1)
		verified(cls.worker_b, "03", quantity=12, date_from=date(2026, 6, 29), date_to=date(2026, 6, 30))
		verified(
			cls.worker_b, "06", variant="Republican", unit="day", quantity=2,
			date_from=date(2021, 6, 30), date_to=date(2021, 7, 1),
		)  # fmt: skip
		verified(
			cls.worker_b, "11", variant="Q2", unit="item", quantity=1, author_position=5, number_of_authors=9,
			date_from=date(2025, 4, 1), date_to=date(2025, 4, 1),
		)  # fmt: skip
		make_evidence(
			cls.worker_b, "01", quantity=50, date_from=date(2025, 2, 3), date_to=date(2025, 2, 9)
		).reject("The certificate does not state the number of hours")

		# Frappe makes the first desk user of a site a System Manager: let that be a user of its own.
		make_user("cpd.assoc.admin@test.profregister.kz", "System Manager")
		cls.association = make_user("association@test.profregister.kz", "Professional Association")
		cls.hr_a = make_user("cpd.assoc.hr.a@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.entity_a, "HR Specialist")
		for user in (cls.association, cls.hr_a):
			frappe.get_doc("User", user).remove_roles("System Manager")
		cls.association_token = api_token(cls.association)
		cls.hr_token = api_token(cls.hr_a)
		# The REST requests run on their own connection: they must see this data.
		frappe.db.commit()

	@classmethod
	def make_worker(cls, entity: str, address: str, document_number: str) -> str:
		worker = make_worker(
			entity,
			place_of_birth="Karkaraly",
			id_document_type="Identity card",
			id_document_number=document_number,
			id_document_issuer="Ministry of Internal Affairs",
			id_document_issue_date=date(2019, 5, 20),
			id_document_expiry_date=date(2029, 5, 19),
			residence_address=address,
			registration_address=address,
			registration_date=date(2015, 9, 1),
		).name
		make_employment(worker, entity, date(2020, 1, 6), specialty=cls.specialty)
		return worker

	def tearDown(self):
		frappe.set_user("Administrator")

	def run_report(self, **filters):
		"""The workers of the List view, and the chart and figures of the Summary (the default view)."""
		filters = {"specialty": self.specialty, **filters}
		rows = report.execute({**filters, "view": "List"})[1]
		_columns, _groups, _message, chart, summary = report.execute(filters)
		return {row.health_worker: row for row in rows}, chart, summary

	def secrets(self) -> list[str]:
		return [
			self.iin_a, self.iin_b, "Abai avenue", "Bukhar-Zhyrau", "N10000001", "N20000002", "Karkaraly",
			"Ministry of Internal Affairs",
		]  # fmt: skip

	def assert_no_secrets(self, body: str):
		for secret in self.secrets():
			self.assertNotIn(secret, body)

	# The report

	def test_figures_by_hand(self):
		rows, chart, summary = self.run_report(date=ON)
		self.assertEqual(set(rows), {self.worker_a, self.worker_b})
		a, b = rows[self.worker_a], rows[self.worker_b]
		self.assertEqual(
			(a.additional_education, a.non_formal_education, a.additional_competences, a.total),
			(40, 5, 30, 75),
		)
		self.assertEqual(a.evidence_count, 3)
		self.assertEqual(
			(b.additional_education, b.non_formal_education, b.additional_competences, b.total),
			(30, 12, 220, 262),
		)
		self.assertEqual(b.evidence_count, 4)
		self.assertEqual(
			(a.full_name, a.specialty, a.healthcare_entity, a.region),
			("Testova Aigerim", self.specialty, self.entity_a, "Astana"),
		)
		self.assertEqual((b.healthcare_entity, b.region), (self.entity_b, "Test CPD District"))
		self.assertEqual([s["value"] for s in summary], [2, 168.5, 1])  # (75 + 262) / 2; 75 < 100 CU
		self.assertEqual(chart["data"]["labels"], ["0–49", "50–99", "100–149", "150–199", "200–249", "250+"])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [0, 1, 0, 0, 0, 1])

	def test_window_moves_with_the_date(self):
		# Window 30.06.2021 - 29.06.2026: A's 20 CU come in, B's 12 CU of 30.06.2026 drop out.
		rows, chart, summary = self.run_report(date=DAY_BEFORE)
		a, b = rows[self.worker_a], rows[self.worker_b]
		self.assertEqual((a.additional_education, a.total, a.evidence_count), (60, 95, 4))
		self.assertEqual((b.non_formal_education, b.total, b.evidence_count), (0, 250, 3))
		self.assertEqual([s["value"] for s in summary], [2, 172.5, 1])
		self.assertEqual(chart["data"]["datasets"][0]["values"], [0, 1, 0, 0, 0, 1])

	def test_filters(self):
		def workers(**filters):
			return set(self.run_report(date=ON, **filters)[0])

		self.assertEqual(workers(healthcare_entity=self.entity_a), {self.worker_a})
		# A region means the region and the districts under it.
		self.assertEqual(workers(region="Karaganda Region"), {self.worker_b})
		self.assertEqual(workers(region="Astana"), {self.worker_a})
		self.assertEqual(workers(min_total=100), {self.worker_b})
		self.assertEqual(workers(max_total=100), {self.worker_a})
		self.assertEqual(workers(min_total=75, max_total=75), {self.worker_a})
		self.assertEqual(workers(min_total=262, max_total=262), {self.worker_b})
		self.assertEqual(workers(min_total=76, max_total=261), set())
		self.assertEqual(workers(min_total=0, max_total=""), {self.worker_a, self.worker_b})

	def test_report_is_scoped(self):
		with self.set_user(self.hr_a):
			self.assertEqual(set(self.run_report(date=ON)[0]), {self.worker_a})
			self.assertEqual(self.run_report(date=ON, healthcare_entity=self.entity_b)[0], {})
		with self.set_user(self.association):
			self.assertEqual(set(self.run_report(date=ON)[0]), {self.worker_a, self.worker_b})

	def test_report_over_rest(self):
		response = rest(
			"GET",
			"/api/method/frappe.desk.query_report.run",
			self.association_token,
			query_string={
				"report_name": REPORT,
				"filters": json.dumps({"date": ON, "specialty": self.specialty, "view": "List"}),
			},
		)
		self.assertEqual(response.status_code, 200, response.text)
		result = response.json["message"]
		totals = {row["health_worker"]: row["total"] for row in result["result"]}
		self.assertEqual(totals, {self.worker_a: 75, self.worker_b: 262})
		self.assert_no_secrets(response.text)

	# Privacy of the register for an association: CPD data only, never the register's records

	def test_association_has_no_access_to_the_register(self):
		with self.set_user(self.association):
			self.assertFalse(frappe.has_permission("Health Worker", "read", self.worker_a))
			self.assertTrue(frappe.has_permission("CPD Evidence", "read"))
			self.assertTrue(frappe.has_permission("CPD Confirmation", "read"))
		token = self.association_token
		for path, params in (
			(f"/api/resource/Health Worker/{self.worker_a}", {}),
			("/api/resource/Health Worker", {"fields": json.dumps(["name", "iin"])}),
			(
				"/api/method/frappe.desk.reportview.get",
				{"doctype": "Health Worker", "fields": json.dumps(["name", "iin"])},
			),
			("/api/method/frappe.desk.form.load.getdoc", {"doctype": "Health Worker", "name": self.worker_a}),
		):
			response = rest("GET", path, token, query_string=params)
			self.assertEqual(response.status_code, 403, (path, response.text[:300]))
			self.assert_no_secrets(response.text)
		evidence = rest(
			"GET",
			"/api/resource/CPD Evidence",
			token,
			query_string={
				"fields": json.dumps(["*"]),
				"filters": json.dumps([["health_worker", "=", self.worker_a]]),
			},
		)
		self.assertEqual(evidence.status_code, 200, evidence.text)
		self.assertTrue(evidence.json["data"])
		self.assert_no_secrets(evidence.text)

	def test_identifiers_are_a_level_of_their_own(self):
		"""A role given the register's records without level 1 (as an administrator might) sees no identifiers."""
		from frappe.permissions import add_permission, reset_perms

		add_permission("Health Worker", "Professional Association", 0)
		try:
			with self.set_user(self.association):
				doc = frappe.get_doc("Health Worker", self.worker_a)
				doc.apply_fieldlevel_read_permissions()
				data = doc.as_dict()
				self.assertEqual(
					{field: data.get(field) or None for field in PRIVATE_FIELDS},
					dict.fromkeys(PRIVATE_FIELDS),
				)
				self.assertEqual(data["full_name"], "Testova Aigerim")
				self.assert_no_secrets(frappe.as_json(data))
		finally:
			reset_perms("Health Worker")

	# HR keeps reading and writing the identifiers of their own workers

	def test_hr_reads_and_writes_identifiers(self):
		with self.set_user(self.hr_a):
			doc = frappe.get_doc("Health Worker", self.worker_a)
			doc.apply_fieldlevel_read_permissions()
			self.assertEqual((doc.iin, doc.id_document_number), (self.iin_a, "N10000001"))
			self.assertEqual(
				frappe.get_list("Health Worker", filters={"name": self.worker_a}, pluck="iin"), [self.iin_a]
			)
			# A corrected IIN (same birth date and sex), document number and address.
			corrected = new_iin(date(1985, 4, 12), "Female")
			doc.iin, doc.id_document_number = corrected, "N10000009"
			doc.residence_address = "Astana, Kabanbay batyr 2"
			doc.save()
			hired = make_worker(
				self.entity_a, ignore_permissions=False, residence_address="Astana, Mangilik El 1"
			)
		self.assertEqual(
			frappe.db.get_value(
				"Health Worker", self.worker_a, ["iin", "id_document_number", "residence_address"]
			),
			(corrected, "N10000009", "Astana, Kabanbay batyr 2"),
		)
		self.assertEqual(len(frappe.db.get_value("Health Worker", hired.name, "iin")), 12)
		self.assertEqual(
			frappe.db.get_value("Health Worker", hired.name, "residence_address"), "Astana, Mangilik El 1"
		)

	def test_hr_over_rest(self):
		own = rest("GET", f"/api/resource/Health Worker/{self.worker_a}", self.hr_token)
		self.assertEqual(own.status_code, 200, own.text)
		self.assertEqual(own.json["data"]["iin"], self.iin_a)
		update = rest(
			"PUT",
			f"/api/resource/Health Worker/{self.worker_a}",
			self.hr_token,
			json={"registration_address": "Astana, Turan 55"},
		)
		self.assertEqual(update.status_code, 200, update.text)
		self.assertEqual(update.json["data"]["registration_address"], "Astana, Turan 55")
		# A fresh snapshot: the request committed on its own connection.
		frappe.db.rollback()
		self.assertEqual(
			frappe.db.get_value("Health Worker", self.worker_a, "registration_address"), "Astana, Turan 55"
		)
