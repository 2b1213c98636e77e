"""Numbers in the desk reports, over real HTTP: counts are Int columns, rates and credit units Float with
two decimals (never the system's three: "0.000"), exports keep plain numbers, and a kk or ru user's desk
writes them with a decimal comma and a space between thousands (issue 25)."""

import csv
import io
import json
from datetime import date

import frappe

from profregister.tests.factories import (
	CleanTestCase,
	make_district,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest, signed_in

RUN, EXPORT = "/api/method/frappe.desk.query_report.run", "/api/method/frappe.desk.query_report.export_query"
PASSWORD = "Numbers-2026!"
REPORTS = {
	"NHWA Indicators": {"year": 2025},
	"Quarterly Forecast": {},
	"Monthly Register Report": {},
	"Employees for Advanced Training": {},
	"Staffing Need by Specialty": {},
	"Certificate Expiry": {"view": "List"},
	"CPD Summary for Professional Associations": {},
}


class TestReportNumbers(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		mark = frappe.generate_hash(length=6)
		entity = make_entity(make_district("Abai Region")).name
		for position, specialty, rate in (("Surgeon", "Surgery", 1), ("Nurse", "Nursing", 0.5)):
			worker = make_worker(entity, born=date(1980, 1, 1)).name
			make_employment(
				worker, entity, date(2015, 1, 1), position=position, specialty=specialty, rate=rate
			)
		cls.coordinator = make_user(f"numbers.coord.{mark}@test.profregister.kz", "National Coordinator")
		cls.token = api_token(cls.coordinator)
		cls.readers = {}
		for lang in ("ru", "kk", "en"):
			user = make_user(f"numbers.{lang}.{mark}@test.profregister.kz", "National Coordinator")
			frappe.db.set_value("User", user, "language", lang)
			frappe.get_doc("User", user).update({"new_password": PASSWORD}).save(ignore_permissions=True)
			cls.readers[lang] = user
		frappe.db.commit()

	def run_report(self, name: str, **filters) -> dict:
		data = {"report_name": name, "filters": json.dumps({**REPORTS.get(name, {}), **filters})}
		response = rest("POST", RUN, self.token, data=data)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		return response.json["message"]

	def test_nhwa_counts_are_whole_and_rates_have_two_decimals(self):
		report = self.run_report("NHWA Indicators")
		types = {c["fieldname"]: (c["fieldtype"], c.get("precision")) for c in report["columns"]}
		self.assertEqual(types["numerator"], ("Int", None))
		self.assertEqual(types["denominator"], ("Int", None))
		self.assertEqual(types["value"], ("Float", 2))
		headcounts = [r for r in report["result"] if r["code"] == "REG-HC"]
		self.assertTrue(headcounts)
		for row in headcounts:
			self.assertTrue(row["is_count"])
			self.assertIsInstance(row["value"], int)
			self.assertEqual(row["numerator"], row["value"])
		# The FTE is a sum of rates, not a count: it is the value, with no numerator of people.
		fte = [r for r in report["result"] if r["code"] == "REG-FTE"]
		self.assertTrue(fte)
		self.assertEqual({(r["is_count"], r["numerator"]) for r in fte}, {(False, None)})
		self.assertTrue(any(r["value"] % 1 for r in fte), "the half-time nurse's 0.5 FTE")

	def test_no_report_shows_the_systems_three_decimals(self):
		for name in REPORTS:
			with self.subTest(report=name):
				for column in self.run_report(name)["columns"]:
					if isinstance(column, dict) and column.get("fieldtype") in ("Float", "Currency"):
						self.assertIn(column.get("precision"), (1, 2, "1", "2"), column["fieldname"])

	def test_exports_keep_plain_numbers(self):
		data = {"report_name": "NHWA Indicators", "filters": json.dumps({"year": 2025}),
			"file_format_type": "CSV", "visible_idx": json.dumps(list(range(1000)))}  # fmt: skip
		response = rest("POST", EXPORT, self.token, data=data)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
		header = rows[0]
		values = [r[header.index("Value")] for r in rows[1:] if r[header.index("Code")] == "REG-FTE"]
		self.assertTrue(values)
		for value in values:
			self.assertRegex(value, r"^\d+(\.\d+)?$")

	def test_the_desk_of_a_kazakh_or_russian_user_writes_a_decimal_comma(self):
		system = frappe.db.get_default("number_format") or "#,###.##"
		for lang, expected in (("ru", "# ###,##"), ("kk", "# ###,##"), ("en", system)):
			with self.subTest(lang=lang):
				(page,) = signed_in(self.readers[lang], PASSWORD, ["/app"])
				self.assertEqual(page.status_code, 200)
				self.assertEqual(boot(page.get_data(as_text=True))["sysdefaults"]["number_format"], expected)


def boot(html: str) -> dict:
	"""The boot the desk page carries (`frappe.boot = JSON.parse("...")`)."""
	start = html.index("frappe.boot = JSON.parse(") + len("frappe.boot = JSON.parse(")
	return json.loads(json.JSONDecoder().raw_decode(html[start:])[0])
