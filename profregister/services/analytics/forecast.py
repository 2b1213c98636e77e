"""Rule 7: for the coming quarters, certificates falling due for confirmation, workers reaching retirement
age and the projected stock, by region, entity or specialty.

Method of the projection: the stock (main jobs held on the date) changes each quarter by a quarter of
the net flow (hires minus departures) of the last 12 months. Retirement age is the parameter in force
at the start of each quarter, by sex.
"""

from collections import defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_months, getdate
from pypika.terms import Criterion

from profregister.access.reports import Scope
from profregister.domain.forecast import project_stock
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import count_if, filtered
from profregister.services.platform.parameters import get_parameter


def method() -> str:
	return _(
		"Projected stock: the stock on the date plus, for each quarter, a quarter of the net flow (hires minus departures) of the last 12 months. Retirement: the age in force at the start of the quarter, by sex."
	)


def forecast(day, quarters, group_by, filters, scope: Scope) -> list[dict]:
	stock = _stock_and_flows(day, group_by, filters, scope)
	due = _certificates_due(quarters, group_by, filters, scope)
	retiring = _retiring(quarters, group_by, filters, scope)
	rows = []
	for group in sorted(set(stock) | set(due) | set(retiring), key=lambda g: g or ""):
		current = stock.get(group, {"stock": 0, "inflow_12m": 0, "outflow_12m": 0})
		projected = project_stock(
			current["stock"], current["inflow_12m"], current["outflow_12m"], len(quarters)
		)
		for n, quarter in enumerate(quarters):
			rows.append(
				{
					"group": group,
					"quarter": quarter.label,
					**current,
					"certificates_due": due.get(group, {}).get(n, 0),
					"retiring": retiring.get(group, {}).get(n, 0),
					"projected_stock": projected[n],
				}
			)
	return rows


def _stock_and_flows(day, group_by, filters, scope: Scope) -> dict:
	job = reporting.grouped_scan("Employment", "region", "healthcare_entity", "specialty")
	key = reporting.group_key(group_by, job.region, job.healthcare_entity, job.specialty)
	year_ago = getdate(add_months(day, -12))
	query = (
		frappe.qb.from_(job)
		.select(
			key.as_("group"),
			count_if((job.start_date <= day) & (job.end_date.isnull() | (job.end_date >= day))).as_("stock"),
			count_if((job.start_date > year_ago) & (job.start_date <= day)).as_("inflow_12m"),
			count_if((job.end_date > year_ago) & (job.end_date <= day)).as_("outflow_12m"),
		)
		.where(job.is_main == 1)
		.where(job.end_date.isnull() | (job.end_date > year_ago))
		.groupby(key)
	)
	rows = filtered(query, filters, scope, job.healthcare_entity, job.region, job.specialty).run(as_dict=True)
	return {row.pop("group"): {k: int(v or 0) for k, v in row.items()} for row in rows}


def _certificates_due(quarters, group_by, filters, scope: Scope) -> dict:
	"""The latest certificate of each worker and specialty whose validity ends in each quarter."""
	cert = frappe.qb.DocType("Specialist Certificate")
	key = reporting.group_key(group_by, cert.region, cert.healthcare_entity, cert.specialty)
	query = (
		frappe.qb.from_(cert)
		.select(
			key.as_("group"),
			*(count_if(cert.valid_until[q.start : q.end]).as_(f"q{n}") for n, q in enumerate(quarters)),
		)
		.where(cert.for_clinical_practice == 1)
		.where(cert.valid_until[quarters[0].start : quarters[-1].end])
		.where(cert.is_latest == 1)
		.groupby(key)
	)
	return _by_quarter(
		filtered(query, filters, scope, cert.healthcare_entity, cert.region, cert.specialty), quarters
	)


def _retiring(quarters, group_by, filters, scope: Scope) -> dict:
	"""Employed workers whose birthday at the retirement age in force falls in each quarter: only those
	born within the quarters' windows are read, through the date-of-birth index (MariaDB would rather
	scan a covering index of all 300,000 workers, 5 times slower)."""
	worker = reporting.through_index("Health Worker", "date_of_birth_index")
	key = reporting.group_key(
		group_by, worker.current_region, worker.current_entity, worker.current_specialty
	)
	windows = [{sex: _born_to_retire_in(quarter, sex) for sex in SEXES} for quarter in quarters]

	def born(sex, first, last):
		return (worker.sex == sex) & worker.date_of_birth[first:last]

	query = (
		frappe.qb.from_(worker)
		.select(
			key.as_("group"),
			*(
				count_if(Criterion.any(born(sex, *window[sex]) for sex in SEXES)).as_(f"q{n}")
				for n, window in enumerate(windows)
			),
		)
		.where(worker.status.isin(("Active", "Blocked")))
		.where(Criterion.any(born(sex, *_spanning(w[sex] for w in windows)) for sex in SEXES))
		.groupby(key)
	)
	query = filtered(
		query, filters, scope, worker.current_entity, worker.current_region, worker.current_specialty
	)
	return _by_quarter(query, quarters)


SEXES = ("Male", "Female")


def _spanning(windows) -> tuple:
	# A retirement age that rises between quarters moves a later window before an earlier one.
	windows = list(windows)
	return min(first for first, _last in windows), max(last for _first, last in windows)


def _born_to_retire_in(quarter, sex: str) -> tuple:
	"""Born between these dates: reaches the retirement age in force at the quarter's start within the
	quarter (month ends clamp as in add_months)."""
	months = round(get_parameter(f"retirement_age_{sex.lower()}", quarter.start) * 12)
	first = getdate(add_months(quarter.start, -months))
	last = getdate(add_months(quarter.end + timedelta(days=1), -months)) - timedelta(days=1)
	return first, last


def _by_quarter(query, quarters) -> dict:
	found = defaultdict(dict)
	for row in query.run(as_dict=True):
		for n in range(len(quarters)):
			found[row.group][n] = int(row[f"q{n}"] or 0)
	return found


def columns(group_by: str, quarters=None) -> list[dict]:
	return [
		{"fieldname": "group", "label": _(group_by), "fieldtype": "Link", "options": group_by, "width": 220},
		{"fieldname": "quarter", "label": _("Quarter"), "fieldtype": "Data", "width": 90},
		{"fieldname": "certificates_due", "label": _("Certificates due"), "fieldtype": "Int", "width": 130},
		{"fieldname": "retiring", "label": _("Reaching retirement age"), "fieldtype": "Int", "width": 160},
		{"fieldname": "projected_stock", "label": _("Projected stock"), "fieldtype": "Int", "width": 130},
		{"fieldname": "stock", "label": _("Stock on the date"), "fieldtype": "Int", "width": 130},
		{"fieldname": "inflow_12m", "label": _("Hired in 12 months"), "fieldtype": "Int", "width": 130},
		{"fieldname": "outflow_12m", "label": _("Left in 12 months"), "fieldtype": "Int", "width": 130},
	]
