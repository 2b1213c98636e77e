"""The CPD summary for professional associations (rule 4.5) as queries: each worker's verified CU in the
CPD window, the same counted by specialty and region, and every worker in chunks for the background
export. The desk report (cpd/report/cpd_summary_for_professional_associations) and the export job
(services/analytics/report_exports.py) share them.

Only CPD figures and what names the worker at work: never the IIN, identity document or addresses."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Avg, Count, Round, Sum
from frappe.utils import flt, getdate, today
from pypika import Table

from profregister.access.reports import Scope
from profregister.domain.credit_units import CHAPTERS
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import filtered
from profregister.services.cpd import credit_units as cpd

CHAPTER_FIELDS = dict(
	zip(CHAPTERS, ("additional_education", "non_formal_education", "additional_competences"), strict=True)
)
BAND_CU = 50
BANDS = 6  # the last band is open-ended


def export_rows(filters, scope: Scope):
	"""(columns, chunks of rows) of every worker in the scope, for the background export: each chunk a
	range of workers read through the evidence index, with its entities' names (one query a chunk)."""
	filters = frappe._dict(filters)
	query = workers(filters, scope, cpd.window(getdate(filters.date or today())))
	listed = columns()
	# The entity's name beside its BIN: a file has no link titles.
	name = {"fieldname": "healthcare_entity_title", "label": _("Healthcare entity name"), "fieldtype": "Data"}

	def titled(chunks):
		for rows in chunks:
			reporting.add_titles(rows, "healthcare_entity")
			yield rows

	evidence = frappe.qb.DocType("CPD Evidence")
	chunks = titled(reporting.chunks(query, evidence.health_worker, "health_worker"))
	return [*listed[:4], name, *listed[4:]], chunks


def workers(filters, scope: Scope, span):
	"""One row per worker with verified evidence in the window, in worker order."""
	evidence, worker = frappe.qb.DocType("CPD Evidence"), frappe.qb.DocType("Health Worker")
	total = _credit_units(evidence)
	query = (
		frappe.qb.from_(evidence)
		.join(worker)
		.on(worker.name == evidence.health_worker)
		.select(
			evidence.health_worker,
			worker.full_name,
			worker.current_specialty.as_("specialty"),
			worker.current_entity.as_("healthcare_entity"),
			worker.current_region.as_("region"),
			*(_credit_units(evidence, chapter).as_(field) for chapter, field in CHAPTER_FIELDS.items()),
			total.as_("total"),
			Count(evidence.name).as_("evidence_count"),
		)
		.where(evidence.status == "Verified")
		.where(evidence.date_to[span.start : span.end])
		# Worker columns depend on the worker alone; grouping by all of them keeps strict SQL modes happy.
		.groupby(
			evidence.health_worker,
			worker.full_name,
			worker.current_specialty,
			worker.current_entity,
			worker.current_region,
		)
		.orderby(evidence.health_worker)
	)
	# Evidence carries its worker's entity and region (kept in step on transfer), so filters and scope
	# use the indexed evidence columns, as Frappe's own User Permissions on CPD Evidence do.
	query = filtered(
		query,
		filters,
		scope,
		evidence.healthcare_entity,
		evidence.region,
		worker.current_specialty,
		evidence.health_worker,
	)
	if filters.min_total not in (None, ""):
		query = query.having(total >= flt(filters.min_total))
	if filters.max_total not in (None, ""):
		query = query.having(total <= flt(filters.max_total))
	return query


def totals(filters, scope: Scope, span):
	"""Each worker's verified CU in the window from the evidence alone, which its covering index answers
	(the specialty, a worker's column, is left to `with_worker`). No sums by chapter: they would cost the
	national summary 0.4 s, and the list and the export have them."""
	evidence = frappe.qb.DocType("CPD Evidence")
	total = _credit_units(evidence)
	query = (
		frappe.qb.from_(evidence)
		.select(evidence.health_worker, total.as_("total"), Count("*").as_("evidence_count"))
		.where(evidence.status == "Verified")
		.where(evidence.date_to[span.start : span.end])
		.groupby(evidence.health_worker)
	)
	query = filtered(
		query,
		frappe._dict(filters, specialty=None),
		scope,
		evidence.healthcare_entity,
		evidence.region,
		None,
		evidence.health_worker,
	)
	if filters.min_total not in (None, ""):
		query = query.having(total >= flt(filters.min_total))
	if filters.max_total not in (None, ""):
		query = query.having(total <= flt(filters.max_total))
	return query


def with_worker(filters, totals, *terms):
	"""`terms` of the workers' totals joined to their workers, with the specialty filter: the same workers
	as `workers` lists."""
	each, worker = totals.as_("each"), frappe.qb.DocType("Health Worker")
	query = frappe.qb.from_(each).join(worker).on(worker.name == each.health_worker).select(*terms)
	if filters.specialty:
		query = query.where(worker.current_specialty == filters.specialty)
	return query


def groups(filters, totals, threshold: float):
	"""The workers counted by specialty and region, with their CU, in one pass over the per-worker totals;
	`under_<n>` counts those under n bands of the chart (single comparisons: the band of each worker, a
	chain of them, would cost the national summary half a second)."""
	each, worker = Table("each"), frappe.qb.DocType("Health Worker")
	query = with_worker(
		filters,
		totals,
		worker.current_specialty.as_("specialty"),
		worker.current_region.as_("region"),
		Count("*").as_("workers"),
		Round(Sum(each.total), 2).as_("total"),
		Round(Avg(each.total), 2).as_("average"),
		reporting.count_if(each.total < threshold).as_("below_threshold"),
		Sum(each.evidence_count).as_("evidence_count"),
		*(reporting.count_if(each.total < n * BAND_CU).as_(f"under_{n}") for n in range(1, BANDS)),
	)
	return (
		query.groupby(worker.current_specialty, worker.current_region)
		.orderby(worker.current_specialty)
		.orderby(worker.current_region)
	)


def _credit_units(evidence, chapter: str | None = None):
	units = evidence.credit_units
	if chapter:
		units = Case().when(evidence.chapter == chapter, units).else_(0)
	# Rounded by the database: rounding each row in Python costs a second for 300,000 workers.
	return Round(Sum(units), 2)


def columns():
	return [
		# Data, not a Link: associations read CPD, not the register, and a Link column would ask for it.
		{"fieldname": "health_worker", "label": _("Health worker"), "fieldtype": "Data", "width": 130},
		{"fieldname": "full_name", "label": _("Full name"), "fieldtype": "Data", "width": 220},
		{"fieldname": "specialty", "label": _("Specialty"), "fieldtype": "Link", "options": "Specialty", "width": 160},
		{"fieldname": "healthcare_entity", "label": _("Healthcare entity"), "fieldtype": "Link", "options": "Healthcare Entity", "width": 200},
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 130},
		*(
			{"fieldname": field, "label": _(chapter), "fieldtype": "Float", "precision": 2, "width": 130}
			for chapter, field in CHAPTER_FIELDS.items()
		),
		{"fieldname": "total", "label": _("Total CPD results"), "fieldtype": "Float", "precision": 2, "width": 120},
		{"fieldname": "evidence_count", "label": _("Verified evidence"), "fieldtype": "Int", "width": 90},
	]  # fmt: skip
