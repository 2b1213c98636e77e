"""Every report of the app, run as every role over real HTTP, against two entities' data in two regions:
no report shows a record outside the caller's scope. The reports are read from the database, so a new
report joins the matrix without editing this test; one that forgets its scope fails it."""

import json
from datetime import date
from unittest.mock import patch

import frappe
from frappe.utils import add_days, getdate, today

from profregister.tests.factories import (
	CleanTestCase,
	accredited_provider,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

RUN = "/api/method/frappe.desk.query_report.run"
# The full exports of the national lists, each with the report whose permission it follows.
EXPORTS = {
	"/api/method/profregister.api.desk.export_cpd_summary": "CPD Summary for Professional Associations"
}
# Wide enough for every report to have rows: unknown keys are ignored by the reports that lack them.
FILTERS = {"group_by": "Healthcare Entity", "month": "2019-09-01", "horizon_months": 12, "quarters": 4}
SCOPED_USERS = ("hr_a", "chief_a", "head_a", "regional_astana", "worker_a", "unlinked")


def app_reports() -> list[str]:
	modules = frappe.get_module_list("profregister")
	return frappe.get_all(
		"Report", filters={"module": ("in", modules), "report_type": "Script Report"}, pluck="name"
	)


class TestReportMatrix(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.entities = {"a": make_entity("Astana"), "b": make_entity("Karaganda Region")}
		cls.markers = {}
		for side, entity in cls.entities.items():
			worker = make_worker(entity.name)
			make_employment(worker.name, entity.name, date(2019, 9, 1))
			make_certificate(worker.name, date(2021, 1, 1), getdate(add_days(today(), 30)))
			evidence = make_evidence(
				worker.name,
				date_from=add_days(today(), -40),
				date_to=add_days(today(), -35),
				provider=accredited_provider(),
			)
			frappe.db.set_value("CPD Evidence", evidence.name, "status", "Verified")
			frappe.get_doc(
				{"doctype": "Staffing Table", "healthcare_entity": entity.name, "position": "Nurse",
				"specialty": "Nursing", "effective_from": date(2019, 1, 1), "approved_fte": 3}
			).insert(ignore_permissions=True)  # fmt: skip
			cls.markers[side] = (entity.name, entity.entity_name, worker.name)
		user = lambda name, *roles: make_user(f"{name}.{run}@test.profregister.kz", *roles)  # noqa: E731
		cls.users = {
			"hr_a": user("hr.a"),
			"chief_a": user("chief.a"),
			"head_a": user("head.a"),
			"regional_astana": user("astana"),
			"worker_a": user("worker.a"),
			"unlinked": user("unlinked", "HR Specialist", "Regional Health Department"),
			"coordinator": user("coord", "National Coordinator"),
			"association": user("assoc", "Professional Association"),
		}
		for key, function in (
			("hr_a", "HR Specialist"),
			("chief_a", "HR Chief"),
			("head_a", "Head of Healthcare Entity"),
		):
			link_user_to_entity(cls.users[key], cls.entities["a"].name, function)  # fmt: skip
		link_user_to_region(cls.users["regional_astana"], "Astana")
		worker = frappe.get_doc("Health Worker", cls.markers["a"][2])
		worker.user = cls.users["worker_a"]
		worker.save(ignore_permissions=True)
		cls.tokens = {key: api_token(email) for key, email in cls.users.items()}
		cls.reports = app_reports()
		frappe.db.commit()
		# Once as the desk opens a report (the national lists: their summary), once asking for the other
		# entity by name in the List view (a busy site's rows could hide it beyond a report's page), once
		# the first page of the List view.
		variants = {
			False: {},
			True: {"healthcare_entity": cls.entities["b"].name, "view": "List"},
			"list": {"view": "List"},
		}
		cls.results = {
			(key, report, ask): cls.run_report(key, report, filters)
			for key in cls.users
			for report in cls.reports
			for ask, filters in variants.items()
		}

	@classmethod
	def run_report(cls, key: str, report: str, filters: dict) -> tuple[int, str]:
		filters = json.dumps({**FILTERS, **filters})
		response = rest("POST", RUN, cls.tokens[key], data={"report_name": report, "filters": filters})
		return response.status_code, response.get_data(as_text=True)

	def shows(self, key: str, report: str, side: str, ask: bool = False) -> bool:
		status, body = self.results[(key, report, ask)]
		return status == 200 and any(marker in body for marker in self.markers[side])

	def test_the_matrix_covers_every_report(self):
		self.assertGreaterEqual(len(self.reports), 7, self.reports)

	def test_no_report_shows_another_scope(self):
		leaks = [
			(key, report)
			for key in SCOPED_USERS
			for report in self.reports
			for ask in (False, True, "list")
			if self.shows(key, report, "b", ask) or (key == "unlinked" and self.shows(key, report, "a", ask))
		]
		self.assertEqual(leaks, [])

	def test_no_report_fails(self):
		failed = [(k, r, s) for (k, r, _a), (s, _body) in self.results.items() if s >= 500 or s in (400, 404)]
		self.assertEqual(failed, [])

	def test_the_same_reports_do_show_what_is_in_scope(self):
		"""Without this, a report that shows nothing to anyone would pass the matrix."""
		national = [r for r in self.reports if self.shows("coordinator", r, "b", ask=True)]
		own = [
			r
			for r in self.reports
			if any(self.shows(key, r, "a", ask) for key in ("hr_a", "head_a") for ask in (False, "list"))
		]
		self.assertGreaterEqual(len(national), 3, national)
		self.assertGreaterEqual(len(own), 2, own)

	def test_exports_are_allowed_as_their_report_is(self):
		"""Every role: a full export starts a job exactly when the role may run its report (as the matrix
		found), else 403 and no job."""
		outcomes, expected = {}, {}
		for path, report in EXPORTS.items():
			for key, token in self.tokens.items():
				with patch("frappe.enqueue") as enqueue:
					response = rest("POST", path, token, data={"filters": "{}", "file_type": "csv"})
				outcomes[(path, key)] = (response.status_code, enqueue.call_count)
				permitted = self.results[(key, report, False)][0] == 200
				expected[(path, key)] = (200, 1) if permitted else (403, 0)
		self.assertEqual(outcomes, expected)
		self.assertEqual({o for o, _count in outcomes.values()}, {200, 403})
