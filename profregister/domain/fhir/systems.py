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
SID_REGION = "urn:iso:std:iso:3166:-2"
CS_POSITION = f"{SYSTEM_BASE}/CodeSystem/position"
CS_SPECIALTY = f"{SYSTEM_BASE}/CodeSystem/specialty"
CS_ENTITY_TYPE = f"{SYSTEM_BASE}/CodeSystem/entity-type"
CS_OWNERSHIP = f"{SYSTEM_BASE}/CodeSystem/ownership"
CS_REGION_TYPE = f"{SYSTEM_BASE}/CodeSystem/region-type"
CS_QUALIFICATION_STATUS = f"{SYSTEM_BASE}/CodeSystem/qualification-status"
EXT_QUALIFICATION = f"{SYSTEM_BASE}/StructureDefinition/practitioner-qualification"
# mCSD's own codes for jurisdictions and facilities, and HL7's physical types.
MCSD_SYSTEM = "urn:ietf:rfc:3986"
MCSD_JURISDICTION = "urn:ihe:iti:mcsd:2019:jurisdiction"
MCSD_FACILITY = "urn:ihe:iti:mcsd:2019:facility"
PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type"
