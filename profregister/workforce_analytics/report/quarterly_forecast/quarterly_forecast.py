"""Rule 7: for the coming quarters, certificates falling due for confirmation, workers reaching retirement
age and the projected stock, by region, entity or specialty, in the user's scope. The figures are
computed by services/analytics/forecast.py, which the coordinators' submissions share."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from profregister.access.reports import Scope
from profregister.domain.periods import following_quarters
from profregister.services.analytics import reporting
from profregister.services.analytics.forecast import columns, forecast, method
from profregister.services.platform.checks import check_int_argument


def execute(filters=None):
	filters = frappe._dict(filters or {})
	day = getdate(filters.date or today())
	quarters = following_quarters(day, check_int_argument(filters.quarters or 4, _("Quarters"), 1, 8))
	group_by = reporting.group_by(filters)
	rows = forecast(day, quarters, group_by, filters, Scope.of_user())
	chart_data = chart(rows, quarters)
	# The desk asks for one row per group with the quarters side by side; the long form (a row per
	# group and quarter) stays for exports and the coordinators' submissions.
	pivot = filters.layout == "Pivot"
	if pivot:
		rows = pivoted(rows, quarters)
	if group_by == "Healthcare Entity":
		reporting.add_titles(rows, "group")
	return (pivot_columns if pivot else columns)(group_by, quarters), rows, method(), chart_data, None


def pivoted(rows: list[dict], quarters) -> list[dict]:
	by_group = {}
	for row in rows:
		line = by_group.setdefault(
			row["group"],
			{f: row[f] for f in ("group", "stock", "inflow_12m", "outflow_12m")},
		)
		n = next(i for i, q in enumerate(quarters) if q.label == row["quarter"])
		for field in QUARTER_FIGURES:
			line[f"{field}_{n}"] = row[field]
	return list(by_group.values())


QUARTER_FIGURES = ("certificates_due", "retiring", "projected_stock")


def pivot_columns(group_by: str, quarters) -> list[dict]:
	labels = {
		"certificates_due": _("certificates due"),
		"retiring": _("retirement age"),
		"projected_stock": _("projected stock"),
	}
	return [
		{"fieldname": "group", "label": _(group_by), "fieldtype": "Link", "options": group_by, "width": 220},
		{"fieldname": "stock", "label": _("Stock on the date"), "fieldtype": "Int", "width": 120},
		*(
			{
				"fieldname": f"{field}_{n}",
				"label": f"{quarter.label}: {labels[field]}",
				"fieldtype": "Int",
				"width": 150,
			}
			for n, quarter in enumerate(quarters)
			for field in QUARTER_FIGURES
		),
		{"fieldname": "inflow_12m", "label": _("Hired in 12 months"), "fieldtype": "Int", "width": 130},
		{"fieldname": "outflow_12m", "label": _("Left in 12 months"), "fieldtype": "Int", "width": 130},
	]


def chart(rows, quarters):
	totals = {q.label: [0, 0] for q in quarters}
	for row in rows:
		totals[row["quarter"]][0] += row["certificates_due"]
		totals[row["quarter"]][1] += row["retiring"]
	return {
		"data": {
			"labels": list(totals),
			"datasets": [
				{"name": _("Certificates due"), "values": [v[0] for v in totals.values()]},
				{"name": _("Reaching retirement age"), "values": [v[1] for v in totals.values()]},
			],
		},
		"type": "bar",
	}
