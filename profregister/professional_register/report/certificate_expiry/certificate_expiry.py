"""Certificates for clinical practice that fall due, have expired or block a record (rule 14.4-14.5)."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.utils import getdate, today

from profregister.access.reports import Scope
from profregister.domain.certificates import notice_date, notice_horizon
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import filtered
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.platform.parameters import get_parameter

STATES = ("Upcoming", "Expired", "Blocked", "Valid")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	day = getdate(today())
	months = int(get_parameter(NOTICE_MONTHS, day))
	rows = _rows(filters, Scope.of_user(), day, notice_horizon(day, months))
	notices = {}  # tens of thousands of rows share a few hundred expiry dates
	for row in rows:
		if row.valid_until not in notices:
			notices[row.valid_until] = notice_date(row.valid_until, months)
		row.notice_from = notices[row.valid_until]
		row.days_left = (row.valid_until - day).days
	reporting.add_titles(rows, "healthcare_entity")
	return _columns(), rows, None, _chart(rows), _summary(rows)


def _rows(filters, scope: Scope, day, horizon):
	"""Two index ranges rather than a scan of every certificate joined to its worker: those due by the
	horizon (expired, upcoming or blocking), then later ones, which only a block or the Valid filter lists."""
	rows = []
	if filters.state != "Valid":
		rows += _query(filters, scope, day, horizon, due=True).run(as_dict=True)
	if filters.state not in ("Expired", "Upcoming"):
		rows += _query(filters, scope, day, horizon, due=False).run(as_dict=True)
	return rows


def _query(filters, scope: Scope, day, horizon, due: bool):
	cert, worker = frappe.qb.DocType("Specialist Certificate"), frappe.qb.DocType("Health Worker")
	state = (
		Case()
		.when((worker.status == "Blocked") & (worker.blocking_certificate == cert.name), "Blocked")
		.when(cert.valid_until < day, "Expired")
		.when(cert.valid_until <= horizon, "Upcoming")
		.else_("Valid")
	)
	query = (
		frappe.qb.from_(cert)
		.join(worker)
		.on(worker.name == cert.health_worker)
		.select(
			cert.health_worker,
			worker.full_name,
			cert.healthcare_entity,
			cert.region,
			cert.specialty,
			cert.name.as_("certificate"),
			cert.certificate_number,
			cert.valid_until,
			cert.expiry_notice_sent_on,
			worker.status.as_("worker_status"),
			worker.blocked_since,
			state.as_("state"),
		)
		.where(cert.for_clinical_practice == 1)
		# A renewed certificate is no longer a concern: only the latest one per worker and specialty.
		.where(cert.is_latest == 1)
		.orderby(cert.valid_until)
		.orderby(cert.name)
	)
	if due:
		query = query.where(cert.valid_until <= horizon)
	else:
		query = query.where(cert.valid_until > horizon)
		if filters.state != "Valid":
			# Past the horizon only a block lists a certificate: reach them through the blocked workers.
			query = query.where(worker.status == "Blocked").where(worker.blocking_certificate == cert.name)
	if filters.from_date:
		query = query.where(cert.valid_until >= getdate(filters.from_date))
	if filters.to_date:
		query = query.where(cert.valid_until <= getdate(filters.to_date))
	if filters.state:
		query = query.where(state == filters.state)
	else:
		query = query.where(state != "Valid")
	return filtered(
		query, filters, scope, cert.healthcare_entity, cert.region, cert.specialty, cert.health_worker
	)


def _columns():
	return [
		{"fieldname": "state", "label": _("Certificate state"), "fieldtype": "Data", "width": 100},
		{"fieldname": "health_worker", "label": _("Health worker"), "fieldtype": "Link", "options": "Health Worker", "width": 130},
		{"fieldname": "full_name", "label": _("Full name"), "fieldtype": "Data", "width": 220},
		{"fieldname": "specialty", "label": _("Specialty"), "fieldtype": "Link", "options": "Specialty", "width": 160},
		{"fieldname": "certificate", "label": _("Certificate"), "fieldtype": "Link", "options": "Specialist Certificate", "width": 140},
		{"fieldname": "certificate_number", "label": _("Certificate number"), "fieldtype": "Data", "width": 120},
		{"fieldname": "valid_until", "label": _("Valid until"), "fieldtype": "Date", "width": 100},
		{"fieldname": "notice_from", "label": _("Notice from"), "fieldtype": "Date", "width": 100},
		{"fieldname": "days_left", "label": _("Days left"), "fieldtype": "Int", "width": 80},
		{"fieldname": "expiry_notice_sent_on", "label": _("Notice sent on"), "fieldtype": "Date", "width": 100},
		{"fieldname": "blocked_since", "label": _("Blocked since"), "fieldtype": "Date", "width": 100},
		{"fieldname": "healthcare_entity", "label": _("Healthcare entity"), "fieldtype": "Link", "options": "Healthcare Entity", "width": 200},
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 130},
	]  # fmt: skip


def _counts(rows):
	counts = dict.fromkeys(STATES, 0)
	for row in rows:
		counts[row.state] += 1
	return counts


def _summary(rows):
	counts = _counts(rows)
	indicator = {"Upcoming": "Orange", "Expired": "Red", "Blocked": "Red", "Valid": "Green"}
	return [
		{"label": _(state), "value": counts[state], "datatype": "Int", "indicator": indicator[state]}
		for state in STATES
		if counts[state] or state != "Valid"
	]


def _chart(rows):
	counts = _counts(rows)
	states = [state for state in STATES if counts[state]]
	return {
		"data": {"labels": [_(s) for s in states], "datasets": [{"values": [counts[s] for s in states]}]},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
