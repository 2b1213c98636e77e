"""Certificates for clinical practice that fall due, have expired or block a record (rule 14.4-14.5):
counted by region and month of expiry, or listed a page at a time (the List view)."""

import frappe
from frappe import _
from frappe.query_builder import Case
from frappe.query_builder.functions import Count, DateFormat
from frappe.utils import get_first_day, get_last_day, getdate, today

from profregister.access import audit
from profregister.access.reports import Scope
from profregister.domain.certificates import notice_date, notice_horizon
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import filtered
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.platform.checks import check_date_argument
from profregister.services.platform.parameters import get_parameter

STATES = ("Upcoming", "Expired", "Blocked", "Valid")


@audit.reads_workers
def execute(filters=None):
	"""By default the certificates counted by region and month of expiry; the List view a page of them."""
	filters = frappe._dict(filters or {})
	day = getdate(today())
	months = int(get_parameter(NOTICE_MONTHS, day))
	scope, horizon = Scope.of_user(), notice_horizon(day, months)
	groups = {
		due: _query(filters, scope, day, horizon, due, _grouped).run(as_dict=True) for due in _parts(filters)
	}
	counts = _counts(row for rows in groups.values() for row in rows)
	if not reporting.list_view(filters):
		return _summary_columns(counts), _by_region_and_month(groups), None, _chart(counts), _summary(counts)
	page = reporting.page_number(filters)
	rows, total = reporting.page_of(
		[
			(_query(filters, scope, day, horizon, due, _listed), sum(row.count for row in groups[due]))
			for due in groups
		],
		page,
	)
	notices = {}  # a page's rows share a few expiry dates
	for row in rows:
		if row.valid_until not in notices:
			notices[row.valid_until] = notice_date(row.valid_until, months)
		row.notice_from = notices[row.valid_until]
		row.days_left = (row.valid_until - day).days
	reporting.add_titles(rows, "healthcare_entity")
	return _columns(), rows, reporting.page_message(page, total), _chart(counts), _summary(counts)


def _parts(filters) -> list[bool]:
	"""Two index ranges rather than a scan of every certificate joined to its worker: those due by the
	horizon (expired, upcoming or blocking), then later ones, which only a block or the Valid filter
	lists. Every certificate of the first falls due before any of the second: listed one after the
	other they stay in expiry order."""
	return [due for due, wanted in ((True, filters.state != "Valid"),
		(False, filters.state not in ("Expired", "Upcoming"))) if wanted]  # fmt: skip


def _listed(query, cert, worker, state):
	return (
		query.select(
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
		.orderby(cert.valid_until)
		.orderby(cert.name)
	)


def _grouped(query, cert, worker, state):
	month = DateFormat(cert.valid_until, "%Y-%m-01")
	return query.select(cert.region, month.as_("month"), state.as_("state"), Count("*").as_("count")).groupby(
		cert.region, month, state
	)


def _query(filters, scope: Scope, day, horizon, due: bool, shape):
	"""The certificates of one part (see _parts), as `shape` selects them."""
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
		.where(cert.for_clinical_practice == 1)
		# A renewed certificate is no longer a concern: only the latest one per worker and specialty.
		.where(cert.is_latest == 1)
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
	if month := check_date_argument(filters.expiry_month, _("Month of expiry")):
		query = query.where(cert.valid_until[get_first_day(month) : get_last_day(month)])
	if filters.state:
		query = query.where(state == filters.state)
	else:
		query = query.where(state != "Valid")
	query = filtered(
		query, filters, scope, cert.healthcare_entity, cert.region, cert.specialty, cert.health_worker
	)
	return shape(query, cert, worker, state)


def _by_region_and_month(groups) -> list[dict]:
	"""One row per region and month of expiry with a count per state, from the grouped parts."""
	table = {}
	for row in (row for rows in groups.values() for row in rows):
		line = table.setdefault((row.region or "", row.month), {"region": row.region, "month": row.month})
		line[row.state.lower()] = line.get(row.state.lower(), 0) + row.count
		line["total"] = line.get("total", 0) + row.count
	return [table[key] for key in sorted(table)]


def _summary_columns(counts) -> list[dict]:
	return [
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 180},
		{"fieldname": "month", "label": _("Month of expiry"), "fieldtype": "Date", "width": 120},
		*(
			{"fieldname": state.lower(), "label": _(state), "fieldtype": "Int", "width": 110}
			for state in STATES
			if counts[state] or state != "Valid"
		),
		{"fieldname": "total", "label": _("Total"), "fieldtype": "Int", "width": 100},
	]


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
		{"fieldname": "days_left", "label": _("Days left"), "fieldtype": "Int", "width": 150},
		{"fieldname": "expiry_notice_sent_on", "label": _("Notice sent on"), "fieldtype": "Date", "width": 100},
		{"fieldname": "blocked_since", "label": _("Blocked since"), "fieldtype": "Date", "width": 100},
		{"fieldname": "healthcare_entity", "label": _("Healthcare entity"), "fieldtype": "Link", "options": "Healthcare Entity", "width": 200},
		{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 130},
	]  # fmt: skip


def _counts(groups):
	counts = dict.fromkeys(STATES, 0)
	for row in groups:
		counts[row.state] += row.count
	return counts


def _summary(counts):
	indicator = {"Upcoming": "Orange", "Expired": "Red", "Blocked": "Red", "Valid": "Green"}
	return [
		{"label": _(state), "value": counts[state], "datatype": "Int", "indicator": indicator[state]}
		for state in STATES
		if counts[state] or state != "Valid"
	]


def _chart(counts):
	states = [state for state in STATES if counts[state]]
	return {
		"data": {"labels": [_(s) for s in states], "datasets": [{"values": [counts[s] for s in states]}]},
		"type": "bar",
		"colors": ["#e24c4c"],
	}
