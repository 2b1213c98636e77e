"""Rule 6: the month's registration, recordkeeping, migration and outflow, by region, entity or specialty.

Stock counts main employments. A job is in the stock at the end of day X when it started on or before
X and did not end on or before X, so for every group: stock at the start + hired - left = stock at
the end. Transfers in and out are the hires (departures) whose previous (next) main job, ended with
reason Transfer, was at another entity; "from (to) another region" is the part of them across regions.
Every figure is one grouped query, whatever the size of the register.
"""

from collections import defaultdict
from datetime import timedelta

import frappe
from frappe import _
from frappe.query_builder.functions import Coalesce, Count
from pypika import Order
from pypika import analytics as an

from profregister.access.reports import Scope
from profregister.services.analytics import reporting
from profregister.services.analytics.reporting import count_if, filtered

END_REASONS = ("Dismissal", "Transfer", "Retirement", "Emigration", "Death", "Other")


def figures(period, group_by: str, filters, scope: Scope) -> list[dict]:
	found = defaultdict(lambda: dict.fromkeys(MEASURES, 0))
	for query in (_stock_and_flows, _transfers, _register_records, _blocks, _late_entries):
		for row in query(period, group_by, filters, scope):
			found[row.pop("group")].update({k: int(v or 0) for k, v in row.items()})
	return [
		{"group": group, **measures} for group, measures in sorted(found.items(), key=lambda g: g[0] or "")
	]


def _employments(group_by):
	"""Main jobs, keyed by the group; the job's own region (kept from its entity) saves a join."""
	job = reporting.grouped_scan("Employment", "region", "healthcare_entity", "specialty")
	key = reporting.group_key(group_by, job.region, job.healthcare_entity, job.specialty)
	return job, key, frappe.qb.from_(job)


def _stock_and_flows(period, group_by, filters, scope: Scope):
	job, key, query = _employments(group_by)
	start, end = period.start, period.end
	open_at = lambda day: job.end_date.isnull() | (job.end_date > day)  # noqa: E731
	query = (
		query.select(
			key.as_("group"),
			count_if((job.start_date < start) & open_at(start - timedelta(days=1))).as_("stock_start"),
			count_if(job.start_date[start:end]).as_("hired"),
			count_if(job.end_date[start:end]).as_("left"),
			*(
				count_if(job.end_date[start:end] & (job.end_reason == r)).as_(f"left_{r.lower()}")
				for r in END_REASONS
			),
			count_if((job.start_date <= end) & open_at(end)).as_("stock_end"),
		)
		.where(job.is_main == 1)
		.where(job.start_date <= end)
		.where(job.end_date.isnull() | (job.end_date >= start))
		.groupby(key)
	)
	return filtered(query, filters, scope, job.healthcare_entity, job.region, job.specialty).run(as_dict=True)


def _transfers(period, group_by, filters, scope: Scope):
	"""Previous and next main job of every worker who was hired or left in the month (window functions)."""
	job, key, query = _employments(group_by)
	touched = (
		frappe.qb.from_(job)
		.select(job.health_worker)
		.where(job.is_main == 1)
		.where(job.start_date[period.start : period.end] | job.end_date[period.start : period.end])
	)

	def neighbour(fn, field):
		return fn(field).over(job.health_worker).orderby(job.start_date, job.name)

	moves = (
		query.select(
			job.healthcare_entity,
			job.region,
			job.specialty,
			job.start_date,
			job.end_date,
			job.end_reason,
			key.as_("group"),
			neighbour(an.Lag, job.healthcare_entity).as_("prev_entity"),
			neighbour(an.Lag, job.region).as_("prev_region"),
			neighbour(an.Lag, job.end_reason).as_("prev_end_reason"),
			neighbour(an.Lead, job.healthcare_entity).as_("next_entity"),
			neighbour(an.Lead, job.region).as_("next_region"),
		)
		.where(job.is_main == 1)
		.where(job.health_worker.isin(touched))
	).as_("moves")
	hired = moves.start_date[period.start : period.end] & (moves.prev_end_reason == "Transfer")
	left = moves.end_date[period.start : period.end] & (moves.end_reason == "Transfer")
	query = (
		frappe.qb.from_(moves)
		.select(
			moves.group,
			count_if(hired & (moves.prev_entity != moves.healthcare_entity)).as_("transferred_in"),
			count_if(hired & (moves.prev_region != moves.region)).as_("transferred_in_other_region"),
			count_if(left).as_("transferred_out"),
			count_if(left & moves.next_region.notnull() & (moves.next_region != moves.region)).as_(
				"transferred_out_other_region"
			),
		)
		.where(moves.start_date[period.start : period.end] | moves.end_date[period.start : period.end])
		.groupby(moves.group)
	)
	return filtered(query, filters, scope, moves.healthcare_entity, moves.region, moves.specialty).run(
		as_dict=True
	)


