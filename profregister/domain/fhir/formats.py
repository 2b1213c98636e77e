"""The formats the directory answers in (R4 http.html#mime-type): JSON, or XML when the request asks for it
by `_format`, which overrides the Accept header, or by the Accept header, weighed by its q-values as
RFC 9110 §12.5.1 says. JSON wins a tie, and answers a request that states no preference."""

import re

JSON, XML = "json", "xml"
MEDIA_TYPES = {
	JSON: ("application/fhir+json", "application/json"),
	XML: ("application/fhir+xml", "application/xml", "text/xml"),
}
# The values `_format` takes: a format's short name or one of its media types.
FORMAT_VALUES = {JSON: JSON, XML: XML, **{m: f for f, types in MEDIA_TYPES.items() for m in types}}
CONTENT_TYPES = {JSON: "application/fhir+json; charset=utf-8", XML: "application/fhir+xml; charset=utf-8"}

TOKEN = r"[!#$%&'*+.^_`|~0-9A-Za-z-]+"
MEDIA_RANGE = re.compile(rf"({TOKEN})/({TOKEN})")
QUALITY = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?")


def from_parameter(value: str) -> str | None:
	"""The format a `_format` value names, None if the directory does not write it."""
	return FORMAT_VALUES.get(value.strip())


def from_accept(header: str | None) -> str | None:
	"""The format that best meets an Accept header, None when it accepts neither. A header without a
	media range that parses states no preference, as one that is absent."""
	ranges = media_ranges(header or "")
	if not ranges:
		return JSON
	quality = {f: max(_quality(ranges, media) for media in MEDIA_TYPES[f]) for f in (JSON, XML)}
	best = JSON if quality[JSON] >= quality[XML] else XML
	return best if quality[best] > 0 else None


def media_ranges(header: str) -> list[tuple[str, str, float]]:
	"""(type, subtype, q) of each well-formed media range of an Accept header; a range with a malformed
	weight is left out."""
	ranges = []
	for element in header.split(","):
		media, *parameters = element.split(";")
		match = MEDIA_RANGE.fullmatch(media.strip())
		if not match or (match[1] == "*" and match[2] != "*"):
			continue
		weight = 1.0
		for parameter in parameters:
			name, _sep, value = parameter.strip().partition("=")
			if name.strip().lower() == "q":
				weight = float(value.strip()) if QUALITY.fullmatch(value.strip()) else None
				break
		if weight is not None:
			ranges.append((match[1].lower(), match[2].lower(), weight))
	return ranges


def _quality(ranges: list[tuple[str, str, float]], media_type: str) -> float:
	"""The weight the most specific matching range gives `media_type`; 0 when no range matches."""
	kind, subtype = media_type.split("/")
	specificity, weight = -1, 0.0
	for range_kind, range_subtype, range_weight in ranges:
		if (range_kind, range_subtype) == (kind, subtype):
			rank = 2
		elif range_kind == kind and range_subtype == "*":
			rank = 1
		elif (range_kind, range_subtype) == ("*", "*"):
			rank = 0
		else:
			continue
		if rank > specificity:
			specificity, weight = rank, range_weight
	return weight
