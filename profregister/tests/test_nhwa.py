"""WHO NHWA indicators from the register, in the user's scope, over real HTTP: the report, its CSV in the
stated layout, densities only from sourced populations; API clients and their logs are the
administrator's alone."""

import csv
import io
import json
from datetime import date

import frappe

from profregister.domain import nhwa as nhwa_domain
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_region,
	make_district,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

CSV = "/api/method/profregister.api.nhwa_indicators_csv"


class TestNHWA(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		mark = frappe.generate_hash(length=6)
		cls.district = make_district("Ulytau Region")
		entity = make_entity(cls.district, ownership="Private", entity_type="Hospital").name
		# Two doctors (one new in 2025), a nurse who retired in 2025, a nurse who died in 2025.
		for position, specialty, start, end, reason, sex in (
			("Surgeon", "Surgery", date(2015, 1, 1), None, None, "Male"),
			("Physician", "General practice", date(2025, 3, 1), None, None, "Female"),
			("Nurse", "Nursing", date(2010, 1, 1), date(2025, 6, 30), "Retirement", "Female"),
			("Nurse", "Nursing", date(2012, 1, 1), date(2025, 8, 31), "Death", "Female"),
			("Nurse", "Nursing", date(2018, 1, 1), None, None, "Female"),
		):
			worker = make_worker(entity, sex=sex, born=date(1980, 1, 1)).name
			make_employment(worker, entity, start, end, position=position, specialty=specialty, rate=1,
				end_reason=reason)  # fmt: skip
		cls.regional = make_user(f"nhwa.region.{mark}@test.profregister.kz")
		link_user_to_region(cls.regional, cls.district)
		cls.coordinator = make_user(f"nhwa.coord.{mark}@test.profregister.kz", "National Coordinator")
		cls.hr = make_user(f"nhwa.hr.{mark}@test.profregister.kz", "HR Specialist")
		cls.tokens = {k: api_token(getattr(cls, k)) for k in ("regional", "coordinator", "hr")}
		frappe.db.commit()

	def csv_rows(self, who: str, **query) -> list[dict]:
		response = rest("GET", CSV, self.tokens[who], query_string={"year": 2025, **query})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		reader = csv.DictReader(io.StringIO(response.get_data(as_text=True)))
		self.assertEqual(tuple(reader.fieldnames), nhwa_domain.CSV_COLUMNS)
		return list(reader)

	def figure(self, rows, code, occupation="", category=None) -> dict:
		return next(r for r in rows if r["indicator_code"] == code and r["occupation_isco"] == occupation
			and (category is None or r["category"] == category))  # fmt: skip

	def test_a_districts_department_gets_its_figures_and_no_density_of_the_region(self):
		rows = self.csv_rows("regional")
		self.assertEqual(self.figure(rows, "REG-HC")["value"], "3")
		self.assertEqual(self.figure(rows, "REG-HC", "221")["value"], "2")
		self.assertEqual(self.figure(rows, "REG-FTE", "222")["value"], "1.0")
		density = self.figure(rows, "1-03", "", "Ulytau Region")
		self.assertEqual((density["value"], density["note"]), ("", "Only part of the region is in view"))
		self.assertFalse([r for r in rows if r["category"] == "Kazakhstan"], "no country line for a district")
		self.assertEqual(self.figure(rows, "5-01")["numerator"], "1")  # the doctor new in 2025
		self.assertEqual(self.figure(rows, "5-03")["numerator"], "1")  # retirement
		self.assertEqual(self.figure(rows, "5-04")["numerator"], "1")  # death
		# Rates per 100 of the main jobs held on 1 January 2025: the surgeon and three nurses.
		self.assertEqual(
			(self.figure(rows, "5-03")["denominator"], self.figure(rows, "5-03")["value"]), ("4", "25.0")
		)
		# A code not read in a source says so; the register's own measures are not NHWA's.
		self.assertEqual(self.figure(rows, "1-03", "", "Ulytau Region")["code_status"], "Unverified")
		self.assertEqual(self.figure(rows, "REG-HC")["code_status"], "The register's own measure")
		sex = {
			r["category"]: r["value"]
			for r in rows
			if r["indicator_code"] == "1-06" and r["occupation_isco"] == ""
		}
		self.assertEqual(sex, {"Female": "66.67", "Male": "33.33"})
		self.assertEqual(self.figure(rows, "1-10", "", "Private")["value"], "100.0")

	def test_the_coordinator_gets_densities_from_sourced_populations_only(self):
		rows = self.csv_rows("coordinator")
		country = self.figure(rows, "1-03", "", "Kazakhstan")
		self.assertEqual(country["denominator"], "20495975")
		ulytau = self.figure(rows, "1-03", "", "Ulytau Region")
		self.assertEqual(ulytau["denominator"], "218993")
		unsourced = [
			r for r in rows if r["indicator_code"] == "1-03" and r["note"] == "No sourced population estimate"
		]
		self.assertTrue(all(r["value"] == "" and r["denominator"] == "" for r in unsourced))
		self.assertFalse(
			frappe.db.exists("Population Estimate", {"region": "Pavlodar Region"}), "never invented"
		)

	def test_the_report_in_russian_and_who_may_run_it(self):
		response = rest("POST", "/api/method/frappe.desk.query_report.run", self.tokens["regional"],
			data={"report_name": "NHWA Indicators", "filters": json.dumps({"year": 2025})},
			headers={"Accept-Language": "ru"})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertTrue(response.json["message"]["result"])
		self.assertEqual(rest("GET", CSV, self.tokens["hr"], query_string={"year": 2025}).status_code, 403)
		self.assertEqual(
			rest("GET", CSV, self.tokens["regional"], query_string={"year": "soon"}).status_code, 417
		)

	def test_clients_and_logs_are_the_administrators(self):
		frappe.get_doc({"doctype": "Register API Client", "client_name": f"Client {frappe.generate_hash(length=6)}",
			"scope": "National"}).insert()  # fmt: skip
		frappe.db.commit()
		for who in ("regional", "coordinator", "hr"):
			for doctype in ("Register API Client", "Register Access Log"):
				response = rest("GET", f"/api/resource/{doctype}", self.tokens[who])
				self.assertEqual(response.status_code, 403, (who, doctype))
				count = rest(
					"POST", "/api/method/frappe.client.get_count", self.tokens[who], data={"doctype": doctype}
				)
				self.assertEqual(count.status_code, 403, (who, doctype))