def _register_records(period, group_by, filters, scope: Scope):
	"""Registered: records created in the month. Updated: older records with a change in the month's
	history (a Version or a status change). Each counts where the worker worked in that month (the latest
	main job started by its end; the record's own place without one), so later edits and transfers never
	move a past month."""
	worker, version, job, event = (
		frappe.qb.DocType(d)
		for d in ("Health Worker", "Version", "Employment", "Health Worker Status Change")
	)
	start, end = period.start, period.end + timedelta(days=1)
	created = (
		frappe.qb.from_(worker)
		.select(worker.name)
		.where(worker.creation >= start)
		.where(worker.creation < end)
	)
	changed = (
		frappe.qb.from_(version)
		.select(version.docname)
		.where(version.ref_doctype == "Health Worker")
		.where(version.creation >= start)
		.where(version.creation < end)
	) + (
		# A job's block is recorded as its event only (history.py).
		frappe.qb.from_(event).select(event.health_worker).where(event.change_date[period.start : period.end])
	)
	place = (
		frappe.qb.from_(job)
		.select(
			job.health_worker,
			job.healthcare_entity,
			job.region,
			job.specialty,
			an.RowNumber().over(job.health_worker).orderby(job.start_date, order=Order.desc).as_("rank"),
		)
		.where(job.is_main == 1)
		.where(job.start_date <= period.end)
		.where(job.health_worker.isin(created) | job.health_worker.isin(changed))
	).as_("place")
	entity = Coalesce(place.healthcare_entity, worker.current_entity)
	region = Coalesce(place.region, worker.current_region)
	specialty = Coalesce(place.specialty, worker.current_specialty)
	key = reporting.group_key(group_by, region, entity, specialty)
	query = (
		frappe.qb.from_(worker)
		.left_join(place)
		.on((place.health_worker == worker.name) & (place.rank == 1))
		.select(
			key.as_("group"),
			count_if(worker.creation >= start).as_("registered"),
			count_if(worker.creation < start).as_("updated"),
		)
		.where(
			((worker.creation >= start) & (worker.creation < end))
			| ((worker.creation < start) & worker.name.isin(changed))
		)
		.groupby(key)
	)
	return filtered(query, filters, scope, entity, region, specialty).run(as_dict=True)


def _blocks(period, group_by, filters, scope: Scope):
	"""Blocks and unblocks from the status history, each under the entity, region and specialty where
	it happened: past months never change."""
	event = frappe.qb.DocType("Health Worker Status Change")
	key = reporting.group_key(group_by, event.region, event.healthcare_entity, event.specialty)
	query = (
		frappe.qb.from_(event)
		.select(
			key.as_("group"),
			count_if(event.to_status == "Blocked").as_("blocked"),
			count_if(event.from_status == "Blocked").as_("unblocked"),
		)
		.where(event.change_date[period.start : period.end])
		.where((event.to_status == "Blocked") | (event.from_status == "Blocked"))
		.groupby(key)
	)
	return filtered(
		query,
		filters,
		scope.of("Health Worker Status Change"),
		event.healthcare_entity,
		event.region,
		event.specialty,
	).run(as_dict=True)


def _late_entries(period, group_by, filters, scope: Scope):
	"""Hires entered in the month later than the deadline in force (rule 8)."""
	job, key, query = _employments(group_by)
	query = (
		query.select(key.as_("group"), Count(job.name).as_("late_entries"))
		.where(job.late_entry == 1)
		.where(job.creation >= period.start)
		.where(job.creation < period.end + timedelta(days=1))
		.groupby(key)
	)
	return filtered(query, filters, scope, job.healthcare_entity, job.region, job.specialty).run(as_dict=True)


MEASURES = (
	"stock_start",
	"hired",
	"transferred_in",
	"transferred_in_other_region",
	"left",
	*(f"left_{r.lower()}" for r in END_REASONS),
	"transferred_out",
	"transferred_out_other_region",
	"stock_end",
	"registered",
	"updated",
	"blocked",
	"unblocked",
	"late_entries",
)


def columns(group_by: str) -> list[dict]:
	labels = {
		"stock_start": _("Stock at the start"),
		"hired": _("Hired"),
		"transferred_in": _("Transferred in"),
		"transferred_in_other_region": _("of them from another region"),
		"left": _("Departures"),
		"left_dismissal": _("Left: dismissal"),
		"left_transfer": _("Left: transfer"),
		"left_retirement": _("Left: retirement"),
		"left_emigration": _("Left: emigration"),
		"left_death": _("Left: death"),
		"left_other": _("Left: other"),
		"transferred_out": _("Transferred out"),
		"transferred_out_other_region": _("of them to another region"),
		"stock_end": _("Stock at the end"),
		"registered": _("Newly registered"),
		"updated": _("Records updated"),
		"blocked": _("Blocked"),
		"unblocked": _("Unblocked"),
		"late_entries": _("Late entries"),
	}
	return [
		{"fieldname": "group", "label": _(group_by), "fieldtype": "Link", "options": group_by, "width": 220},
		# Wide enough for the label in the reader's language (long in Russian and Kazakh).
		*(
			{
				"fieldname": m,
				"label": labels[m],
				"fieldtype": "Int",
				"width": min(260, max(110, 8 * len(labels[m]) + 24)),
			}
			for m in MEASURES
		),
	]
