"""The CapabilityStatement: what the server does (read, search and history of the four mCSD directory
resources), drawn from the search definitions so that it cannot drift from them."""

from profregister.domain.fhir.resources import clean, coding
from profregister.domain.fhir.search import COMMON, COUNT_MAX, INCLUDES, RESOURCES, SEARCH
from profregister.domain.fhir.systems import (
	SID_BIN,
	SID_CERTIFICATE,
	SID_EMPLOYMENT,
	SID_HEALTH_WORKER,
	SID_IIN,
	SID_REGION,
)


def capability_statement(base: str, software_version: str, published: str) -> dict:
	"""What the server does: read, search and history of the four mCSD directory resources."""
	resources = []
	for resource in RESOURCES:
		resources.append(
			{
				"type": resource,
				"interaction": [{"code": "read"}, {"code": "search-type"}, {"code": "history-type"}],
				"searchParam": [
					{"name": p.name, "type": "token" if p.kind == "boolean" else p.kind}
					for p in (*COMMON, *SEARCH[resource])
				],
				"searchInclude": list(INCLUDES.get(resource, ())),
			}
		)
	return clean(
		{
			"resourceType": "CapabilityStatement",
			"status": "active",
			"date": published,
			"publisher": "Professional Register of healthcare workers of Kazakhstan",
			"kind": "instance",
			"instantiates": ["https://profiles.ihe.net/ITI/mCSD/CapabilityStatement/IHE.mCSD.Directory"],
			"software": {"name": "profregister", "version": software_version},
			"implementation": {"description": "Professional Register: health worker directory", "url": base},
			"fhirVersion": "4.0.1",
			"format": ["json"],
			"rest": [
				{
					"mode": "server",
					"documentation": "Search pages by an opaque cursor (Bundle.link next); Bundle.total only with _total; "
					f"_count at most {COUNT_MAX}. Identifier systems: {SID_HEALTH_WORKER}, {SID_IIN}, {SID_BIN}, "
					f"{SID_CERTIFICATE}, {SID_EMPLOYMENT}, {SID_REGION}.",
					"security": {
						"service": [{"coding": [coding(
							"http://terminology.hl7.org/CodeSystem/restful-security-service", "Basic")],
							"text": "API key of a Register API Client (Authorization: token key:secret)"}],
					},
					"resource": resources,
				}
			],
		}
	)  # fmt: skip
