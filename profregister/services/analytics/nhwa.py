"""NHWA indicators from the register, in the scope given: four grouped queries (stock, FTE, entries,
exits) whatever the number of workers; domain/nhwa.py computes the measures."""

import csv
import io
from datetime import date

import frappe
from frappe import _
from frappe.query_builder.functions import Count, Sum
from frappe.utils import getdate, today
from pypika.terms import Case

from profregister.access.reports import Scope, region_filter
from profregister.domain import nhwa
from profregister.domain.text import neutralised
from profregister.services.analytics import summaries
from profregister.services.analytics.occupations import occupation_case
from profregister.services.analytics.reporting import filtered


def indicators() -> list[nhwa.Indicator]:
	rows = frappe.get_all(
		"NHWA Indicator",
		filters={"enabled": 1},
		fields=[
			"code",
			"module",
			"edition",
			"indicator_name",
			"measure",
			"occupations",
			"end_reasons",
			"code_status",
		],
		order_by="module, code",
	)
	split = lambda text: tuple(p.strip() for p in (text or "").split(",") if p.strip())  # noqa: E731
	return [
		nhwa.Indicator(r.code, r.module, r.edition, r.indicator_name, r.measure, split(r.occupations),
			split(r.end_reasons), r.code_status or "Unverified")
		for r in rows
	]  # fmt: skip


def facts(filters, scope: Scope, year: int, day: date | None = None) -> nhwa.Facts:
	day = getdate(day or today())
	top = top_regions()
	result = nhwa.Facts()
	_stock(result, filters, scope, day, top)
	_fte(result, filters, scope, day, top)
	_flows(result, filters, scope, year)
	_start_stock(result, filters, scope, date(year, 1, 1))
	_coverage(result, filters, scope, day, top)
	return result


def _stock(result: nhwa.Facts, filters, scope: Scope, day: date, top: dict):
	"""Active workers by occupation, region, sex and age band, and by entity (whose ownership and type
	come from the entities themselves). From the day's summary table when it holds the day (all workers,
	less the few not active, counted here), else counted from the register."""
	summary = summaries.current(day) and not filters.specialty
	kinds = {
		row.name: (row.ownership, row.entity_type)
		for row in frappe.get_all("Healthcare Entity", fields=["name", "ownership", "entity_type"])
	}
	if summary:
		_add(result.people, _summary_people(filters, scope), top)
		_add_places(result.places, _summary_places(filters, scope), kinds)
	sign = -1 if summary else 1
	_add(result.people, _people(filters, scope, day, active=not summary), top, sign)
	_add_places(result.places, _places(filters, scope, day, active=not summary), kinds, sign)
	for counts in (result.people, result.places):
		for key in [key for key, count in counts.items() if not count]:
			del counts[key]


def _add(counts: dict, rows, top: dict, sign: int = 1):
	for row in rows:
		key = (row.occupation, top.get(row.region, row.region), row.sex, row.age_band)
		counts[key] = counts.get(key, 0) + sign * int(row.workers)


def _add_places(counts: dict, rows, kinds: dict, sign: int = 1):
	for row in rows:
		kind = kinds.get(row.entity, (None, None)) if "entity" in row else (row.ownership, row.entity_type)
		key = (row.occupation, *kind)
		counts[key] = counts.get(key, 0) + sign * int(row.workers)


def _people(filters, scope: Scope, day: date, active: bool):
	"""Workers active (or, against the summary, not active) by occupation, region, sex and age band:
	an index-only scan of workforce_index with few groups."""
	worker = frappe.qb.DocType("Health Worker")
	band = Case()
	for limit, label in nhwa.age_band_limits(day):
		band = band.when(worker.date_of_birth > limit, label) if limit else band.else_(label)
	occupation = occupation_case(
		worker.current_position, worker.current_specialty, worker.education_level, day
	)
	query = (
		frappe.qb.from_(worker)
		.select(occupation.as_("occupation"), worker.current_region.as_("region"), worker.sex,
			band.as_("age_band"), Count("*").as_("workers"))
		.where((worker.status == "Active") if active else (worker.status != "Active"))
		.groupby(occupation, worker.current_region, worker.sex, band)
	)  # fmt: skip
	return _of_workers(query, worker, filters, scope)


