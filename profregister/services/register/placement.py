"""A worker's place of work follows their main employment; scoped records follow the worker.

Placement is computed when an employment is saved and again by a daily job on the day an employment
entered in advance starts or ends, so a transfer or dismissal entered ahead takes effect on its day.
"""

from datetime import timedelta

import frappe
from frappe.utils import create_batch, getdate, today

from profregister.access import gate
from profregister.domain.employment import Period, current_main
from profregister.services.platform import jobs
from profregister.services.register import documents, history

# Records whose access follows the worker's current entity and region: the gate says which.
SCOPED_BY_WORKER = tuple(doctype for doctype, fields in gate.SCOPED.items() if fields.via_worker)
PLACEMENT_FIELDS = ("current_entity", "current_employment", "current_position", "current_specialty", "status")
# Days a missed run is caught up over (the server was down, the scheduler paused).
CATCH_UP_DAYS = 7


def refresh_worker_placement(health_worker: str, day=None) -> bool:
	"""Recompute and save the worker's placement; True when it changed."""
	worker = frappe.get_doc("Health Worker", health_worker)
	before = [worker.get(field) for field in PLACEMENT_FIELDS]
	apply_placement(worker, day)
	if before == [worker.get(field) for field in PLACEMENT_FIELDS] and day is not None:
		return False
	worker.flags.placement_refresh = True
	# The change of place of work belongs in the record's history, also when tests run.
	worker.save(ignore_permissions=True, ignore_version=False)
	status = PLACEMENT_FIELDS.index("status")
	if before[status] != worker.status:
		history.record([history.of_worker(worker, getdate(day or today()), before[status], worker.status)])
	return True


def run_daily():
	"""Scheduler entry point (hooks.scheduler_events, long queue)."""
	apply_dated_events(getdate(today()))


def apply_dated_events(day, batch_size: int = 500) -> int:
	"""Workers whose main employment started or ended in the last days get their placement again.

	One set-based query finds them; only they are loaded, in batches committed one by one."""
	since = day - timedelta(days=CATCH_UP_DAYS)
	job = frappe.qb.DocType("Employment")
	workers = (
		frappe.qb.from_(job)
		.select(job.health_worker)
		.distinct()
		.where(job.is_main == 1)
		.where(
			((job.start_date > since) & (job.start_date <= day))
			# Ended on the day before: from `day` on, the job is no longer held.
			| ((job.end_date >= since - timedelta(days=1)) & (job.end_date < day))
		)
		.orderby(job.health_worker)
	).run(pluck=True)
	return jobs.in_isolated_batches(
		create_batch(workers, batch_size),
		lambda batch: sum(refresh_worker_placement(worker, day) for worker in batch),
		f"Placement: a batch of dated events failed on {day}",
	)


def apply_placement(worker, day=None):
	"""Set the worker's place of work and status from their main employments (in memory, not saved)."""
	rows = frappe.get_all(
		"Employment",
		filters={"health_worker": worker.name, "is_main": 1},
		fields=["name", "healthcare_entity", "position", "specialty", "start_date", "end_date"],
	)
	worker.update(placement_of(rows, worker.status, getdate(day or today())))


def placement_of(jobs: list, status: str, day) -> dict:
	"""Placement fields from a worker's main employments: the job that is current (domain), its entity
	(kept when there is no job), and the status."""
	by_name = {job.name: job for job in jobs}
	main, held = current_main(
		[Period(getdate(j.start_date), j.end_date and getdate(j.end_date), j.name) for j in jobs], day
	)
	job = by_name[main.ref] if main else frappe._dict()
	values = {
		"current_position": job.position,
		"current_specialty": job.specialty,
		"current_employment": job.name,
		"employed_since": job.start_date,
	}
	if job:
		values["current_entity"] = job.healthcare_entity
	# A blocked record stays blocked until a valid certificate lifts it (services/certificates.py).
	if status != "Blocked":
		values["status"] = "Dismissed" if main and not held else "Active"
	return values


def refresh_placements(workers: list[str], day) -> dict[str, dict]:
	"""Set-based placement of many workers (Register Import): two reads, one UPDATE, status events,
	scoped records moved with them. Returns, per worker whose placement changed, field → (before, after)."""
	if not workers:
		return {}
	fields = ["full_name", "current_entity", "current_region", *PLACEMENT_FIELDS[1:], "employed_since"]
	stored = frappe.get_all("Health Worker", filters={"name": ("in", workers)}, fields=["name", *fields])
	jobs: dict[str, list] = {}
	for job in frappe.get_all(
		"Employment",
		filters={"health_worker": ("in", workers), "is_main": 1},
		fields=["name", "health_worker", "healthcare_entity", "region", "position", "specialty",
			"start_date", "end_date"],
	):  # fmt: skip
		jobs.setdefault(job.health_worker, []).append(job)
	regions = {job.healthcare_entity: job.region for rows in jobs.values() for job in rows}
	changed, events = {}, []
	for row in stored:
		values = placement_of(jobs.get(row.name, []), row.status, day)
		values["current_region"] = regions.get(values.get("current_entity"), row.current_region)
		diff = {f: (row.get(f), v) for f, v in values.items() if v != row.get(f)}
		if not diff:
			continue
		changed[row.name] = diff
		if "status" in diff:
			events.append(history.of_worker(frappe._dict(row, **values), day, row.status, values["status"]))
	updates = {name: {f: new for f, (_old, new) in diff.items()} for name, diff in changed.items()}
	for values in updates.values():
		if "current_entity" in values:
			values["current_entity_bin"] = values["current_entity"]
	documents.update_many("Health Worker", updates)
	history.record(events)
	follow_worker(workers)
	return changed


def follow_worker(workers: list[str]):
	"""Scoped records of these workers take their worker's entity and region: one UPDATE each."""
	if not workers:
		return
	for doctype in SCOPED_BY_WORKER:
		frappe.db.sql(
			f"""update `tab{doctype}` record join `tabHealth Worker` worker on worker.name = record.health_worker
			set record.healthcare_entity = worker.current_entity, record.region = worker.current_region
			where record.health_worker in %(workers)s""",
			{"workers": workers},
		)
