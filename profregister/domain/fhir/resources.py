"""The directory's resources as IHE mCSD shapes them (Practitioner, PractitionerRole, Organization,
Location, HealthcareService and Endpoint) from plain rows, with the FHIR data types they are built of."""

import hashlib
import re
from datetime import date

from profregister.domain.fhir.systems import (
	CONNECTION_TYPE,
	CS_ENTITY_TYPE,
	CS_OWNERSHIP,
	CS_POSITION,
	CS_QUALIFICATION_STATUS,
	CS_REGION_TYPE,
	CS_SPECIALTY,
	CS_SPECIALTY_GROUP,
	EXT_QUALIFICATION,
	FHIR_REST,
	MCSD_FACILITY,
	MCSD_JURISDICTION,
	MCSD_TYPES,
	PAYLOAD_TYPE,
	PHYSICAL_TYPE,
	ROLE_CODE,
	SERVICE_DELIVERY,
	SERVICE_DELIVERY_DEFAULT,
	SID_BIN,
	SID_CERTIFICATE,
	SID_EMPLOYMENT,
	SID_HEALTH_WORKER,
	SID_HEALTHCARE_SERVICE,
	SID_IIN,
	SID_REGION,
)


def coding(system: str, code: str, display: str | None = None) -> dict:
	result = {"system": system, "code": code}
	if display:
		result["display"] = display
	return result


def concept(system: str, code: str | None, display: str | None = None) -> dict | None:
	return {"coding": [coding(system, code, display)], "text": display or code} if code else None


def reference(resource_type: str, resource_id: str | None, display: str | None = None) -> dict | None:
	if not resource_id:
		return None
	result = {"reference": f"{resource_type}/{resource_id}"}
	if display:
		result["display"] = display
	return result


def clean(value):
	"""Drop empty values: FHIR forbids empty strings, arrays and objects."""
	if isinstance(value, dict):
		cleaned = {k: clean(v) for k, v in value.items()}
		return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
	if isinstance(value, list):
		cleaned = [clean(v) for v in value]
		return [v for v in cleaned if v not in (None, "", [], {})]
	return value


def _day(value) -> str | None:
	return value.isoformat() if isinstance(value, date) else (str(value)[:10] if value else None)


def service_delivery_type(entity_type: str | None) -> tuple[str, str]:
	"""(code, display) in v3-RoleCode of a site of the register's entity type."""
	return SERVICE_DELIVERY.get(entity_type or "", SERVICE_DELIVERY_DEFAULT)


def region_id(code: str) -> str:
	return f"region-{code}"


def site_id(bin_: str) -> str:
	return f"site-{bin_}"


ENDPOINT_ID = "directory"
ID_SAFE = re.compile(r"[^A-Za-z0-9.]+")
KEY_MAX = 40  # a BIN (12), a hyphen and the key stay within FHIR's 64 characters


def specialty_keys(specialties: list[tuple[str, str | None]]) -> dict[str, str]:
	"""The part of a HealthcareService id that names a specialty, by specialty name, from (name, code)
	pairs: its code, else its name, with what an id may not hold made hyphens ("Obstetrics and
	gynecology" -> "Obstetrics-and-gynecology"). A key that would be empty, too long or another's is a
	hash of the name instead, so that one key names one specialty."""
	keys = {name: ID_SAFE.sub("-", code or name).strip("-")[: KEY_MAX + 1] for name, code in specialties}
	taken: dict[str, int] = {}
	for key in keys.values():
		taken[key.lower()] = taken.get(key.lower(), 0) + 1
	for name, key in keys.items():
		if not key or len(key) > KEY_MAX or taken[key.lower()] > 1:
			keys[name] = "s" + hashlib.sha256(name.encode()).hexdigest()[:16]
	return keys


def service_id(entity: str, key: str) -> str:
	"""A HealthcareService id: what the entity (its BIN, which holds no hyphen) offers in a specialty."""
	return f"{entity}-{key}"


def split_service_id(resource_id: str) -> tuple[str, str]:
	"""(entity, specialty key) of a HealthcareService id; ("", "") when it cannot be one."""
	entity, _sep, key = resource_id.partition("-")
	return (entity, key) if entity and key else ("", "")


# Resources


