"""Certificate lifecycle (rule 14.4-14.5): notice before expiry, blocking on expiry, unblocking on renewal.

The daily job (on the long queue) reads what is due in one set-based query and works through it in
batches, one entity's certificates together; the entry point commits each batch together with its marks (notice sent, worker blocked): a crash half-way loses nothing and a
re-run doubles nothing. A batch that fails is rolled back and logged, and the job goes on.
"""

import frappe
from frappe import _
from frappe.utils import create_batch, escape_html, formatdate, getdate, now_datetime, today
from pypika.terms import Case

from profregister.domain import text
from profregister.domain.certificates import is_valid, notice_horizon
from profregister.services.notices import notify
from profregister.services.platform import jobs
from profregister.services.platform.parameters import get_parameter
from profregister.services.register import documents, history, placement

NOTICE_MONTHS = "certificate_notice_months"
HR_FUNCTIONS = ("HR Specialist", "HR Chief")
# A batch is one transaction: 10,000 rows hold their locks for about a second, in a nightly job.
BATCH_SIZE = 10_000
# Email Templates shipped in setup_data/email_templates.json, worded by the administrator.
NOTICE_TEMPLATE = "Certificate Expiry Notice"
BLOCK_TEMPLATE = "Record Blocked"
UNBLOCK_TEMPLATE = "Record Unblocked"
# More of one batch's events than this for one user are told as one alert with the count.
DIGEST_THRESHOLD = "notice_digest_threshold"
NOTICE_LIST = "/app/query-report/Certificate Expiry"
BLOCKED_LIST = "/app/health-worker?status=Blocked"


def run_daily():
	"""Scheduler entry point (hooks.scheduler_events)."""
	process(getdate(today()))


def process(day, batch_size: int = BATCH_SIZE) -> dict:
	day = getdate(day)
	return {
		"notices": process_step(notice_batches, day, batch_size),
		"blocks": process_step(block_batches, day, batch_size),
	}


def process_step(pages, day, batch_size: int = BATCH_SIZE) -> int:
	"""One step of the job, batch by batch (services/jobs.py: committed one by one, failures isolated)."""
	return jobs.in_isolated_batches(
		pages(day, batch_size),
		lambda page: page[0](page[1], day),
		f"Certificate lifecycle: a batch failed on {day}",
	)


# What a batch needs of each due certificate, in the order `_due_certificates` selects it.
COLUMNS = ("name", "certificate_number", "specialty", "valid_until", "health_worker", "full_name", "user",
	"current_entity", "current_region", "current_specialty")  # fmt: skip


def _batches(query, key: str, batch_size: int):
	"""The due rows, read in one query, in batches of about `batch_size` that keep each entity's rows
	together (an entity with many more fills batches of its own) and never split a `key`: an entity's
	people are told of a run's events at once. A batch that failed keeps its rows unmarked, and the
	lock re-check (`_still_due`, the guarded UPDATE of `_block`) keeps a re-run, or a run at the same
	time, from doubling anything."""
	entity, at = COLUMNS.index("current_entity"), COLUMNS.index(key)
	rows = sorted(query.run(), key=lambda row: (row[entity] or "", row[at]))
	batch = []
	for row in rows:
		if batch and row[at] != batch[-1][at]:
			full = len(batch) >= batch_size and row[entity] != batch[-1][entity]
			if full or len(batch) >= 4 * batch_size:
				yield [frappe._dict(zip(COLUMNS, r, strict=True)) for r in batch]
				batch = []
		batch.append(row)
	if batch:
		yield [frappe._dict(zip(COLUMNS, r, strict=True)) for r in batch]


def _due_certificates():
	"""Certificates for clinical practice joined to their workers, selecting COLUMNS."""
	cert, worker = frappe.qb.DocType("Specialist Certificate"), frappe.qb.DocType("Health Worker")
	query = (
		frappe.qb.from_(cert)
		.join(worker)
		.on(worker.name == cert.health_worker)
		.select(
			*(getattr(cert, c) for c in COLUMNS[:5]),
			*(getattr(worker, c) for c in COLUMNS[5:]),
		)
		.where(cert.for_clinical_practice == 1)
	)
	return cert, worker, query


def mark_latest(health_worker: str, specialties) -> set[str]:
	"""Keep `is_latest` right for a worker's certificates of these specialties; returns the latest ones.

	Jobs and reports then find "no newer certificate" by an indexed flag instead of a subquery per row.
	"""
	specialties = [s for s in set(specialties) if s]
	rows = frappe.get_all(
		"Specialist Certificate",
		filters={
			"health_worker": health_worker,
			"specialty": ("in", specialties),
			"for_clinical_practice": 1,
		},
		fields=["name", "specialty", "valid_until"],
		order_by="valid_until, name",
	)
	latest = set({row.specialty: row.name for row in rows}.values())
	cert = frappe.qb.DocType("Specialist Certificate")
	(
		frappe.qb.update(cert)
		.set(cert.is_latest, Case().when(cert.name.isin(list(latest) or [""]), 1).else_(0))
		.where(cert.health_worker == health_worker)
		.where(cert.specialty.isin(specialties))
	).run()
	return latest


