"""FHIR search as the directory supports it: the resources it serves, their search parameters and
includes, and a request's parameters parsed into conditions (or refused), with the bounds of FHIR dates."""

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from profregister.domain.errors import DomainError, _

RESOURCES = ("Practitioner", "PractitionerRole", "Organization", "Location")
COUNT_DEFAULT, COUNT_MAX = 50, 500
# Values of one parameter (`_id=a,b,…`): a search, not a way to walk the register by id.
VALUES_MAX = 20
ID_PATTERN = re.compile(r"^[A-Za-z0-9\-.]{1,64}$")
DATE_PREFIXES = ("eq", "ne", "gt", "lt", "ge", "le", "sa", "eb")


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
	values = tuple(v for v in _split(value, ",") if v) if parameter.kind != "date" else (value,)
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
		values = (date_range(value),)
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


def date_range(value: str) -> tuple[str, datetime, datetime]:
	"""(prefix, start, end) of a date search value: the value covers [start, end) at its precision.
	Years run from 1 to 9999 as in R4; the end of year 9999 is the last moment there is."""
	prefix = value[:2] if value[:2] in DATE_PREFIXES else "eq"
	text = value[2:] if value[:2] in DATE_PREFIXES else value
	try:
		if re.fullmatch(r"[0-9]{4}", text):
			start = datetime(int(text), 1, 1)
			end = _later(lambda: datetime(int(text) + 1, 1, 1))
		elif re.fullmatch(r"[0-9]{4}-[0-9]{2}", text):
			year, month = map(int, text.split("-"))
			start = datetime(year, month, 1)
			end = _later(lambda: datetime(year + month // 12, month % 12 + 1, 1))
		elif re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
			start = datetime.fromisoformat(text)
			end = _later(lambda: start + timedelta(days=1))
		elif re.fullmatch(r"[0-9:T.+\-Z]+", text):
			moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
			start = end = moment
		else:
			raise ValueError(text)
	except (ValueError, OverflowError):
		raise DomainError(_("{0} is not a FHIR date or dateTime"), value) from None
	return prefix, start, end


def _later(end) -> datetime:
	try:
		return end()
	except (ValueError, OverflowError):  # past the end of year 9999
		return datetime.max


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
