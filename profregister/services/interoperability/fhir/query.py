"""ITI-90 search of Practitioner and PractitionerRole, the includes, and the searcher of each resource
type (Organization and Endpoint: organizations.py; Location: locations.py; HealthcareService:
healthcare_services.py). Set-based: a resource's search parameters become one SQL condition and a page is one
query (one more for the total, one for the certificates of the practitioners shown). Every query is
limited to the client's scope by access.clients.restrict, on the column holding the record's region."""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import getdate, today
from pypika.terms import Criterion

from profregister.access import clients
from profregister.domain.fhir.search import Search
from profregister.domain.fhir.systems import (
	CS_POSITION,
	CS_SPECIALTY,
	SID_CERTIFICATE,
	SID_EMPLOYMENT,
	SID_HEALTH_WORKER,
	SID_IIN,
)
from profregister.services.interoperability.fhir import render
from profregister.services.interoperability.fhir.criteria import (
	all_of,
	always,
	boolean,
	date_criterion,
	never,
	region_trees,
	string_criterion,
	token_criterion,
)
from profregister.services.interoperability.fhir.healthcare_services import (
	criterion_of_services,
	healthcare_services,
	service_of,
)
from profregister.services.interoperability.fhir.locations import locations
from profregister.services.interoperability.fhir.organizations import (
	endpoints,
	include_endpoints,
	nothing,
	organizations,
	revinclude_locations,
)
from profregister.services.interoperability.fhir.paging import Found, keyset_page, last_key
from profregister.services.interoperability.fhir.parse import FHIRError, by_ids

# Practitioner


def practitioners(client, search: Search, after=None) -> Found:
	worker = DocType("Health Worker")
	where = all_of(_practitioner_criterion(client, worker, c) for c in search.conditions)
	scoped = clients.restrict(frappe.qb.from_(worker), worker.current_region, client).where(where)
	query = scoped.select(worker.name, worker.iin, worker.last_name, worker.first_name, worker.patronymic,
		worker.full_name, worker.sex, worker.date_of_birth, worker.residence_address, worker.status,
		worker.modified, worker.blocking_certificate)  # fmt: skip
	rows, more, total = keyset_page(query, worker.name, search, after, scoped.select(Count("*")))
	resources = render.practitioners(client, rows, _certificates(rows)) if rows else []
	return Found(resources, more, last_key(rows), total)


def _practitioner_criterion(client, worker, condition) -> Criterion | None:
	if condition.name == "_id":
		return token_criterion(worker.name, condition, (SID_HEALTH_WORKER,))
	if condition.name == "active":
		return boolean(condition, worker.status == "Active")
	if condition.name == "identifier":
		return _worker_identifier(client, worker, condition)
	if condition.name in ("name", "given", "family"):
		columns = {"name": [worker.full_name, worker.first_name, worker.last_name, worker.patronymic],
			"given": [worker.first_name, worker.patronymic], "family": [worker.last_name]}[condition.name]  # fmt: skip
		return string_criterion(columns, condition)
	if condition.name == "_lastUpdated":
		return date_criterion(worker.modified, condition, _changed_since(worker))
	return None


def _changed_since(worker):
	"""Whether a Practitioner's meta.lastUpdated, the latest change of the worker or of one of their
	certificates (render.practitioners), is at or after a moment: each part on its own index."""
	certificate = DocType("Specialist Certificate")

	def at_least(moment) -> Criterion:
		changed = (
			frappe.qb.from_(certificate)
			.select(certificate.health_worker)
			.where((certificate.modified >= moment) & certificate.health_worker.isnotnull())
		)
		return (worker.modified >= moment) | worker.name.isin(changed)

	return at_least


def _worker_identifier(client, worker, condition) -> Criterion:
	certificate = DocType("Specialist Certificate")
	terms = []
	for system, code in condition.values:
		if code is None:
			# `system|`: anyone with an identifier of that system (R4 token search).
			terms.append(_holds_identifier(client, worker, certificate, system))
			continue
		if system == SID_IIN and not client.personal_data:
			raise FHIRError(403, "security", _("This client may not search by IIN"))
		holders = (
			frappe.qb.from_(certificate)
			.select(certificate.health_worker)
			.where(certificate.certificate_number == code)
		)
		if system in (None, SID_HEALTH_WORKER):
			terms.append(worker.name == code)
		if system in (None, SID_IIN) and client.personal_data:
			terms.append(worker.iin == code)
		if system in (None, SID_CERTIFICATE):
			terms.append(worker.name.isin(holders))
	return Criterion.any(terms) if terms else never()


def _holds_identifier(client, worker, certificate, system: str) -> Criterion:
	if system == SID_HEALTH_WORKER:
		return always()
	if system == SID_IIN:
		if not client.personal_data:
			raise FHIRError(403, "security", _("This client may not search by IIN"))
		return worker.iin.isnotnull()
	if system == SID_CERTIFICATE:
		return worker.name.isin(frappe.qb.from_(certificate).select(certificate.health_worker))
	return never()