def practitioner(worker: dict, certificates: list[dict], personal_data: bool) -> dict:
	"""`worker`: name, iin, last_name, first_name, patronymic, full_name, sex, date_of_birth,
	residence_address, status, last_updated; `certificates`: certificate_number, specialty,
	specialty_code, issue_date, valid_until, issuing_body, state (valid, notice, expired, blocked)."""
	identifiers = [{"use": "official", "system": SID_HEALTH_WORKER, "value": worker["name"]}]
	if personal_data and worker.get("iin"):
		identifiers.append({"use": "official", "system": SID_IIN, "value": worker["iin"]})
	identifiers += [
		{"use": "secondary", "system": SID_CERTIFICATE, "value": c["certificate_number"]}
		for c in certificates
	]
	return clean(
		{
			"resourceType": "Practitioner",
			"id": worker["name"],
			"meta": {"lastUpdated": worker["last_updated"]},
			"identifier": identifiers,
			"active": worker["status"] == "Active",
			"name": [
				{
					"use": "official",
					"text": worker.get("full_name"),
					"family": worker.get("last_name"),
					"given": [worker.get("first_name"), worker.get("patronymic")],
				}
			],
			"gender": {"Male": "male", "Female": "female"}.get(worker.get("sex") or "", "unknown"),
			"birthDate": _day(worker.get("date_of_birth")) if personal_data else None,
			"address": [{"use": "home", "text": worker.get("residence_address")}] if personal_data else None,
			"qualification": [_qualification(c) for c in certificates],
		}
	)


def _qualification(certificate: dict) -> dict:
	"""A specialist certificate; its state as an extension in the manner of the US NDH guide's
	practitioner-qualification extension (FHIR's qualification has no status of its own)."""
	state = certificate["state"]
	return {
		"extension": [
			{
				"url": EXT_QUALIFICATION,
				"extension": [
					{"url": "status", "valueCodeableConcept": concept(CS_QUALIFICATION_STATUS, state, state)}
				],
			}
		],
		"identifier": [{"system": SID_CERTIFICATE, "value": certificate["certificate_number"]}],
		"code": concept(CS_SPECIALTY, certificate.get("specialty_code") or certificate["specialty"],
			certificate["specialty"]),
		"period": {"start": _day(certificate.get("issue_date")), "end": _day(certificate.get("valid_until"))},
		"issuer": {"display": certificate.get("issuing_body")} if certificate.get("issuing_body") else None,
	}  # fmt: skip


def practitioner_role(employment: dict, today: date) -> dict:
	start, end = employment.get("start_date"), employment.get("end_date")
	active = bool(start and start <= today and (not end or end >= today))
	return clean(
		{
			"resourceType": "PractitionerRole",
			"id": employment["name"],
			"meta": {"lastUpdated": employment["last_updated"]},
			"identifier": [{"system": SID_EMPLOYMENT, "value": employment["name"]}],
			"active": active,
			"period": {"start": _day(start), "end": _day(end)},
			"practitioner": reference("Practitioner", employment["health_worker"], employment.get("worker_name")),
			"organization": reference("Organization", employment["healthcare_entity"], employment.get("entity_name")),
			"location": [reference("Location", site_id(employment["healthcare_entity"]), employment.get("entity_name"))],
			"healthcareService": [reference("HealthcareService", employment.get("service_id"))],
			"code": [concept(CS_POSITION, employment.get("position"), employment.get("position"))],
			"specialty": [concept(CS_SPECIALTY, employment.get("specialty_code") or employment.get("specialty"),
				employment.get("specialty"))],
		}
	)  # fmt: skip


def organization(entity: dict) -> dict:
	"""A healthcare entity (mCSD FacilityOrganization), part of its region's jurisdiction Organization
	(`region_code`); `endpoint`: the id of the Endpoint it operates, if any."""
	return clean(
		{
			"resourceType": "Organization",
			"id": entity["name"],
			"meta": {"lastUpdated": entity["last_updated"]},
			"identifier": [{"use": "official", "system": SID_BIN, "value": entity["name"]}],
			"active": True,
			"type": [
				{"coding": [coding(MCSD_TYPES, MCSD_FACILITY, "Facility")], "text": "Facility"},
				concept(CS_ENTITY_TYPE, entity.get("entity_type"), entity.get("entity_type")),
				concept(CS_OWNERSHIP, entity.get("ownership"), entity.get("ownership")),
			],
			"name": entity.get("entity_name"),
			"partOf": reference("Organization", region_id(entity["region_code"]) if entity.get("region_code") else None),
			"endpoint": [reference("Endpoint", entity.get("endpoint"))],
		}
	)  # fmt: skip


