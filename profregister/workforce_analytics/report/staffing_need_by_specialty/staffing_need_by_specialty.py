"""Rule 4.4: staffing and the need for staff by specialty, against the approved staffing tables.

A line is an entity's position and specialty (no specialty is a line of its own). On the date:
- approved FTE = the Staffing Table row of the line with the latest effective from on or before the date;
- filled FTE = the rates of the employments (main and part-time) at the line active on the date
  (started on or before it, not ended before it); a line filled without a staffing row is approved 0;
- vacancies = approved - filled and over-staffing = filled - approved, each per line and never below 0,
  so a surplus in one line does not hide the need in another. Fill rate = (approved - vacancies) / approved.
Lines are summed by region (the entity's), entity or specialty.

Set-based: for the day the summary table holds (services/analytics/summaries.py, today once the nightly
job has run), one grouped read of it; for any other day, two grouped queries (staffing lines with their
employments; all filled FTE). And one for the entities' names, whatever the size of the register.
"""

from collections import defaultdict

import frappe
from frappe import _
from frappe.query_builder.functions import Cast, Concat, Count, IfNull, Max, NullIf, Sum
from frappe.utils import flt, formatdate, getdate, today
from pypika import CustomFunction

from profregister.access.reports import Scope, region_filter
from profregister.services.analytics import summaries

GROUPS = ("Region", "Healthcare Entity", "Specialty")
MEASURES = ("approved", "filled", "vacancies", "overstaffing")
CHART_GROUPS = 15
Greatest = CustomFunction("GREATEST", ["a", "b"])
SubstringIndex = CustomFunction("SUBSTRING_INDEX", ["string", "delimiter", "count"])


def execute(filters=None):
	filters = frappe._dict(filters or {})
	day = getdate(filters.date or today())
	group_by = filters.group_by if filters.group_by in GROUPS else "Region"
	rows = figures(day, group_by, filters, Scope.of_user("Staffing Table"))
	message = _(
		"On {0}: approved FTE from the latest staffing table row of each entity, position and specialty; "
		"filled FTE from the rates of the employments active that day. Vacancies and over-staffing are "
		"counted per line, then summed."
	).format(formatdate(day))
	for row in rows:
		# The rows carry their entity's name already: the link shows it (profregister.with_titles).
		if row.entity_name:
			row.group_title = row.entity_name
	return columns(group_by), rows, message, chart(rows), summary(rows)


def figures(day, group_by: str, filters, scope: Scope) -> list[dict]:
	# Entity figures are rolled up to the entity's region here, with the entity's name, in Python.
	by_specialty = group_by == "Specialty"
	if filters.region:
		# Once for both queries: a region means the region and everything under it.
		filters = frappe._dict(filters, regions=region_filter(filters.region))
	count = _summed if summaries.current(day) else _counted
	found = count(day, by_specialty, filters, scope)

	entities = {} if by_specialty else _entities(list(found))
	groups = defaultdict(lambda: frappe._dict(dict.fromkeys(MEASURES, 0.0)))
	for key, measures in found.items():
		entity = entities.get(key, {})
		group = entity.get("region") if group_by == "Region" else key
		row = groups[group]
		for measure in MEASURES:
			row[measure] += flt(measures[measure])
		if group_by == "Healthcare Entity":
			row.update(entity_name=entity.get("entity_name"), region=entity.get("region"))

	rows = []
	for group, row in groups.items():
		row.update({m: flt(row[m], 3) for m in MEASURES})
		row.group = group
		row.fill_rate = _fill_rate(row)
		rows.append(row)
	rows.sort(key=lambda r: (-r.vacancies, r.group or ""))
	return rows


def _counted(day, by_specialty: bool, filters, scope: Scope) -> dict:
	"""Per entity (or specialty), counted from the register: the lines with a staffing row against their
	filled FTE, then every FTE filled; filled FTE outside every approved line is over-staffing as a
	whole (approved 0)."""
	found = defaultdict(lambda: dict.fromkeys((*MEASURES, "matched"), 0.0))
	for row in _staffed_lines(day, by_specialty, filters, scope):
		found[row.group].update(
			approved=flt(row.approved),
			matched=flt(row.filled),
			vacancies=flt(row.vacancies),
			overstaffing=flt(row.overstaffing),
		)
	for row in _filled(day, by_specialty, filters, scope):
		found[row.group]["filled"] = flt(row.filled)
	for measures in found.values():
		measures["overstaffing"] += max(measures["filled"] - measures.pop("matched"), 0)
	return found


