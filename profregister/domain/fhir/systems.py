"""The URIs the directory names things by: identifier systems, code systems, its extension, and the codes
of IHE mCSD and HL7 it uses.

No published identifier system exists for the Kazakh IIN or BIN (HL7 has only the passport's), so the
project publishes its own under SYSTEM_BASE; README.md lists them.
"""

SYSTEM_BASE = "https://profregister.kz/fhir"
SID_IIN = f"{SYSTEM_BASE}/sid/iin"
SID_BIN = f"{SYSTEM_BASE}/sid/bin"
SID_HEALTH_WORKER = f"{SYSTEM_BASE}/sid/health-worker"
SID_CERTIFICATE = f"{SYSTEM_BASE}/sid/specialist-certificate"
SID_EMPLOYMENT = f"{SYSTEM_BASE}/sid/employment"
SID_HEALTHCARE_SERVICE = f"{SYSTEM_BASE}/sid/healthcare-service"
SID_REGION = "urn:iso:std:iso:3166:-2"
CS_POSITION = f"{SYSTEM_BASE}/CodeSystem/position"
CS_SPECIALTY = f"{SYSTEM_BASE}/CodeSystem/specialty"
CS_ENTITY_TYPE = f"{SYSTEM_BASE}/CodeSystem/entity-type"
CS_OWNERSHIP = f"{SYSTEM_BASE}/CodeSystem/ownership"
CS_REGION_TYPE = f"{SYSTEM_BASE}/CodeSystem/region-type"
CS_SPECIALTY_GROUP = f"{SYSTEM_BASE}/CodeSystem/specialty-group"
CS_QUALIFICATION_STATUS = f"{SYSTEM_BASE}/CodeSystem/qualification-status"
EXT_QUALIFICATION = f"{SYSTEM_BASE}/StructureDefinition/practitioner-qualification"
# mCSD's type codes for jurisdictions and facilities (mCSD 3.7 on; IG 4.0 CodeSystem
# IHE.mCSD.Organization.Location.Types), and HL7's physical types.
MCSD_TYPES = "https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types"
MCSD_JURISDICTION = "jurisdiction"
MCSD_FACILITY = "facility"
# The codes mCSD retired in 2022 (system urn:ietf:rfc:3986). Never published; a `type=` search still takes
# them, so that a client written for mCSD before 3.7 keeps finding what it found.
MCSD_RETIRED_SYSTEM = "urn:ietf:rfc:3986"
MCSD_RETIRED = {
	"urn:ihe:iti:mcsd:2019:jurisdiction": MCSD_JURISDICTION,
	"urn:ihe:iti:mcsd:2019:facility": MCSD_FACILITY,
}
PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
# The second type of a facility Location (mCSD MCSDFacilityLocation: type[service], from the value set
# v3-ServiceDeliveryLocationRoleType), by the register's entity type.
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
SERVICE_DELIVERY = {
	"Hospital": ("HOSP", "Hospital"),
	"Polyclinic": ("OF", "Outpatient facility"),
	"Primary health care": ("PC", "Primary care clinic"),
	"Emergency medical service": ("AMB", "Ambulance"),
	"Dental clinic": ("OF", "Outpatient facility"),
	"Pharmacy": ("PHARM", "Pharmacy"),
	"Medical education organisation": ("SCHOOL", "school"),
	"Sanatorium": ("RH", "Rehabilitation hospital"),
	"Public health service": ("PREV", "Preventive medicine clinic"),
}
# Entities the value set has no closer code for (research institutes, blood services, others, those
# without a type): places where the register's workers see people, inpatient beds not known to it.
SERVICE_DELIVERY_DEFAULT = ("OF", "Outpatient facility")
# The directory's own Endpoint (HL7 endpoint-connection-type and endpoint-payload-type).
CONNECTION_TYPE = "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"
FHIR_REST = "hl7-fhir-rest"
PAYLOAD_TYPE = "http://terminology.hl7.org/CodeSystem/endpoint-payload-type"
