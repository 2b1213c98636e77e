"""The user's scope for reports that query with frappe.qb: the scope gate's own rule
(profregister/permissions.py), so that a report never shows what the list of the same records hides."""

from profregister.access.gate import restrict
from profregister.access.gate import with_descendants as _with_descendants

__all__ = ["restrict", "with_descendants"]


def with_descendants(region: str) -> list[str]:
	"""A region filter means the region and every district and city under it."""
	return _with_descendants([region]) or [region]
