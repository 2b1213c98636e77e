"""Accounts that hold only the worker's role become Website Users of the portal (/cpd)."""

import frappe

from profregister.access.links import HARMLESS_ROLES


def execute():
	frappe.db.set_value("Role", "Health Worker", "desk_access", 0)
	has_role = frappe.qb.DocType("Has Role")
	holders = set(
		frappe.get_all("Has Role", filters={"parenttype": "User", "role": "Health Worker"}, pluck="parent")
	)
	others = set(
		frappe.qb.from_(has_role)
		.select(has_role.parent)
		.where(has_role.parenttype == "User")
		.where(has_role.parent.isin(list(holders) or [""]))
		.where(has_role.role.notin(list(HARMLESS_ROLES)))
		.run(pluck=True)
	)
	only_workers = list(holders - others - {"Administrator"})
	if only_workers:
		frappe.db.set_value("User", {"name": ("in", only_workers)}, "user_type", "Website User")
