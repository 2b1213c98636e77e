"""FHIR XML (domain/fhir/xml.py) and the choice of format (domain/fhir/formats.py): whatever the renderers
make of any stored text, the XML is well-formed, carries the same content as the JSON and puts every
element where R4 defines it; the table of that order is HL7's own (fhir.schema.json of the tools venv)."""

import json
import sys
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from profregister.domain.fhir import bundle, formats, resources
from profregister.domain.fhir.capability import capability_statement
from profregister.domain.fhir.xml import (
	ELEMENTS,
	FHIR_NAMESPACE,
	NOT_XML,
	PRIMITIVES,
	XHTML_NAMESPACE,
	to_xml,
)

SCHEMA = Path(sys.prefix) / "share" / "fhir" / "fhir.schema.json"
F = "{" + FHIR_NAMESPACE + "}"

# Stored text as it may come: any character, markup and control characters included.
text = st.text(max_size=30)
some_text = st.text(min_size=1, max_size=30)
ids = st.from_regex(r"[A-Za-z0-9\-.]{1,64}", fullmatch=True)
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1))
instant = st.just("2026-12-03T05:00:00.000Z")

workers = st.fixed_dictionaries({
	"name": ids, "iin": text, "last_name": text, "first_name": text, "patronymic": st.none() | text,
	"full_name": text, "sex": st.sampled_from(["Male", "Female", "", None]), "date_of_birth": st.none() | days,
	"residence_address": text, "status": st.sampled_from(["Active", "Inactive"]), "last_updated": instant,
})  # fmt: skip
certificates = st.fixed_dictionaries({
	"certificate_number": some_text, "specialty": some_text, "specialty_code": st.none() | text,
	"issue_date": days, "valid_until": days, "issuing_body": text,
	"state": st.sampled_from(["valid", "notice", "expired", "blocked"]),
})  # fmt: skip
employments = st.fixed_dictionaries({
	"name": ids, "health_worker": ids, "healthcare_entity": ids, "worker_name": text, "entity_name": text,
	"position": text, "specialty": text, "specialty_code": st.none() | text, "start_date": st.none() | days,
	"end_date": st.none() | days, "last_updated": instant, "service_id": st.none() | ids,
})  # fmt: skip
entities = st.fixed_dictionaries({
	"name": ids, "entity_name": text, "entity_type": text, "ownership": text, "address": text,
	"region_code": st.none() | ids, "endpoint": st.none() | ids, "last_updated": instant,
})  # fmt: skip
regions = st.fixed_dictionaries({
	"code": ids, "region_name": some_text, "region_type": text, "parent_code": st.none() | ids,
	"last_updated": instant,
})  # fmt: skip
services = st.fixed_dictionaries({
	"id": ids, "entity": ids, "entity_name": text, "specialty": some_text, "specialty_code": st.none() | text,
	"specialty_group": text, "active": st.booleans(), "last_updated": instant,
})  # fmt: skip


@st.composite
def directory_resources(draw) -> dict:
	"""Any resource the directory renders, from rows of any content."""
	kind = draw(st.sampled_from(["Practitioner", "PractitionerRole", "Organization", "Jurisdiction",
		"RegionLocation", "SiteLocation", "HealthcareService", "Endpoint"]))  # fmt: skip
	if kind == "Practitioner":
		return resources.practitioner(
			draw(workers), draw(st.lists(certificates, max_size=3)), draw(st.booleans())
		)
	if kind == "PractitionerRole":
		return resources.practitioner_role(draw(employments), draw(days))
	if kind == "Organization":
		return resources.organization(draw(entities))
	if kind == "Jurisdiction":
		return resources.jurisdiction_organization(draw(regions))
	if kind == "RegionLocation":
		return resources.region_location(draw(regions))
	if kind == "SiteLocation":
		return resources.site_location(draw(entities))
	if kind == "HealthcareService":
		return resources.healthcare_service(draw(services))
	operator = draw(st.none() | st.fixed_dictionaries({"name": ids, "entity_name": text}))
	return resources.endpoint(draw(text), draw(st.lists(some_text, max_size=3)), operator)


