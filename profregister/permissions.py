"""Permission hooks of the app, in one place.

Scope (own entity, own region, own record) comes from User Permissions, which Frappe applies to
forms, lists, reports and the REST API alike; these hooks add what User Permissions cannot say.
"""

import frappe


def health_worker_has_permission(doc, ptype: str, user: str) -> bool | None:
	# A health worker is dismissed, never deleted: only Administrator may remove a record (rule 9, history).
	if ptype == "delete" and user != "Administrator":
		return False
	return None
