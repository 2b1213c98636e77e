"""Building blocks shared by the analytics reports: the standard filters with the user's scope, counters,
and the one rule of the national lists: a summary by default, the rows a page at a time."""

import math

import frappe
from frappe import _
from frappe.query_builder.functions import Count, DateFormat, Sum
from frappe.utils import add_months, formatdate, get_first_day, get_table_name, getdate, today
from pypika import Table, analytics
from pypika.terms import Case, Star

from profregister.access.reports import Scope, region_filter
from profregister.services.platform.checks import check_int_argument

GROUPS = ("Region", "Healthcare Entity", "Specialty")
# A national list is tens or hundreds of thousands of rows: no browser gets more than a page of them.
PAGE_SIZE = 500
EXPORT_CHUNK = 5000
TOTAL = "_rows_in_all"


class _GroupedScan(Table):
	"""A table whose grouping column's index the grouped query must not walk (see `grouped_scan`)."""

	def __init__(self, doctype: str, indexes: list[str]):
		super().__init__(get_table_name(doctype))
		self._ignored = indexes

	def get_sql(self, **kwargs):
		sql = super().get_sql(**kwargs)
		if not self._ignored:
			return sql
		return f"{sql} IGNORE INDEX FOR GROUP BY ({', '.join(f'`{i}`' for i in self._ignored)})"


def grouped_scan(doctype: str, *indexes: str) -> Table:
	"""`doctype` for a query that groups all its rows by region, entity or specialty. Left alone, MariaDB
	walks the grouping column's index to skip a sort and fetches every row through it: 3 to 10 times
	slower on 300,000 workers than reading the table (or a covering index) into a temporary table.
	Only the GROUP BY use is refused: a scope or filter on the column still reads its index."""
	held = _indexes(get_table_name(doctype))
	return _GroupedScan(doctype, [i for i in indexes if i in held])


class _ForcedIndex(Table):
	"""A table read through one index (see `through_index`)."""

	def __init__(self, doctype: str, index: str | None):
		super().__init__(get_table_name(doctype))
		self._index = index

	def get_sql(self, **kwargs):
		sql = super().get_sql(**kwargs)
		return f"{sql} FORCE INDEX (`{self._index}`)" if self._index else sql


def through_index(doctype: str, index: str) -> Table:
	"""`doctype` for a query that must read a narrow range of `index` where MariaDB would rather scan a
	covering index of the whole table; a site still without the index (not migrated) scans as before."""
	return _ForcedIndex(doctype, index if index in _indexes(get_table_name(doctype)) else None)


def _indexes(table: str) -> set[str]:
	"""The table's index names, looked up once and kept in the site cache (which a migrate clears),
	not once per query of every report run."""
	return set(
		frappe.cache.get_value(
			f"profregister:indexes:{table}",
			generator=lambda: frappe.db.sql_list(
				f"select distinct index_name from information_schema.statistics where table_schema = database() and table_name = {frappe.db.escape(table)}"
			),
		)
	)


def filtered(query, filters, scope: Scope, entity_field, region_field, specialty_field, worker_field=None):
	"""Region (with everything under it), entity and specialty filters, then the scope."""
	if filters.region:
		query = query.where(region_field.isin(region_filter(filters.region)))
	if filters.healthcare_entity:
		query = query.where(entity_field == filters.healthcare_entity)
	if filters.specialty:
		query = query.where(specialty_field == filters.specialty)
	_hint_when_outside_scope(filters, scope)
	return scope.restrict(query, entity_field, region_field, worker_field)


def _hint_when_outside_scope(filters, scope: Scope):
	"""A region or entity filter outside the user's scope gives zeros; say why, once per report run,
	instead of letting the zeros pass for the figures. Costs a query only for a filter to look at."""
	if not (filters.region or filters.healthcare_entity) or frappe.flags.profregister_scope_hinted:
		return
	if scope.national:
		return
	regions, entities = scope.regions, scope.entities
	if filters.healthcare_entity and filters.healthcare_entity not in entities:
		outside = frappe.db.get_value("Healthcare Entity", filters.healthcare_entity, "region") not in regions
	elif filters.region:
		own_regions = regions | set(
			frappe.get_all(
				"Healthcare Entity", filters={"name": ("in", list(entities) or [""])}, pluck="region"
			)
		)
		outside = not own_regions & set(region_filter(filters.region))
	else:
		outside = False
	if outside:
		frappe.flags.profregister_scope_hinted = True
		frappe.msgprint(
			_("The filter is outside your scope: these figures cover only the records you may see."),
			indicator="orange",
			alert=True,
		)


def count_if(condition):
	return Sum(Case().when(condition, 1).else_(0))


def group_by(filters) -> str:
	return filters.group_by if filters.group_by in GROUPS else "Region"


def group_key(group_by: str, region_field, entity_field, specialty_field):
	"""The column a report groups on, among a table's region, entity and specialty columns."""
	return {"Region": region_field, "Healthcare Entity": entity_field, "Specialty": specialty_field}[group_by]


