"""The scope of a Register API Client (the FHIR directory): read from the client's live record once per
request, and the one place its region limit is put on a query.

A client reads the whole country, a region and everything under it, or verifies practitioners by
identifier only (no personal data). Any other account, a disabled client, or a client whose role was
taken away has no scope, and a query restricted for it returns nothing.
"""

from dataclasses import dataclass

import frappe
from pypika.terms import ValueWrapper

from profregister.access.gate import API_CLIENT_ROLE, request_cache, with_descendants

SCOPES = ("National", "Region", "Verification only")


@dataclass(frozen=True)
class ClientScope:
	client: str
	scope: str  # National, Region, Verification only
	regions: frozenset | None  # None: the whole country
	personal_data: bool

	@property
	def verification_only(self) -> bool:
		return self.scope == "Verification only"

	def covers(self, region: str | None) -> bool:
		"""Whether a record placed in `region` (one already read, e.g. a deleted document) is in scope."""
		return self.regions is None or region in self.regions


def api_client(user: str | None = None) -> ClientScope | None:
	"""The scope of the API client whose account this is, from its live record (read once per request);
	None (nothing) for any other account, a disabled client, or a client whose role was taken away."""
	user = user or frappe.session.user
	cache = request_cache("profregister_api_client")
	if user not in cache:
		cache[user] = _client_scope(user)
	return cache[user]


def _client_scope(user: str) -> ClientScope | None:
	if user in ("Guest", None) or API_CLIENT_ROLE not in frappe.get_roles(user):
		return None
	row = frappe.db.get_value(
		"Register API Client",
		{"user": user, "enabled": 1},
		["name", "scope", "region", "personal_data"],
		as_dict=True,
	)
	if not row or row.scope not in SCOPES:
		return None
	regions = None
	if row.scope == "Region":
		regions = frozenset(with_descendants([row.region])) if row.region else frozenset()
	return ClientScope(
		row.name, row.scope, regions, bool(row.personal_data) and row.scope != "Verification only"
	)


def restrict(query, region_column, client: ClientScope | None):
	"""`query` (frappe.qb) limited to the client's scope by the column holding a record's region: the
	whole country unrestricted, a region scope to its regions, no scope (or an empty one) to nothing."""
	if client is not None and client.regions is None:
		return query
	if client is None or not client.regions:
		return query.where(ValueWrapper(1) == ValueWrapper(0))
	return query.where(region_column.isin(sorted(client.regions)))
