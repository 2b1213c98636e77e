"""Status events for the blocks, unblocks and dismissals made before the history was kept as records,
read once from the records' Versions (entity and region as the record stands: the best known)."""

import json

import frappe
from frappe.utils import getdate

from profregister.services.register import history


def execute():
	if frappe.db.count("Health Worker Status Change"):
		return
	rows = frappe.db.sql(
		"""select v.docname, v.creation, v.data, w.full_name, w.current_entity, w.current_region,
			w.current_specialty, w.blocking_certificate
		from `tabVersion` v join `tabHealth Worker` w on w.name = v.docname
		where v.ref_doctype = 'Health Worker' and locate('"status"', v.data) > 0
		order by v.creation""",
		as_dict=True,
	)
	events = []
	for row in rows:
		for field, old, new in json.loads(row.data).get("changed", []):
			if field == "status" and old != new:
				events.append(
					{
						"health_worker": row.docname,
						"worker_name": row.full_name,
						"change_date": getdate(row.creation),
						"from_status": old,
						"to_status": new,
						"healthcare_entity": row.current_entity,
						"region": row.current_region,
						"specialty": row.current_specialty,
					}
				)
	history.record(events)