@st.composite
def responses(draw) -> dict:
	"""Any response body: a resource, a searchset or history Bundle of them, an OperationOutcome, the
	CapabilityStatement."""
	base = "https://register.example/fhir/R4"
	kind = draw(st.sampled_from(["resource", "searchset", "history", "outcome", "capabilities"]))
	if kind == "resource":
		return draw(directory_resources())
	if kind == "searchset":
		found = draw(st.lists(directory_resources(), max_size=3))
		included = draw(st.lists(directory_resources(), max_size=2))
		return bundle.searchset(base, base + "/x?" + draw(text), found, included, draw(st.none() | text),
			draw(st.none() | st.integers(0, 10**6)))  # fmt: skip
	if kind == "history":
		changes = [
			{"resource_type": r["resourceType"], "id": r["id"], "resource": None if deleted else r,
				"method": "DELETE" if deleted else "PUT", "last_modified": draw(st.none() | instant)}
			for r, deleted in draw(st.lists(st.tuples(directory_resources(), st.booleans()), max_size=3))
		]  # fmt: skip
		return bundle.history(base, base + "/x/_history", changes, draw(st.none() | text))
	if kind == "outcome":
		return bundle.outcome(draw(st.sampled_from(["invalid", "not-found", "exception"])), draw(some_text))
	return capability_statement(base, draw(some_text), "2026-12-03")


# Reading the XML back, independently of the writer's rules: every element a list of items, a primitive
# an item with its value, an element's id and an extension's url as if they were child elements.


def normal_json(value):
	"""JSON as the reader below sees XML: lists everywhere, `_element` merged, XML-safe text."""
	if isinstance(value, dict):
		item = {}
		if "resourceType" in value:
			item["@resource"] = value["resourceType"]
		for key, child in value.items():
			if key == "resourceType" or key.startswith("_"):
				continue
			items = child if isinstance(child, list) else [child]
			extra = value.get("_" + key)
			extras = extra if isinstance(extra, list) else [extra] * len(items)
			item[key] = [_normal_item(k, x) for k, x in zip(items, extras, strict=True)]
		for key in value:  # a primitive with extensions only
			if key.startswith("_") and key[1:] not in value:
				extras = value[key] if isinstance(value[key], list) else [value[key]]
				item[key[1:]] = [_normal_item(None, x) for x in extras]
		return item
	return NOT_XML.sub("\ufffd", value) if isinstance(value, str) else json.dumps(value)


def _normal_item(value, extension):
	if isinstance(value, dict):
		return normal_json(value)
	item = normal_json(extension) if extension else {}
	if value is not None:
		item["@value"] = normal_json(value)
	return item


def normal_xml(element: ElementTree.Element) -> dict:
	item = {}
	for name, value in element.attrib.items():
		if name == "value":
			item["@value"] = value
		else:
			item[name] = [{"@value": value}]
	for child in element:
		name = child.tag.removeprefix(F)
		if name == "div":
			item["div"] = [{"@value": ElementTree.tostring(child, encoding="unicode")}]
		elif name in ("resource", "outcome") and len(child) == 1:
			inner = normal_xml(child[0])
			item.setdefault(name, []).append({"@resource": child[0].tag.removeprefix(F), **inner})
		else:
			item.setdefault(name, []).append(normal_xml(child))
	return item


def element_order(element: ElementTree.Element, kind: str):
	"""Each child in its definition's place, recursively."""
	names = [name for name, _of in ELEMENTS[kind]]
	last = -1
	for child in element:
		name = child.tag.removeprefix(F)
		index, of = _definition(kind, name)
		assert index >= last, f"{kind}: {name} after {names[last]}"
		last = index
		if of == "Resource":
			assert len(child) == 1
			element_order(child[0], child[0].tag.removeprefix(F))
		elif of not in (None, "xhtml"):
			element_order(child, of)
		elif of is None:
			element_order(child, "Element")


def _definition(kind: str, name: str) -> tuple[int, str | None]:
	for index, (defined, of) in enumerate(ELEMENTS[kind]):
		if defined == name:
			return index, of
		if defined.endswith("[x]") and name.startswith(defined[:-3]):
			suffix = name[len(defined) - 3 :]
			return index, (suffix if suffix in ELEMENTS else None)
	raise AssertionError(f"{kind} has no element {name}")


@settings(max_examples=300, deadline=None)
@given(responses())
def test_any_response_is_well_formed_xml_with_the_same_content_in_definition_order(body):
	document = to_xml(body)
	assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
	root = ElementTree.fromstring(document)
	assert root.tag == F + body["resourceType"]
	element_order(root, body["resourceType"])
	assert normal_xml(root) == {k: v for k, v in normal_json(body).items() if k != "@resource"}


