"""ITI-91 _history: what changed since a moment, from the records' timestamps and Frappe's Deleted
Documents, in the client's scope (access.clients), each change with the resource as it is now."""

from datetime import datetime

import frappe
from frappe.query_builder import DocType
from pypika.functions import Concat

from profregister.access import clients
from profregister.services.interoperability.fhir.parse import by_ids
from profregister.services.interoperability.fhir.query import SEARCHERS

SOURCES = {
	# resource: (doctype, the column naming the resource, its id prefix, the region field of the scope)
	"Practitioner": (
		("Health Worker", "name", "", "current_region"),
		# A certificate is part of its holder's Practitioner (qualification).
		("Specialist Certificate", "health_worker", "", "region"),
	),
	"PractitionerRole": (("Employment", "name", "", "region"),),
	"Organization": (("Healthcare Entity", "name", "", "region"),),
	"Location": (("Region", "code", "region-", "name"), ("Healthcare Entity", "name", "site-", "region")),
}


def page(client, resource_type: str, since: datetime, after, count: int) -> tuple[list[dict], bool]:
	"""(the page of changes after the cursor, whether more follow)."""
	changes = _changes(client, resource_type, since, after, count + 1)
	shown = changes[:count]
	resources = _current(client, resource_type, [c for c in shown if c["method"] != "DELETE"])
	for change in shown:
		change["resource"] = resources.get(change["id"])
		if change["method"] != "DELETE" and change["resource"] is None:
			change["method"] = "DELETE"  # out of the client's scope now: to this client it is gone
	return shown, len(changes) > count


def _changes(client, resource_type: str, since: datetime, after, limit: int) -> list[dict]:
	"""Changes of the resource type since `since`, in (time, id) order after the cursor, at most
	`limit`: each source is read in that order with the cursor in SQL (an index range on modified)."""
	found = []
	after_at = datetime.fromisoformat(after[0]) if after else None
	for doctype, key, prefix, region_field in SOURCES[resource_type]:
		table = DocType(doctype)
		column = table[key]
		query = (
			frappe.qb.from_(table)
			.select(column.as_("id"), table.modified.as_("at"), table.creation.as_("made"))
			.where(table.modified >= max(since, after_at) if after_at else table.modified >= since)
			.where(column.isnotnull())
		)
		query = clients.restrict(query, table[region_field], client)
		if after_at:
			resource_id = Concat(prefix, column) if prefix else column
			query = query.where((table.modified > after_at) | (resource_id > after[1]))
		rows = query.orderby(table.modified).orderby(column).limit(limit).run(as_dict=True)
		made_here = doctype != "Specialist Certificate"
		found += [
			{"id": prefix + row.id, "at_dt": row.at,
				"method": "POST" if made_here and row.made == row.at else "PUT"}
			for row in rows
		]  # fmt: skip
		found += _deletions(client, doctype, key, prefix, region_field, since)
	for change in found:
		change["at"] = change["at_dt"].isoformat()
		change["resource_type"] = resource_type
	found.sort(key=lambda c: (c["at"], c["id"]))
	if after:
		found = [c for c in found if (c["at"], c["id"]) > (after[0], after[1])]
	# One entry per resource and moment (a worker and their certificate saved together).
	unique = {(c["at"], c["id"]): c for c in found}
	return list(unique.values())[:limit]


def _deletions(client, doctype: str, key: str, prefix: str, region_field: str, since: datetime) -> list:
	"""Removed records, from Frappe's Deleted Documents (rare: the register dismisses, never deletes).
	A removed certificate is a change of its holder's Practitioner, which stays."""
	deleted = DocType("Deleted Document")
	rows = (
		frappe.qb.from_(deleted)
		.select(deleted.deleted_name, deleted.creation, deleted.data)
		.where(deleted.deleted_doctype == doctype)
		.where(deleted.creation >= since)
		.run(as_dict=True)
	)
	method = "PUT" if doctype == "Specialist Certificate" else "DELETE"
	changes = []
	for row in rows:
		data = frappe.parse_json(row.data) if row.data else {}
		if not client.covers(data.get(region_field)):
			continue
		resource_id = data.get(key) if key != "name" else row.deleted_name
		if resource_id:
			changes.append({"id": prefix + resource_id, "at_dt": row.creation, "method": method})
	return changes


def _current(client, resource_type: str, changes: list[dict]) -> dict[str, dict]:
	"""The current resources of the changed ids, in the client's scope (one search)."""
	if not changes:
		return {}
	found = SEARCHERS[resource_type](client, by_ids(resource_type, [c["id"] for c in changes]))
	return {r["id"]: r for r in found.rows}
