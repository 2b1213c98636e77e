"""Summary tables of the day's workforce, which the national reports read instead of counting 440,000
employments on every run:

- Staffing Line Figure: each staffing line's (entity, position, specialty) approved FTE in force and FTE
  filled, lines filled without an approved row included (approved 0);
- Workforce Figure: workers by entity, region, occupation, sex and age band (every status: a report
  takes the few not active away, so a block or its lifting changes nothing here), FTE by entity, region
  and occupation, and main employments held on 1 January of this year and the last (NHWA flow rates).

The writers keep them: a save or deletion of an employment, a staffing row or a worker recounts its
entities (`on_change`, hooks.doc_events), and the Register Import recounts the entities of each chunk,
each right after its transaction commits (`refresh_after_commit`).
The day itself moves employments in and out and workers between age bands, so a nightly job recounts
everything for the new day (`rebuild`). A report reads the tables only for the day they were rebuilt for
(`current`); any other day, or a filter they do not hold, is counted from the register itself.
test_summaries proves the kept tables equal to a recount."""

from datetime import date

import frappe
from frappe.query_builder.functions import Cast, Coalesce, Concat, Count, IfNull, Max, Sum
from frappe.utils import create_batch, getdate, now_datetime, today
from pypika import CustomFunction
from pypika.terms import Case, Function, ValueWrapper

from profregister.domain import nhwa as domain
from profregister.services.analytics import occupations
from profregister.services.analytics.occupations import occupation_case
from profregister.services.platform import bulk

MARKER = "profregister_figures_as_of"
PENDING = "profregister_summaries_pending"
# More entities than this in one write are recounted by a job (recount_later), not after the commit.
MANY_ENTITIES = 20
STAFFING, WORKFORCE = "Staffing Line Figure", "Workforce Figure"
SubstringIndex = CustomFunction("SUBSTRING_INDEX", ["string", "delimiter", "count"])
# The fields of each source whose change moves a worker or an FTE between figures.
WATCHED = {
	"Employment": ("healthcare_entity", "region", "position", "specialty", "rate", "start_date", "end_date"),
	"Staffing Table": ("healthcare_entity", "region", "position", "specialty", "approved_fte", "effective_from"),
	"Health Worker": ("current_entity", "current_region", "current_position", "current_specialty", "sex",
		"date_of_birth", "education_level"),
	"Healthcare Entity": ("ownership", "entity_type"),
}  # fmt: skip
SOURCES = tuple(WATCHED)
ENTITY_FIELD = {
	"Employment": "healthcare_entity",
	"Staffing Table": "healthcare_entity",
	"Healthcare Entity": "name",
}


def current(day) -> bool:
	"""Whether the tables hold the figures of `day` (rebuilt for it, kept since)."""
	held = frappe.db.get_value("DefaultValue", MARKER, "defvalue")
	return (held or "") == str(getdate(day))


def set_day(day):
	"""Which day the tables hold (None: none). A row of its own in DefaultValue, not a global default:
	setting one of those clears every cache of the site (frappe.defaults), metadata included."""
	if day is None:
		frappe.db.delete("DefaultValue", {"name": MARKER})
		return
	frappe.db.sql(
		"""insert into `tabDefaultValue` (name, creation, modified, parent, parenttype, defkey, defvalue)
		values (%(name)s, now(6), now(6), '__profregister', 'DefaultValue', %(name)s, %(day)s)
		on duplicate key update defvalue = %(day)s, modified = now(6)""",
		{"name": MARKER, "day": str(getdate(day))},
	)


def run_daily():
	"""Scheduler entry point (hooks.scheduler_events, long queue): the figures of the new day."""
	rebuild()


def rebuild(day=None, chunk: int = 500):
	"""Recount both tables for the day, entities a chunk at a time, in one transaction: until it commits,
	reports count from the register."""
	day = getdate(day or today())
	set_day(None)
	for doctype in (STAFFING, WORKFORCE):
		frappe.db.sql(f"delete from `tab{doctype}`")
	entities = [None, *frappe.get_all("Healthcare Entity", pluck="name", order_by="name")]
	for batch in create_batch(entities, chunk):
		_write(day, set(batch))
	set_day(day)


def refresh(entities):
	"""Recount the figures of these entities (None: workers placed nowhere) for today."""
	entities = set(entities)
	if not entities:
		return
	for doctype in (STAFFING, WORKFORCE):
		table = frappe.qb.DocType(doctype)
		frappe.qb.from_(table).delete().where(_of(table.healthcare_entity, entities)).run()
	_write(getdate(today()), entities)


