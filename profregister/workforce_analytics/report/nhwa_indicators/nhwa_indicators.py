"""WHO National Health Workforce Accounts: module 1 stock (headcount, FTE, density per 10,000 population
by region, distribution by sex, age band, ownership and facility type) and module 5 flows (entries,
voluntary and involuntary exits in a year), by ISCO-08 occupation group, in the user's scope. The
indicators are NHWA Indicator records; densities use only sourced Population Estimates."""

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate, getdate, today

from profregister.access.reports import Scope
from profregister.services.analytics import nhwa
from profregister.services.platform.checks import check_int_argument


def execute(filters=None):
	filters = frappe._dict(filters or {})
	year = check_int_argument(filters.year or getdate(today()).year - 1, _("Year"), 1990, 2100)
	result = nhwa.rows(filters, Scope.of_user(), year)
	data = [line(row) for row in result]
	message = _(
		"Stock as of today; flows in {0}. Densities only where the Bureau of National Statistics' population is recorded (Population Estimate); other regions say so."
	).format(year)
	return columns(), data, f"{message} {releases(getdate(today()))}"


def releases(day) -> str:
	"""The releases the densities use: each region's latest estimate on or before the day (as
	services/analytics/nhwa.py populations() takes them), by reference date and source."""
	estimate = frappe.qb.DocType("Population Estimate")
	rows = (
		frappe.qb.from_(estimate)
		.select(estimate.region, estimate.reference_date, estimate.source_url)
		.where(estimate.reference_date <= day)
		.orderby(estimate.reference_date)
		.run(as_dict=True)
	)
	latest = {row.region: (row.reference_date, row.source_url) for row in rows}
	if not latest:
		return _("No population estimate is recorded.")
	used = "; ".join(
		_("as of {0} ({1})").format(formatdate(reference_date), escape_html(source_url))
		for reference_date, source_url in sorted(set(latest.values()))
	)
	return _("Population estimates used: {0}.").format(used)


def line(row: dict) -> dict:
	"""A figure as the desk shows it: labels, categories (regions, sexes, bands) and notes translated."""
	indicator, label, category, unit, note = (
		row["indicator"],
		row["occupation_label"],
		row["category"],
		row["unit"],
		row["note"],
	)
	return {
		"code": indicator.code,
		"code_status": _(indicator.code_status),
		"module": indicator.module,
		"indicator": _(indicator.name),
		"occupation": " ".join(filter(None, (row["occupation"], _(label)))),
		"category": _(category) if category else "",
		# A count of people; the FTE, a sum of rates, is its value alone.
		"numerator": None if indicator.measure == "FTE" else row["numerator"],
		"denominator": row["denominator"],
		"value": row["value"],
		# Not a column: a headcount's value is a count, shown without decimals (nhwa_indicators.js).
		"is_count": indicator.measure == "Headcount",
		"unit": _(unit),
		"note": _(note) if note else "",
	}


def columns() -> list[dict]:
	return [
		{"fieldname": "code", "label": _("Code"), "fieldtype": "Data", "width": 90},
		# Never shown as fact unless read in the source (NHWA Indicator.code_status).
		{"fieldname": "code_status", "label": _("Code status"), "fieldtype": "Data", "width": 130},
		{"fieldname": "module", "label": _("NHWA module"), "fieldtype": "Int", "width": 70},
		{"fieldname": "indicator", "label": _("Indicator"), "fieldtype": "Data", "width": 260},
		{"fieldname": "occupation", "label": _("Occupation (ISCO-08)"), "fieldtype": "Data", "width": 220},
		{"fieldname": "category", "label": _("Category"), "fieldtype": "Data", "width": 160},
		{"fieldname": "numerator", "label": _("Numerator"), "fieldtype": "Int", "width": 110},
		{"fieldname": "denominator", "label": _("Denominator"), "fieldtype": "Int", "width": 120},
		{"fieldname": "value", "label": _("Value"), "fieldtype": "Float", "precision": 2, "width": 100},
		{"fieldname": "unit", "label": _("Unit"), "fieldtype": "Data", "width": 90},
		{"fieldname": "note", "label": _("Note"), "fieldtype": "Data", "width": 240},
	]
