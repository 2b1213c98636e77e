import json
import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profregister.domain.errors import DomainError
from profregister.domain.fhir.bundle import history, outcome, searchset
from profregister.domain.fhir.capability import capability_statement
from profregister.domain.fhir.cursor import make_cursor, read_cursor
from profregister.domain.fhir.resources import (
	endpoint,
	healthcare_service,
	jurisdiction_organization,
	organization,
	practitioner,
	practitioner_role,
	region_location,
	service_id,
	specialty_keys,
	split_service_id,
)
from profregister.domain.fhir.search import (
	COMMON,
	COUNT_MAX,
	ID_PATTERN,
	RESOURCES,
	SEARCH,
	date_bounds,
	date_range,
	parse_search,
)
from profregister.domain.fhir.systems import (
	CS_POSITION,
	EXT_QUALIFICATION,
	MCSD_JURISDICTION,
	MCSD_TYPES,
	SID_IIN,
	SID_REGION,
)

WORKER = {
	"name": "HW-0000001",
	"iin": "850412400123",
	"last_name": "Сапарова",
	"first_name": "Дина",
	"patronymic": None,
	"full_name": "Сапарова Дина",
	"sex": "Female",
	"date_of_birth": date(1985, 4, 12),
	"residence_address": "Астана",
	"status": "Active",
	"last_updated": "2026-12-03T10:00:00.000+05:00",
}
CERTIFICATE = {
	"certificate_number": "KZ-1",
	"specialty": "Nursing",
	"specialty_code": None,
	"issue_date": date(2022, 1, 10),
	"valid_until": date(2027, 1, 10),
	"issuing_body": "НЦНЭ",
	"state": "valid",
}


def test_personal_data_only_when_the_scope_allows():
	full = practitioner(WORKER, [CERTIFICATE], personal_data=True)
	limited = practitioner(WORKER, [CERTIFICATE], personal_data=False)
	assert {"system": SID_IIN, "value": WORKER["iin"], "use": "official"} in full["identifier"]
	assert full["birthDate"] == "1985-04-12" and full["address"][0]["text"] == "Астана"
	assert WORKER["iin"] not in str(limited)
	assert "birthDate" not in limited and "address" not in limited
	# Empty values are left out (FHIR forbids them): no patronymic, no empty given.
	assert full["name"][0]["given"] == ["Дина"]
	qualification = full["qualification"][0]
	assert qualification["extension"][0]["url"] == EXT_QUALIFICATION
	assert qualification["period"] == {"start": "2022-01-10", "end": "2027-01-10"}


def test_role_is_active_within_its_period():
	row = {"name": "EMP-1", "health_worker": "HW-1", "healthcare_entity": "010340000000", "position": "Nurse",
		"specialty": "Nursing", "start_date": date(2020, 1, 1), "end_date": date(2026, 12, 31),
		"last_updated": "2026-12-03T10:00:00.000+05:00"}  # fmt: skip
	assert practitioner_role(row, date(2026, 12, 3))["active"] is True
	assert practitioner_role(row, date(2027, 1, 1))["active"] is False
	assert practitioner_role({**row, "start_date": date(2027, 1, 1)}, date(2026, 12, 3))["active"] is False
	assert (
		practitioner_role(row, date(2026, 12, 3))["location"][0]["reference"] == "Location/site-010340000000"
	)


def test_search_parameters_are_parsed_or_refused():
	search = parse_search(
		"PractitionerRole",
		[("practitioner", "Practitioner/HW-1,HW-2"), ("role", f"{CS_POSITION}|Nurse"), ("active", "true"),
			("_count", "9999"), ("_include", "PractitionerRole:practitioner"), ("_total", "accurate")],
	)  # fmt: skip
	by_name = {c.name: c for c in search.conditions}
	assert by_name["practitioner"].values == ("HW-1", "HW-2")
	assert by_name["role"].values == ((CS_POSITION, "Nurse"),)
	assert by_name["active"].values == (True,)
	assert (search.count, search.total, search.include) == (
		COUNT_MAX,
		True,
		("PractitionerRole:practitioner",),
	)
	assert parse_search("Practitioner", [("name:exact", "Ким")]).conditions[0].modifier == "exact"
	assert parse_search("Practitioner", [("identifier", "|x")]).conditions[0].values == (("", "x"),)


@pytest.mark.parametrize(
	("resource", "key", "value"),
	[
		("Practitioner", "colour", "red"),
		("Practitioner", "name:fuzzy", "x"),
		("Practitioner", "active", "yes"),
		("Practitioner", "_count", "-5"),
		("Practitioner", "_total", "maybe"),
		("Practitioner", "_format", "ttl"),
		("Location", "_include", "PractitionerRole:practitioner"),
		("PractitionerRole", "practitioner", "Organization/1"),
		("PractitionerRole", "organization", "Organization/not an id"),
		("Practitioner", "_lastUpdated", "yesterday"),
		("Practitioner", "name", ""),
	],
)
def test_bad_parameters(resource, key, value):
	with pytest.raises(DomainError):
		parse_search(resource, [(key, value)])


