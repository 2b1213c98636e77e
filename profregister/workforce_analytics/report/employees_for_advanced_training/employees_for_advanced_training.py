"""Rule 14.3: the list of employees for advanced training.

A worker is listed when their certificate for clinical practice falls due within the horizon and, in
the CPD window, their verified CPD total is below the threshold in force or they had no additional
education. CU are those the CPD engine stored on the verified evidence. Counted by region and month due
by default; the List view lists them a page at a time.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count, DateFormat, Sum
from frappe.utils import add_months, get_first_day, get_last_day, getdate, today
from pypika import Table
from pypika.terms import Case

from profregister.access import audit
from profregister.access.reports import Scope
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import filtered
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.checks import check_date_argument, check_int_argument
from profregister.services.platform.numbers import local_number
from profregister.services.platform.parameters import get_parameter

THRESHOLD = "advanced_training_cpd_threshold_cu"


@audit.reads_workers
def execute(filters=None):
	"""By default the candidates counted by region and month their certificate falls due; the List view
	a page of them."""
	filters = frappe._dict(filters or {})
	day = getdate(filters.date or today())
	threshold = get_parameter(THRESHOLD, day)
	months = check_int_argument(filters.horizon_months or 12, _("Horizon (months)"), 1, 60)
	message = _("CPD threshold in force: {0} CU; CPD window {1} - {2}").format(
		local_number(threshold),
		*(frappe.format(d, {"fieldtype": "Date"}) for d in (cpd.window(day).start, cpd.window(day).end)),
	)
	query = candidates(day, months, threshold, filters, Scope.of_user())
	if not reporting.list_view(filters):
		groups = _grouped(query, threshold).run(as_dict=True)
		return _group_columns(), groups, message, None, summary(sum(row.workers for row in groups))
	page = reporting.page_number(filters)
	rows, total = reporting.page_of([(_listed(query), None)], page)
	_with_reasons(rows, threshold)
	reporting.add_titles(rows, "healthcare_entity")
	return columns(), rows, f"{message}. {reporting.page_message(page, total)}", None, summary(total)


def candidates(day, horizon_months: int, threshold: float, filters, scope: Scope):
	"""The candidates' certificates with their worker and CPD totals, as a query that selects nothing yet
	(`_listed` or `_grouped` shape it); its tables are named for the shapes."""
	cert, worker = frappe.qb.DocType("Specialist Certificate"), frappe.qb.DocType("Health Worker")
	evidence = frappe.qb.DocType("CPD Evidence")
	window = cpd.window(day)
	totals = (
		frappe.qb.from_(evidence)
		.select(
			evidence.health_worker,
			Sum(evidence.credit_units).as_("total"),
			Sum(Case().when(evidence.chapter == "Additional education", evidence.credit_units).else_(0)).as_(
				"additional_education"
			),
		)
		.where(evidence.status == "Verified")
		.where(evidence.date_to[window.start : window.end])
		.groupby(evidence.health_worker)
	).as_("totals")
	total, additional = Coalesce(totals.total, 0), Coalesce(totals.additional_education, 0)
	query = (
		frappe.qb.from_(cert)
		.join(worker)
		.on(worker.name == cert.health_worker)
		.left_join(totals)
		.on(totals.health_worker == cert.health_worker)
		.where(worker.status.isin(("Active", "Blocked")))
		.where(cert.for_clinical_practice == 1)
		.where(cert.valid_until[day : getdate(add_months(day, horizon_months))])
		.where(cert.is_latest == 1)
		.where((total < threshold) | (additional == 0))
	)
	if due := check_date_argument(filters.due_month, _("Month due")):
		query = query.where(cert.valid_until[get_first_day(due) : get_last_day(due)])
	return filtered(query, filters, scope, worker.current_entity, worker.current_region, cert.specialty)


def _terms():
	cert, worker = frappe.qb.DocType("Specialist Certificate"), frappe.qb.DocType("Health Worker")
	totals = Table("totals")
	return cert, worker, Coalesce(totals.total, 0), Coalesce(totals.additional_education, 0)


def _listed(query):
	cert, worker, total, additional = _terms()
	return (
		query.select(
			cert.health_worker,
			worker.full_name,
			cert.specialty,
			worker.current_position.as_("position"),
			worker.current_entity.as_("healthcare_entity"),
			cert.name.as_("certificate"),
			cert.valid_until,
			total.as_("total_cu"),
			additional.as_("additional_education_cu"),
		)
		.orderby(cert.valid_until)
		.orderby(worker.full_name)
		.orderby(cert.name)
	)


def _grouped(query, threshold: float):
	cert, worker, total, additional = _terms()
	month = DateFormat(cert.valid_until, "%Y-%m-01")
	return (
		query.select(
			worker.current_region.as_("region"),
			month.as_("month"),
			Count("*").as_("workers"),
			reporting.count_if(total < threshold).as_("below_threshold"),
			reporting.count_if(additional == 0).as_("no_additional_education"),
		)
		.groupby(worker.current_region, month)
		.orderby(worker.current_region)
		.orderby(month)
	)


def _with_reasons(rows: list[dict], threshold: float):
	# Translated once, not for each row.
	below, no_education = (
		_("CPD total below {0} CU").format(local_number(threshold)),
		_("No additional education in the window"),
	)
	for row in rows:
		reasons = []
		if row.total_cu < threshold:
			reasons.append(below)
		if not row.additional_education_cu:
			reasons.append(no_education)
		row.reason = "; ".join(reasons)


def _group_columns() -> list[dict]:
	return [
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 180},
		{"fieldname": "month", "label": _("Month due"), "fieldtype": "Date", "width": 120},
		{"fieldname": "workers", "label": _("Employees for advanced training"), "fieldtype": "Int", "width": 200},
		{"fieldname": "below_threshold", "label": _("Below the CPD threshold"), "fieldtype": "Int", "width": 160},
		{"fieldname": "no_additional_education", "label": _("No additional education in the window"), "fieldtype": "Int", "width": 240},
	]  # fmt: skip


def columns() -> list[dict]:
	return [
		{"fieldname": "health_worker", "label": _("Health worker"), "fieldtype": "Link", "options": "Health Worker", "width": 130},
		{"fieldname": "full_name", "label": _("Full name"), "fieldtype": "Data", "width": 220},
		{"fieldname": "specialty", "label": _("Specialty"), "fieldtype": "Link", "options": "Specialty", "width": 150},
		{"fieldname": "position", "label": _("Position"), "fieldtype": "Link", "options": "Position", "width": 150},
		{"fieldname": "valid_until", "label": _("Certificate valid until"), "fieldtype": "Date", "width": 120},
		{"fieldname": "total_cu", "label": _("CPD total, CU"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "additional_education_cu", "label": _("Additional education, CU"), "fieldtype": "Float", "precision": 2, "width": 150},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 280},
		{"fieldname": "certificate", "label": _("Certificate"), "fieldtype": "Link", "options": "Specialist Certificate", "width": 130},
		{"fieldname": "healthcare_entity", "label": _("Healthcare entity"), "fieldtype": "Link", "options": "Healthcare Entity", "width": 200},
	]  # fmt: skip


def summary(count: int):
	return [
		{
			"label": _("Employees for advanced training"),
			"value": count,
			"datatype": "Int",
			"indicator": "Orange",
		}
	]
