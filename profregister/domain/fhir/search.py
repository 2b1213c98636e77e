"""FHIR search as the directory supports it: the resources it serves, their search parameters and
includes, and a request's parameters parsed into conditions (or refused), with the bounds of FHIR dates."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from profregister.domain.errors import DomainError, _
from profregister.domain.fhir.formats import FORMAT_VALUES
from profregister.domain.fhir.systems import MCSD_FACILITY, MCSD_JURISDICTION, MCSD_TYPES, ROLE_CODE

RESOURCES = ("Practitioner", "PractitionerRole", "Organization", "Location", "HealthcareService", "Endpoint")
# The resources with ITI-91 _history (mCSD Update option); HealthcareService is derived from employments and
# staffing lines, the Endpoint from the deployment: neither has versions of its own to list.
HISTORY = ("Practitioner", "PractitionerRole", "Organization", "Location")
COUNT_DEFAULT, COUNT_MAX = 50, 500
# Values of one parameter (`_id=a,b,…`): a search, not a way to walk the register by id.
VALUES_MAX = 20
ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
DATE_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap")


@dataclass(frozen=True)
class Parameter:
	name: str
	kind: str  # token, string, reference, date, boolean; number and special for the result parameters
	target: str | None = None  # the resource a reference points to
	documentation: str = ""


def _string(name: str, what: str) -> Parameter:
	return Parameter(name, "string", documentation=f"{what}; without a modifier, starts with")


SEARCH = {
	"Practitioner": (
		Parameter("active", "boolean", documentation="Whether the worker is active in the register"),
		Parameter("identifier", "token", documentation="Health worker number, IIN or certificate number"),
		_string("name", "Any part of the name: family, given or patronymic"),
		_string("given", "Given name or patronymic"),
		_string("family", "Family name"),
	),
	"PractitionerRole": (
		Parameter("active", "boolean", documentation="Whether the employment is current today"),
		Parameter("location", "reference", "Location", "The site, or any site in a region's tree"),
		Parameter("organization", "reference", "Organization", "The employing healthcare entity"),
		Parameter("practitioner", "reference", "Practitioner", "The employed health worker"),
		Parameter("role", "token", documentation="The position"),
		Parameter(
			"service", "reference", "HealthcareService", "The entity's HealthcareService of the specialty"
		),
		Parameter("specialty", "token", documentation="The specialty of the employment"),
	),
	"Organization": (
		Parameter("active", "boolean", documentation="Whether the entity is active"),
		Parameter("identifier", "token", documentation="An entity's BIN or a jurisdiction's region code"),
		_string("name", "The entity's or the region's name"),
		Parameter(
			"type",
			"token",
			documentation=f"mCSD {MCSD_TYPES}|{MCSD_FACILITY} (entities) or |{MCSD_JURISDICTION} (regions); an "
			"entity's type or ownership; a region's type",
		),
		Parameter("partof", "reference", "Organization", "The jurisdiction directly above"),
	),
	"Location": (
		Parameter("identifier", "token", documentation="A region's code or a site's BIN"),
		_string("name", "The region's or site's name"),
		Parameter("organization", "reference", "Organization", "The entity managing the site"),
		Parameter("status", "token", documentation="active"),
		Parameter(
			"type",
			"token",
			documentation=f"mCSD {MCSD_TYPES}|{MCSD_JURISDICTION} or |{MCSD_FACILITY}; a site's service "
			f"delivery location type ({ROLE_CODE}) or entity type; a region's type",
		),
		Parameter("partof", "reference", "Location", "The region containing it, at any depth"),
	),
	"HealthcareService": (
		Parameter("active", "boolean", documentation="Offered today: a current employment or staffing line"),
		Parameter("identifier", "token", documentation="The service's id"),
		Parameter("location", "reference", "Location", "The entity's site, or any site in a region's tree"),
		_string("name", "The specialty's name"),
		Parameter("organization", "reference", "Organization", "The entity providing it"),
		Parameter("service-type", "token", documentation="The specialty"),
		Parameter("specialty", "token", documentation="The specialty"),
	),
	"Endpoint": (
		Parameter("connection-type", "token", documentation="hl7-fhir-rest"),
		Parameter("identifier", "token", documentation="Matches nothing: the Endpoint has no identifier"),
		Parameter("organization", "reference", "Organization", "The register's operator"),
		Parameter("status", "token", documentation="active"),
	),
}
COMMON = (
	Parameter("_id", "token", documentation="The logical id"),
	Parameter(
		"_lastUpdated",
		"date",
		documentation="meta.lastUpdated (published in UTC), as a range at the value's precision; a value "
		"without an offset is in server time; prefixes " + " ".join(DATE_PREFIXES),
	),
)
# Parameters that shape the result rather than select (R4 search.html#return), as the parser reads them.
RESULT = (
	Parameter("_count", "number", documentation=f"Page size, 0 to {COUNT_MAX}; 0 gives the total only"),
	Parameter("_total", "token", documentation="none, estimate or accurate"),
	Parameter("_include", "special", documentation="See searchInclude"),
	Parameter("_revinclude", "special", documentation="See searchRevInclude"),
	Parameter("_cursor", "string", documentation="The opaque position of a next link"),
	Parameter("_format", "token", documentation="json or xml, or a media type of either; overrides Accept"),
)
FORMATS = tuple(FORMAT_VALUES)
# _include and _revinclude exactly as mCSD (IG 4.0) ITI-90 lists them. OrganizationAffiliation is not
# served: its reverse includes are taken and add nothing.
INCLUDES = {
	"PractitionerRole": ("PractitionerRole:practitioner",),
	"Location": ("Location:organization",),
	"Organization": ("Organization:endpoint",),
}
REVINCLUDES = {
	"Organization": (
		"Location:organization",
		"OrganizationAffiliation:participating-organization",
		"OrganizationAffiliation:primary-organization",
	),
}
STRING_MODIFIERS = ("exact", "contains")


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
	revinclude: tuple = ()
	cursor: str | None = None
	ignored: tuple = ()  # the names of parameters left out, when not strict


def parse_search(resource: str, params: list[tuple[str, str]], strict: bool = True) -> Search:
	"""FHIR search parameters (repeated keys allowed) into conditions. What it takes is what SEARCH,
	COMMON and RESULT list, and so what the CapabilityStatement states. A parameter it does not know is
	refused when `strict` (DomainError: the API answers 400 with an OperationOutcome), and otherwise left
	out and named in `ignored` (R4 search.html#errors: servers SHOULD ignore them, unless the client
	prefers handling=strict). A known parameter with a value or modifier it cannot take is always refused:
	ignoring it would widen the search."""
	known = {p.name: p for p in (*COMMON, *SEARCH[resource])}
	results = {p.name for p in RESULT}
	search = Search(resource)
	for key, raw in params:
		name, _sep, modifier = key.partition(":")
		value = raw.strip()
		if name in results and not modifier:
			_result(search, name, value)
		elif name in known:
			search.conditions.append(_condition(known[name], modifier, value))
		elif strict:
			raise DomainError(_("Unknown search parameter {0} for {1}"), key, resource)
		else:
			search.ignored += (key,)
	return search


def _result(search: Search, name: str, value: str):
	"""A parameter of RESULT, onto the search."""
	if name == "_count":
		# ASCII digits only: str.isdigit() is true of "²" and "①", which int() refuses.
		if not re.fullmatch(r"[0-9]+", value):
			raise DomainError(_("_count must be a whole number"))
		search.count = min(int(value), COUNT_MAX)
		if search.count == 0:
			search.total = "accurate"  # R4: _count=0 asks for the number of matches only
	elif name == "_total":
		if value not in ("none", "estimate", "accurate"):
			raise DomainError(_("_total must be none, estimate or accurate"))
		search.total = value in ("estimate", "accurate")
	elif name == "_include":
		if value not in INCLUDES.get(search.resource, ()):
			raise DomainError(_("_include {0} is not supported for {1}"), value, search.resource)
		search.include += (value,)
	elif name == "_revinclude":
		if value not in REVINCLUDES.get(search.resource, ()):
			raise DomainError(_("_revinclude {0} is not supported for {1}"), value, search.resource)
		search.revinclude += (value,)
	elif name == "_cursor":
		search.cursor = value
	elif name == "_format" and value not in FORMATS:
		raise DomainError(_("_format must be json or xml, or a media type of either"))


def modifiers(parameter: Parameter) -> tuple[str, ...]:
	"""The modifiers a parameter takes (R4 search.html#modifiers), besides none."""
	return {"string": STRING_MODIFIERS, "reference": (parameter.target,)}.get(parameter.kind, ())


def _condition(parameter: Parameter, modifier: str, value: str) -> Condition:
	if not value:
		raise DomainError(_("Search parameter {0} has no value"), parameter.name)
	if modifier not in ("", *modifiers(parameter)):
		raise DomainError(_("Modifier :{0} is not supported for {1}"), modifier, parameter.name)
	values = tuple(v for v in _split(value, ",") if v)
	if not values:  # "," alone: no value, not a search for nothing
		raise DomainError(_("Search parameter {0} has no value"), parameter.name)
	if len(values) > VALUES_MAX:
		raise DomainError(_("{0} accepts at most {1} values"), parameter.name, VALUES_MAX)
	if parameter.kind == "boolean":
		if any(v not in ("true", "false") for v in values):
			raise DomainError(_("{0} must be true or false"), parameter.name)
		values = tuple(v == "true" for v in values)
	elif parameter.kind == "token":
		values = tuple(_token(v) for v in values)
	elif parameter.kind == "reference":
		values = tuple(_reference(_unescape(v), parameter) for v in values)
	elif parameter.kind == "string":
		values = tuple(_unescape(v) for v in values)
	elif parameter.kind == "date":
		values = tuple(date_range(v, parameter.name) for v in values)
	return Condition(parameter.name, parameter.kind, modifier, values)


def _token(value: str) -> tuple[str | None, str | None]:
	"""(system, code): "system|code", "|code" (no system), "code" (any system), "system|" (any code)."""
	parts = _split(value, "|")
	if len(parts) == 1:
		return (None, _unescape(value))
	system, code = parts[0], "|".join(parts[1:])
	return (_unescape(system), _unescape(code) or None)


def _split(value: str, separator: str) -> list[str]:
	"""`value` cut at each `separator` not escaped by a backslash (R4 search.html#escaping: `\\,`
	`\\|` `\\$` `\\\\`); the parts keep their escapes for the next cut."""
	parts, start, escaped = [], 0, False
	for index, char in enumerate(value):
		if escaped:
			escaped = False
		elif char == "\\":
			escaped = True
		elif char == separator:
			parts.append(value[start:index])
			start = index + 1
	parts.append(value[start:])
	return parts


def _unescape(value: str) -> str:
	return re.sub(r"\\(.)", r"\1", value)


def _reference(value: str, parameter: Parameter) -> str:
	"""The id a reference points to: "Type/id", an absolute URL ending so, or a bare id."""
	parts = value.rstrip("/").split("/")
	if len(parts) >= 2 and parts[-2] != parameter.target:
		raise DomainError(_("{0} must point to a {1}"), parameter.name, parameter.target)
	reference_id = parts[-1]
	if not ID_PATTERN.match(reference_id):
		raise DomainError(_("{0} is not a resource id"), reference_id)
	return reference_id


# R4 date and dateTime (datatypes.html#dateTime), each part optional from the month on; minutes without
# seconds as search.html allows. ASCII digits only: int() would take other scripts' digits too.
DATE_PATTERN = re.compile(
	r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.([0-9]{1,9}))?)?"
	r"(Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?"
)