def hires_and_departures(scope: Scope, months: int = 12, day=None) -> dict:
	"""Main employments started and ended in each of the last `months` months, in the scope (of
	Employment), as a chart: two queries, grouped by month in the database."""
	first = get_first_day(add_months(getdate(day or today()), -(months - 1)))
	labels = [add_months(first, i) for i in range(months)]
	job = frappe.qb.DocType("Employment")
	series = []
	for field in (job.start_date, job.end_date):
		month = DateFormat(field, "%Y-%m")
		query = (
			frappe.qb.from_(job)
			.select(month.as_("month"), Count("*"))
			.where(job.is_main == 1)
			.where(field >= first)
			.where(field <= getdate(day or today()))
			.groupby(month)
		)
		counts = dict(scope.restrict(query, job.healthcare_entity, job.region, job.health_worker).run())
		series.append([counts.get(m.strftime("%Y-%m"), 0) for m in labels])
	return {
		"labels": [formatdate(m, "MM.yy") for m in labels],
		"datasets": [
			{"name": _("Employments started"), "values": series[0]},
			{"name": _("Employments ended"), "values": series[1]},
		],
	}


def add_titles(rows: list[dict], fieldname: str):
	"""Healthcare entities are shown by name, not BIN: each row gets `<fieldname>_title`, which the
	reports' formatter (profregister.with_titles) gives to the link (one query)."""
	names = {row.get(fieldname) for row in rows if row.get(fieldname)}
	if not names:
		return
	titles = dict(
		frappe.get_all(
			"Healthcare Entity",
			filters={"name": ("in", list(names))},
			fields=["name", "entity_name"],
			as_list=True,
		)
	)
	for row in rows:
		if row.get(fieldname) in titles:
			row[f"{fieldname}_title"] = titles[row[fieldname]]


def group_label(row: dict) -> str:
	"""A group as a chart shows it: the entity's name, or the region or specialty translated."""
	group = row.get("group")
	return row.get("group_title") or (_(group) if group else _("Not set"))


# Summary and paged list


def list_view(filters) -> bool:
	"""The rows themselves (a page of them) rather than the summary, which is the default."""
	return filters.view == "List"


def page_number(filters) -> int:
	return check_int_argument(filters.page or 1, _("Page"), 1, 1_000_000)


def count(query) -> int:
	"""The rows `query` returns (grouped or not), counted by the database."""
	return frappe.qb.from_(query.as_("counted")).select(Count("*")).run()[0][0]


def page_of(parts: list, page: int) -> tuple[list[dict], int]:
	"""Page `page` of the rows of `parts` taken one after the other, and the total: each part is a query
	ordered by a unique key (so pages neither overlap nor skip a row) with its row count, or None to count
	it in the same pass (a window count: a sorted page reads every row anyway). Only the parts the page
	reaches are read, with LIMIT and OFFSET."""
	start, rows, total = (page - 1) * PAGE_SIZE, [], 0
	for query, size in parts:
		wanted = PAGE_SIZE - len(rows)
		if size is None:
			found = query.select(analytics.Count(Star()).over().as_(TOTAL))
			found = found.limit(wanted).offset(max(0, start - total)).run(as_dict=True) if wanted else []
			size = found[0][TOTAL] if found else count(query)
			for row in found:
				row.pop(TOTAL)
			rows += found
		elif size and wanted and start < total + size:
			offset = max(0, start - total)
			# A part the page takes whole is read without LIMIT, which would lead MariaDB to walk the
			# ordering column's index past every row of the other parts.
			whole = not offset and size <= wanted
			rows += (query if whole else query.limit(wanted).offset(offset)).run(as_dict=True)
		total += size
	return rows, total


def page_message(page: int, total: int) -> str:
	"""Which rows the page holds and how many pages there are, for the report's message."""
	pages = max(1, math.ceil(total / PAGE_SIZE))
	first, last = (page - 1) * PAGE_SIZE + 1, min(page * PAGE_SIZE, total)
	if first > total:
		return _("No rows on page {0}: {1} rows in all, {2} pages").format(page, total, pages)
	return _("Rows {0}–{1} of {2}: page {3} of {4}, {5} rows a page").format(
		first, last, total, page, pages, PAGE_SIZE
	)


def total_summary(total: int) -> dict:
	return {"label": _("Rows in all"), "value": total, "datatype": "Int", "indicator": "Blue"}


def chunks(query, key_field, key: str, size: int = EXPORT_CHUNK):
	"""Every row of `query`, ordered by the unique `key_field`, in chunks of `size`: each chunk a range of
	the key after the last one's, so an export reads the table once and never holds it whole."""
	last = None
	while True:
		rows = (query if last is None else query.where(key_field > last)).limit(size).run(as_dict=True)
		if rows:
			yield rows
		if len(rows) < size:
			return
		last = rows[-1][key]