def refresh_after_commit(entities):
	"""Recount these entities right after the writer's transaction commits, in a short one of its own: the
	writer never locks the summary rows, so HR users saving at once never wait on each other there, and
	the recount reads what was committed. A write across many entities (a national import's chunk) would
	recount most of the country each time: the tables are recounted once, by a job, instead."""
	# Frappe's Data Import saves one record at a time: recounting after each would grow with the entity.
	if len(entities) > MANY_ENTITIES or frappe.flags.in_import:
		recount_later()
		return
	pending = getattr(frappe.local, PENDING, None)
	if pending is None:
		pending = set()
		setattr(frappe.local, PENDING, pending)
		frappe.db.after_commit.add(_refresh_pending)
		frappe.db.after_rollback.add(lambda: setattr(frappe.local, PENDING, None))
	pending.update(entities)


def recount_later():
	"""The reports count from the register until a recount on the long queue (one at a time) is done."""
	set_day(None)
	if frappe.flags.in_test:
		return
	frappe.enqueue(
		rebuild,
		queue="long",
		job_id="profregister:summaries-rebuild",
		deduplicate=True,
		enqueue_after_commit=True,
	)


def _refresh_pending():
	entities = getattr(frappe.local, PENDING, None) or set()
	setattr(frappe.local, PENDING, None)
	try:
		refresh(entities)
		frappe.db.commit()
	except Exception:
		# A recount that could not run (a lock held too long, a deadlock) must not fail what was saved:
		# the reports count from the register until the nightly recount.
		frappe.db.rollback()
		set_day(None)
		frappe.db.commit()
		frappe.log_error(title="Summary tables: a recount failed; reports count from the register")


def on_change(doc, method=None):
	"""doc_events of Employment, Staffing Table and Health Worker: recount the entities the record
	was and is in, when a field the figures read has changed."""
	field = ENTITY_FIELD.get(doc.doctype, "current_entity")
	before = None if method == "after_delete" else doc.get_doc_before_save()
	if before and not any(before.get(f) != doc.get(f) for f in WATCHED[doc.doctype]):
		return
	refresh_after_commit({doc.get(field), before.get(field) if before else doc.get(field)})


def on_catalogue_change(doc, method=None):
	"""doc_events of Specialty, Position and ISCO Level Rule: a new ISCO-08 code or level rule regroups
	every worker, so reports count from the register until the nightly recount."""
	occupations.forget()
	before = doc.get_doc_before_save()
	changed = before and before.get("isco_08") != doc.get("isco_08")
	if doc.doctype == "ISCO Level Rule" or method == "after_delete" or changed:
		set_day(None)


def _of(field, entities: set):
	named = sorted(e for e in entities if e)
	condition = field.isin(named) if named else None
	if len(named) < len(entities):
		condition = field.isnull() if condition is None else condition | field.isnull()
	return condition


WORKFORCE_COLUMNS = ("kind", "healthcare_entity", "ownership", "entity_type", "region", "occupation", "sex",
	"age_band", "on_date", "workers", "fte")  # fmt: skip


STAFFING_COLUMNS = ("healthcare_entity", "region", "position", "specialty", "approved", "filled")


def counts(day, entities: set | None) -> list[tuple]:
	"""(table, the SELECT of its rows, their columns): what a recount of these entities (None: all) writes."""
	return [
		(STAFFING, _staffing(day, entities), STAFFING_COLUMNS),
		(WORKFORCE, _workers(day, entities), WORKFORCE_COLUMNS),
		(WORKFORCE, _fte(day, entities), WORKFORCE_COLUMNS),
		*((WORKFORCE, _year_start(on, entities), WORKFORCE_COLUMNS) for on in year_starts(day)),
	]


def _write(day, entities: set | None):
	"""Count, then insert what was counted: a plain SELECT is a consistent read that locks none of the
	register's rows (an INSERT ... SELECT would share-lock every row it reads, and an HR user saving a
	worker of the entity would wait for it)."""
	now, user = now_datetime(), frappe.session.user
	stamps = {"creation": now, "modified": now, "owner": user, "modified_by": user}
	for doctype, query, _columns in counts(day, entities):
		bulk.insert_rows(doctype, [{**row, **stamps} for row in query.run(as_dict=True)])


def _key(*parts):
	"""A figure's name: the hash of its key, so a recount of the same key writes the same name."""
	return Function("MD5", Function("CONCAT_WS", "|", *(Coalesce(p, "") for p in parts)))


def _restrict(query, field, entities):
	return query if entities is None else query.where(_of(field, entities))


