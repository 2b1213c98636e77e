"""Coordinator submissions (rules 6, 7): monthly and quarterly figures frozen for the National Coordinator.

A daily job creates the submission for the month (quarter) that has just ended and reminds the
coordinators before it is due; submitting freezes the figures for good.
"""

import json
from datetime import timedelta

import frappe
from frappe.utils import escape_html, formatdate, getdate, today

from profregister.access.reports import Scope
from profregister.domain.periods import due_date, following_quarters, month_of, previous, quarter_of
from profregister.services.analytics import forecast, monthly_flows, replica
from profregister.services.notices import notify
from profregister.services.platform import jobs
from profregister.services.platform.parameters import get_parameter

DUE_DAY = "submission_due_day"
REMIND_DAYS = "submission_reminder_days"
COORDINATOR = "National Coordinator"
REMINDER_TEMPLATE = "Coordinator Submission Reminder"


def period_of(period_type: str, day):
	return (month_of if period_type == "Monthly" else quarter_of)(getdate(day))


def fill(doc):
	"""Period, due date and the figures of the reports, as they are now."""
	period = period_of(doc.period_type, doc.period_start)
	doc.period_start, doc.period_end, doc.period_label = period.start, period.end, period.label
	doc.due_date = due_date(period, int(get_parameter(DUE_DAY, period.end)))
	columns, rows, totals = replica.read(national_figures, doc.period_type, period)
	for field in totals:
		doc.set(field, sum(row[field] for row in rows))
	doc.figures = json.dumps({"columns": columns, "rows": rows}, default=str, ensure_ascii=False)


def national_figures(period_type: str, period):
	"""The country's figures whoever presses Refresh, with labels kept as keys that each reader's desk
	translates; read from the replica when the site has one."""
	language, frappe.local.lang = frappe.local.lang, "en"
	try:
		return _figures(period_type, period, Scope.country(), frappe._dict(group_by="Region"))
	finally:
		frappe.local.lang = language


def _figures(period_type: str, period, scope: Scope, filters):
	if period_type == "Monthly":
		columns = monthly_flows.columns(filters.group_by)
		rows = monthly_flows.figures(period, filters.group_by, filters, scope)
		return columns, rows, ("stock_start", "hired", "left", "stock_end", "late_entries")
	quarters = following_quarters(period.end, 4)
	columns = forecast.columns(filters.group_by)
	rows = forecast.forecast(period.end, quarters, filters.group_by, filters, scope)
	return columns, rows, ("certificates_due", "retiring")


def run_daily():
	"""Scheduler entry point (hooks.scheduler_events)."""
	day = getdate(today())
	# Each step commits its own work; a failure is logged and rolled back, and the reminders still go.
	jobs.in_isolated_batches([day], lambda d: len(create_due(d)), f"Coordinator submissions failed on {day}")
	jobs.in_isolated_batches([day], remind, f"Coordinator submission reminders failed on {day}")


def create_due(day) -> list[str]:
	"""The submissions of the month and quarter just ended; a missed day is caught up, none is doubled."""
	made = []
	for period_type, of in (("Monthly", month_of), ("Quarterly", quarter_of)):
		period = previous(of(day), of=of)
		if not frappe.db.exists(
			"Coordinator Submission", {"period_type": period_type, "period_start": period.start}
		):
			doc = frappe.get_doc(
				{
					"doctype": "Coordinator Submission",
					"period_type": period_type,
					"period_start": period.start,
				}
			)
			made.append(doc.insert(ignore_permissions=True).name)
	return made


def remind(day) -> int:
	"""Once per submission, a few days before it is due (or when already late)."""
	drafts = frappe.get_all(
		"Coordinator Submission",
		filters={
			"docstatus": 0,
			"reminder_sent_on": ("is", "not set"),
			"due_date": ("<=", day + timedelta(days=int(get_parameter(REMIND_DAYS, day)))),
		},
		fields=["name", "period_label", "due_date"],
	)
	# Nobody left to remind: the Register Administrators are told instead, never nobody.
	recipients = notify.reachable_users_with_role(COORDINATOR) or notify.reachable_users_with_role(
		"Register Administrator"
	)
	if not recipients:
		return 0
	notify.send(
		[
			notify.Message(
				user,
				"Coordinator Submission",
				row.name,
				{"period": escape_html(row.period_label or ""), "due_date": formatdate(row.due_date)},
			)
			for row in drafts
			for user in recipients
		],
		REMINDER_TEMPLATE,
	)
	if drafts:
		frappe.db.set_value(
			"Coordinator Submission", {"name": ("in", [row.name for row in drafts])}, "reminder_sent_on", day
		)
	return len(drafts)
