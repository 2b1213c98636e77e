"""The register as a FHIR R4 directory (IHE mCSD): identifier systems, resources, search parameters,
bundles and outcomes, in plain Python.

No published identifier system exists for the Kazakh IIN or BIN (HL7 has only the passport's), so the
project publishes its own under SYSTEM_BASE; README.md lists them.
"""

import base64
import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from profregister.domain.errors import DomainError, _

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

RESOURCES = ("Practitioner", "PractitionerRole", "Organization", "Location")
COUNT_DEFAULT, COUNT_MAX = 50, 500
ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
DATE_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")


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


def _clean(value):
	"""Drop empty values: FHIR forbids empty strings, arrays and objects."""
	if isinstance(value, dict):
		cleaned = {k: _clean(v) for k, v in value.items()}
		return {k: v for k, v in cleaned.items() if v not in (None, "", [], {})}
	if isinstance(value, list):
		cleaned = [_clean(v) for v in value]
		return [v for v in cleaned if v not in (None, "", [], {})]
	return value


def _day(value) -> str | None:
	return value.isoformat() if isinstance(value, date) else (str(value)[:10] if value else None)


def region_id(code: str) -> str:
	return f"region-{code}"


def site_id(bin_: str) -> str:
	return f"site-{bin_}"


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
	return _clean(
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
	return _clean(
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
			"code": [concept(CS_POSITION, employment.get("position"), employment.get("position"))],
			"specialty": [concept(CS_SPECIALTY, employment.get("specialty_code") or employment.get("specialty"),
				employment.get("specialty"))],
		}
	)  # fmt: skip


def organization(entity: dict) -> dict:
	return _clean(
		{
			"resourceType": "Organization",
			"id": entity["name"],
			"meta": {"lastUpdated": entity["last_updated"]},
			"identifier": [{"use": "official", "system": SID_BIN, "value": entity["name"]}],
			"active": True,
			"type": [
				{"coding": [coding(MCSD_SYSTEM, MCSD_FACILITY)], "text": "Facility"},
				concept(CS_ENTITY_TYPE, entity.get("entity_type"), entity.get("entity_type")),
				concept(CS_OWNERSHIP, entity.get("ownership"), entity.get("ownership")),
			],
			"name": entity.get("entity_name"),
		}
	)


def region_location(region: dict) -> dict:
	"""A region of the tree (the country, a region, a city of republican significance, a district)."""
	return _clean(
		{
			"resourceType": "Location",
			"id": region_id(region["code"]),
			"meta": {"lastUpdated": region["last_updated"]},
			"identifier": [{"system": SID_REGION, "value": region["code"]}],
			"status": "active",
			"name": region["region_name"],
			"mode": "kind",
			"type": [
				{"coding": [coding(MCSD_SYSTEM, MCSD_JURISDICTION)], "text": "Jurisdiction"},
				concept(CS_REGION_TYPE, region.get("region_type"), region.get("region_type")),
			],
			"physicalType": {"coding": [coding(PHYSICAL_TYPE, "jdn", "Jurisdiction")]},
			"partOf": reference("Location", region_id(region["parent_code"]) if region.get("parent_code") else None),
		}
	)  # fmt: skip


def site_location(entity: dict) -> dict:
	"""Where a healthcare entity works: managed by its Organization, part of its region."""
	return _clean(
		{
			"resourceType": "Location",
			"id": site_id(entity["name"]),
			"meta": {"lastUpdated": entity["last_updated"]},
			"identifier": [{"system": SID_BIN, "value": entity["name"]}],
			"status": "active",
			"name": entity.get("entity_name"),
			"mode": "instance",
			"type": [{"coding": [coding(MCSD_SYSTEM, MCSD_FACILITY)], "text": "Facility"}],
			"physicalType": {"coding": [coding(PHYSICAL_TYPE, "bu", "Building")]},
			"address": {"text": entity.get("address")} if entity.get("address") else None,
			"managingOrganization": reference("Organization", entity["name"], entity.get("entity_name")),
			"partOf": reference("Location", region_id(entity["region_code"]) if entity.get("region_code") else None),
		}
	)  # fmt: skip


# Search


@dataclass(frozen=True)
class Parameter:
	name: str
	kind: str  # token, string, reference, date, boolean
	target: str | None = None  # the resource a reference points to


