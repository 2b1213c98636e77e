"""Unusual volume in the trail of reads (issue 26): a user with an entity who, in one day, read more workers
outside their own entity, or looked up more IINs, than `unusual_access_daily_threshold` allows is named to
the Register Administrators, once per user per day.

Hourly, set-based: one grouped query over today's Personal Data Access rows, one query for the users
already named today, one send. Nothing runs per request.
"""

import frappe
from frappe.utils import escape_html, now_datetime

from profregister.services.notices import notify
from profregister.services.platform.parameters import get_parameter

THRESHOLD = "unusual_access_daily_threshold"
# Email Template shipped in setup_data/email_templates.json, worded by the administrator.
TEMPLATE = "Unusual Personal Data Access"
ADMINISTRATOR = "Register Administrator"


def run_hourly():
	"""Tell the Register Administrators of each user over today's threshold not yet named today."""
	start = now_datetime().replace(hour=0, minute=0, second=0, microsecond=0)
	over = unusual_readers(start, int(get_parameter(THRESHOLD, start)))
	for user in already_named(list(over), start):
		over.pop(user, None)
	administrators = notify.reachable_users_with_role(ADMINISTRATOR)
	if not over or not administrators:
		return
	day = frappe.format(start.date(), "Date")
	messages = [
		notify.Message(admin, "User", user, {"user": escape_html(user), "reads": reads, "day": day})
		for user, reads in over.items()
		for admin in administrators
	]
	notify.send(messages, TEMPLATE)
	frappe.db.commit()


def unusual_readers(start, threshold: int) -> dict[str, int]:
	"""{user: count} of today's out-of-entity reads and IIN lookups, for the users above the threshold.
	A read is out of entity when the worker's current entity is not the reader's entity as the trail
	noted it (the one the worker works at, for a reader linked with several); API clients and readers
	with no entity (region, national) are not counted."""
	return dict(
		frappe.db.sql(
			"""
			select pda.user, count(*)
			from `tabPersonal Data Access` pda
			left join `tabHealth Worker` hw on hw.name = pda.health_worker
			where pda.accessed_at >= %(start)s
				and pda.api_client is null
				and (
					pda.what = 'IIN lookup'
					or (
						pda.healthcare_entity is not null
						and pda.health_worker is not null
						and not (hw.current_entity <=> pda.healthcare_entity)
					)
				)
			group by pda.user
			having count(*) > %(threshold)s
			""",
			{"start": start, "threshold": threshold},
		)
	)


def already_named(users: list[str], start) -> set[str]:
	"""The users an administrator was already told about today (their desk alerts)."""
	if not users:
		return set()
	return set(
		frappe.get_all(
			"Notification Log",
			filters={"document_type": "User", "document_name": ("in", users), "creation": (">=", start)},
			pluck="document_name",
			distinct=True,
		)
	)
