"""The day's summary tables (services/analytics/summaries.py): kept by every writer equal to a full
recount, read by the staffing and NHWA reports with the same figures as a count from the register, in
every scope, and served to nobody through Frappe's generic endpoints."""

from datetime import date, timedelta
from unittest.mock import patch

import frappe
from frappe.utils import flt, getdate, today

from profregister.access.reports import Scope
from profregister.services.analytics import nhwa, summaries
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	new_iin,
)
from profregister.tests.rest import api_token, rest
from profregister.tests.test_register_import import csv_bytes, fresh_iins, new_import, person, run
from profregister.workforce_analytics.report.staffing_need_by_specialty import staffing_need_by_specialty

MEASURES = {summaries.STAFFING: ("approved", "filled"), summaries.WORKFORCE: ("workers", "fte")}


def kept() -> dict:
	"""Every row of both tables: name → its columns, measures rounded."""
	return {
		doctype: {row.pop("name"): _rounded(doctype, row) for row in frappe.db.sql(
			f"select name, {', '.join(_columns(doctype))} from `tab{doctype}`", as_dict=True)}
		for doctype in MEASURES
	}  # fmt: skip


def recount() -> dict:
	"""What a full recount of the register writes today, counted without writing it."""
	found = {doctype: {} for doctype in MEASURES}
	for doctype, query, columns in summaries.counts(getdate(today()), None):
		for row in query.run(as_dict=True):
			found[doctype][row.pop("name")] = _rounded(doctype, {c: row[c] for c in columns})
	return found


def _columns(doctype: str) -> tuple:
	return summaries.STAFFING_COLUMNS if doctype == summaries.STAFFING else summaries.WORKFORCE_COLUMNS


def _rounded(doctype: str, row: dict) -> dict:
	return {k: flt(v, 6) if k in MEASURES[doctype] else (str(v) if v else None) for k, v in row.items()}


def counted_live():
	return patch.object(summaries, "current", lambda day: False)