@pytest.mark.parametrize(
	("value", "moment", "inside"),
	[
		("2026-06-15", datetime(2026, 6, 15, 23, 59), True),
		("2026-06-15", datetime(2026, 6, 16), False),
		("gt2026-06-15", datetime(2026, 6, 15, 12), False),
		("gt2026-06-15", datetime(2026, 6, 16), True),
		("ge2026-06", datetime(2026, 6, 1), True),
		("lt2026", datetime(2025, 12, 31, 23), True),
		("lt2026", datetime(2026, 1, 1), False),
		("le2026-06-15", datetime(2026, 6, 15, 20), True),
		("sa2026-06-15", datetime(2026, 6, 15, 20), False),
		("eb2026-06-15", datetime(2026, 6, 14, 20), True),
		("ne2026-06-15", datetime(2026, 6, 15, 20), False),
		("ne2026-06-15", datetime(2026, 6, 14, 20), True),
		("ge2026-06-15T10:00:00", datetime(2026, 6, 15, 10), True),
	],
)
def test_date_prefixes(value, moment, inside):
	low, high, negate = date_bounds(*date_range(value))
	within = (low is None or moment >= low) and (
		high is None or moment < high or (high == low and moment <= high)
	)
	assert (within != negate) == inside


def test_cursor_is_signed_and_bound_to_its_search():
	cursor = make_cursor(["HW-0000050"], "query-a", "secret")
	assert read_cursor(cursor, "query-a", "secret") == ["HW-0000050"]
	for bad in (cursor[:-1] + "0", "x" + cursor, "garbage"):
		with pytest.raises(DomainError):
			read_cursor(bad, "query-a", "secret")
	with pytest.raises(DomainError):
		read_cursor(cursor, "query-b", "secret")
	with pytest.raises(DomainError):
		read_cursor(cursor, "query-a", "another secret")


def test_bundles_and_outcomes():
	resource = practitioner(WORKER, [], personal_data=False)
	bundle = searchset("https://x/fhir/R4", "https://x/fhir/R4/Practitioner", [resource], [], None, None)
	assert bundle["type"] == "searchset" and "total" not in bundle
	assert bundle["entry"][0]["fullUrl"] == "https://x/fhir/R4/Practitioner/HW-0000001"
	assert (
		"entry" not in searchset("b", "s", [], [], None, 0)
		and searchset("b", "s", [], [], None, 0)["total"] == 0
	)
	changes = history(
		"b", "s", [{"resource_type": "PractitionerRole", "id": "EMP-1", "method": "DELETE"}], None
	)
	assert changes["entry"][0]["request"] == {"method": "DELETE", "url": "PractitionerRole/EMP-1"}
	assert "resource" not in changes["entry"][0]
	assert outcome("not-found", "x")["issue"][0]["code"] == "not-found"
	statement = capability_statement("https://x/fhir/R4", "1.0", "2026-12-03")
	assert [r["type"] for r in statement["rest"][0]["resource"]] == list(RESOURCES)


@settings(max_examples=500, deadline=None)
@given(
	st.sampled_from(
		[(r, p.name) for r, params in SEARCH.items() for p in (*params, *COMMON)]
		+ [(r, p) for r in SEARCH for p in ("_count", "_total", "_include", "_revinclude", "_format")]
	),
	st.text(),
)
def test_a_search_value_parses_or_is_refused(resource_and_parameter, value):
	"""Whatever a client sends, the answer is a search or a 400, never a crash (a 500)."""
	resource, parameter = resource_and_parameter
	try:
		parse_search(resource, [(parameter, value)])
	except DomainError:
		pass


@pytest.mark.parametrize("value", ["²", "①", "٣", "𝟗", "1e3", "-5"])
def test_count_takes_ascii_digits_only(value):
	with pytest.raises(DomainError):
		parse_search("Practitioner", [("_count", value)])


def test_dates_at_the_ends_of_time():
	assert date_range("9999")[2] == datetime.max
	assert date_range("9999-12")[2] == datetime.max
	assert date_range("9999-12-31")[2] == datetime.max
	assert date_range("0001-01-01")[1] == datetime(1, 1, 1)
	for value in ("٢٠٢٤", "2024-١٢", "10000", "2024-13", "ge"):
		with pytest.raises(DomainError):
			date_range(value)


def test_escaped_separators_are_kept():
	"""R4 search.html#escaping: `\\,` is a comma in the value, `\\|` a bar in the code."""
	values = lambda key, value: parse_search("Practitioner", [(key, value)]).conditions[0].values  # noqa: E731
	assert values("name", "Ким\\,Ли") == ("Ким,Ли",)
	assert values("name", "Ким,Ли") == ("Ким", "Ли")
	assert values("identifier", "urn:x|a\\|b") == (("urn:x", "a|b"),)
	assert values("identifier", "urn:x|a\\,b,c") == (("urn:x", "a,b"), (None, "c"))
	assert values("identifier", "urn:x|") == (("urn:x", None),)


def test_count_zero_asks_for_the_total_only():
	search = parse_search("Practitioner", [("_count", "0")])
	assert (search.count, search.total) == (0, "accurate")


