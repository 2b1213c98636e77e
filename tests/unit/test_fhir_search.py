"""FHIR R4 date search (search.html#date, #prefix) and the CapabilityStatement as the parser's own tables
(issue 28)."""

from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profregister.domain.errors import DomainError
from profregister.domain.fhir.capability import capability_statement
from profregister.domain.fhir.search import (
	COMMON,
	DATE_PREFIXES,
	HISTORY,
	INCLUDES,
	RESOURCES,
	RESULT,
	REVINCLUDES,
	SEARCH,
	date_bounds,
	date_range,
	modifiers,
	parse_search,
)

MS = timedelta(milliseconds=1)


def matches(value: str, stored: datetime, now: datetime | None = None) -> bool:
	"""Whether a stored timestamp (naive, microseconds) meets a date search value."""
	low, high, negate = date_bounds(*date_range(value), now)
	return ((low is None or stored >= low) and (high is None or stored < high)) != negate


@pytest.mark.parametrize(
	("value", "start", "end"),
	[
		("2026", datetime(2026, 1, 1), datetime(2027, 1, 1)),
		("2026-12", datetime(2026, 12, 1), datetime(2027, 1, 1)),
		("2026-02", datetime(2026, 2, 1), datetime(2026, 3, 1)),
		("2026-12-01", datetime(2026, 12, 1), datetime(2026, 12, 2)),
		("2026-12-01T10:30", datetime(2026, 12, 1, 10, 30), datetime(2026, 12, 1, 10, 31)),
		("2026-12-01T10:30:15", datetime(2026, 12, 1, 10, 30, 15), datetime(2026, 12, 1, 10, 30, 16)),
		("2026-12-01T10:30:15.5", datetime(2026, 12, 1, 10, 30, 15, 500000), datetime(2026, 12, 1, 10, 30, 15, 600000)),
		("2026-12-01T10:30:15.123", datetime(2026, 12, 1, 10, 30, 15, 123000), datetime(2026, 12, 1, 10, 30, 15, 124000)),
		("2026-12-01T10:30:15.1234567", datetime(2026, 12, 1, 10, 30, 15, 123456), datetime(2026, 12, 1, 10, 30, 15, 123457)),
	],
)  # fmt: skip
def test_a_value_is_the_range_of_its_precision(value, start, end):
	assert date_range(value) == ("eq", start, end)
	assert date_range("ge" + value) == ("ge", start, end)


def test_offsets_are_kept():
	prefix, start, end = date_range("gt2026-12-01T10:00:00+06:00")
	assert (prefix, start.utcoffset(), end - start) == ("gt", timedelta(hours=6), timedelta(seconds=1))
	assert start == datetime(2026, 12, 1, 4, tzinfo=timezone.utc)
	assert date_range("2026-12-01T10:00:00Z")[1].utcoffset() == timedelta(0)
	assert date_range("2026-12-01T10:00-03:30")[1].utcoffset() == -timedelta(hours=3, minutes=30)


@pytest.mark.parametrize(
	"value",
	["tomorrow", "2026-1-1", "2026-12-01T10", "2026-12-01T25:00", "2026-12-01 10:00", "2026-12-01+05:00",
		"2026-12-01T10:00:00+15:00", "2026-12-01T10:00:00.", "2026-13", "2026-02-30", "٢٠٢٦", "20261201",
		"2026-W01", "eq", "", "10000"],
)  # fmt: skip
def test_malformed_dates_are_refused_naming_the_parameter(value):
	with pytest.raises(DomainError) as refused:
		date_range(value, "_lastUpdated")
	assert "_lastUpdated" in str(refused.value)


@pytest.mark.parametrize("value", ["xx2026", "GT2026", "gte2026-12-01", "éq2026", "nq2026-12-01"])
def test_unknown_prefixes_are_refused_naming_the_parameter(value):
	with pytest.raises(DomainError) as refused:
		date_range(value, "_since")
	assert "_since" in str(refused.value) and "prefix" in str(refused.value)


DAY = "2026-12-01"


