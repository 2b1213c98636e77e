"""ITI-90 search of Organization and Endpoint, and the includes of Organization.

Organizations are the healthcare entities (mCSD FacilityOrganization, in SQL) and, after them, one
jurisdiction Organization per region of the tree (mCSD JurisdictionOrganization: a few hundred rows,
filtered here), which manages the region's Location; an entity is part of its region's. Both are limited
to the client's scope by access.clients.restrict, as Location is.

The one Endpoint is the directory itself; the register's operator (site config `profregister_operator`, the
BIN of a healthcare entity), if named, manages it and lists it as its endpoint."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from pypika.terms import Criterion

from profregister.access import clients
from profregister.domain.fhir.resources import ENDPOINT_ID, endpoint, jurisdiction_organization, region_id
from profregister.domain.fhir.search import FORMATS, Search
from profregister.domain.fhir.systems import (
	CONNECTION_TYPE,
	CS_ENTITY_TYPE,
	CS_OWNERSHIP,
	CS_REGION_TYPE,
	FHIR_REST,
	MCSD_FACILITY,
	MCSD_JURISDICTION,
	SID_BIN,
	SID_REGION,
)
from profregister.services.interoperability.fhir import paging, render
from profregister.services.interoperability.fhir.clock import published
from profregister.services.interoperability.fhir.criteria import (
	always,
	date_criterion,
	date_match,
	mcsd_types,
	never,
	string_criterion,
	string_match,
	token_codes,
	token_criterion,
)
from profregister.services.interoperability.fhir.locations import locations, regions_in_scope
from profregister.services.interoperability.fhir.paging import Found
from profregister.services.interoperability.fhir.parse import FHIRError, by_ids

OPERATOR = "profregister_operator"


def organizations(client, search: Search, after=None) -> Found:
	"""The entities (by BIN), then the jurisdictions (region-CODE, which sort after any BIN)."""
	regions = regions_in_scope(client)
	by_name = {r.name: r for r in regions}
	entity = DocType("Healthcare Entity")
	criteria = []
	for condition in search.conditions:
		regions, criterion = _condition(condition, regions, by_name, entity)
		criteria.append(criterion)
	last = after[0] if after else ""
	scoped = clients.restrict(frappe.qb.from_(entity), entity.region, client).where(Criterion.all(criteria))
	entities = []
	if not last.startswith("region-") and search.count:
		query = scoped.select(entity.name, entity.entity_name, entity.entity_type, entity.ownership,
			entity.region, entity.modified)  # fmt: skip
		query = query.where(entity.name > last) if last else query
		entities = query.orderby(entity.name).limit(search.count + 1).run(as_dict=True)
	jurisdictions = sorted((r for r in regions if region_id(r.code) > last), key=lambda r: region_id(r.code))
	page = _render(entities, by_name) + _jurisdictions(jurisdictions[: search.count + 1], by_name)
	total = len(regions) + scoped.select(Count("*")).run()[0][0] if search.total else None
	shown = page[: search.count]
	return Found(shown, 0 < search.count < len(page), [shown[-1]["id"]] if shown else None, total)


def _render(entities: list, by_name: dict) -> list[dict]:
	operator = frappe.conf.get(OPERATOR)
	for row in entities:
		row.region_code = by_name[row.region].code if row.region in by_name else None
		row.endpoint = ENDPOINT_ID if operator and row.name == operator else None
	return render.organizations(entities)


def _jurisdictions(regions: list, by_name: dict) -> list[dict]:
	for row in regions:
		row.last_updated = published(row.modified)
		row.parent_code = by_name[row.parent_region].code if row.parent_region in by_name else None
	return [jurisdiction_organization(r) for r in regions]


def _condition(condition, regions: list, by_name: dict, entity) -> tuple[list, Criterion]:
	"""(jurisdictions kept, criterion on entities) for one Organization search parameter."""
	name, values = condition.name, condition.values
	if name == "_id":
		ids = {code for _system, code in values}
		entities = [i for i in ids if not i.startswith("region-")] or [""]
		return [r for r in regions if region_id(r.code) in ids], entity.name.isin(entities)
	if name == "identifier":
		codes = set(token_codes(condition, (SID_REGION,)))
		every = any(system == SID_REGION and code is None for system, code in values)
		kept = [r for r in regions if every or r.code in codes]
		return kept, token_criterion(entity.name, condition, (SID_BIN,))
	if name == "active":
		return (regions, always()) if True in values else ([], never())
	if name == "name":
		match = string_match(condition)
		return [r for r in regions if match(r.region_name)], string_criterion([entity.entity_name], condition)
	if name == "type":
		return _typed(condition, regions, entity)
	if name == "partof":
		parents = {r.name for r in by_name.values() if region_id(r.code) in set(values)}
		kept = [r for r in regions if r.parent_region in parents]
		return kept, entity.region.isin(sorted(parents)) if parents else never()
	if name == "_lastUpdated":
		within = date_match(condition)
		return [r for r in regions if within(r.modified)], date_criterion(entity.modified, condition)
	raise FHIRError(400, "invalid", _("Unknown search parameter {0} for {1}").format(name, "Organization"))


def _typed(condition, regions: list, entity) -> tuple[list, Criterion]:
	"""mCSD jurisdiction (the regions) or facility (the entities); an entity's type or ownership; a
	region's type."""
	mcsd = mcsd_types(condition)
	region_types = set(token_codes(condition, (CS_REGION_TYPE,)))
	kept = [r for r in regions if MCSD_JURISDICTION in mcsd or r.region_type in region_types]
	terms = [always()] if MCSD_FACILITY in mcsd else []
	types = token_codes(condition, (CS_ENTITY_TYPE,))
	if types:
		terms.append(entity.entity_type.isin(types))
	ownership = token_codes(condition, (CS_OWNERSHIP,))
	if ownership:
		terms.append(entity.ownership.isin(ownership))
	return kept, Criterion.any(terms) if terms else never()