SEARCH = {
	"Practitioner": (
		Parameter("active", "boolean"),
		Parameter("identifier", "token"),
		Parameter("name", "string"),
		Parameter("given", "string"),
		Parameter("family", "string"),
	),
	"PractitionerRole": (
		Parameter("active", "boolean"),
		Parameter("location", "reference", "Location"),
		Parameter("organization", "reference", "Organization"),
		Parameter("practitioner", "reference", "Practitioner"),
		Parameter("role", "token"),
		Parameter("service", "reference", "HealthcareService"),
		Parameter("specialty", "token"),
	),
	"Organization": (
		Parameter("active", "boolean"),
		Parameter("identifier", "token"),
		Parameter("name", "string"),
		Parameter("type", "token"),
		Parameter("partof", "reference", "Organization"),
	),
	"Location": (
		Parameter("identifier", "token"),
		Parameter("name", "string"),
		Parameter("organization", "reference", "Organization"),
		Parameter("status", "token"),
		Parameter("type", "token"),
		Parameter("partof", "reference", "Location"),
	),
}
COMMON = (Parameter("_id", "token"), Parameter("_lastUpdated", "date"))
INCLUDES = {"PractitionerRole": ("PractitionerRole:practitioner",), "Location": ("Location:organization",)}
# Paging and result controls, not filters.
CONTROLS = ("_count", "_total", "_include", "_cursor", "_format", "_since")
STRING_MODIFIERS = ("", "exact", "contains")


@dataclass(frozen=True)
class Condition:
	"""One search parameter: its values are OR-ed; conditions are AND-ed."""

	name: str
	kind: str
	modifier: str = ""
	values: tuple = ()


@dataclass
class Search:
	resource: str
	conditions: list[Condition] = field(default_factory=list)
	count: int = COUNT_DEFAULT
	total: bool = False
	include: tuple = ()
	cursor: str | None = None


def parse_search(resource: str, params: list[tuple[str, str]]) -> Search:
	"""FHIR search parameters (repeated keys allowed) into conditions; anything the server does not
	support is refused (DomainError: the API answers 400 with an OperationOutcome)."""
	known = {p.name: p for p in (*COMMON, *SEARCH[resource])}
	search = Search(resource)
	for key, raw in params:
		name, _sep, modifier = key.partition(":")
		value = raw.strip()
		if name == "_count":
			if not value.isdigit() or not 0 < int(value):
				raise DomainError(_("_count must be a positive whole number"))
			search.count = min(int(value), COUNT_MAX)
		elif name == "_total":
			if value not in ("none", "estimate", "accurate"):
				raise DomainError(_("_total must be none, estimate or accurate"))
			search.total = value in ("estimate", "accurate")
		elif name == "_include":
			if value not in INCLUDES.get(resource, ()):
				raise DomainError(_("_include {0} is not supported for {1}"), value, resource)
			search.include += (value,)
		elif name == "_cursor":
			search.cursor = value
		elif name == "_format":
			if value not in ("json", "application/json", "application/fhir+json"):
				raise DomainError(_("Only JSON is supported"))
		elif name in known:
			parameter = known[name]
			search.conditions.append(_condition(parameter, modifier, value))
		else:
			raise DomainError(_("Unknown search parameter {0} for {1}"), key, resource)
	return search


def _condition(parameter: Parameter, modifier: str, value: str) -> Condition:
	if not value:
		raise DomainError(_("Search parameter {0} has no value"), parameter.name)
	allowed = {"string": STRING_MODIFIERS, "reference": ("", parameter.target)}.get(parameter.kind, ("",))
	if modifier not in allowed:
		raise DomainError(_("Modifier :{0} is not supported for {1}"), modifier, parameter.name)
	values = tuple(v for v in value.split(",") if v) if parameter.kind != "date" else (value,)
	if parameter.kind == "boolean":
		if any(v not in ("true", "false") for v in values):
			raise DomainError(_("{0} must be true or false"), parameter.name)
		values = tuple(v == "true" for v in values)
	elif parameter.kind == "token":
		values = tuple(_token(v) for v in values)
	elif parameter.kind == "reference":
		values = tuple(_reference(v, parameter) for v in values)
	elif parameter.kind == "date":
		values = (date_range(value),)
	return Condition(parameter.name, parameter.kind, modifier, values)


def _token(value: str) -> tuple[str | None, str | None]:
	"""(system, code): "system|code", "|code" (no system), "code" (any system), "system|" (any code)."""
	if "|" not in value:
		return (None, value)
	system, code = value.split("|", 1)
	return (system or "", code or None)