def jurisdiction_organization(region: dict) -> dict:
	"""The authority over a region of the tree (mCSD JurisdictionOrganization), which manages its
	Location; part of the parent region's. Reference data: no person in it."""
	return clean(
		{
			"resourceType": "Organization",
			"id": region_id(region["code"]),
			"meta": {"lastUpdated": region["last_updated"]},
			"identifier": [{"use": "official", "system": SID_REGION, "value": region["code"]}],
			"active": True,
			"type": [
				{"coding": [coding(MCSD_TYPES, MCSD_JURISDICTION, "Jurisdiction")], "text": "Jurisdiction"},
				concept(CS_REGION_TYPE, region.get("region_type"), region.get("region_type")),
			],
			"name": region["region_name"],
			"partOf": reference("Organization", region_id(region["parent_code"]) if region.get("parent_code") else None),
		}
	)  # fmt: skip


def region_location(region: dict) -> dict:
	"""A region of the tree (the country, a region, a city of republican significance, a district)."""
	return clean(
		{
			"resourceType": "Location",
			"id": region_id(region["code"]),
			"meta": {"lastUpdated": region["last_updated"]},
			"identifier": [{"system": SID_REGION, "value": region["code"]}],
			"status": "active",
			"name": region["region_name"],
			"mode": "kind",
			"type": [
				{"coding": [coding(MCSD_TYPES, MCSD_JURISDICTION, "Jurisdiction")], "text": "Jurisdiction"},
				concept(CS_REGION_TYPE, region.get("region_type"), region.get("region_type")),
			],
			"physicalType": {"coding": [coding(PHYSICAL_TYPE, "jdn", "Jurisdiction")]},
			"managingOrganization": reference("Organization", region_id(region["code"]), region["region_name"]),
			"partOf": reference("Location", region_id(region["parent_code"]) if region.get("parent_code") else None),
		}
	)  # fmt: skip


def site_location(entity: dict) -> dict:
	"""Where a healthcare entity works: managed by its Organization, part of its region."""
	return clean(
		{
			"resourceType": "Location",
			"id": site_id(entity["name"]),
			"meta": {"lastUpdated": entity["last_updated"]},
			"identifier": [{"system": SID_BIN, "value": entity["name"]}],
			"status": "active",
			"name": entity.get("entity_name"),
			"mode": "instance",
			# mCSD MCSDFacilityLocation: the facility code and a service delivery location type at least.
			"type": [
				{"coding": [coding(MCSD_TYPES, MCSD_FACILITY, "Facility")], "text": "Facility"},
				concept(ROLE_CODE, *service_delivery_type(entity.get("entity_type"))),
				concept(CS_ENTITY_TYPE, entity.get("entity_type"), entity.get("entity_type")),
			],
			"physicalType": {"coding": [coding(PHYSICAL_TYPE, "bu", "Building")]},
			"address": {"text": entity.get("address")} if entity.get("address") else None,
			"managingOrganization": reference("Organization", entity["name"], entity.get("entity_name")),
			"partOf": reference("Location", region_id(entity["region_code"]) if entity.get("region_code") else None),
		}
	)  # fmt: skip


def healthcare_service(service: dict) -> dict:
	"""What an entity offers in a specialty (mCSD HealthcareService): `service` holds id, entity,
	entity_name, specialty, specialty_code, specialty_group, active, last_updated."""
	specialty = concept(
		CS_SPECIALTY, service.get("specialty_code") or service["specialty"], service["specialty"]
	)
	return clean(
		{
			"resourceType": "HealthcareService",
			"id": service["id"],
			"meta": {"lastUpdated": service["last_updated"]},
			"identifier": [{"system": SID_HEALTHCARE_SERVICE, "value": service["id"]}],
			"active": bool(service.get("active")),
			"providedBy": reference("Organization", service["entity"], service.get("entity_name")),
			"category": [concept(CS_SPECIALTY_GROUP, service.get("specialty_group"), service.get("specialty_group"))],
			"type": [specialty],
			"specialty": [specialty],
			"location": [reference("Location", site_id(service["entity"]), service.get("entity_name"))],
			"name": service["specialty"],
		}
	)  # fmt: skip


def endpoint(address: str, mime_types: list[str], operator: dict | None) -> dict:
	"""The directory's own FHIR REST endpoint; managed by the register's operator (an entity) if one
	is named."""
	return clean(
		{
			"resourceType": "Endpoint",
			"id": ENDPOINT_ID,
			"status": "active",
			"connectionType": coding(CONNECTION_TYPE, FHIR_REST, "HL7 FHIR"),
			"name": "Professional Register of healthcare workers: FHIR R4 directory (IHE mCSD)",
			"managingOrganization": reference("Organization", operator["name"], operator.get("entity_name"))
			if operator else None,
			"payloadType": [concept(PAYLOAD_TYPE, "any", "Any")],
			"payloadMimeType": list(mime_types),
			"address": address,
		}
	)  # fmt: skip