def test_primitives_are_value_attributes_and_ids_and_urls_attributes():
	body = {
		"resourceType": "Practitioner",
		"id": "HW-1",
		"text": {"status": "generated", "div": '<div xmlns="http://www.w3.org/1999/xhtml"><b>Bold</b> &amp; x</div>'},
		"active": True,
		"name": [{"id": "n1", "given": ["Дина", None], "_given": [None, {"extension": [{"url": "u", "valueString": "s"}]}]}],
		"qualification": [{"extension": [{"url": "http://x/ext", "valueBoolean": False}], "code": {"text": "<script>"}}],
	}  # fmt: skip
	root = ElementTree.fromstring(to_xml(body))
	assert root.find(F + "id").attrib == {"value": "HW-1"}
	assert root.find(F + "active").get("value") == "true"
	name = root.find(F + "name")
	assert name.get("id") == "n1" and [g.get("value") for g in name.findall(F + "given")] == ["Дина", None]
	assert name.findall(F + "given")[1].find(F + "extension").get("url") == "u"
	extension = root.find(F + "qualification/" + F + "extension")
	assert (
		extension.get("url") == "http://x/ext" and extension.find(F + "valueBoolean").get("value") == "false"
	)
	assert root.find(F + "qualification/" + F + "code/" + F + "text").get("value") == "<script>"
	div = root.find(F + "text/{" + XHTML_NAMESPACE + "}div")
	assert div.find("{" + XHTML_NAMESPACE + "}b").text == "Bold"
	# Markup in a stored value stays text: one element, no script.
	assert b"<script>" not in to_xml(body) and b"&lt;script&gt;" in to_xml(body)


def test_a_bundle_wraps_each_resource_and_an_unknown_element_is_refused():
	matches = [{"resourceType": "Organization", "id": "1", "name": "A"}]
	root = ElementTree.fromstring(to_xml(bundle.searchset("http://b", "http://b/O", matches, [], None, 1)))
	assert [c.tag.removeprefix(F) for c in root] == ["type", "total", "link", "entry"]
	assert root.find(f"{F}entry/{F}resource/{F}Organization/{F}name").get("value") == "A"
	with pytest.raises(ValueError):
		to_xml({"resourceType": "Organization", "colour": "red"})
	with pytest.raises(ValueError):
		to_xml({"resourceType": "Meta", "lastUpdated": "2026"})  # a data type, not a resource
	with pytest.raises(ValueError):
		to_xml({"resourceType": "Organization", "name": {"text": "an object where a string belongs"}})


def test_the_order_is_hl7s():
	"""Every type's elements in the order of HL7's R4 fhir.schema.json, which follows the
	StructureDefinitions."""
	assert SCHEMA.exists(), f"{SCHEMA}: scripts/test's tools venv installs HL7's R4 JSON Schema"
	definitions = json.loads(SCHEMA.read_text())["definitions"]
	assert set(PRIMITIVES) < set(definitions)
	for kind, elements in ELEMENTS.items():
		schema = [p for p in definitions[kind]["properties"] if not p.startswith("_") and p != "resourceType"]
		ours = []
		for name, _of in elements:
			ours += [p for p in schema if p.startswith(name[:-3])] if name.endswith("[x]") else [name]
		assert ours == schema, kind
		for name, of in elements:
			if of not in (None, "Resource", "xhtml"):
				reference = definitions[kind]["properties"][name]
				reference = reference.get("items", reference)
				assert reference["$ref"] == f"#/definitions/{of}", (kind, name)


@pytest.mark.parametrize(
	("accept", "expected"),
	[
		(None, "json"),
		("", "json"),
		("*/*", "json"),
		("application/fhir+xml", "xml"),
		("application/xml", "xml"),
		("text/xml", "xml"),
		("application/fhir+json", "json"),
		("application/json;q=0.5, application/fhir+xml;q=0.9", "xml"),
		("application/fhir+xml;q=0.5, application/json", "json"),
		("application/fhir+xml, application/fhir+json", "json"),  # a tie: JSON
		("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "xml"),  # a browser
		("application/fhir+xml;q=0, */*", "json"),  # the most specific range decides
		("application/*;q=0.2, application/fhir+xml;q=0.1", "json"),
		("text/*", "xml"),
		("text/html", None),
		("application/fhir+json;q=0, application/fhir+xml;q=0, application/json;q=0, */*;q=0", None),
		("application/fhir+xml;q=2", "json"),  # a malformed weight: that range is left out
		("nonsense", "json"),
	],
)
def test_accept_is_weighed_as_rfc_9110_says(accept, expected):
	assert formats.from_accept(accept) == expected


def test_format_parameter_values():
	for value in ("xml", "text/xml", "application/xml", "application/fhir+xml"):
		assert formats.from_parameter(value) == "xml"
	for value in ("json", "application/json", "application/fhir+json"):
		assert formats.from_parameter(value) == "json"
	assert formats.from_parameter("ttl") is None and formats.from_parameter("html") is None


@given(st.text(max_size=200), st.text(max_size=40))
def test_any_accept_header_or_format_value_gets_an_answer(accept, value):
	"""Whatever a client sends, the choice is JSON, XML or a refusal, never an exception."""
	assert formats.from_accept(accept) in ("json", "xml", None)
	assert formats.from_parameter(value) in ("json", "xml", None)
