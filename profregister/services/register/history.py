"""A worker's status history as insert-only events (Health Worker Status Change): blocks, unblocks,
dismissals and returns to work, each with the entity, region and specialty at the time. Jobs write them
in bulk in their own transaction; reports count them instead of searching the text of Versions, and the
worker's form shows them in its timeline (a job's block writes no Version besides)."""

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate, now_datetime

from profregister.services.platform import bulk

FIELDS = (
	"health_worker",
	"worker_name",
	"change_date",
	"from_status",
	"to_status",
	"reason",
	"certificate",
	"healthcare_entity",
	"region",
	"specialty",
)


def record(events: list[dict]):
	if not events:
		return
	now = now_datetime()
	base = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	rows = [
		{"name": frappe.generate_hash(length=12), **base, **{f: e.get(f) for f in FIELDS}} for e in events
	]
	bulk.insert_rows("Health Worker Status Change", rows)


def record_current(workers: list[str], day, from_status: str):
	"""An event for each of these workers from `from_status` to the status they hold now, with their
	block's reason and certificate and their place: one INSERT ... SELECT, nothing read into Python."""
	if not workers:
		return
	frappe.db.sql(
		"""insert into `tabHealth Worker Status Change` (name, creation, modified, owner, modified_by,
			health_worker, worker_name, change_date, from_status, to_status, reason, certificate,
			healthcare_entity, region, specialty)
		select left(sha2(concat(uuid(), name), 256), 12), %(now)s, %(now)s, 'Administrator', 'Administrator',
			name, full_name, %(day)s, %(from_status)s, status, block_reason, blocking_certificate,
			current_entity, current_region, current_specialty
		from `tabHealth Worker` where name in %(workers)s""",
		{"now": now_datetime(), "day": day, "from_status": from_status, "workers": workers},
	)


def of_worker(worker, day, from_status: str, to_status: str, **fields) -> dict:
	"""An event for a worker document (or row) as it stands."""
	return {
		"health_worker": worker.name,
		"worker_name": worker.full_name,
		"change_date": day,
		"from_status": from_status,
		"to_status": to_status,
		"healthcare_entity": worker.current_entity,
		"region": worker.current_region,
		"specialty": worker.current_specialty,
		**fields,
	}


def timeline(doctype: str, docname: str) -> list[dict]:
	"""The worker's status changes in the form's timeline (hooks.additional_timeline_content); the form
	was opened through the scope gate, and the events follow their worker."""
	events = frappe.get_all(
		"Health Worker Status Change",
		filters={"health_worker": docname},
		fields=["creation", "change_date", "from_status", "to_status", "reason"],
		order_by="creation desc",
		limit=100,
	)
	return [
		{
			"icon": "lock" if e.to_status == "Blocked" else "edit",
			"creation": e.creation,
			"content": escape_html(
				_("Status changed from {0} to {1} on {2}").format(
					_(e.from_status), _(e.to_status), formatdate(e.change_date)
				)
				+ (f": {e.reason}" if e.reason else "")
			),
		}
		for e in events
	]
