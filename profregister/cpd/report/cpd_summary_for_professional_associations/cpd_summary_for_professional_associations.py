"""Verified CPD credit units per worker in the CPD window, for professional associations (rule 4.5).

Only CPD figures and what names the worker at work: never the IIN, identity document or addresses.
"""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, Round, Sum
from frappe.utils import flt, getdate, today

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


def execute(filters=None):
	filters = frappe._dict(filters or {})
	span = cpd.window(getdate(filters.date or today()))
	rows = _rows(filters, Scope.of_user("CPD Evidence"), span)
	message = _("CPD window {0} – {1}").format(
		frappe.format(span.start, "Date"), frappe.format(span.end, "Date")
	)
	reporting.add_titles(rows, "healthcare_entity")
	return _columns(), rows, message, _chart(rows), _summary(rows)


def _rows(filters, scope: Scope, span):
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
	return query.run(as_dict=True)


def _credit_units(evidence, chapter: str | None = None):
	units = evidence.credit_units
	if chapter:
		units = Case().when(evidence.chapter == chapter, units).else_(0)
	# Rounded by the database: rounding each row in Python costs a second for 300,000 workers.
	return Round(Sum(units), 2)


def _columns():
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


def _band(total: float) -> int:
	return min(int(total // BAND_CU), BANDS - 1)


def _band_labels():
	labels = [f"{n * BAND_CU}–{(n + 1) * BAND_CU - 1}" for n in range(BANDS - 1)]
	return [*labels, f"{(BANDS - 1) * BAND_CU}+"]


def _summary(rows):
	average = float(sum(row.total for row in rows)) / len(rows) if rows else 0
	return [
		{"label": _("Health workers"), "value": len(rows), "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Average total, CU"),
			"value": flt(average, 2),
			"datatype": "Float",
			"indicator": "Green",
		},
	]


def _chart(rows):
	counts = [0] * BANDS
	for row in rows:
		counts[_band(row.total)] += 1
	return {
		"data": {
			"labels": _band_labels(),
			"datasets": [{"name": _("Health workers"), "values": counts}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}