def mark_all_latest(workers: list[str] | None = None, batch_size: int = 10_000):
	"""The same for the whole register (after a bulk load, or as a patch) or for many workers (an
	import): one read, batched updates."""
	cert = frappe.qb.DocType("Specialist Certificate")
	query = (
		frappe.qb.from_(cert)
		.select(cert.name, cert.health_worker, cert.specialty)
		.where(cert.for_clinical_practice == 1)
		.orderby(cert.valid_until)
		.orderby(cert.name)
	)
	reset = frappe.qb.update(cert).set(cert.is_latest, 0).where(cert.is_latest == 1)
	if workers is not None:
		if not workers:
			return
		query, reset = (
			query.where(cert.health_worker.isin(workers)),
			reset.where(cert.health_worker.isin(workers)),
		)
	latest = {}
	for name, worker, specialty in query.run():
		latest[worker, specialty] = name
	reset.run()
	for names in create_batch(list(latest.values()), batch_size):
		frappe.qb.update(cert).set(cert.is_latest, 1).where(cert.name.isin(names)).run()


def notice_batches(day, batch_size: int = BATCH_SIZE):
	"""Each certificate entering the notice period, not notified yet, with no newer one replacing it."""
	horizon = notice_horizon(day, int(get_parameter(NOTICE_MONTHS, day)))
	cert, _worker, query = _due_certificates()
	# Every certificate due and not yet notified, so a day the job did not run is caught up.
	query = (
		query.where(cert.valid_until[day:horizon])
		.where(cert.expiry_notice_sent_on.isnull())
		.where(cert.is_latest == 1)
	)
	for rows in _batches(query, "name", batch_size):
		yield _send_notices, rows


def _still_due(doctype: str, names: list[str], condition) -> set[str]:
	"""Those of `names` whose row still meets `condition`, locked until this batch commits. A run killed
	half-way, or another run at the same time, holds the rows of its batch until its own commit or
	rollback: this read waits for it and sees the outcome, so no notice or block is made twice."""
	table = frappe.qb.DocType(doctype)
	return set(
		frappe.qb.from_(table)
		.select(table.name)
		.where(table.name.isin(names or [""]))
		.where(condition(table))
		.for_update()
		.run(pluck=True)
	)


def _send_notices(rows, day) -> int:
	due = _still_due(
		"Specialist Certificate", [r.name for r in rows], lambda t: t.expiry_notice_sent_on.isnull()
	)
	rows = [row for row in rows if row.name in due]
	if not rows:
		return 0
	notify.send(_messages(rows), NOTICE_TEMPLATE, _digest(NOTICE_LIST, day))
	frappe.db.set_value(
		"Specialist Certificate",
		{"name": ("in", [row.name for row in rows])},
		"expiry_notice_sent_on",
		day,
		update_modified=False,
	)
	return len(rows)


def send_expiry_notices(day, batch_size: int = BATCH_SIZE) -> int:
	return process_step(notice_batches, day, batch_size)


def block_batches(day, batch_size: int = BATCH_SIZE):
	"""Active workers whose certificate expired and who hold no valid one for that specialty."""
	cert, worker, query = _due_certificates()
	query = (
		query.where(worker.status == "Active")
		.where(cert.valid_until < day)
		# The latest certificate of the specialty has lapsed, so none is valid today.
		.where(cert.is_latest == 1)
	)
	# Batched by worker, so that all of a worker's lapsed certificates are in one batch.
	for rows in _batches(query, "health_worker", batch_size):
		yield _block_batch, rows


def _block_batch(rows, day) -> int:
	# One row per worker: a worker with two lapsed specialties is blocked once, for the later one.
	by_worker = {row.health_worker: row for row in sorted(rows, key=lambda r: r.valid_until)}
	blocked = [by_worker[name] for name in _block(list(by_worker.values()), day)]
	notify.send(_messages(blocked), BLOCK_TEMPLATE, _digest(BLOCKED_LIST, day))
	return len(blocked)


def block_expired(day, batch_size: int = BATCH_SIZE) -> int:
	return process_step(block_batches, day, batch_size)