def _staffing(day, entities):
	"""Each line's approved FTE (its latest staffing row on or before the day) and filled FTE (the rates
	of its employments held that day); a specialty left empty is a line of its own."""
	table, job = frappe.qb.DocType("Staffing Table"), frappe.qb.DocType("Employment")
	# Dates as text sort as dates, so the largest "date|FTE" holds the row in force.
	in_force = SubstringIndex(Max(Concat(table.effective_from, "|", table.approved_fte)), "|", -1)
	approved = _restrict(
		frappe.qb.from_(table)
		.select(table.healthcare_entity.as_("entity"), table.position.as_("position"),
			IfNull(table.specialty, "").as_("specialty"), Max(table.region).as_("region"),
			Cast(in_force, "DECIMAL(21,9)").as_("approved"), ValueWrapper(0).as_("filled"))
		.where(table.effective_from <= day)
		.groupby(table.healthcare_entity, table.position, table.specialty),
		table.healthcare_entity, entities,
	)  # fmt: skip
	filled = _restrict(
		frappe.qb.from_(job)
		.select(job.healthcare_entity, job.position, IfNull(job.specialty, ""), Max(job.region),
			ValueWrapper(0), Sum(job.rate))
		.where(job.start_date <= day)
		.where(job.end_date.isnull() | (job.end_date >= day))
		.groupby(job.healthcare_entity, job.position, job.specialty),
		job.healthcare_entity, entities,
	)  # fmt: skip
	line = (approved * filled).as_("line")
	return (
		frappe.qb.from_(line)
		.select(
			_key(line.entity, line.position, line.specialty).as_("name"),
			line.entity.as_("healthcare_entity"),
			Max(line.region).as_("region"),
			line.position,
			line.specialty,
			Sum(line.approved).as_("approved"),
			Sum(line.filled).as_("filled"),
		)
		.groupby(line.entity, line.position, line.specialty)
	)


def _workers(day, entities):
	"""Workers of every status by entity (with its ownership and type), region, occupation, sex and age
	band on the day."""
	worker, entity = frappe.qb.DocType("Health Worker"), frappe.qb.DocType("Healthcare Entity")
	band = Case()
	for limit, label in domain.age_band_limits(day):
		band = band.when(worker.date_of_birth > limit, label) if limit else band.else_(label)
	occupation = occupation_case(
		worker.current_position, worker.current_specialty, worker.education_level, day
	)
	key = (worker.current_entity, worker.current_region, occupation, worker.sex, band)
	return _restrict(
		frappe.qb.from_(worker)
		.left_join(entity)
		.on(entity.name == worker.current_entity)
		.select(_key("Workers", *key).as_("name"), ValueWrapper("Workers").as_("kind"),
			worker.current_entity.as_("healthcare_entity"), Max(entity.ownership).as_("ownership"),
			Max(entity.entity_type).as_("entity_type"), worker.current_region.as_("region"),
			occupation.as_("occupation"), worker.sex.as_("sex"), band.as_("age_band"),
			ValueWrapper(None).as_("on_date"), Count("*").as_("workers"), ValueWrapper(0).as_("fte"))
		.groupby(*key),
		worker.current_entity, entities,
	)  # fmt: skip


def _fte(day, entities):
	"""FTE held on the day by entity, region and occupation."""
	job, worker = frappe.qb.DocType("Employment"), frappe.qb.DocType("Health Worker")
	occupation = occupation_case(job.position, job.specialty, worker.education_level, day)
	key = (job.healthcare_entity, job.region, occupation)
	return _restrict(
		frappe.qb.from_(job)
		.left_join(worker)
		.on(worker.name == job.health_worker)
		.select(_key("FTE", *key).as_("name"),
			ValueWrapper("FTE").as_("kind"), job.healthcare_entity, ValueWrapper(None).as_("ownership"),
			ValueWrapper(None).as_("entity_type"), job.region, occupation.as_("occupation"),
			ValueWrapper(None).as_("sex"), ValueWrapper(None).as_("age_band"), ValueWrapper(None).as_("on_date"),
			ValueWrapper(0).as_("workers"), Sum(job.rate).as_("fte"))
		.where(job.start_date <= day)
		.where(job.end_date.isnull() | (job.end_date >= day))
		.groupby(*key),
		job.healthcare_entity, entities,
	)  # fmt: skip


def year_starts(day) -> tuple:
	"""The days whose main employments the table holds: 1 January of this year and the last (the flows'
	denominators of the NHWA years a report asks for most)."""
	return (date(day.year - 1, 1, 1), date(day.year, 1, 1))


def _year_start(on, entities):
	"""Main employments held on `on` by entity, region and occupation (the level rules of that day)."""
	job, worker = frappe.qb.DocType("Employment"), frappe.qb.DocType("Health Worker")
	occupation = occupation_case(job.position, job.specialty, worker.education_level, on)
	key = (job.healthcare_entity, job.region, occupation)
	return _restrict(
		frappe.qb.from_(job)
		.left_join(worker)
		.on(worker.name == job.health_worker)
		.select(_key("Year start", *key, on.isoformat()).as_("name"), ValueWrapper("Year start").as_("kind"),
			job.healthcare_entity, ValueWrapper(None).as_("ownership"), ValueWrapper(None).as_("entity_type"),
			job.region, occupation.as_("occupation"), ValueWrapper(None).as_("sex"),
			ValueWrapper(None).as_("age_band"), ValueWrapper(on).as_("on_date"), Count("*").as_("workers"),
			ValueWrapper(0).as_("fte"))
		.where(job.is_main == 1)
		.where(job.start_date <= on)
		.where(job.end_date.isnull() | (job.end_date >= on))
		.groupby(*key),
		job.healthcare_entity, entities,
	)  # fmt: skip
