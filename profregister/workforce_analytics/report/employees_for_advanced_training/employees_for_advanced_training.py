"""Rule 14.3: the list of employees for advanced training.

A worker is listed when their certificate for clinical practice falls due within the horizon and, in
the CPD window, their verified CPD total is below the threshold in force or they had no additional
education. CU are those the CPD engine stored on the verified evidence.
"""

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Sum
from frappe.utils import add_months, getdate, today
from pypika.terms import Case

from profregister.access.reports import Scope
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import filtered
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.checks import check_int_argument
from profregister.services.platform.parameters import get_parameter

THRESHOLD = "advanced_training_cpd_threshold_cu"


def execute(filters=None):
	filters = frappe._dict(filters or {})
	day = getdate(filters.date or today())
	threshold = get_parameter(THRESHOLD, day)
	rows = candidates(
		day,
		check_int_argument(filters.horizon_months or 12, _("Horizon (months)"), 1, 60),
		threshold,
		filters,
		Scope.of_user(),
	)
	message = _("CPD threshold in force: {0} CU; CPD window {1} - {2}").format(
		threshold,
		*(frappe.format(d, {"fieldtype": "Date"}) for d in (cpd.window(day).start, cpd.window(day).end)),
	)
	reporting.add_titles(rows, "healthcare_entity")
	return columns(), rows, message, None, summary(rows)


def candidates(day, horizon_months: int, threshold: float, filters, scope: Scope) -> list[dict]:
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
		.select(
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
		.where(worker.status.isin(("Active", "Blocked")))
		.where(cert.for_clinical_practice == 1)
		.where(cert.valid_until[day : getdate(add_months(day, horizon_months))])
		.where(cert.is_latest == 1)
		.where((total < threshold) | (additional == 0))
		.orderby(cert.valid_until)
		.orderby(worker.full_name)
		.orderby(cert.name)
	)
	query = filtered(query, filters, scope, worker.current_entity, worker.current_region, cert.specialty)
	rows = query.run(as_dict=True)
	# Translated once, not for each of tens of thousands of rows.
	below, no_education = (
		_("CPD total below {0} CU").format(f"{threshold:g}"),
		_("No additional education in the window"),
	)
	for row in rows:
		reasons = []
		if row.total_cu < threshold:
			reasons.append(below)
		if not row.additional_education_cu:
			reasons.append(no_education)
		row.reason = "; ".join(reasons)
	return rows


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


def summary(rows):
	return [
		{
			"label": _("Employees for advanced training"),
			"value": len(rows),
			"datatype": "Int",
			"indicator": "Orange",
		}
	]