@pytest.mark.parametrize(
	("value", "stored", "expected"),
	[
		# The whole day, to its last microsecond.
		(f"eq{DAY}", datetime(2026, 12, 1), True),
		(DAY, datetime(2026, 12, 1, 23, 59, 59, 999999), True),
		(f"eq{DAY}", datetime(2026, 12, 2), False),
		(f"eq{DAY}", datetime(2026, 11, 30, 23, 59, 59, 999999), False),
		(f"ne{DAY}", datetime(2026, 12, 1, 12), False),
		(f"ne{DAY}", datetime(2026, 12, 2), True),
		# gt: after the end of the day; ge: from its start.
		(f"gt{DAY}", datetime(2026, 12, 1, 23, 59, 59, 999999), False),
		(f"gt{DAY}", datetime(2026, 12, 2), True),
		(f"ge{DAY}", datetime(2026, 12, 1), True),
		(f"ge{DAY}", datetime(2026, 11, 30, 23, 59, 59, 999999), False),
		(f"lt{DAY}", datetime(2026, 11, 30, 23, 59, 59, 999999), True),
		(f"lt{DAY}", datetime(2026, 12, 1), False),
		(f"le{DAY}", datetime(2026, 12, 1, 23, 59, 59, 999999), True),
		(f"le{DAY}", datetime(2026, 12, 2), False),
		(f"sa{DAY}", datetime(2026, 12, 2), True),
		(f"sa{DAY}", datetime(2026, 12, 1, 12), False),
		(f"eb{DAY}", datetime(2026, 11, 30, 23), True),
		(f"eb{DAY}", datetime(2026, 12, 1), False),
		# A second is a range too; the published instant is the stored one cut to the millisecond.
		("eq2026-12-01T10:00:00", datetime(2026, 12, 1, 10, 0, 0, 999999), True),
		("gt2026-12-01T10:00:00", datetime(2026, 12, 1, 10, 0, 0, 999999), False),
		("gt2026-12-01T10:00:00", datetime(2026, 12, 1, 10, 0, 1), True),
		("eq2026-12-01T10:00:00.123", datetime(2026, 12, 1, 10, 0, 0, 123456), True),
		("gt2026-12-01T10:00:00.123", datetime(2026, 12, 1, 10, 0, 0, 123456), False),
		("ge2026-12-01T10:00:00.123", datetime(2026, 12, 1, 10, 0, 0, 123456), True),
		("lt2026-12-01T10:00:00.123", datetime(2026, 12, 1, 10, 0, 0, 123456), False),
		("le2026-12-01T10:00:00.123", datetime(2026, 12, 1, 10, 0, 0, 123456), True),
		("lt2026-12-01T10:00:00.124", datetime(2026, 12, 1, 10, 0, 0, 123999), True),
		("eq2026-12-01T10:30", datetime(2026, 12, 1, 10, 30, 59), True),
		("gt2026-12-01T10:30", datetime(2026, 12, 1, 10, 30, 59), False),
	],
)
def test_prefixes_on_stored_timestamps(value, stored, expected):
	assert matches(value, stored) == expected, value


def test_approximately_is_ten_percent_of_the_distance_from_now():
	now = datetime(2026, 12, 11)
	assert matches("ap2026-12-01", datetime(2026, 12, 2, 23), now)  # one day of margin
	assert not matches("ap2026-12-01", datetime(2026, 12, 3, 1), now)
	assert matches("ap2026-12-01", datetime(2026, 11, 30, 1), now)


def test_the_ends_of_time_are_answered():
	for value in ("ge0001-01-01", "le9999-12-31T23:59:59.999", "ap0001", "ap9999", "ne9999"):
		date_bounds(*date_range(value), datetime(2026, 12, 1))
	assert date_range("9999")[2] == datetime.max


