"""Bad input gets a clear 4xx naming the field, never a 500, never a saved record; stored values are
escaped where they are printed; a worker blocked by the nightly job cannot be hired."""

import io
import json
from datetime import date, timedelta

import frappe
import openpyxl
from frappe.utils import getdate, today

from profregister.services.certificates import lifecycle as certificates
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	new_iin,
)
from profregister.tests.rest import api_token, rest

XSS = ["<svg/onload=alert(1)>", '["<img src=x onerror=alert(1)>"]', '["<svg/onload=alert(1)>", "x"]']


class TestBadInput(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Astana").name
		cls.hr = make_user(f"hr.bad.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.worker = make_worker(cls.entity).name
		make_employment(cls.worker, cls.entity, date(2015, 1, 1))
		cls.token = api_token(cls.hr)
		frappe.db.commit()

	def tearDown(self):
		# Requests run on their own connection: no lock of this one may outlive a test.
		frappe.db.rollback()

	def counts(self):
		return {
			dt: frappe.db.count(dt)
			for dt in ("Health Worker", "Employment", "Specialist Certificate", "CPD Evidence")
		}

	def assert_refused(self, method, path, label, **kwargs):
		before = self.counts()
		response = rest(method, path, self.token, **kwargs)
		body = response.get_data(as_text=True)
		self.assertTrue(400 <= response.status_code < 500, f"{label}: {response.status_code} {body[:300]}")
		self.assertNotIn("Traceback", json.loads(body).get("exc", "") if body.startswith("{") else body)
		self.assertEqual(self.counts(), before, f"{label}: something was saved")
		return body

	def worker_payload(self, **fields):
		return {
			"iin": new_iin(),
			"last_name": "Testova",
			"first_name": "Aigerim",
			"current_entity": self.entity,
			**fields,
		}

	def job_payload(self, **fields):
		return {"health_worker": self.worker, "healthcare_entity": self.entity, "position": "Nurse",
			"specialty": "Nursing", "start_date": "2024-01-01", "is_main": 0, "rate": 0.5, **fields}  # fmt: skip

	def evidence_payload(self, **fields):
		return {"health_worker": self.worker, "criterion": "01", "unit": "hour", "quantity": 36,
			"title": "Course", "date_from": "2024-03-04", "date_to": "2024-03-09",
			"document_language": "Russian", **fields}  # fmt: skip

	def test_corpus(self):
		cases = [
			("IIN as list", "Health Worker", self.worker_payload(iin=[new_iin()]), "IIN"),
			("IIN as object", "Health Worker", self.worker_payload(iin={"a": 1}), "IIN"),
			("last name as list", "Health Worker", self.worker_payload(last_name=["x"]), "Surname"),
			("10 MB address", "Health Worker", self.worker_payload(residence_address="x" * 10_000_000), "residence"),
			("emoji in a name", "Health Worker", self.worker_payload(first_name="Ai😀gerim"), "Name"),
			("control character in a name", "Health Worker", self.worker_payload(first_name="Ai\x07gerim"), "Name"),
			("a name without a letter", "Health Worker", self.worker_payload(first_name=". ."), "Name"),
			("U+202E in a name", "Health Worker", self.worker_payload(last_name="Test\u202eova"), "Surname"),
			("health_worker as list", "Employment", self.job_payload(health_worker=[self.worker]), "Health worker"),
			("rate of 1e9 FTE", "Employment", self.job_payload(rate=1_000_000_000), "Rate"),
			("rate 1.5e9", "Employment", self.job_payload(rate=1.5e9), "Rate"),
			("start in 2076", "Employment", self.job_payload(start_date="2076-01-01"), "Start date"),
			("start before birth", "Employment", self.job_payload(start_date="1980-01-01"), "Start date"),
			("quantity abc", "CPD Evidence", self.evidence_payload(quantity="abc"), "Quantity"),
			("quantity [1]", "CPD Evidence", self.evidence_payload(quantity=[1]), "Quantity"),
			("quantity 1e12", "CPD Evidence", self.evidence_payload(quantity=1e12), "Quantity"),
			("certificate issued in 2030", "Specialist Certificate",
				{"health_worker": self.worker, "certificate_number": "X1", "specialty": "Nursing",
				"issuing_body": "NCIE", "issue_date": "2030-01-01", "valid_until": "2035-01-01"}, "Issue date"),
			("certificate valid 100 years", "Specialist Certificate",
				{"health_worker": self.worker, "certificate_number": "X2", "specialty": "Nursing",
				"issuing_body": "NCIE", "issue_date": "2020-01-01", "valid_until": "2120-01-01"}, "10 years"),
		]  # fmt: skip
		cases += [
			(f"markup {x!r} in a name", "Health Worker", self.worker_payload(last_name=x), "Surname")
			for x in XSS
		]
		cases += [
			(f"markup {x!r} in an order number", "Employment", self.job_payload(order_number=x), "Order")
			for x in XSS
		]
		for label, doctype, payload, field in cases:
			body = self.assert_refused("POST", f"/api/resource/{doctype}", label, json=payload)
			self.assertIn(field.lower(), body.lower(), f"{label}: the message names the field")

	def test_spreadsheet_formulas_never_come_in_nor_go_out(self):
		for value in ("=1+1", "-1+1", "@SUM(A1)", '\'=0+HYPERLINK("http://x")', "-0+cmd|' /C calc'!A0"):
			payload = self.worker_payload(place_of_birth=value)
			body = self.assert_refused("POST", "/api/resource/Health Worker", value, json=payload)
			self.assertIn("place of birth", body.lower(), value)
		# A value stored past the rule (before it existed) leaves a Frappe export only as text.
		frappe.db.set_value("Health Worker", self.worker, "place_of_birth", "=1+1", update_modified=False)
		frappe.db.commit()
		registrar = make_user(
			f"registrar.export.{frappe.generate_hash(length=6)}@test.profregister.kz",
			"Register Administrator",
		)
		token = api_token(registrar)
		frappe.db.commit()
		fields = ["`tabHealth Worker`.`name`", "`tabHealth Worker`.`place_of_birth`"]
		for file_format in ("CSV", "Excel"):
			response = rest(
				"POST",
				"/api/method/frappe.desk.reportview.export_query",
				token,
				data={"doctype": "Health Worker", "file_format_type": file_format, "title": "Health Worker",
					"fields": json.dumps(fields), "filters": json.dumps([["Health Worker", "name", "=", self.worker]])},
			)  # fmt: skip
			self.assertEqual(response.status_code, 200, response.get_data()[:300])
			content = response.get_data()
			if file_format == "Excel":
				sheet = openpyxl.load_workbook(io.BytesIO(content)).active
				content = "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row).encode()
			self.assertIn(b"'=1+1", content, file_format)

	def test_names_are_stored_clean(self):
		"""A dash for "no patronymic" is empty, invisible characters go, a decomposed letter is one."""
		payload = self.worker_payload(last_name="Ки\u200bм", first_name="И\u0306ван", patronymic="-")
		response = rest("POST", "/api/resource/Health Worker", self.token, json=payload)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		saved = response.json["data"]
		self.assertEqual((saved["full_name"], saved["patronymic"]), ("Ким Йван", ""))

	def test_bad_method_arguments(self):
		self.assert_refused("POST", "/api/method/profregister.api.get_offered_variants", "criterion abc",
			json={"criterion": "abc"})  # fmt: skip
		self.assert_refused("POST", "/api/method/profregister.api.get_offered_variants", "criterion list",
			json={"criterion": ["01"]})  # fmt: skip
		for value in ("abc", "880229412345", ["880229412346"]):
			body = self.assert_refused("POST", "/api/method/profregister.api.read_iin", f"IIN {value!r}",
				json={"iin": value})  # fmt: skip
			self.assertIn("iin", body.lower())
		self.assert_refused("POST", "/api/method/profregister.api.preview_credit_units", "evidence list",
			json={"values": [1]})  # fmt: skip
		for report, field in (
			("Quarterly Forecast", "quarters"),
			("Employees for Advanced Training", "horizon_months"),
		):
			for value in ("abc", "1e9", "[1]"):
				self.assert_refused("POST", "/api/method/frappe.desk.query_report.run", f"{report} {value}",
					data={"report_name": report, "filters": json.dumps({field: value})})  # fmt: skip

	def test_put_with_bad_types_changes_nothing(self):
		before = frappe.db.get_value("Health Worker", self.worker, ["last_name", "iin"], as_dict=True)
		self.assert_refused(
			"PUT", f"/api/resource/Health Worker/{self.worker}", "PUT list", json={"last_name": ["x"]}
		)
		self.assert_refused("PUT", f"/api/resource/Health Worker/{self.worker}", "PUT markup",
			json={"last_name": XSS[1]})  # fmt: skip
		self.assertEqual(
			frappe.db.get_value("Health Worker", self.worker, ["last_name", "iin"], as_dict=True), before
		)

	def test_stored_markup_prints_inert(self):
		"""Values stored before these checks (or by a direct database write) are escaped on output."""
		worker = make_worker(self.entity)
		make_employment(worker.name, self.entity, date(2018, 1, 1))
		doc = frappe.get_doc(
			{"doctype": "CPD Confirmation", "health_worker": worker.name, "declared_specialty": "Nursing"}
		).insert(ignore_permissions=True)
		frappe.db.set_value(
			"CPD Confirmation", doc.name, {"full_name": XSS[0], "place_of_work": XSS[1], "docstatus": 1}
		)
		doc.reload()
		html = frappe.get_print(
			"CPD Confirmation", doc.name, "Appendix 2 - Confirmation of CPD results", doc=doc
		)
		self.assertNotIn("<svg/onload", html)
		self.assertNotIn("<img src=x", html)
		self.assertIn("&lt;svg/onload", html)
		frappe.db.commit()
		page = rest("GET", f"/cpd-verify?code={doc.verification_code}", self.token).get_data(as_text=True)
		self.assertNotIn("<svg/onload", page)
		frappe.db.set_value("CPD Confirmation", doc.name, "docstatus", 2)
		frappe.db.commit()

	def test_blocked_by_the_nightly_job_cannot_be_hired(self):
		worker = make_worker(self.entity).name
		make_employment(worker, self.entity, date(2015, 1, 1), date(2020, 1, 1), end_reason="Dismissal")
		issued = getdate(today()) - timedelta(days=5 * 365)
		make_certificate(worker, issued, getdate(today()) - timedelta(days=3))
		frappe.db.set_value("Health Worker", worker, "status", "Active")
		frappe.get_cached_doc("Health Worker", worker)  # what a cache would hold before the job ran
		certificates.run_daily()
		self.assertEqual(frappe.db.get_value("Health Worker", worker, "status"), "Blocked")
		with self.assertRaises(frappe.ValidationError):
			make_employment(worker, self.entity, getdate(today()))

	def test_verify_page_limit_keys_on_the_real_address(self):
		"""A client rotating X-Forwarded-For is still one client; when limited it gets a page, not a trace."""
		import random

		address = f"203.0.113.{random.randrange(1, 255)}"  # documentation range: no traffic leaves
		statuses = []
		for attempt in range(32):
			response = rest(
				"GET",
				"/cpd-verify?code=NOSUCHCODE",
				None,
				headers={"X-Forwarded-For": f"198.51.100.{attempt}"},
				environ_base={"REMOTE_ADDR": address},
			)
			statuses.append(response.status_code)
		self.assertEqual(statuses[:30], [200] * 30)
		self.assertEqual(statuses[30:], [429, 429])
		self.assertIn("Too many checks", response.get_data(as_text=True))
		self.assertNotIn("Traceback", response.get_data(as_text=True))

	def test_generic_doors_are_shut(self):
		"""SQL in sort keys and filters, proxies to generic readers, and readers that skip the gate."""
		import time

		doors = [
			("GET", "/api/resource/Health Worker", {"query_string": {"order_by": "(select sleep(3))"}}),
			("GET", "/api/resource/Health Worker", {"query_string": {"order_by": "if(locate('1',iin),1,2)"}}),
			("POST", "/api/method/frappe.desk.reportview.get_sidebar_stats",
				{"data": {"doctype": "Health Worker", "filters": json.dumps([["name", "is", "set"], "1=1 or 1=1"])}}),
			("POST", "/api/method/frappe.desk.treeview.get_all_nodes",
				{"data": {"doctype": "Health Worker", "label": "x", "parent": "x", "tree_method": "frappe.client.get_count"}}),
			("POST", "/api/method/frappe.desk.search.search_widget",
				{"data": {"doctype": "Region", "txt": "", "query": "frappe.client.get_count"}}),
			("POST", "/api/method/frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
				{"data": {"doctype": "Health Worker", "workflow_state_field": "iin", "states": "[]"}}),
			("POST", "/api/method/frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				{"data": {"chart": json.dumps({"chart_type": "Count", "type": "Heatmap", "document_type": "Health Worker",
					"based_on": "creation", "filters_json": "[]"}), "no_cache": 1}}),
			("POST", "/api/method/frappe.website.doctype.web_form.web_form.get_form_data",
				{"data": {"doctype": "Health Worker", "docname": self.worker, "web_form_name": "edit-profile"}}),
		]  # fmt: skip
		for method, path, kwargs in doors:
			started = time.monotonic()
			response = rest(method, path, self.token, **kwargs)
			self.assertIn(response.status_code, (403, 417), f"{path} {kwargs}: {response.status_code}")
			self.assertLess(time.monotonic() - started, 3, path)
