"""Verified CPD credit units per worker in the CPD window, for professional associations (rule 4.5): by
default counted by specialty and region, in the List view a page of workers, and every worker as a file
made in the background (api/desk.export_cpd_summary). The queries are services/cpd/association_summary.py.

Only CPD figures and what names the worker at work: never the IIN, identity document or addresses.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Count
from frappe.utils import flt, getdate, today

from profregister.access import audit
from profregister.access.reports import Scope
from profregister.services.analytics import reporting
from profregister.services.cpd import association_summary as summary
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.numbers import local_number
from profregister.services.platform.parameters import get_parameter
from profregister.workforce_analytics.report.employees_for_advanced_training.employees_for_advanced_training import (
	THRESHOLD,
)


@audit.reads_workers
def execute(filters=None):
	"""By default the workers' CPD counted by specialty and region; the List view a page of the workers."""
	filters = frappe._dict(filters or {})
	span = cpd.window(getdate(filters.date or today()))
	scope = Scope.of_user("CPD Evidence")
	window = _("CPD window {0} – {1}").format(
		frappe.format(span.start, "Date"), frappe.format(span.end, "Date")
	)
	if not reporting.list_view(filters):
		threshold = get_parameter(THRESHOLD, span.end)
		groups = summary.groups(filters, summary.totals(filters, scope, span), threshold).run(as_dict=True)
		message = _("{0}; CPD threshold {1} CU").format(window, local_number(threshold))
		return _group_columns(), groups, message, _chart(groups), _figures(groups)
	page = reporting.page_number(filters)
	# The page in worker order stops after its rows; the count reads the evidence alone.
	count = summary.with_worker(filters, summary.totals(filters, scope, span), Count("*")).run()[0][0]
	rows, total = reporting.page_of([(summary.workers(filters, scope, span), count)], page)
	reporting.add_titles(rows, "healthcare_entity")
	message = f"{window}. {reporting.page_message(page, total)}"
	return summary.columns(), rows, message, None, [reporting.total_summary(total)]


def _group_columns():
	return [
		{"fieldname": "specialty", "label": _("Specialty"), "fieldtype": "Link", "options": "Specialty", "width": 180},
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 150},
		{"fieldname": "workers", "label": _("Health workers"), "fieldtype": "Int", "width": 110},
		{"fieldname": "total", "label": _("Total CPD results"), "fieldtype": "Float", "precision": 2, "width": 130},
		{"fieldname": "average", "label": _("Average total, CU"), "fieldtype": "Float", "precision": 2, "width": 120},
		{"fieldname": "below_threshold", "label": _("Below the CPD threshold"), "fieldtype": "Int", "width": 130},
		{"fieldname": "evidence_count", "label": _("Verified evidence"), "fieldtype": "Int", "width": 90},
	]  # fmt: skip


def _band_labels():
	labels = [f"{n * summary.BAND_CU}–{(n + 1) * summary.BAND_CU - 1}" for n in range(summary.BANDS - 1)]
	return [*labels, f"{(summary.BANDS - 1) * summary.BAND_CU}+"]


def _figures(groups):
	workers = sum(row.workers for row in groups)
	average = float(sum(row.total for row in groups)) / workers if workers else 0
	return [
		{"label": _("Health workers"), "value": workers, "datatype": "Int", "indicator": "Blue"},
		{
			"label": _("Average total, CU"),
			"value": flt(average, 2),
			"datatype": "Float",
			"indicator": "Green",
		},
		{
			"label": _("Below the CPD threshold"),
			"value": sum(row.below_threshold for row in groups),
			"datatype": "Int",
			"indicator": "Orange",
		},
	]


def _chart(groups):
	under = [0] + [sum(int(row[f"under_{n}"]) for row in groups) for n in range(1, summary.BANDS)]
	under.append(sum(row.workers for row in groups))
	counts = [under[n + 1] - under[n] for n in range(summary.BANDS)]
	return {
		"data": {
			"labels": _band_labels(),
			"datasets": [{"name": _("Health workers"), "values": counts}],
		},
		"type": "bar",
		"colors": ["#5e64ff"],
	}
