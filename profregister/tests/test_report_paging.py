"""Issue 23: the national lists answer with a summary by default and their rows a page at a time, and the
CPD summary's every row comes as a file made in the background, for its requester alone.

The summary's counts are the list's rows counted; the pages neither overlap nor miss a row, also where
a page spans the two queries of the Certificate Expiry report; the export holds every row of the
requester's scope with formulas made inert, in a private file nobody else may download."""

import csv
import json
from datetime import date
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, now_datetime, today
from openpyxl import load_workbook

from profregister.cpd.report.cpd_summary_for_professional_associations import (
	cpd_summary_for_professional_associations as cpd_report,
)
from profregister.professional_register.report.certificate_expiry import certificate_expiry
from profregister.services.analytics import report_exports, reporting
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest
from profregister.workforce_analytics.report.employees_for_advanced_training import (
	employees_for_advanced_training as training_report,
)

EXPORT = "/api/method/profregister.api.desk.export_cpd_summary"
FORMULA = '=HYPERLINK("http://example.com","x")'
# Pages of four rows: a handful of records makes several pages, and the expiry list's second page spans
# its two queries (six certificates due, then one blocking past the horizon).
PAGE = 4


def all_pages(execute, filters: dict) -> list[list[dict]]:
	"""The List view's pages, from the first until one comes back empty."""
	pages = []
	while rows := execute({**filters, "view": "List", "page": len(pages) + 1})[1]:
		pages.append(rows)
	return pages