def _block(rows, day) -> list[str]:
	"""Block those of the workers who are still active, and record the event; returns whom it blocked.

	The UPDATE is its own lock re-check: a run killed half-way rolls back, and a run at the same time
	waits for the rows this one holds and then finds them blocked; when it changed fewer than asked, the
	workers it blocked are those stamped with its own `modified`. The event is the block's history: the worker's form shows it in
	its timeline (history.timeline), so a national catch-up writes no Version per worker besides."""
	dates, stamp = _dates_shown(rows), now_datetime()
	changed = documents.update_each(
		"Health Worker",
		{
			row.health_worker: {
				"block_reason": _block_reason(row, dates[row.valid_until]),
				"blocking_certificate": row.name,
			}
			for row in rows
		},
		{"status": "Blocked", "blocked_since": day, "modified": stamp},
		only_if={"status": "Active"},
	)
	blocked = [row.health_worker for row in rows]
	if changed < len(blocked):
		blocked = frappe.get_all(
			"Health Worker", filters={"name": ("in", blocked), "modified": stamp}, pluck="name"
		)
	history.record_current(blocked, day, from_status="Active")
	return blocked


def _block_reason(row, valid_until_shown: str | None = None) -> str:
	# Stored in the system language: it is part of the record, like any other field value.
	return _("Certificate {0} for {1} expired on {2}").format(
		row.certificate_number, row.specialty, valid_until_shown or formatdate(row.valid_until)
	)


def _dates_shown(rows) -> dict:
	# A batch repeats a few hundred expiry days; formatdate reads the settings on every call.
	return {day: formatdate(day) for day in {row.valid_until for row in rows}}


def _digest(link: str, day) -> notify.Digest:
	return notify.Digest(link, int(get_parameter(DIGEST_THRESHOLD, day)))


def _messages(rows) -> list[notify.Message]:
	"""HR of the worker's entity and the worker; an entity with no HR user to tell falls back to its
	region's health department, then the Register Administrators, and the message says why."""
	entities = {row.current_entity for row in rows}
	hr = notify.recipients_by_entity(entities, HR_FUNCTIONS)
	fallback = notify.fallback_recipients(entities - set(hr))
	workers = notify.reachable_users({row.user for row in rows if row.user})
	dates = _dates_shown(rows)
	messages = []
	for row in rows:
		note = None
		if row.current_entity in fallback:
			entity_name, users = fallback[row.current_entity]
			note = lambda lang, entity_name=entity_name: _(  # noqa: E731
				"No HR user is linked to {0}.", lang=lang
			).format(escape_html(entity_name))
		else:
			users = hr.get(row.current_entity, ())
		context = _context(row, dates[row.valid_until])
		messages += [
			notify.Message(user, "Health Worker", row.health_worker, context, note)
			for user in sorted(set(users) | ({row.user} & workers))
		]
	return messages


def _context(row, valid_until_shown: str) -> dict:
	# The desk shows notification subjects as HTML: stored values go into the templates as text.
	return {
		"certificate_number": text.escape_html(row.certificate_number or ""),
		"full_name": text.escape_html(row.full_name or ""),
		"specialty": text.escape_html(row.specialty or ""),
		"valid_until": valid_until_shown,
	}


def on_certificate_saved(certificate):
	"""Rule 14.5: a valid new certificate lifts the block at once, not at the next run of the job."""
	day = getdate(today())
	if (
		not certificate.for_clinical_practice
		or getdate(certificate.issue_date) > day
		or not is_valid(getdate(certificate.valid_until), day)
	):
		return
	worker = frappe.get_doc("Health Worker", certificate.health_worker)
	if worker.status != "Blocked":
		return
	_cert, _worker, query = _due_certificates()
	still_lapsed = (
		query.where(_cert.health_worker == worker.name)
		.where(_cert.valid_until < day)
		.where(_cert.is_latest == 1)
		.orderby(_cert.valid_until, order=frappe.qb.desc)
		.limit(1)
	).run(as_dict=True)
	if still_lapsed:
		# Another specialty's certificate has lapsed too: the block stays, for that certificate.
		worker.update(
			{"blocking_certificate": still_lapsed[0].name, "block_reason": _block_reason(still_lapsed[0])}
		)
	else:
		history.record([history.of_worker(worker, day, "Blocked", "Active", certificate=certificate.name)])
		worker.update(
			{"status": "Active", "blocked_since": None, "blocking_certificate": None, "block_reason": None}
		)
		placement.apply_placement(worker)
	worker.flags.certificate_lifecycle = True
	worker.save(ignore_permissions=True, ignore_version=False)
	if not still_lapsed:
		row = frappe._dict(
			certificate.as_dict(),
			full_name=worker.full_name,
			user=worker.user,
			current_entity=worker.current_entity,
		)
		notify.send(_messages([row]), UNBLOCK_TEMPLATE)


def throw_if_blocked(worker, action: str):
	"""Refuse `action` (a translated phrase) on a blocked record, saying why and what lifts the block."""
	if worker.status == "Blocked":
		frappe.throw(
			_(
				"{0}: the record of {1} is blocked since {2} ({3}). Enter a valid certificate to unblock it; until then only a new certificate or the end of an employment can be recorded."
			).format(action, worker.full_name, formatdate(worker.blocked_since), worker.block_reason),
			frappe.ValidationError,
			title=_("Record blocked"),
		)
