"""The user's scope for reports that query with frappe.qb: the scope gate's own rule
(profregister/permissions.py), so that a report never shows what the list of the same records hides."""

import frappe

from profregister.permissions import restrict
from profregister.permissions import with_descendants as _with_descendants

__all__ = ["restrict", "with_descendants"]


def with_descendants(region: str) -> list[str]:
	"""A region filter means the region and every district and city under it."""
	return _with_descendants([region]) or [region]


def region_outside_scope(region: str | None, doctype: str = "Health Worker") -> bool:
	"""Whether a region filter lies wholly outside what the user may read (the report says so)."""
	from profregister.permissions import scope_values

	if not region:
		return False
	regions = scope_values(doctype, "region")
	entities = scope_values(doctype, "entity")
	if regions is None:
		return False
	if entities and frappe.db.exists(
		"Healthcare Entity", {"name": ("in", list(entities)), "region": ("in", with_descendants(region))}
	):
		return False
	return not regions & set(with_descendants(region))
