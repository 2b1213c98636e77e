"""The user's scope for reports that query with frappe.qb, from the same User Permissions as forms and lists.

Entity users see their entities, regional departments their region and everything under it (Frappe
expands tree permissions to descendants), a worker their own record; users with no scope (national
roles) see the country.
"""

import frappe
from frappe.core.doctype.user_permission.user_permission import get_user_permissions
from pypika.terms import ValueWrapper


def allowed(doctype: str, user: str | None = None) -> list[str] | None:
	"""The records of `doctype` the user is limited to, or None when not limited."""
	rows = get_user_permissions(user or frappe.session.user).get(doctype)
	return [row.doc for row in rows] if rows else None


def restrict(query, entity_field=None, region_field=None, worker_field=None, user: str | None = None):
	for doctype, field in (
		("Healthcare Entity", entity_field),
		("Region", region_field),
		("Health Worker", worker_field),
	):
		values = allowed(doctype, user)
		if values is not None:
			if field is None:
				# The report cannot express this scope: show nothing rather than too much.
				return query.where(ValueWrapper(1) == 0)
			query = query.where(field.isin(values))
	return query


def with_descendants(region: str) -> list[str]:
	"""A region filter means the region and every district and city under it."""
	return [region, *frappe.db.get_descendants("Region", region)]
