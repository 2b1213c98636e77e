"""A worker's place of work follows their main employment; scoped records follow the worker."""

import frappe
from frappe.utils import getdate, today

from profregister.domain.employment import Period, current_main

# Records whose access follows the worker's current entity and region.
SCOPED_BY_WORKER = ("Specialist Certificate", "CPD Evidence")


def refresh_worker_placement(health_worker: str):
	worker = frappe.get_doc("Health Worker", health_worker)
	apply_placement(worker)
	worker.flags.placement_refresh = True
	# The change of place of work belongs in the record's history, also when tests run.
	worker.save(ignore_permissions=True, ignore_version=False)


def apply_placement(worker):
	"""Set the worker's place of work and status from their main employments (in memory, not saved)."""
	rows = frappe.get_all(
		"Employment",
		filters={"health_worker": worker.name, "is_main": 1},
		fields=["name", "healthcare_entity", "position", "specialty", "start_date", "end_date"],
	)
	by_name = {row.name: row for row in rows}
	main, held = current_main(
		[Period(getdate(r.start_date), r.end_date and getdate(r.end_date), r.name) for r in rows],
		getdate(today()),
	)
	job = by_name[main.ref] if main else frappe._dict()
	worker.update(
		{
			"current_position": job.position,
			"current_specialty": job.specialty,
			"current_employment": job.name,
			"employed_since": job.start_date,
		}
	)
	if job:
		worker.current_entity = job.healthcare_entity
	# A blocked record stays blocked until a valid certificate lifts it (services/certificates.py).
	if worker.status != "Blocked":
		worker.status = "Dismissed" if main and not held else "Active"


def move_scoped_records(health_worker: str, entity: str, region: str):
	"""Set-based: one UPDATE per scoped doctype, whatever the number of records."""
	for doctype in SCOPED_BY_WORKER:
		table = frappe.qb.DocType(doctype)
		(
			frappe.qb.update(table)
			.set(table.healthcare_entity, entity)
			.set(table.region, region)
			.where(table.health_worker == health_worker)
		).run()