class TestSummaries(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# Other modules' reports count live: the marker this class sets goes with it.
		cls.addClassCleanup(lambda: (summaries.set_day(None), frappe.db.commit()))
		run_id = frappe.generate_hash(length=6)
		cls.a = make_entity("Astana", ownership="State", entity_type="Hospital").name
		cls.b = make_entity("Karaganda Region", ownership="Private", entity_type="Polyclinic").name
		cls.hr = make_user(f"hr.summaries.{run_id}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.a, "HR Specialist")
		cls.registrar = make_user(
			f"registrar.summaries.{run_id}@test.profregister.kz", "Register Administrator"
		)
		for entity in (cls.a, cls.b):
			cls.staffing(entity, "Nurse", "Nursing", 3)
			cls.staffing(entity, "Nurse", None, 1)
		cls.workers = [cls.hire(cls.a, date(2019, 5, 1)) for _ in range(3)] + [
			cls.hire(cls.b, date(2021, 1, 1))
		]
		summaries.rebuild()
		frappe.db.commit()

	@staticmethod
	def staffing(entity: str, position: str, specialty: str | None, fte: float, since=date(2024, 1, 1)):
		return frappe.get_doc({"doctype": "Staffing Table", "healthcare_entity": entity, "position": position,
			"specialty": specialty, "approved_fte": fte, "effective_from": since}).insert(ignore_permissions=True)  # fmt: skip

	@staticmethod
	def hire(entity: str, start: date, **fields) -> str:
		worker = make_worker(entity).name
		make_employment(worker, entity, start, **fields)
		return worker

	def assertKept(self, step: str):
		# The writers recount right after their transaction commits.
		frappe.db.commit()
		held, counted = kept(), recount()
		differ = {
			doctype: {k: (held[doctype].get(k), counted[doctype].get(k)) for k in set(held[doctype]) ^ set(
				counted[doctype]) | {k for k in held[doctype] if held[doctype][k] != counted[doctype].get(k)}}
			for doctype in MEASURES
		}  # fmt: skip
		self.assertEqual({d: rows for d, rows in differ.items() if rows}, {}, step)

	def test_every_writer_keeps_them_equal_to_a_recount(self):
		self.assertTrue(summaries.current(today()))
		self.assertKept("rebuilt")
		self.hire(self.a, date(2026, 1, 1), specialty=None, rate=0.5)
		self.assertKept("a hire without a specialty")
		self.hire(self.b, date(2025, 3, 1), position="General practitioner", specialty=None)
		self.assertKept("a hire outside every approved line")
		job = frappe.get_doc("Employment", {"health_worker": self.workers[0]})
		job.update({"end_date": getdate(today()) - timedelta(days=1), "end_reason": "Transfer"})
		job.save(ignore_permissions=True)
		self.assertKept("a job ended yesterday")
		make_employment(self.workers[0], self.b, getdate(today()))
		self.assertKept("taken on elsewhere today")
		worker = frappe.get_doc("Health Worker", self.workers[1])
		worker.update(
			{"iin": new_iin(date(1960, 2, 2), "Male"), "date_of_birth": date(1960, 2, 2), "sex": "Male"}
		)
		worker.save(ignore_permissions=True)
		self.assertKept("an IIN corrected into another sex and age band")
		entity = frappe.get_doc("Healthcare Entity", self.a)
		entity.ownership = "Quasi-public"
		entity.save(ignore_permissions=True)
		self.assertKept("the entity's form of ownership")
		row = self.staffing(self.a, "Nurse", "Nursing", 5, since=getdate(today()))
		self.assertKept("a new staffing row from today")
		row.approved_fte = 4
		row.save(ignore_permissions=True)
		self.assertKept("the staffing row edited")
		frappe.delete_doc("Staffing Table", row.name, ignore_permissions=True)
		self.assertKept("the staffing row deleted")
		frappe.delete_doc("Employment", job.name, ignore_permissions=True, force=True)
		self.assertKept("an employment deleted")

	def test_an_import_keeps_them(self):
		iins = fresh_iins(3)
		rows = [person(iin, self.a, n) for n, iin in enumerate(iins)]
		rows.append(person(frappe.db.get_value("Health Worker", self.workers[3], "iin"), self.a, 9))
		done = run(new_import(self.registrar, csv_bytes(rows), self.a), self.registrar, commit=True)
		self.assertEqual(done.status, "Completed", done.as_dict())
		self.assertKept("an import that hires three and takes one on from another entity")

	def test_the_reports_read_them_with_the_counted_figures(self):
		self.hire(self.a, date(2026, 1, 1), specialty=None, rate=0.5)
		frappe.db.commit()
		day = getdate(today())
		scopes = {"national": Scope.country(), "entity": Scope(False, entities=frozenset({self.a}))}
		for label, scope in scopes.items():
			for group in staffing_need_by_specialty.GROUPS:
				read = staffing_need_by_specialty.figures(day, group, frappe._dict(), scope)
				with counted_live():
					counted = staffing_need_by_specialty.figures(day, group, frappe._dict(), scope)
				self.assertEqual(_sorted(read), _sorted(counted), (label, group))
				self.assertTrue(read, (label, group))
			read = nhwa.facts(frappe._dict(), scope, day.year - 1)
			with counted_live():
				counted = nhwa.facts(frappe._dict(), scope, day.year - 1)
			for measure in ("people", "places", "fte"):
				self.assertEqual(getattr(read, measure), getattr(counted, measure), (label, measure))
				self.assertTrue(getattr(read, measure), (label, measure))

	def test_another_day_or_a_new_code_is_counted_from_the_register(self):
		self.assertFalse(summaries.current(getdate(today()) - timedelta(days=1)))
		specialty = frappe.get_doc("Specialty", "Nursing")
		code = specialty.isco_08
		specialty.isco_08 = "3221" if code != "3221" else "2221"
		specialty.save(ignore_permissions=True)
		self.assertFalse(summaries.current(today()), "a new ISCO code regroups every worker")
		specialty.isco_08 = code
		specialty.save(ignore_permissions=True)
		summaries.rebuild()
		frappe.db.commit()
		self.assertTrue(summaries.current(today()))

	def test_a_write_across_many_entities_is_recounted_by_a_job(self):
		"""A national import's chunk touches hundreds of entities: recounting them after each chunk would
		recount the country a chunk at a time, so the reports count from the register until the job has."""
		summaries.rebuild()
		self.assertTrue(summaries.current(today()))
		summaries.refresh_after_commit({f"BIN{n}" for n in range(summaries.MANY_ENTITIES + 1)})
		self.assertFalse(summaries.current(today()))
		summaries.rebuild()
		frappe.db.commit()

	def test_nobody_reads_them_through_the_generic_endpoints(self):
		hr, registrar = api_token(self.hr), api_token(self.registrar)
		frappe.db.commit()
		for doctype in MEASURES:
			listed = rest("GET", f"/api/resource/{doctype}", hr)
			self.assertEqual(listed.status_code, 403, (doctype, listed.text[:200]))
			counted = rest("POST", "/api/method/frappe.client.get_count", hr, data={"doctype": doctype})
			self.assertEqual(counted.status_code, 403, doctype)
			self.assertEqual(rest("GET", f"/api/resource/{doctype}", registrar).status_code, 200, doctype)
			changed = rest("POST", f"/api/resource/{doctype}", registrar, json={"healthcare_entity": self.a})
			self.assertEqual(changed.status_code, 403, doctype)


def _sorted(rows) -> list:
	return sorted(
		(row.group or "", *(flt(row[m], 3) for m in staffing_need_by_specialty.MEASURES)) for row in rows
	)