# Endpoint


def endpoints(client, search: Search, after=None) -> Found:
	"""The directory's own Endpoint, if the search matches it (it has no identifier, nor a lastUpdated)."""
	operator = _operator()
	matches = not after and all(_endpoint_matches(c, operator) for c in search.conditions)
	address = paging.base_url()
	mime_types = [f for f in FORMATS if f.startswith("application/fhir+")]
	found = [endpoint(address, mime_types, operator)] if matches else []
	total = len(found) if search.total else None
	return Found(found[: search.count], False, None, total)


def _operator() -> dict | None:
	bin_ = frappe.conf.get(OPERATOR)
	if not bin_:
		return None
	return frappe.db.get_value("Healthcare Entity", bin_, ["name", "entity_name"], as_dict=True)


def _endpoint_matches(condition, operator: dict | None) -> bool:
	name, values = condition.name, condition.values
	if name == "_id":
		return ENDPOINT_ID in {code for _system, code in values}
	if name == "organization":
		return bool(operator) and operator["name"] in values
	if name == "status":
		return "active" in token_codes(condition, ("http://hl7.org/fhir/endpoint-status",))
	if name == "connection-type":
		return FHIR_REST in token_codes(condition, (CONNECTION_TYPE,))
	return False  # identifier, _lastUpdated: the Endpoint has neither


# Includes


def include_endpoints(client, organizations: list[dict]) -> list[dict]:
	"""Organization:endpoint: the Endpoints the organizations list (the directory's, at most)."""
	listed = {ref["reference"].split("/")[1] for org in organizations for ref in org.get("endpoint", ())}
	return endpoints(client, by_ids("Endpoint", sorted(listed))).rows if listed else []


def revinclude_locations(client, organizations: list[dict]) -> list[dict]:
	"""_revinclude=Location:organization: the Locations the organizations manage (an entity its site, a
	jurisdiction its region), in the client's scope."""
	ids = sorted(
		org["id"] if org["id"].startswith("region-") else f"site-{org['id']}" for org in organizations
	)
	return locations(client, by_ids("Location", ids)).rows if ids else []


def nothing(client, resources: list[dict]) -> list[dict]:
	"""An include of a resource the directory does not serve (OrganizationAffiliation)."""
	return []
