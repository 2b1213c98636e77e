"""Who looked at my record (/cpd/access): the trail of reads of the worker's personal data (access/audit.py),
as the worker sees it. Only the signed-in worker's own accesses, never taken from the request.

Each line names the organisation that read and the role it read with, the date, the channel, what was
read and the reason given. Reads by HR of an entity the worker worked at on that day are one line per
day and entity. Whether the official is named is the Regulatory Parameter `access_log_show_official_name`
(off unless the Register Administrator turns it on)."""

import frappe
from frappe import _
from frappe.utils import cint, getdate, today

from profregister.access.audit import DOCTYPE, RETENTION
from profregister.services.platform.parameters import get_parameter

SHOW_NAME = "access_log_show_official_name"
# The latest (day, reader, what) groups shown: a worker's trail reads in one query whatever its size.
SHOWN = 300


def my_accesses(worker: str) -> dict:
	"""The worker's accesses, newest first: three queries, and one more for the officials' names."""
	rows = frappe.db.sql(
		f"""select date(accessed_at) as day, healthcare_entity, region, api_client, roles, channel, what,
			purpose, user, count(*) as times
		from `tab{DOCTYPE}` where health_worker = %s
		group by day, healthcare_entity, region, api_client, roles, channel, what, purpose, user
		order by day desc limit {SHOWN}""",
		(worker,),
		as_dict=True,
	)
	day = getdate(today())
	show_names = bool(cint(get_parameter(SHOW_NAME, day)))
	names = organisation_names(rows, show_names)
	employers = frappe.get_all(
		"Employment",
		filters={"health_worker": worker},
		fields=["healthcare_entity", "start_date", "end_date"],
	)
	lines, own = [], {}
	for row in rows:
		if own_hr(row, employers):
			line = own.get((row.day, row.healthcare_entity))
			if line is None:
				line = own[(row.day, row.healthcare_entity)] = {**describe(row, names, False), "own_hr": True,
					"role": _("HR of your healthcare entity"), "times": 0, "what": "", "channel": "", "purpose": ""}  # fmt: skip
				lines.append(line)
			line["times"] += row.times
			for key, value in (("what", _(row.what)), ("channel", _(row.channel)), ("purpose", row.purpose)):
				line[key] = join(line[key], value)
		else:
			lines.append({**describe(row, names, show_names), "own_hr": False})
	return {
		"lines": lines,
		"show_names": show_names,
		"months": int(get_parameter(RETENTION, day)),
		"more": len(rows) == SHOWN,
	}


def own_hr(row, employers: list) -> bool:
	"""Read by HR of an entity the worker worked at on the day of the read."""
	return bool(row.healthcare_entity) and any(
		e.healthcare_entity == row.healthcare_entity
		and e.start_date
		and e.start_date <= row.day
		and (not e.end_date or e.end_date >= row.day)
		for e in employers
	)


def describe(row, names: dict, show_names: bool) -> dict:
	roles = [r.strip() for r in (row.roles or "").split(",") if r.strip()]
	if row.api_client:
		organisation = names["clients"].get(row.api_client) or _("Information system")
		role = _("Information system")
	elif row.healthcare_entity:
		organisation, role = names["entities"].get(row.healthcare_entity), ", ".join(_(r) for r in roles)
	elif row.region:
		organisation = _("Health department of {0}").format(names["regions"].get(row.region) or row.region)
		role = ", ".join(_(r) for r in roles)
	else:
		organisation, role = _("Professional Register (national)"), ", ".join(_(r) for r in roles)
	return {
		"day": row.day,
		"organisation": organisation or _("Healthcare entity"),
		"role": role,
		"channel": _(row.channel),
		"what": _(row.what),
		"purpose": row.purpose,
		"times": row.times,
		"official": names["users"].get(row.user) if show_names else None,
	}


def organisation_names(rows: list, show_names: bool) -> dict:
	"""Names of the entities, regions, clients (and, if shown, officials) of the rows: a query each."""

	def titles(doctype, field, title, values):
		values = sorted({v for v in values if v})
		if not values:
			return {}
		return dict(
			frappe.get_all(doctype, filters={field: ("in", values)}, fields=[field, title], as_list=True)
		)

	return {
		"entities": titles("Healthcare Entity", "name", "entity_name", (r.healthcare_entity for r in rows)),
		"regions": titles("Region", "name", "region_name", (r.region for r in rows)),
		"clients": titles("Register API Client", "name", "organisation", (r.api_client for r in rows)),
		"users": titles("User", "name", "full_name", (r.user for r in rows)) if show_names else {},
	}


def join(listed: str, value: str | None) -> str:
	"""`value` added to a comma-separated list once."""
	if not value or value in listed.split(", "):
		return listed
	return f"{listed}, {value}" if listed else value