def _places(filters, scope: Scope, day: date, active: bool):
	worker = frappe.qb.DocType("Health Worker")
	occupation = occupation_case(
		worker.current_position, worker.current_specialty, worker.education_level, day
	)
	query = (
		frappe.qb.from_(worker)
		.select(occupation.as_("occupation"), worker.current_entity.as_("entity"), Count("*").as_("workers"))
		.where((worker.status == "Active") if active else (worker.status != "Active"))
		.groupby(occupation, worker.current_entity)
	)
	return _of_workers(query, worker, filters, scope)


def _of_workers(query, worker, filters, scope: Scope):
	return filtered(query, filters, scope, worker.current_entity, worker.current_region,
		worker.current_specialty).run(as_dict=True)  # fmt: skip


def _summary_people(filters, scope: Scope):
	figure = frappe.qb.DocType(summaries.WORKFORCE)
	query = (
		frappe.qb.from_(figure)
		.select(
			figure.occupation, figure.region, figure.sex, figure.age_band, Sum(figure.workers).as_("workers")
		)
		.where(figure.kind == "Workers")
		.groupby(figure.occupation, figure.region, figure.sex, figure.age_band)
	)
	return _of_figures(query, figure, filters, scope)


def _summary_places(filters, scope: Scope):
	figure = frappe.qb.DocType(summaries.WORKFORCE)
	query = (
		frappe.qb.from_(figure)
		.select(figure.occupation, figure.ownership, figure.entity_type, Sum(figure.workers).as_("workers"))
		.where(figure.kind == "Workers")
		.groupby(figure.occupation, figure.ownership, figure.entity_type)
	)
	return _of_figures(query, figure, filters, scope)


def _of_figures(query, figure, filters, scope: Scope):
	# No specialty here: a specialty filter counts from the register (_stock, _fte).
	return filtered(query, filters, scope, figure.healthcare_entity, figure.region, None).run(as_dict=True)


def _fte(result: nhwa.Facts, filters, scope: Scope, day: date, top: dict):
	if summaries.current(day) and not filters.specialty:
		figure = frappe.qb.DocType(summaries.WORKFORCE)
		query = (
			frappe.qb.from_(figure)
			.select(figure.occupation, figure.region, Sum(figure.fte).as_("fte"))
			.where(figure.kind == "FTE")
			.groupby(figure.occupation, figure.region)
		)
		rows = _of_figures(query, figure, filters, scope)
	else:
		job, worker = frappe.qb.DocType("Employment"), frappe.qb.DocType("Health Worker")
		occupation = occupation_case(job.position, job.specialty, worker.education_level, day)
		held = (job.start_date <= day) & (job.end_date.isnull() | (job.end_date >= day))
		query = (
			frappe.qb.from_(job)
			.left_join(worker)
			.on(worker.name == job.health_worker)
			.select(occupation.as_("occupation"), job.region, Sum(job.rate).as_("fte"))
			.where(held)
			.groupby(occupation, job.region)
		)
		rows = _jobs(query, filters, scope, job)
	for row in rows:
		key = (row.occupation, top.get(row.region, row.region))
		result.fte[key] = result.fte.get(key, 0) + float(row.fte or 0)


def _jobs(query, filters, scope: Scope, job):
	return filtered(query, filters, scope, job.healthcare_entity, job.region, job.specialty).run(as_dict=True)


def _flows(result: nhwa.Facts, filters, scope: Scope, year: int):
	"""Entries (a first main job in the year) and exits (a main job ended in the year), by reason."""
	job, worker = frappe.qb.DocType("Employment"), frappe.qb.DocType("Health Worker")
	start, end = date(year, 1, 1), date(year, 12, 31)
	# The occupation as it was at the year's end (the level rules in force then).
	occupation = occupation_case(job.position, job.specialty, worker.education_level, end)
	earlier = frappe.qb.DocType("Employment").as_("earlier")
	entries = (
		frappe.qb.from_(job)
		.left_join(worker)
		.on(worker.name == job.health_worker)
		.left_join(earlier)
		.on((earlier.health_worker == job.health_worker) & (earlier.start_date < job.start_date))
		.select(occupation.as_("occupation"), Count(job.name).as_("entries"))
		.where(job.is_main == 1)
		.where(job.start_date[start:end])
		.where(earlier.name.isnull())
		.groupby(occupation)
	)
	for row in _jobs(entries, filters, scope, job):
		result.entries[row.occupation] = row.entries
	exits = (
		frappe.qb.from_(job)
		.left_join(worker)
		.on(worker.name == job.health_worker)
		.select(occupation.as_("occupation"), job.end_reason, Count(job.name).as_("exits"))
		.where(job.is_main == 1)
		.where(job.end_date[start:end])
		.groupby(occupation, job.end_reason)
	)
	for row in _jobs(exits, filters, scope, job):
		result.exits[(row.occupation, row.end_reason or "")] = row.exits