def _reference(value: str, parameter: Parameter) -> str:
	"""The id a reference points to: "Type/id", an absolute URL ending so, or a bare id."""
	parts = value.rstrip("/").split("/")
	if len(parts) >= 2 and parts[-2] != parameter.target:
		raise DomainError(_("{0} must point to a {1}"), parameter.name, parameter.target)
	reference_id = parts[-1]
	if not ID_PATTERN.match(reference_id):
		raise DomainError(_("{0} is not a resource id"), reference_id)
	return reference_id


def date_range(value: str) -> tuple[str, datetime, datetime]:
	"""(prefix, start, end) of a date search value: the value covers [start, end) at its precision."""
	prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
	text = value[2:] if value[:2] in DATE_PREFIXES else value
	try:
		if re.fullmatch(r"\d{4}", text):
			start = datetime(int(text), 1, 1)
			end = datetime(int(text) + 1, 1, 1)
		elif re.fullmatch(r"\d{4}-\d{2}", text):
			year, month = map(int, text.split("-"))
			start = datetime(year, month, 1)
			end = datetime(year + month // 12, month % 12 + 1, 1)
		elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
			start = datetime.fromisoformat(text)
			end = start + timedelta(days=1)
		else:
			moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
			start = end = moment
	except ValueError:
		raise DomainError(_("{0} is not a FHIR date or dateTime"), value) from None
	return prefix, start, end


def date_bounds(prefix: str, start: datetime, end: datetime) -> tuple[datetime | None, datetime | None, bool]:
	"""The [low, high) bounds a prefix gives on a timestamp, and whether it excludes the range (ne)."""
	exact = start == end
	return {
		"eq": (start, end, False) if not exact else (start, start, False),
		"ne": (start, end, True),
		"gt": (end if not exact else start, None, False),
		"sa": (end if not exact else start, None, False),
		"ge": (start, None, False),
		"lt": (None, start, False),
		"eb": (None, start, False),
		"le": (None, end if not exact else start, False),
	}[prefix]


# Paging: an opaque keyset cursor, signed so that a client can neither forge nor alter it.


def make_cursor(position: list, query_key: str, secret: str) -> str:
	payload = base64.urlsafe_b64encode(json.dumps([position, query_key]).encode()).decode().rstrip("=")
	signature = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:24]
	return f"{payload}.{signature}"


def read_cursor(cursor: str, query_key: str, secret: str) -> list:
	payload, _sep, signature = cursor.partition(".")
	expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:24]
	if not hmac.compare_digest(signature, expected):
		raise DomainError(_("The paging cursor is not valid"))
	position, key = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
	if key != query_key:
		raise DomainError(_("The paging cursor belongs to another search"))
	return position


# Bundles and outcomes


def searchset(base: str, self_url: str, matches: list[dict], included: list[dict], next_url: str | None,
		total: int | None) -> dict:  # fmt: skip
	bundle = {
		"resourceType": "Bundle",
		"type": "searchset",
		"link": [{"relation": "self", "url": self_url}]
		+ ([{"relation": "next", "url": next_url}] if next_url else []),
	}
	if total is not None:
		bundle["total"] = total
	entries = [
		{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": mode}}
		for rows, mode in ((matches, "match"), (included, "include"))
		for r in rows
	]
	if entries:
		bundle["entry"] = entries
	return bundle


def history(base: str, self_url: str, changes: list[dict], next_url: str | None) -> dict:
	"""`changes`: {"resource_type", "id", "resource" (None when deleted), "method"}."""
	entries = []
	for change in changes:
		entry = {
			"fullUrl": f"{base}/{change['resource_type']}/{change['id']}",
			"request": {"method": change["method"], "url": f"{change['resource_type']}/{change['id']}"},
			"response": {"status": "204 No Content" if change["method"] == "DELETE" else "200 OK"},
		}
		if change.get("resource"):
			entry["resource"] = change["resource"]
		entries.append(entry)
	bundle = {
		"resourceType": "Bundle",
		"type": "history",
		"link": [{"relation": "self", "url": self_url}]
		+ ([{"relation": "next", "url": next_url}] if next_url else []),
	}
	if entries:
		bundle["entry"] = entries
	return bundle


def outcome(code: str, diagnostics: str, severity: str = "error") -> dict:
	return {
		"resourceType": "OperationOutcome",
		"issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
	}


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
	return _clean(
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