class TestReportPaging(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Astana").name
		cls.other_entity = make_entity("Karaganda Region").name
		day = getdate(today())
		cls.certificates = {}
		for days in (-80, -50, -20, 10, 20, 30, 400):
			worker = make_worker(cls.entity).name
			make_employment(worker, cls.entity, date(2019, 9, 1))
			cert = make_certificate(worker, date(2021, 1, 1), add_days(day, days)).name
			cls.certificates[cert] = worker
		# A block by a certificate valid past the notice horizon: listed by the report's second query.
		frappe.db.set_value("Health Worker", worker, {"status": "Blocked", "blocking_certificate": cert})
		cls.cpd_workers = []
		for n in range(5):
			worker = make_worker(cls.entity).name
			make_employment(worker, cls.entity, date(2019, 9, 1))
			evidence = make_evidence(worker, profile_matches=1, quantity=10 * (n + 1))
			evidence.verify()
			cls.cpd_workers.append(worker)
		frappe.db.set_value("Health Worker", cls.cpd_workers[0], "full_name", FORMULA)
		cls.hr = make_user(f"paging.hr.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.other_hr = make_user(f"paging.other.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(cls.other_hr, cls.other_entity, "HR Specialist")
		cls.tokens = {user: api_token(user) for user in (cls.hr, cls.other_hr)}
		frappe.db.commit()

	def setUp(self):
		paging = patch.object(reporting, "PAGE_SIZE", PAGE)
		paging.start()
		self.addCleanup(paging.stop)

	def tearDown(self):
		frappe.set_user("Administrator")

	def assert_pages_cover(self, pages: list[list[dict]], key: str, expected: set):
		keys = [row[key] for page in pages for row in page]
		self.assertEqual(len(keys), len(set(keys)), "pages overlap")
		self.assertEqual(set(keys), expected)
		self.assertEqual([len(page) for page in pages[:-1]], [PAGE] * (len(pages) - 1))

	def test_certificate_expiry_summary_and_pages(self):
		filters = {"healthcare_entity": self.entity}
		pages = all_pages(certificate_expiry.execute, filters)
		self.assert_pages_cover(pages, "certificate", set(self.certificates))
		# In expiry order across the two queries: the second page ends with the block past the horizon.
		self.assertEqual([len(page) for page in pages], [4, 3])
		self.assertEqual(pages[1][-1].state, "Blocked")
		valid_until = [row.valid_until for page in pages for row in page]
		self.assertEqual(valid_until, sorted(valid_until))
		columns, groups, _message, _chart, summary = certificate_expiry.execute(filters)
		self.assertIn("month", [c["fieldname"] for c in columns])
		self.assertEqual(sum(row["total"] for row in groups), len(self.certificates))
		states = [row.state for page in pages for row in page]
		counts = {s["label"]: s["value"] for s in summary}
		self.assertEqual(counts, {"Upcoming": 3, "Expired": 3, "Blocked": 1})
		self.assertEqual(counts, {state: states.count(state) for state in set(states)})
		# The drill-down: a summary row's region and month list exactly its certificates.
		for row in groups:
			listed = all_pages(
				certificate_expiry.execute, {**filters, "region": row["region"], "expiry_month": row["month"]}
			)
			self.assertEqual(sum(map(len, listed)), row["total"])
		message = certificate_expiry.execute({**filters, "view": "List", "page": 2})[2]
		self.assertIn("of 7", message)

	def test_advanced_training_summary_and_pages(self):
		filters = {"healthcare_entity": self.entity, "horizon_months": 12}
		pages = all_pages(training_report.execute, filters)
		due = {c for c, w in self.certificates.items()
			if frappe.db.get_value("Specialist Certificate", c, "valid_until") >= getdate(today())
			and frappe.db.get_value("Health Worker", w, "status") == "Active"}  # fmt: skip
		self.assert_pages_cover(pages, "certificate", due)
		groups = training_report.execute(filters)[1]
		self.assertEqual(sum(row["workers"] for row in groups), len(due))

	def test_cpd_summary_and_pages(self):
		with self.set_user(self.hr):
			pages = all_pages(cpd_report.execute, {})
			_columns, groups, _message, chart, summary = cpd_report.execute({})
		self.assert_pages_cover(pages, "health_worker", set(self.cpd_workers))
		self.assertEqual(sum(row["workers"] for row in groups), len(self.cpd_workers))
		self.assertEqual(summary[0]["value"], len(self.cpd_workers))
		self.assertEqual(sum(chart["data"]["datasets"][0]["values"]), len(self.cpd_workers))
		totals = sorted(float(row.total) for page in pages for row in page)
		self.assertEqual(float(sum(row["total"] for row in groups)), sum(totals))

	def export(self, user: str, file_type: str):
		"""Ask for the export over HTTP as `user`, then run the job it queued as the worker would."""
		with patch("frappe.enqueue") as enqueue:
			response = rest("POST", EXPORT, self.tokens[user], data={"filters": "{}", "file_type": file_type})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		self.assertEqual(enqueue.call_count, 1)
		job = enqueue.call_args.kwargs
		self.assertEqual(job["user"], user)
		report_exports.run(
			**{k: job[k] for k in ("report", "rows", "doctype", "filters", "file_type", "user")}
		)
		frappe.set_user("Administrator")
		log = frappe.get_last_doc("Notification Log", filters={"for_user": user})
		return frappe.get_doc("File", {"file_url": log.link})

	def test_export_has_the_scope_inert_and_private(self):
		started = now_datetime()
		file = self.export(self.hr, "csv")
		with open(file.get_full_path(), encoding="utf-8-sig", newline="") as source:
			header, *rows = list(csv.reader(source))
		self.assertEqual(header[0], "Health worker")
		self.assertEqual({row[0] for row in rows}, set(self.cpd_workers))
		self.assertIn("'" + FORMULA, [row[1] for row in rows])
		self.assertNotIn(FORMULA, [row[1] for row in rows])
		self.assert_private_to(file, self.hr)
		# The trail: one Export read of each worker the file holds, none of the count alone.
		exported = frappe.get_all(
			"Personal Data Access",
			{"user": self.hr, "what": "Export", "accessed_at": (">=", started)},
			pluck="health_worker",
		)
		self.assertEqual(sorted(exported), sorted(self.cpd_workers))

	def test_export_as_excel(self):
		file = self.export(self.hr, "xlsx")
		sheet = load_workbook(file.get_full_path(), read_only=True).active
		_header, *rows = list(sheet.iter_rows(values_only=True))
		self.assertEqual({row[0] for row in rows}, set(self.cpd_workers))
		self.assertIn("'" + FORMULA, [row[1] for row in rows])
		self.assert_private_to(file, self.hr)

	def test_export_of_another_scope_holds_none_of_these_rows(self):
		file = self.export(self.other_hr, "csv")
		with open(file.get_full_path(), encoding="utf-8-sig", newline="") as source:
			rows = list(csv.reader(source))[1:]
		self.assertFalse({row[0] for row in rows} & set(self.cpd_workers))

	def assert_private_to(self, file, owner: str):
		self.assertTrue(file.is_private)
		self.assertTrue(file.file_url.startswith("/private/files/"))
		self.assertEqual(file.owner, owner)
		note = frappe.get_doc(file.attached_to_doctype, file.attached_to_name)
		self.assertEqual((note.doctype, note.public, note.owner), ("Note", 0, owner))
		own = rest("GET", file.file_url, self.tokens[owner])
		self.assertEqual(own.status_code, 200)
		outsider = next(user for user in self.tokens if user != owner)
		refused = rest("GET", file.file_url, self.tokens[outsider])
		self.assertEqual(refused.status_code, 403)
		self.assertFalse(frappe.has_permission("Note", "read", note, user=outsider))

	def test_export_refuses_bad_input(self):
		for data in ({"file_type": "exe"}, {"filters": "[1]"}, {"filters": json.dumps({"min_total": "x"})}):
			with patch("frappe.enqueue") as enqueue:
				response = rest("POST", EXPORT, self.tokens[self.hr], data=data)
			self.assertTrue(400 <= response.status_code < 500, (data, response.get_data(as_text=True)))
			self.assertEqual(enqueue.call_count, 0)