def _summed(day, by_specialty: bool, filters, scope: Scope) -> dict:
	"""Per entity (or specialty), from the day's summary (services/analytics/summaries.py), which holds
	every line, those filled without an approved row too (approved 0)."""
	figure = frappe.qb.DocType(summaries.STAFFING)
	key = NullIf(figure.specialty, "") if by_specialty else figure.healthcare_entity
	query = (
		frappe.qb.from_(figure)
		.select(
			key.as_("group"),
			Sum(figure.approved).as_("approved"),
			Sum(figure.filled).as_("filled"),
			Sum(Greatest(figure.approved - figure.filled, 0)).as_("vacancies"),
			Sum(Greatest(figure.filled - figure.approved, 0)).as_("overstaffing"),
		)
		.groupby(key)
	)
	rows = _narrow(query, figure, filters, scope).run(as_dict=True)
	return {row.group: {m: flt(row[m]) for m in MEASURES} for row in rows}


def _staffed_lines(day, by_specialty: bool, filters, scope: Scope):
	"""Per entity (or specialty): each line with a staffing row in force, against its filled FTE.

	One pass over the staffing table in the order of its index, each line joined to its active employments
	through the Employment index on the same columns (see staffing_table.on_doctype_update). Lines with a
	specialty and lines without one are two parts of the pass: one join condition with an OR for both
	would read the index on entity and position only, a third slower at 245,000 lines.
	"""
	table, job = frappe.qb.DocType("Staffing Table"), frappe.qb.DocType("Employment")
	with_specialty = _lines(day, by_specialty, filters, scope, job.specialty == table.specialty)
	# A cleared specialty may be stored as "" rather than NULL: both are "no specialty".
	without = _lines(day, by_specialty, filters, scope, IfNull(job.specialty, "") == "", no_specialty=True)
	line = (with_specialty * without).as_("line")
	return (
		frappe.qb.from_(line)
		.select(
			line.group,
			Sum(line.approved).as_("approved"),
			Sum(line.filled).as_("filled"),
			Sum(Greatest(line.approved - line.filled, 0)).as_("vacancies"),
			Sum(Greatest(line.filled - line.approved, 0)).as_("overstaffing"),
		)
		.groupby(line.group)
	).run(as_dict=True)


def _lines(day, by_specialty: bool, filters, scope: Scope, same_specialty, no_specialty=False):
	"""Each staffing line of one part (with a specialty, or without) with its approved and filled FTE."""
	table, job = frappe.qb.DocType("Staffing Table"), frappe.qb.DocType("Employment")
	key = table.specialty if by_specialty else table.healthcare_entity
	# The row in force is the latest one: dates as text sort as dates, so the largest "date|FTE" holds it.
	approved = Cast(
		SubstringIndex(Max(Concat(table.effective_from, "|", table.approved_fte)), "|", -1), "DECIMAL(21,9)"
	)
	# Each employment is joined once per staffing row of its line up to the date.
	filled = IfNull(Sum(job.rate) / Count(table.effective_from).distinct(), 0)
	query = (
		frappe.qb.from_(table)
		.left_join(job)
		.on(
			(job.healthcare_entity == table.healthcare_entity)
			& (job.position == table.position)
			& same_specialty
			& (job.start_date <= day)
			& (job.end_date.isnull() | (job.end_date >= day))
		)
		.select(Max(key).as_("group"), approved.as_("approved"), filled.as_("filled"))
		.where(table.effective_from <= day)
		.where(table.specialty.isnull() if no_specialty else table.specialty.isnotnull())
		.groupby(table.healthcare_entity, table.position, table.specialty)
	)
	return _narrow(query, table, filters, scope)


