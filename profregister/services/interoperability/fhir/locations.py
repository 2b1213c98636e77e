"""ITI-90 search of Location: the region tree (a few dozen rows, filtered here) and each entity's site (in
SQL), both limited to the client's scope by access.clients.restrict. Regions come first, then sites."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from pypika.terms import Criterion

from profregister.access import clients
from profregister.domain.fhir.resources import region_id
from profregister.domain.fhir.search import ID_PATTERN, Search
from profregister.domain.fhir.systems import (
	CS_REGION_TYPE,
	MCSD_FACILITY,
	MCSD_JURISDICTION,
	SID_BIN,
	SID_REGION,
)
from profregister.services.interoperability.fhir import render
from profregister.services.interoperability.fhir.criteria import (
	always,
	date_criterion,
	date_match,
	entity_type_criterion,
	mcsd_types,
	never,
	string_criterion,
	string_match,
	token_codes,
)
from profregister.services.interoperability.fhir.paging import Found
from profregister.services.interoperability.fhir.parse import FHIRError


def locations(client, search: Search, after=None) -> Found:
	regions = regions_in_scope(client)
	by_name = {r.name: r for r in regions}
	entity = DocType("Healthcare Entity")
	criteria = []
	for condition in search.conditions:
		regions, criterion = _condition(condition, regions, by_name, entity)
		criteria.append(criterion)
	last = after[0] if after else ""
	region_rows = [r for r in sorted(regions, key=lambda r: region_id(r.code))
		if region_id(r.code) > last]  # fmt: skip
	scoped = clients.restrict(frappe.qb.from_(entity), entity.region, client).where(Criterion.all(criteria))
	query = scoped.select(
		entity.name, entity.entity_name, entity.entity_type, entity.address, entity.region, entity.modified
	)
	if last.startswith("site-"):
		query = query.where(entity.name > last[len("site-") :])
	sites = query.orderby(entity.name).limit(search.count + 1).run(as_dict=True)
	merged = render.locations(region_rows, sites, by_name)
	page = merged[: search.count]
	total = None
	if search.total:
		total = len(regions) + scoped.select(Count("*")).run()[0][0]
	return Found(page, 0 < search.count < len(merged), [page[-1]["id"]] if page else None, total)


def regions_in_scope(client) -> list:
	"""The regions of the tree in the client's scope, those that can be named in FHIR (by their code)."""
	region = DocType("Region")
	query = frappe.qb.from_(region).select(
		region.name,
		region.region_name,
		region.region_type,
		region.code,
		region.parent_region,
		region.modified,
	)
	rows = clients.restrict(query, region.name, client).run(as_dict=True)
	# Regions without a code cannot be named in FHIR; the shipped tree has ISO 3166-2 codes for all.
	return [r for r in rows if r.code and ID_PATTERN.match(region_id(r.code))]


def _condition(condition, regions: list, by_name: dict, entity) -> tuple[list, Criterion]:
	"""(regions kept, criterion on sites) for one Location search parameter."""
	values = condition.values
	if condition.name == "_id":
		ids = {code for _system, code in values}
		return [r for r in regions if region_id(r.code) in ids], entity.name.isin(
			[i[len("site-") :] for i in ids if i.startswith("site-")] or [""]
		)
	if condition.name == "identifier":
		region_codes = set(token_codes(condition, (SID_REGION,)))
		bins = token_codes(condition, (SID_BIN,)) or [""]
		return [r for r in regions if r.code in region_codes], entity.name.isin(bins)
	if condition.name == "name":
		match = string_match(condition)
		return [r for r in regions if match(r.region_name)], string_criterion([entity.entity_name], condition)
	if condition.name == "organization":
		# A site is managed by its entity, a region by its jurisdiction Organization (region-CODE).
		return [r for r in regions if region_id(r.code) in set(values)], entity.name.isin(list(values))
	if condition.name == "status":
		active = "active" in token_codes(condition, ("http://hl7.org/fhir/location-status",))
		return (regions, always()) if active else ([], never())
	if condition.name == "type":
		mcsd, region_types = mcsd_types(condition), set(token_codes(condition, (CS_REGION_TYPE,)))
		kept = [r for r in regions if MCSD_JURISDICTION in mcsd or r.region_type in region_types]
		sites = always() if MCSD_FACILITY in mcsd else entity_type_criterion(entity.entity_type, condition)
		return kept, sites
	if condition.name == "partof":
		parents = {r.name for r in by_name.values() if region_id(r.code) in set(values)}
		kept = [r for r in regions if r.parent_region in parents]
		return kept, (
			entity.region.isin(list(parents)) | entity.district.isin(list(parents))
		) if parents else never()
	if condition.name == "_lastUpdated":
		within = date_match(condition)
		return [r for r in regions if within(r.modified)], date_criterion(entity.modified, condition)
	raise FHIRError(
		400, "invalid", _("Unknown search parameter {0} for {1}").format(condition.name, "Location")
	)