def _certificates(workers: list) -> list:
	"""The certificates of the workers on the page, newest first."""
	certificate, specialty = DocType("Specialist Certificate"), DocType("Specialty")
	return (
		frappe.qb.from_(certificate)
		.left_join(specialty)
		.on(specialty.name == certificate.specialty)
		.select(
			certificate.name,
			certificate.health_worker,
			certificate.certificate_number,
			certificate.specialty,
			specialty.code.as_("specialty_code"),
			certificate.issue_date,
			certificate.valid_until,
			certificate.issuing_body,
			certificate.modified,
		)
		.where(certificate.health_worker.isin([w.name for w in workers]))
		.orderby(certificate.valid_until, order=frappe.qb.desc)
		.run(as_dict=True)
	)


# PractitionerRole


def practitioner_roles(client, search: Search, after=None) -> Found:
	employment, specialty = DocType("Employment"), DocType("Specialty")
	day = getdate(today())
	where = all_of(_role_criterion(employment, specialty, c, day) for c in search.conditions)
	joined = frappe.qb.from_(employment).left_join(specialty).on(specialty.name == employment.specialty)
	scoped = clients.restrict(joined, employment.region, client).where(where)
	query = scoped.select(
		employment.name,
		employment.health_worker,
		employment.worker_name,
		employment.healthcare_entity,
		employment.entity_name,
		employment.position,
		employment.specialty,
		specialty.code.as_("specialty_code"),
		employment.start_date,
		employment.end_date,
		employment.modified,
	)
	rows, more, total = keyset_page(query, employment.name, search, after, scoped.select(Count("*")))
	for row in rows:
		row.service_id = service_of(row.healthcare_entity, row.specialty)
	return Found(render.practitioner_roles(rows, day), more, last_key(rows), total)


def _role_criterion(employment, specialty, condition, day) -> Criterion | None:
	name, values = condition.name, condition.values
	if name == "_id":
		return token_criterion(employment.name, condition, (SID_EMPLOYMENT,))
	if name == "active":
		started = (employment.start_date <= day) & (
			employment.end_date.isnull() | (employment.end_date >= day)
		)
		return boolean(condition, started)
	if name == "location":
		return _located(employment.healthcare_entity, employment.region, values)
	if name == "organization":
		return employment.healthcare_entity.isin(list(values))
	if name == "practitioner":
		return employment.health_worker.isin(list(values))
	if name == "role":
		return token_criterion(employment.position, condition, (CS_POSITION,))
	if name == "specialty":
		by_code = token_criterion(employment.specialty, condition, (CS_SPECIALTY,))
		return by_code | token_criterion(specialty.code, condition, (CS_SPECIALTY,))
	if name == "service":
		return criterion_of_services(employment.healthcare_entity, employment.specialty, values) or never()
	if name == "_lastUpdated":
		return date_criterion(employment.modified, condition)
	return None


def _located(entity_column, region_column, location_ids) -> Criterion:
	"""At a site (site-BIN) or anywhere in a region's tree (region-CODE): the search parameter, not the
	client's scope (which restrict puts on every query besides)."""
	sites = [i[len("site-") :] for i in location_ids if i.startswith("site-")]
	regions = region_trees(location_ids)
	terms = [entity_column.isin(sites)] if sites else []
	if regions:
		terms.append(region_column.isin(regions))
	return Criterion.any(terms) if terms else never()


def include_practitioners(client, roles: list[dict]) -> list[dict]:
	ids = sorted({r["practitioner"]["reference"].split("/")[1] for r in roles if r.get("practitioner")})
	if not ids:
		return []
	# Only practitioners in the client's own scope: a role in its region may be years old (issue 26).
	return practitioners(client, by_ids("Practitioner", ids)).rows


def include_organizations(client, locations: list[dict]) -> list[dict]:
	"""Location:organization: the entities managing the sites, the jurisdictions managing the regions."""
	ids = sorted({loc["managingOrganization"]["reference"].split("/")[1] for loc in locations
		if loc.get("managingOrganization")})  # fmt: skip
	if not ids:
		return []
	return organizations(client, by_ids("Organization", ids)).rows


SEARCHERS = {
	"Practitioner": practitioners,
	"PractitionerRole": practitioner_roles,
	"Organization": organizations,
	"Location": locations,
	"HealthcareService": healthcare_services,
	"Endpoint": endpoints,
}
INCLUDERS = {
	"PractitionerRole:practitioner": include_practitioners,
	"Location:organization": include_organizations,
	"Organization:endpoint": include_endpoints,
}
REVINCLUDERS = {
	"Location:organization": revinclude_locations,
	"OrganizationAffiliation:participating-organization": nothing,
	"OrganizationAffiliation:primary-organization": nothing,
}