def _filled(day, by_specialty: bool, filters, scope: Scope):
	"""Per entity (or specialty): every FTE filled on the date, approved or not."""
	job = frappe.qb.DocType("Employment")
	key = NullIf(job.specialty, "") if by_specialty else job.healthcare_entity
	return _narrow(
		frappe.qb.from_(job)
		.select(key.as_("group"), Sum(job.rate).as_("filled"))
		.where(job.start_date <= day)
		.where(job.end_date.isnull() | (job.end_date >= day))
		.groupby(key),
		job,
		filters,
		scope,
	).run(as_dict=True)


def _entities(names: list[str]) -> dict:
	if not names:
		return {}
	entity = frappe.qb.DocType("Healthcare Entity")
	rows = (
		frappe.qb.from_(entity)
		.select(entity.name, entity.entity_name, entity.region)
		.where(entity.name.isin(names))
		.run(as_dict=True)
	)
	return {row.name: row for row in rows}


def _narrow(query, table, filters, scope: Scope):
	"""The report's filters and the scope, on the source table before anything is grouped."""
	if filters.regions:
		query = query.where(table.region.isin(filters.regions))
	if filters.healthcare_entity:
		query = query.where(table.healthcare_entity == filters.healthcare_entity)
	if filters.specialty:
		query = query.where(table.specialty == filters.specialty)
	return scope.restrict(query, entity_field=table.healthcare_entity, region_field=table.region)


def _fill_rate(row):
	# The share of the approved FTE that is filled; without approved posts there is no rate.
	if not row.approved:
		return None
	return flt((row.approved - row.vacancies) * 100 / row.approved, 1)


def columns(group_by: str) -> list[dict]:
	group = {
		"Region": {"label": _("Region"), "options": "Region", "width": 200},
		"Healthcare Entity": {"label": _("Healthcare entity"), "options": "Healthcare Entity", "width": 140},
		"Specialty": {"label": _("Specialty"), "options": "Specialty", "width": 220},
	}[group_by]
	names = []
	if group_by == "Healthcare Entity":
		names = [
			{"fieldname": "entity_name", "label": _("Entity name"), "fieldtype": "Data", "width": 220},
			{"fieldname": "region", "label": _("Region"), "fieldtype": "Link", "options": "Region", "width": 140},
		]  # fmt: skip
	return [
		{"fieldname": "group", "fieldtype": "Link", **group},
		*names,
		{"fieldname": "approved", "label": _("Approved FTE"), "fieldtype": "Float", "precision": 2, "width": 120},
		{"fieldname": "filled", "label": _("Filled FTE"), "fieldtype": "Float", "precision": 2, "width": 110},
		{"fieldname": "vacancies", "label": _("Vacancies (need), FTE"), "fieldtype": "Float", "precision": 2, "width": 150},
		{"fieldname": "overstaffing", "label": _("Over-staffing, FTE"), "fieldtype": "Float", "precision": 2, "width": 140},
		{"fieldname": "fill_rate", "label": _("Fill rate, %"), "fieldtype": "Percent", "width": 100},
	]  # fmt: skip


def totals(rows) -> dict:
	return {m: flt(sum(row[m] for row in rows), 3) for m in MEASURES}


def summary(rows) -> list[dict]:
	total = totals(rows)
	return [
		{"label": _("Approved FTE"), "value": total["approved"], "datatype": "Float", "indicator": "Blue"},
		{"label": _("Filled FTE"), "value": total["filled"], "datatype": "Float", "indicator": "Green"},
		{
			"label": _("Vacancies (need), FTE"),
			"value": total["vacancies"],
			"datatype": "Float",
			"indicator": "Red" if total["vacancies"] else "Green",
		},
	]


def chart(rows) -> dict | None:
	# Rows come sorted by vacancies, the largest need first.
	top = [row for row in rows if row.vacancies > 0][:CHART_GROUPS]
	if not top:
		return None
	return {
		"data": {
			"labels": [_label(row) for row in top],
			"datasets": [{"name": _("Vacancies (need), FTE"), "values": [row.vacancies for row in top]}],
		},
		"type": "bar",
		"colors": ["#e24c4c"],
	}


def _label(row) -> str:
	if row.entity_name:
		return row.entity_name
	return _(row.group) if row.group else _("No specialty")
