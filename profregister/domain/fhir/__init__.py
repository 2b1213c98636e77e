"""The register as a FHIR R4 directory (IHE mCSD), in plain Python; the Frappe side is
services/interoperability/fhir/.

systems.py     identifier systems, code systems and the mCSD and HL7 codes used
resources.py   Practitioner, PractitionerRole, Organization, Location, HealthcareService, Endpoint from rows
search.py      the resources served, their search parameters, a request parsed into conditions, FHIR dates
cursor.py      signed keyset cursors for paging
clock.py       stored (naive, system zone, as pytz computes it) time to published UTC instants and back
bundle.py      searchset and history Bundles, OperationOutcome
capability.py  the CapabilityStatement
formats.py     JSON or XML for a request: `_format`, else the Accept header's q-values (RFC 9110)
xml.py         FHIR XML from the JSON, every element in its R4 definition order

The identifiers and limits a directory client sees are also named here (fhir.SID_IIN, fhir.COUNT_MAX), as
the HTTP tests name them.
"""

from profregister.domain.fhir.search import COUNT_MAX, RESOURCES
from profregister.domain.fhir.systems import (
	CS_SPECIALTY,
	MCSD_FACILITY,
	MCSD_JURISDICTION,
	MCSD_TYPES,
	ROLE_CODE,
	SID_BIN,
	SID_CERTIFICATE,
	SID_HEALTH_WORKER,
	SID_IIN,
	SID_REGION,
)

__all__ = [
	"COUNT_MAX",
	"CS_SPECIALTY",
	"MCSD_FACILITY",
	"MCSD_JURISDICTION",
	"MCSD_TYPES",
	"RESOURCES",
	"ROLE_CODE",
	"SID_BIN",
	"SID_CERTIFICATE",
	"SID_HEALTH_WORKER",
	"SID_IIN",
	"SID_REGION",
]