def date_range(value: str, name: str = "_lastUpdated") -> tuple[str, datetime, datetime]:
	"""(prefix, start, end) of a date search value: the value covers [start, end) at its precision
	(R4 search.html#date: `2026-12-01` is that whole day, `…T10:00:00.5` a tenth of a second). Offsets
	are kept (aware datetimes); a value without one is in the server's time. Years run from 1 to 9999;
	the end of year 9999 is the last moment there is."""
	letters = re.match(r"[^\W\d_]*", value).group()  # the prefix: the letters before the date
	prefix, text = (letters, value[len(letters) :]) if letters else ("eq", value)
	if prefix not in DATE_PREFIXES:
		raise DomainError(_("{0}: unknown prefix {1}"), name, prefix)
	match = DATE_PATTERN.fullmatch(text)
	try:
		if not match:
			raise ValueError(text)
		start, step = _moment(*match.groups())
	except (ValueError, OverflowError):
		raise DomainError(_("{0}: {1} is not a FHIR date or dateTime"), name, value) from None
	end = _later(lambda: step(start))
	return prefix, start, end.replace(tzinfo=start.tzinfo)


def _moment(year, month, day, hour, minute, second, fraction, zone) -> tuple[datetime, Callable]:
	"""The first moment of a matched value, and the step from it to the first moment after the value."""
	start = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0),
		int(second or 0), int((fraction or "")[:6].ljust(6, "0")))  # fmt: skip
	if zone:
		sign, hours, minutes = zone[:1], int(zone[1:3] or 0), int(zone[4:6] or 0)
		offset = timedelta(hours=hours, minutes=minutes) * (-1 if sign == "-" else 1)
		start = start.replace(tzinfo=timezone(offset))
	if fraction:
		return start, lambda s: s + timedelta(microseconds=10 ** max(6 - len(fraction), 0))
	for part, unit in ((second, "seconds"), (minute, "minutes"), (day, "days")):
		if part:
			return start, lambda s, unit=unit: s + timedelta(**{unit: 1})
	if month:
		return start, lambda s: s.replace(year=s.year + s.month // 12, month=s.month % 12 + 1)
	return start, lambda s: s.replace(year=s.year + 1)


def _later(end) -> datetime:
	try:
		return end()
	except (ValueError, OverflowError):  # past the end of year 9999
		return datetime.max


def date_bounds(
	prefix: str, start: datetime, end: datetime, now: datetime | None = None
) -> tuple[datetime | None, datetime | None, bool]:
	"""The [low, high) bounds a prefix puts on a stored timestamp, and whether it excludes them (ne).
	The target is meta.lastUpdated, published to the millisecond: the range [T, T + 1 ms) of the
	stored time T cut to the millisecond, compared with the search range [start, end) as R4 search.html#prefix
	says. Bounds come out whole milliseconds, so that they hold on the stored microseconds alike.
	`start`, `end` and `now` are naive, in the stored time."""
	if prefix == "ap":  # R4 recommends 10% of the distance between now and the value
		margin = abs((now or datetime.now()) - start) / 10
		return _floor(_shift(start, -margin)), _ceil(_shift(end, margin)), False
	return {
		"eq": (_ceil(start), _floor(end), False),
		"ne": (_ceil(start), _floor(end), True),
		"gt": (_floor(end), None, False),
		"ge": (min(_ceil(start), _floor(end)), None, False),
		"lt": (None, _ceil(start), False),
		"le": (None, max(_ceil(start), _floor(end)), False),
		"sa": (_ceil(end), None, False),
		"eb": (None, _floor(start), False),
	}[prefix]


def _floor(moment: datetime) -> datetime:
	return moment.replace(microsecond=moment.microsecond - moment.microsecond % 1000)


def _ceil(moment: datetime) -> datetime:
	rest = moment.microsecond % 1000
	return _shift(moment, timedelta(microseconds=1000 - rest)) if rest else moment


def _shift(moment: datetime, by: timedelta) -> datetime:
	try:
		return moment + by
	except OverflowError:  # before year 1 or after year 9999
		return datetime.min if by < timedelta(0) else datetime.max