def spec(prefix: str, start: datetime, end: datetime, stored: datetime) -> bool:
	"""R4 search.html#prefix word for word, on the target's range [T, T + 1 ms), T the published instant."""
	low = stored.replace(microsecond=stored.microsecond // 1000 * 1000)
	high = low + MS
	contains = start <= low and high <= end
	above, below = high > end, low < start  # the ranges above / below the value overlap the target's
	return {"eq": contains, "ne": not contains, "gt": above, "lt": below, "ge": above or contains,
		"le": below or contains, "sa": low >= end, "eb": high <= start}[prefix]  # fmt: skip


PRECISIONS = ("%Y", "%Y-%m", "%Y-%m-%d", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M:%S.%f")
moments = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1))


@settings(max_examples=2000, deadline=None)
@given(
	st.sampled_from([p for p in DATE_PREFIXES if p != "ap"]),
	moments,
	st.sampled_from(PRECISIONS),
	st.integers(1, 6),
	moments,
)
def test_bounds_agree_with_the_spec(prefix, moment, precision, digits, stored):
	text = moment.strftime(precision)
	if precision.endswith("%f"):
		text = text[: len(text) - 6 + digits]
	_prefix, start, end = date_range(prefix + text)
	assert matches(prefix + text, stored) == spec(prefix, start, end, stored), (prefix + text, stored)


@settings(max_examples=1000, deadline=None)
@given(st.text(), st.sampled_from(("", *DATE_PREFIXES)))
def test_any_text_is_a_range_or_refused(text, prefix):
	try:
		date_bounds(*date_range(prefix + text), datetime(2026, 12, 1))
	except DomainError:
		pass


def test_comma_values_are_alternatives():
	condition = parse_search("Practitioner", [("_lastUpdated", "2020,ge2026-12-01")]).conditions[0]
	assert [v[0] for v in condition.values] == ["eq", "ge"]


# The CapabilityStatement states what the parser takes: one source (search.py).

SAMPLES = {"token": "x", "string": "x", "date": "2026", "boolean": "true", "number": "1", "_total": "accurate",
	"_format": "json"}  # fmt: skip
OTHER_NAMES = ("_sort", "_summary", "_elements", "_has", "_revinclude", "_since", "_text", "_content",
	"_list", "_type", "_profile", "_tag", "_security", "_query", "_contained", "birthdate", "gender",
	"address", "telecom", "email", "phone", "endpoint", "communication", "near", "characteristic")  # fmt: skip


def listed(resource: str) -> dict:
	statement = capability_statement("https://x/fhir/R4", "1", "2026-12-06")
	rest = statement["rest"][0]
	described = next(r for r in rest["resource"] if r["type"] == resource)
	return {p["name"]: p for p in (*described["searchParam"], *rest["searchParam"])}, described


def sample(resource: str, name: str) -> str | None:
	"""A value the parser takes for a parameter, from the tables (the statement lists a boolean as a token)."""
	if name == "_include":
		return (INCLUDES.get(resource) or (None,))[0]
	if name == "_revinclude":
		return (REVINCLUDES.get(resource) or (None,))[0]
	parameter = next(p for p in (*COMMON, *SEARCH[resource], *RESULT) if p.name == name)
	if parameter.kind == "reference":
		return f"{parameter.target}/x1"
	return SAMPLES.get(name) or SAMPLES.get(parameter.kind, "x")


def accepts(resource: str, name: str, value: str) -> bool:
	try:
		parse_search(resource, [(name, value)])
	except DomainError:
		return False
	return True


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_listed_parameter_is_taken_and_only_those(resource):
	parameters, described = listed(resource)
	for name, parameter in parameters.items():
		assert parameter["documentation"] and parameter["type"], name
		value = sample(resource, name)
		if value is not None:
			assert accepts(resource, name, value), name
	for name in {p.name for params in SEARCH.values() for p in params} | set(OTHER_NAMES):
		if name not in parameters:
			assert not any(accepts(resource, name, v) for v in ("x", "true", "2026", "Location/x1")), name
	every_include = {i for includes in INCLUDES.values() for i in includes}
	assert {i for i in every_include if accepts(resource, "_include", i)} == set(
		described.get("searchInclude", [])
	)
	every_revinclude = {i for includes in REVINCLUDES.values() for i in includes}
	assert {i for i in every_revinclude if accepts(resource, "_revinclude", i)} == set(
		described.get("searchRevInclude", [])
	)
	history = {"history-type", "history-instance"} if resource in HISTORY else set()
	assert {i["code"] for i in described["interaction"]} == {"read", "search-type", *history}


