"""Rule 6: the month's registration, recordkeeping, migration and outflow, by region, entity or specialty,
in the user's scope. The figures are computed by services/analytics/monthly_flows.py, which the
coordinators' submissions share."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from profregister.access.reports import Scope
from profregister.domain.periods import month_of, previous
from profregister.services.analytics import reporting
from profregister.services.analytics.monthly_flows import columns, figures


def execute(filters=None):
	filters = frappe._dict(filters or {})
	period = month_of(getdate(filters.month) if filters.month else previous(month_of(getdate(today()))).start)
	rows = figures(period, reporting.group_by(filters), filters, Scope.of_user())
	message = _("Month {0}: {1} - {2}").format(
		period.label, period.start.strftime("%d.%m.%Y"), period.end.strftime("%d.%m.%Y")
	)
	if reporting.group_by(filters) == "Healthcare Entity":
		reporting.add_titles(rows, "group")
	return columns(reporting.group_by(filters)), rows, message, chart(rows), summary(rows)


def summary(rows):
	total = {
		m: sum(row[m] for row in rows) for m in ("stock_start", "hired", "left", "stock_end", "late_entries")
	}
	return [
		{"label": _("Stock at the start"), "value": total["stock_start"], "datatype": "Int"},
		{"label": _("Hired"), "value": total["hired"], "datatype": "Int", "indicator": "Green"},
		{"label": _("Departures"), "value": total["left"], "datatype": "Int", "indicator": "Red"},
		{"label": _("Stock at the end"), "value": total["stock_end"], "datatype": "Int"},
		{
			"label": _("Late entries"),
			"value": total["late_entries"],
			"datatype": "Int",
			"indicator": "Orange",
		},
	]


def chart(rows):
	top = sorted(rows, key=lambda row: row["hired"] + row["left"], reverse=True)[:15]
	return {
		"data": {
			"labels": [reporting.group_label(row) for row in top],
			"datasets": [
				{"name": _("Hired"), "values": [row["hired"] for row in top]},
				{"name": _("Departures"), "values": [row["left"] for row in top]},
			],
		},
		"type": "bar",
	}
