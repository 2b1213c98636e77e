"""Keeps User Permissions and roles in step with the users listed on entities, regions and workers.

The forms are the source of truth: a user listed on a Healthcare Entity sees that entity's register,
a user listed on a Region sees that region (and everything under it), a worker's user sees their record.
"""

import frappe

REGIONAL_ROLE = "Regional Health Department"
WORKER_ROLE = "Health Worker"


def sync_user_permissions(allow: str, for_value: str, users_roles: dict[str, str]):
	"""Exactly the users in `users_roles` hold a User Permission for `allow` = `for_value`."""
	existing = {
		row.user: row.name
		for row in frappe.get_all(
			"User Permission", filters={"allow": allow, "for_value": for_value}, fields=["name", "user"]
		)
	}
	for user, name in existing.items():
		if user not in users_roles:
			frappe.delete_doc("User Permission", name, ignore_permissions=True)
	for user, role in users_roles.items():
		if role and role not in frappe.get_roles(user):
			user_doc = frappe.get_doc("User", user)
			user_doc.flags.ignore_permissions = True
			user_doc.add_roles(role)
		if user not in existing:
			# The only entity (region) of a user is the default in new records, e.g. a new worker's entity.
			first = not frappe.db.exists("User Permission", {"user": user, "allow": allow})
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": user,
					"allow": allow,
					"for_value": for_value,
					"apply_to_all_doctypes": 1,
					"is_default": int(first),
				}
			).insert(ignore_permissions=True)
	for user in set(existing) | set(users_roles):
		reconcile_own_record(user)


def reconcile_own_record(user: str):
	"""A worker's user sees their record through a User Permission on it, unless they already have an
	entity or region scope: Frappe intersects User Permissions, so theirs would narrow every list of
	the head or HR specialist who is also a health worker to their own record."""
	scoped = frappe.db.exists(
		"User Permission", {"user": user, "allow": ("in", ("Healthcare Entity", "Region"))}
	)
	own_records = set(frappe.get_all("Health Worker", filters={"user": user}, pluck="name"))
	held = {
		row.for_value: row.name
		for row in frappe.get_all(
			"User Permission", filters={"user": user, "allow": "Health Worker"}, fields=["name", "for_value"]
		)
	}
	for record, name in held.items():
		if scoped or record not in own_records:
			frappe.delete_doc("User Permission", name, ignore_permissions=True)
	if not scoped:
		for record in own_records - set(held):
			frappe.get_doc(
				{
					"doctype": "User Permission",
					"user": user,
					"allow": "Health Worker",
					"for_value": record,
					"apply_to_all_doctypes": 1,
				}
			).insert(ignore_permissions=True)