@settings(max_examples=500, deadline=None)
@given(st.text(min_size=1, max_size=20), st.sampled_from(RESOURCES))
def test_an_unlisted_name_is_refused(name, resource):
	parameters, _described = listed(resource)
	if name.partition(":")[0] not in parameters:
		assert not any(accepts(resource, name, v) for v in ("x", "true", "2026", "1"))


@pytest.mark.parametrize("resource", RESOURCES)
def test_every_stated_modifier_is_taken_and_only_those(resource):
	parameters, _described = listed(resource)
	for parameter in (*COMMON, *SEARCH[resource]):
		value = sample(resource, parameter.name)
		for modifier in modifiers(parameter):
			assert f":{modifier}" in parameters[parameter.name]["documentation"], parameter.name
			assert accepts(resource, f"{parameter.name}:{modifier}", value), (parameter.name, modifier)
		for modifier in ("missing", "not", "text", "fuzzy", "above", "below", "in", "of-type", "Patient"):
			if modifier not in modifiers(parameter):
				assert not accepts(resource, f"{parameter.name}:{modifier}", value), (
					parameter.name,
					modifier,
				)


def test_includes_are_those_of_iti_90():
	"""mCSD IG 4.0 ITI-90 lists the includes per resource; OrganizationAffiliation, not served, is taken."""
	assert INCLUDES == {
		"PractitionerRole": ("PractitionerRole:practitioner",),
		"Location": ("Location:organization",),
		"Organization": ("Organization:endpoint",),
	}
	assert set(REVINCLUDES["Organization"]) == {
		"Location:organization",
		"OrganizationAffiliation:participating-organization",
		"OrganizationAffiliation:primary-organization",
	}
	search = parse_search(
		"Organization", [("_include", "Organization:endpoint"), ("_revinclude", "Location:organization")]
	)
	assert search.include == ("Organization:endpoint",) and search.revinclude == ("Location:organization",)
	for resource, name, value in (
		("Practitioner", "_revinclude", "Location:organization"),
		("Organization", "_revinclude", "PractitionerRole:organization"),
		("Organization", "_include", "Organization:partof"),
	):
		with pytest.raises(DomainError):
			parse_search(resource, [(name, value)])


def test_the_statement_claims_the_update_option_and_the_profiles():
	statement = capability_statement("https://x/fhir/R4", "1", "2026-12-06")
	assert any(i.endswith("IHE.mCSD.Directory.Update") for i in statement["instantiates"])
	described = {r["type"]: r for r in statement["rest"][0]["resource"]}
	assert set(described) == {*RESOURCES} >= {"HealthcareService", "Endpoint"}
	assert any(p.endswith("JurisdictionOrganization") for p in described["Organization"]["supportedProfile"])
	assert {p["name"] for p in described["HealthcareService"]["searchParam"]} >= {
		"_id", "_lastUpdated", "active", "identifier", "location", "name", "organization", "service-type"
	}  # fmt: skip
	assert {p["name"] for p in described["Endpoint"]["searchParam"]} >= {
		"identifier",
		"organization",
		"status",
	}
	assert "POST" in statement["rest"][0]["documentation"]


def test_unknown_names_are_ignored_when_not_strict():
	params = [("family", "Abai"), ("colour", "red"), ("_sort", "family"), ("_count", "5")]
	with pytest.raises(DomainError):
		parse_search("Practitioner", params)
	lenient = parse_search("Practitioner", params, strict=False)
	assert lenient.ignored == ("colour", "_sort") and lenient.count == 5
	assert [c.name for c in lenient.conditions] == ["family"]
	# A known parameter's modifier or value is never ignored: that would widen the search.
	for known in [("family:fuzzy", "x"), ("_count", "-1"), ("_lastUpdated", "tomorrow")]:
		with pytest.raises(DomainError):
			parse_search("Practitioner", [known], strict=False)