REGION = {"code": "KZ-AKM", "region_name": "Akmola Region", "region_type": "Region", "parent_code": "KZ",
	"last_updated": "2026-12-03T10:00:00.000Z"}  # fmt: skip


def test_a_jurisdiction_is_an_organization_managing_its_location():
	"""mCSD JurisdictionOrganization and JurisdictionLocation: paired through managingOrganization."""
	org = jurisdiction_organization(REGION)
	assert org["id"] == "region-KZ-AKM" and org["name"] == "Akmola Region"
	assert {"system": MCSD_TYPES, "code": MCSD_JURISDICTION, "display": "Jurisdiction"} in [
		c for t in org["type"] for c in t["coding"]
	]
	assert org["identifier"][0]["system"] == SID_REGION and org["partOf"] == {
		"reference": "Organization/region-KZ"
	}
	location = region_location(REGION)
	assert location["managingOrganization"]["reference"] == "Organization/region-KZ-AKM"
	entity = {"name": "123456789012", "entity_name": "Clinic", "last_updated": "2026-12-03T10:00:00.000Z",
		"region_code": "KZ-AKM", "endpoint": "directory"}  # fmt: skip
	facility = organization(entity)
	assert facility["partOf"] == {"reference": "Organization/region-KZ-AKM"}
	assert facility["endpoint"] == [{"reference": "Endpoint/directory"}]
	assert "partOf" not in organization({**entity, "region_code": None, "endpoint": None})


def test_specialty_keys_make_ids_one_to_one():
	keys = specialty_keys([("Obstetrics and gynecology", None), ("Surgery", "SUR.1"), ("Терапия", None),
		("A b", None), ("A-b", None), ("x" * 80, None)])  # fmt: skip
	assert keys["Obstetrics and gynecology"] == "Obstetrics-and-gynecology" and keys["Surgery"] == "SUR.1"
	assert len(set(keys.values())) == len(keys)
	for key in keys.values():
		identifier = service_id("123456789012", key)
		assert ID_PATTERN.match(identifier) and split_service_id(identifier) == ("123456789012", key)
	assert split_service_id("nohyphen") == ("", "")


def test_healthcare_service_and_endpoint():
	service = healthcare_service({"id": "123456789012-Surgery", "entity": "123456789012", "entity_name": "Clinic",
		"specialty": "Surgery", "specialty_code": None, "specialty_group": "Medical", "active": True,
		"last_updated": "2026-12-03T10:00:00.000Z"})  # fmt: skip
	assert service["providedBy"]["reference"] == "Organization/123456789012"
	assert service["location"][0]["reference"] == "Location/site-123456789012"
	assert service["type"][0]["coding"][0]["code"] == "Surgery" and service["name"] == "Surgery"
	assert service["active"] is True
	directory = endpoint("https://x/fhir/R4", ["application/fhir+json"], None)
	assert (
		directory["connectionType"]["code"] == "hl7-fhir-rest" and directory["address"] == "https://x/fhir/R4"
	)
	assert "managingOrganization" not in directory and directory["payloadType"]
	managed = endpoint("https://x/fhir/R4", [], {"name": "123456789012", "entity_name": "Operator"})
	assert managed["managingOrganization"]["reference"] == "Organization/123456789012"
	role = practitioner_role({"name": "EMP-1", "health_worker": "HW-1", "healthcare_entity": "123456789012",
		"specialty": "Surgery", "service_id": "123456789012-Surgery", "last_updated": "2026-12-03T10:00:00Z",
		"start_date": date(2020, 1, 1), "end_date": None}, date(2026, 12, 3))  # fmt: skip
	assert role["healthcareService"] == [{"reference": "HealthcareService/123456789012-Surgery"}]


def test_the_new_resources_meet_hl7_r4_json_schema():
	"""HL7's own R4 JSON Schema (shipped in the tools venv), not the models the code was written with."""
	jsonschema = pytest.importorskip("jsonschema")
	schema = Path(sys.prefix) / "share" / "fhir" / "fhir.schema.json"
	if not schema.exists():
		pytest.skip("HL7's fhir.schema.json is not installed")
	validator = jsonschema.Draft6Validator(json.loads(schema.read_text()))
	entity = {"name": "123456789012", "entity_name": "Clinic", "last_updated": "2026-12-03T10:00:00.000Z",
		"region_code": "KZ-AKM", "endpoint": "directory", "entity_type": "Hospital"}  # fmt: skip
	service = {"id": "123456789012-Surgery", "entity": "123456789012", "entity_name": "Clinic",
		"specialty": "Surgery", "specialty_code": None, "specialty_group": "Medical", "active": False,
		"last_updated": "2026-12-03T10:00:00.000Z"}  # fmt: skip
	for resource in (jurisdiction_organization(REGION), region_location(REGION), organization(entity),
		healthcare_service(service), endpoint("https://x/fhir/R4", ["application/fhir+json"], None),
		endpoint("https://x/fhir/R4", [], {"name": "123456789012", "entity_name": "Operator"})):  # fmt: skip
		assert [e.message for e in validator.iter_errors(resource)] == [], resource["resourceType"]
