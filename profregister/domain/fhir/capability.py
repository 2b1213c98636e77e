"""The CapabilityStatement: what the server does (read and search of the mCSD directory resources, history
of those with versions), drawn from the search definitions so that it cannot drift from them."""

from profregister.domain.fhir.resources import clean, coding
from profregister.domain.fhir.search import (
	COMMON,
	COUNT_MAX,
	FORMATS,
	HISTORY,
	INCLUDES,
	RESOURCES,
	RESULT,
	REVINCLUDES,
	SEARCH,
	modifiers,
)
from profregister.domain.fhir.systems import (
	SID_BIN,
	SID_CERTIFICATE,
	SID_EMPLOYMENT,
	SID_HEALTH_WORKER,
	SID_HEALTHCARE_SERVICE,
	SID_IIN,
	SID_REGION,
)

MCSD = "https://profiles.ihe.net/ITI/mCSD"
# The interactions of every resource type; read of one version (vread) is not served: the register keeps
# the current version of each record only.
INTERACTIONS = (
	{"code": "read"},
	{"code": "search-type", "documentation": "GET [type]?…, or POST [type]/_search with the parameters "
		"as application/x-www-form-urlencoded (with those of the URL): the same Bundle"},
)  # fmt: skip
# ITI-91 (mCSD Update option), of the resources in search.HISTORY.
HISTORY_INTERACTIONS = (
	{"code": "history-type", "documentation": "GET [type]/_history?_since=…[&_count=…]: newest first, by "
		"cursor; a record that left the client's scope is a DELETE entry"},
	{"code": "history-instance", "documentation": "GET [type]/[id]/_history, _since optional: newest first"},
)  # fmt: skip
PROFILES = {
	"Practitioner": ("IHE.mCSD.Practitioner",),
	"PractitionerRole": ("IHE.mCSD.PractitionerRole",),
	"Organization": ("IHE.mCSD.Organization", "IHE.mCSD.FacilityOrganization", "IHE.mCSD.JurisdictionOrganization"),
	"Location": ("IHE.mCSD.Location", "IHE.mCSD.FacilityLocation", "IHE.mCSD.JurisdictionLocation"),
	"HealthcareService": ("IHE.mCSD.HealthcareService",),
	"Endpoint": ("IHE.mCSD.Endpoint",),
}  # fmt: skip


def search_parameters(parameters) -> list[dict]:
	"""CapabilityStatement searchParam entries, from the tables the parser reads (search.py)."""
	return [
		{
			"name": p.name,
			"type": "token" if p.kind == "boolean" else p.kind,
			"documentation": p.documentation
			+ ("; modifiers " + ", ".join(f":{m}" for m in modifiers(p)) if modifiers(p) else ""),
		}
		for p in parameters
	]


def capability_statement(base: str, software_version: str, published: str) -> dict:
	"""What the server does: read and search of the mCSD directory resources, history of those with
	versions (the mCSD Directory with its Update option)."""
	resources = [
		{
			"type": resource,
			"supportedProfile": [f"{MCSD}/StructureDefinition/{p}" for p in PROFILES[resource]],
			"interaction": [*INTERACTIONS, *(HISTORY_INTERACTIONS if resource in HISTORY else ())],
			"searchInclude": list(INCLUDES.get(resource, ())),
			"searchRevInclude": list(REVINCLUDES.get(resource, ())),
			"searchParam": search_parameters((*COMMON, *SEARCH[resource])),
		}
		for resource in RESOURCES
	]
	return clean(
		{
			"resourceType": "CapabilityStatement",
			"status": "active",
			"date": published,
			"publisher": "Professional Register of healthcare workers of Kazakhstan",
			"kind": "instance",
			"instantiates": [
				f"{MCSD}/CapabilityStatement/IHE.mCSD.Directory",
				f"{MCSD}/CapabilityStatement/IHE.mCSD.Directory.Update",
			],
			"software": {"name": "profregister", "version": software_version},
			"implementation": {"description": "Professional Register: health worker directory", "url": base},
			"fhirVersion": "4.0.1",
			"format": list(FORMATS),
			"rest": [
				{
					"mode": "server",
					"documentation": "Instants are published in UTC. "
					"Search by GET or by POST [type]/_search. "
					"Search pages by an opaque cursor (Bundle.link next); Bundle.total only with _total; "
					f"_count at most {COUNT_MAX}. Identifier systems: {SID_HEALTH_WORKER}, {SID_IIN}, {SID_BIN}, "
					f"{SID_CERTIFICATE}, {SID_EMPLOYMENT}, {SID_HEALTHCARE_SERVICE}, {SID_REGION}.",
					"security": {
						"service": [{"coding": [coding(
							"http://terminology.hl7.org/CodeSystem/restful-security-service", "Basic")],
							"text": "API key of a Register API Client (Authorization: token key:secret)"}],
					},
					"resource": resources,
					"searchParam": search_parameters(RESULT),
				}
			],
		}
	)  # fmt: skip
