from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profregister.domain.errors import DomainError
from profregister.domain.fhir.bundle import history, outcome, searchset
from profregister.domain.fhir.capability import capability_statement
from profregister.domain.fhir.cursor import make_cursor, read_cursor
from profregister.domain.fhir.resources import practitioner, practitioner_role
from profregister.domain.fhir.search import (
	COMMON,
	COUNT_MAX,
	RESOURCES,
	SEARCH,
	date_bounds,
	date_range,
	parse_search,
)
from profregister.domain.fhir.systems import CS_POSITION, EXT_QUALIFICATION, SID_IIN

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
		("Practitioner", "_format", "xml"),
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
		+ [(r, p) for r in SEARCH for p in ("_count", "_total", "_include", "_format")]
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
