"""ITI-91 _history: what changed since a moment, from the records' timestamps and Frappe's Deleted
Documents, in the client's scope (access.clients), each change with the resource as it is now."""

from datetime import datetime

import frappe
from frappe.query_builder import DocType
from pypika import Order
from pypika.functions import Concat

from profregister.access import clients
from profregister.services.interoperability.fhir.clock import published
from profregister.services.interoperability.fhir.parse import by_ids
from profregister.services.interoperability.fhir.query import SEARCHERS

REGIONAL_ONLY = "regional only"
SOURCES = {
	# resource: (doctype, the column naming the resource, its id prefix, the region field of the scope,
	# whether the record is a part of the resource rather than the resource itself)
	"Practitioner": (
		("Health Worker", "name", "", "current_region", False),
		# A certificate is part of its holder's Practitioner (qualification).
		("Specialist Certificate", "health_worker", "", "region", True),
		# For a client of part of the country only: a job in its area that changed. The worker who left the
		# area with it is a DELETE to that client (page: out of its scope now), the others a PUT.
		("Employment", "health_worker", "", "region", REGIONAL_ONLY),
	),
	"PractitionerRole": (("Employment", "name", "", "region", False),),
	"Organization": (
		("Healthcare Entity", "name", "", "region", False),
		# A region's jurisdiction Organization.
		("Region", "code", "region-", "name", False),
	),
	"Location": (
		("Region", "code", "region-", "name", False),
		("Healthcare Entity", "name", "site-", "region", False),
	),
}


def page(client, resource_type: str, since: datetime, before, count: int, resource_id: str | None = None):
	"""(the page of changes before the cursor, newest first, whether more follow): of the resource type,
	or of the one resource `resource_id`."""
	changes = _changes(client, resource_type, since, before, count + 1, resource_id)
	shown = changes[:count]
	resources = _current(client, resource_type, [c for c in shown if c["method"] != "DELETE"])
	for change in shown:
		change["resource"] = resources.get(change["id"])
		change["last_modified"] = published(change["at_dt"])
		if change["method"] != "DELETE" and change["resource"] is None:
			change["method"] = "DELETE"  # out of the client's scope now: to this client it is gone
	return shown, len(changes) > count


def cursor(change: dict) -> list:
	"""The position after which (in newest-first order) the next page starts."""
	return [change["at_dt"].isoformat(timespec="microseconds"), change["id"]]


def _changes(client, resource_type: str, since: datetime, before, limit: int, resource_id) -> list[dict]:
	"""Changes since `since`, newest first (R4 http.html#history: the oldest versions last), in
	descending (time, id) order before the cursor, at most `limit`: each source is read in that order
	with the cursor in SQL (an index range on modified, walked backwards)."""
	position = (datetime.fromisoformat(before[0]), before[1]) if before else None
	found = []
	for source in SOURCES[resource_type]:
		if source[4] == REGIONAL_ONLY and getattr(client, "regions", None) is None:
			continue
		prefix = source[2]
		if resource_id is not None and not resource_id.startswith(prefix):
			continue  # a region's id names no site, and the other way round
		key = resource_id[len(prefix) :] if resource_id is not None else None
		found += _updates(client, source, since, position, limit, key)
		found += [d for d in _deletions(client, *source, since) if resource_id in (None, d["id"])]
	for change in found:
		change["resource_type"] = resource_type
	if position:
		found = [c for c in found if (c["at_dt"], c["id"]) < position]
	# Stable: of a worker and their certificate saved at one moment, the certificate's entry stays.
	found.sort(key=lambda c: (c["at_dt"], c["id"]), reverse=True)
	unique = {(c["at_dt"], c["id"]): c for c in found}
	return list(unique.values())[:limit]


def _updates(client, source: tuple, since: datetime, position, limit: int, key: str | None) -> list[dict]:
	"""The source's records changed since `since`, newest first, before `position` (time, id); only the
	one whose key is `key` when it is given."""
	doctype, key_field, prefix, region_field, part = source
	table = DocType(doctype)
	column = table[key_field]
	query = (
		frappe.qb.from_(table)
		.select(column.as_("id"), table.modified.as_("at"), table.creation.as_("made"))
		.where(table.modified >= since)
		.where(column.isnotnull() if key is None else column == key)
	)
	query = clients.restrict(query, table[region_field], client)
	if position:
		at, resource_id = position
		key_id = Concat(prefix, column) if prefix else column
		query = query.where(table.modified <= at).where((table.modified < at) | (key_id < resource_id))
	rows = (
		query.orderby(table.modified, order=Order.desc)
		.orderby(column, order=Order.desc)
		.limit(limit)
		.run(as_dict=True)
	)
	return [
		{
			"id": prefix + row.id,
			"at_dt": row.at,
			"method": "POST" if not part and row.made == row.at else "PUT",
		}
		for row in rows
	]


def _deletions(client, doctype: str, key: str, prefix: str, region_field: str, part: bool, since: datetime):
	"""Removed records, from Frappe's Deleted Documents (rare: the register dismisses, never deletes).
	A removed part (a certificate, a job) is a change of its holder's Practitioner, which stays."""
	deleted = DocType("Deleted Document")
	rows = (
		frappe.qb.from_(deleted)
		.select(deleted.deleted_name, deleted.creation, deleted.data)
		.where(deleted.deleted_doctype == doctype)
		.where(deleted.creation >= since)
		.run(as_dict=True)
	)
	method = "PUT" if part else "DELETE"
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
