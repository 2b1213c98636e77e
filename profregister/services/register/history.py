"""A worker's status history as insert-only events (Health Worker Status Change): blocks, unblocks,
dismissals and returns to work, each with the entity, region and specialty at the time. Jobs write them
in bulk in their own transaction; reports count them instead of searching the text of Versions."""

import frappe
from frappe.utils import now_datetime

from profregister.services.register import documents

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
	documents.insert_rows("Health Worker Status Change", rows)


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