def _start_stock(result: nhwa.Facts, filters, scope: Scope, start: date):
	"""Main employments held on 1 January of the flows' year, by occupation: from the summary table when
	it holds that day, else counted from the register."""
	if (
		summaries.current(today())
		and start in summaries.year_starts(getdate(today()))
		and not filters.specialty
	):
		figure = frappe.qb.DocType(summaries.WORKFORCE)
		query = (
			frappe.qb.from_(figure)
			.select(figure.occupation, Sum(figure.workers).as_("workers"))
			.where((figure.kind == "Year start") & (figure.on_date == start))
			.groupby(figure.occupation)
		)
		rows = _of_figures(query, figure, filters, scope)
	else:
		job, worker = frappe.qb.DocType("Employment"), frappe.qb.DocType("Health Worker")
		occupation = occupation_case(job.position, job.specialty, worker.education_level, start)
		query = (
			frappe.qb.from_(job)
			.left_join(worker)
			.on(worker.name == job.health_worker)
			.select(occupation.as_("occupation"), Count("*").as_("workers"))
			.where(job.is_main == 1)
			.where((job.start_date <= start) & (job.end_date.isnull() | (job.end_date >= start)))
			.groupby(occupation)
		)
		rows = _jobs(query, filters, scope, job)
	for row in rows:
		result.start_stock[row.occupation] = result.start_stock.get(row.occupation, 0) + int(row.workers)


def _coverage(result: nhwa.Facts, filters, scope: Scope, day: date, top: dict):
	"""Which regions are wholly in view: a density needs the whole region (a district's department gets
	no density of its region)."""
	result.country = frappe.db.get_value("Region", {"parent_region": ("is", "not set")}, "name")
	in_view = scope.values("region")  # None: the whole country
	if filters.get("region"):
		chosen = set(region_filter(filters.region))
		in_view = chosen if in_view is None else in_view & chosen
	narrowed = bool(filters.get("healthcare_entity") or filters.get("specialty"))
	result.national = in_view is None and not narrowed
	subtree: dict[str, set] = {}
	for region, first in top.items():
		subtree.setdefault(first, set()).add(region)
	covered = {
		t for t, regions in subtree.items() if not narrowed and (in_view is None or regions <= in_view)
	}
	visible = {key[1] for key in result.people}
	result.partial = visible - covered - {result.country}
	result.population = {
		r: p for r, p in populations(day).items() if (r in covered and r != result.country) or result.national
	}


def top_regions() -> dict[str, str]:
	"""Each region's first-level region (a region or city of republican significance), for densities."""
	rows = frappe.get_all("Region", fields=["name", "parent_region"])
	parent = {r.name: r.parent_region for r in rows}
	roots = {r.name for r in rows if not r.parent_region}
	top = {}
	for name in parent:
		current = name
		while parent.get(current) and parent[current] not in roots:
			current = parent[current]
		top[name] = current
	return top


def populations(day: date) -> dict[str, int]:
	"""The latest sourced estimate of each region on or before the day."""
	estimate = frappe.qb.DocType("Population Estimate")
	rows = (
		frappe.qb.from_(estimate)
		.select(estimate.region, estimate.population, estimate.reference_date)
		.where(estimate.reference_date <= day)
		.orderby(estimate.reference_date)
		.run(as_dict=True)
	)
	return {row.region: row.population for row in rows}


def rows(filters, scope: Scope, year: int) -> list[dict]:
	return nhwa.compute(indicators(), facts(filters, scope, year))


def as_csv(result: list[dict]) -> str:
	"""The stated layout (README): a header row of nhwa.CSV_COLUMNS, then a row per figure."""
	out = io.StringIO()
	writer = csv.writer(out, lineterminator="\n")
	writer.writerow(neutralised(c) for c in nhwa.CSV_COLUMNS)
	for row in result:
		indicator, label, category, unit, note = (
			row["indicator"],
			row["occupation_label"],
			row["category"],
			row["unit"],
			row["note"],
		)
		writer.writerow(neutralised(c) for c in [indicator.code, indicator.module, indicator.edition,
			_(indicator.code_status), _(indicator.name),
			row["occupation"], _(label), _(category), row["numerator"],
			"" if row["denominator"] is None else row["denominator"], "" if row["value"] is None else row["value"],
			_(unit), _(note) if note else ""])  # fmt: skip
	return out.getvalue()
