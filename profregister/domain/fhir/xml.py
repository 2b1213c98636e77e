"""FHIR XML (R4 xml.html) from the JSON the directory renders: the namespace http://hl7.org/fhir, primitives
as `value` attributes, an element's `id` and an extension's `url` as attributes, arrays as repeated
elements, JSON's `_element` extensions of primitives merged in, the narrative's div in the XHTML namespace,
and every element in the order its R4 StructureDefinition gives (which XML readers may insist on)."""

import json
import re
from itertools import zip_longest
from xml.etree import ElementTree

FHIR_NAMESPACE = "http://hl7.org/fhir"
XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# The elements every resource, data type and backbone element starts with.
RESOURCE = "id meta:Meta implicitRules language"
DOMAIN = RESOURCE + " text:Narrative contained:Resource extension:Extension modifierExtension:Extension"
ELEMENT = "id extension:Extension"
BACKBONE = ELEMENT + " modifierExtension:Extension"

# The elements of the resources the directory serves and of every type they can hold, in definition order,
# named as in HL7's R4 fhir.schema.json (tests/unit/test_fhir_xml.py compares the two): `name:Type` for a
# complex element, `name` for a primitive, `name[x]` for a choice (valueString, valueCodeableConcept, …).
DEFINITIONS = {
	"Element": (ELEMENT, ""),
	"Practitioner": (
		DOMAIN,
		"identifier:Identifier active name:HumanName telecom:ContactPoint address:Address "
		"gender birthDate photo:Attachment qualification:Practitioner_Qualification "
		"communication:CodeableConcept",
	),
	"Meta": (ELEMENT, "versionId lastUpdated source profile security:Coding tag:Coding"),
	"Extension": (ELEMENT, "url value[x]"),
	"Address": (ELEMENT, "use type text line city district state postalCode country period:Period"),
	"Period": (ELEMENT, "start end"),
	"Age": (ELEMENT, "value comparator unit system code"),
	"Annotation": (ELEMENT, "author[x] time text"),
	"Reference": (ELEMENT, "reference type identifier:Identifier display"),
	"Identifier": (ELEMENT, "use type:CodeableConcept system value period:Period assigner:Reference"),
	"CodeableConcept": (ELEMENT, "coding:Coding text"),
	"Coding": (ELEMENT, "system version code display userSelected"),
	"Attachment": (ELEMENT, "contentType language data url size hash title creation"),
	"ContactPoint": (ELEMENT, "system value use rank period:Period"),
	"Count": (ELEMENT, "value comparator unit system code"),
	"Distance": (ELEMENT, "value comparator unit system code"),
	"Duration": (ELEMENT, "value comparator unit system code"),
	"HumanName": (ELEMENT, "use text family given prefix suffix period:Period"),
	"Money": (ELEMENT, "value currency"),
	"Quantity": (ELEMENT, "value comparator unit system code"),
	"Range": (ELEMENT, "low:Quantity high:Quantity"),
	"Ratio": (ELEMENT, "numerator:Quantity denominator:Quantity"),
	"SampledData": (ELEMENT, "origin:Quantity period factor lowerLimit upperLimit dimensions data"),
	"Signature": (ELEMENT, "type:Coding when who:Reference onBehalfOf:Reference targetFormat sigFormat data"),
	"Timing": (BACKBONE, "event repeat:Timing_Repeat code:CodeableConcept"),
	"Timing_Repeat": (
		BACKBONE,
		"bounds[x] count countMax duration durationMax durationUnit frequency "
		"frequencyMax period periodMax periodUnit dayOfWeek timeOfDay when offset",
	),
	"ContactDetail": (ELEMENT, "name telecom:ContactPoint"),
	"Contributor": (ELEMENT, "type name contact:ContactDetail"),
	"DataRequirement": (
		ELEMENT,
		"type profile subject[x] mustSupport codeFilter:DataRequirement_CodeFilter "
		"dateFilter:DataRequirement_DateFilter limit sort:DataRequirement_Sort",
	),
	"DataRequirement_CodeFilter": (BACKBONE, "path searchParam valueSet code:Coding"),
	"DataRequirement_DateFilter": (BACKBONE, "path searchParam value[x]"),
	"DataRequirement_Sort": (BACKBONE, "path direction"),
	"Expression": (ELEMENT, "description name language expression reference"),
	"ParameterDefinition": (ELEMENT, "name use min max documentation type profile"),
	"RelatedArtifact": (ELEMENT, "type label display citation url document:Attachment resource"),
	"TriggerDefinition": (ELEMENT, "type name timing[x] data:DataRequirement condition:Expression"),
	"UsageContext": (ELEMENT, "code:Coding value[x]"),
	"Dosage": (
		BACKBONE,
		"sequence text additionalInstruction:CodeableConcept patientInstruction "
		"timing:Timing asNeeded[x] site:CodeableConcept route:CodeableConcept "
		"method:CodeableConcept doseAndRate:Dosage_DoseAndRate maxDosePerPeriod:Ratio "
		"maxDosePerAdministration:Quantity maxDosePerLifetime:Quantity",
	),
	"Dosage_DoseAndRate": (BACKBONE, "type:CodeableConcept dose[x] rate[x]"),
	"Narrative": (ELEMENT, "status div:xhtml"),
	"Practitioner_Qualification": (
		BACKBONE,
		"identifier:Identifier code:CodeableConcept period:Period issuer:Reference",
	),
	"PractitionerRole": (
		DOMAIN,
		"identifier:Identifier active period:Period practitioner:Reference "
		"organization:Reference code:CodeableConcept specialty:CodeableConcept "
		"location:Reference healthcareService:Reference telecom:ContactPoint "
		"availableTime:PractitionerRole_AvailableTime "
		"notAvailable:PractitionerRole_NotAvailable availabilityExceptions "
		"endpoint:Reference",
	),
	"PractitionerRole_AvailableTime": (BACKBONE, "daysOfWeek allDay availableStartTime availableEndTime"),
	"PractitionerRole_NotAvailable": (BACKBONE, "description during:Period"),
	"Organization": (
		DOMAIN,
		"identifier:Identifier active type:CodeableConcept name alias "
		"telecom:ContactPoint address:Address partOf:Reference "
		"contact:Organization_Contact endpoint:Reference",
	),
	"Organization_Contact": (
		BACKBONE,
		"purpose:CodeableConcept name:HumanName telecom:ContactPoint address:Address",
	),
	"Location": (
		DOMAIN,
		"identifier:Identifier status operationalStatus:Coding name alias description "
		"mode type:CodeableConcept telecom:ContactPoint address:Address "
		"physicalType:CodeableConcept position:Location_Position "
		"managingOrganization:Reference partOf:Reference "
		"hoursOfOperation:Location_HoursOfOperation availabilityExceptions "
		"endpoint:Reference",
	),
	"Location_Position": (BACKBONE, "longitude latitude altitude"),
	"Location_HoursOfOperation": (BACKBONE, "daysOfWeek allDay openingTime closingTime"),
	"HealthcareService": (
		DOMAIN,
		"identifier:Identifier active providedBy:Reference category:CodeableConcept "
		"type:CodeableConcept specialty:CodeableConcept location:Reference name comment "
		"extraDetails photo:Attachment telecom:ContactPoint coverageArea:Reference "
		"serviceProvisionCode:CodeableConcept eligibility:HealthcareService_Eligibility "
		"program:CodeableConcept characteristic:CodeableConcept "
		"communication:CodeableConcept referralMethod:CodeableConcept appointmentRequired "
		"availableTime:HealthcareService_AvailableTime "
		"notAvailable:HealthcareService_NotAvailable availabilityExceptions "
		"endpoint:Reference",
	),
	"HealthcareService_Eligibility": (BACKBONE, "code:CodeableConcept comment"),
	"HealthcareService_AvailableTime": (BACKBONE, "daysOfWeek allDay availableStartTime availableEndTime"),
	"HealthcareService_NotAvailable": (BACKBONE, "description during:Period"),
	"Endpoint": (
		DOMAIN,
		"identifier:Identifier status connectionType:Coding name "
		"managingOrganization:Reference contact:ContactPoint period:Period "
		"payloadType:CodeableConcept payloadMimeType address header",
	),
	"Bundle": (
		RESOURCE,
		"identifier:Identifier type timestamp total link:Bundle_Link entry:Bundle_Entry signature:Signature",
	),
	"Bundle_Link": (BACKBONE, "relation url"),
	"Bundle_Entry": (
		BACKBONE,
		"link:Bundle_Link fullUrl resource:Resource search:Bundle_Search "
		"request:Bundle_Request response:Bundle_Response",
	),
	"Bundle_Search": (BACKBONE, "mode score"),
	"Bundle_Request": (BACKBONE, "method url ifNoneMatch ifModifiedSince ifMatch ifNoneExist"),
	"Bundle_Response": (BACKBONE, "status location etag lastModified outcome:Resource"),
	"OperationOutcome": (DOMAIN, "issue:OperationOutcome_Issue"),
	"OperationOutcome_Issue": (
		BACKBONE,
		"severity code details:CodeableConcept diagnostics location expression",
	),
	"CapabilityStatement": (
		DOMAIN,
		"url version name title status experimental date publisher contact:ContactDetail "
		"description useContext:UsageContext jurisdiction:CodeableConcept purpose "
		"copyright kind instantiates imports software:CapabilityStatement_Software "
		"implementation:CapabilityStatement_Implementation fhirVersion format patchFormat "
		"implementationGuide rest:CapabilityStatement_Rest "
		"messaging:CapabilityStatement_Messaging document:CapabilityStatement_Document",
	),
	"CapabilityStatement_Software": (BACKBONE, "name version releaseDate"),
	"CapabilityStatement_Implementation": (BACKBONE, "description url custodian:Reference"),
	"CapabilityStatement_Rest": (
		BACKBONE,
		"mode documentation security:CapabilityStatement_Security "
		"resource:CapabilityStatement_Resource "
		"interaction:CapabilityStatement_Interaction1 "
		"searchParam:CapabilityStatement_SearchParam "
		"operation:CapabilityStatement_Operation compartment",
	),
	"CapabilityStatement_Security": (BACKBONE, "cors service:CodeableConcept description"),
	"CapabilityStatement_Resource": (
		BACKBONE,
		"type profile supportedProfile documentation "
		"interaction:CapabilityStatement_Interaction versioning readHistory updateCreate "
		"conditionalCreate conditionalRead conditionalUpdate conditionalDelete "
		"referencePolicy searchInclude searchRevInclude "
		"searchParam:CapabilityStatement_SearchParam "
		"operation:CapabilityStatement_Operation",
	),
	"CapabilityStatement_Interaction": (BACKBONE, "code documentation"),
	"CapabilityStatement_SearchParam": (BACKBONE, "name definition type documentation"),
	"CapabilityStatement_Operation": (BACKBONE, "name definition documentation"),
	"CapabilityStatement_Interaction1": (BACKBONE, "code documentation"),
	"CapabilityStatement_Messaging": (
		BACKBONE,
		"endpoint:CapabilityStatement_Endpoint reliableCache documentation "
		"supportedMessage:CapabilityStatement_SupportedMessage",
	),
	"CapabilityStatement_Endpoint": (BACKBONE, "protocol:Coding address"),
	"CapabilityStatement_SupportedMessage": (BACKBONE, "mode definition"),
	"CapabilityStatement_Document": (BACKBONE, "mode documentation profile"),
}
PRIMITIVES = frozenset(
	"base64Binary boolean canonical code date dateTime decimal id instant integer markdown oid positiveInt "
	"string time unsignedInt uri url uuid".split()
)
# What XML 1.0 cannot carry, even as a character reference: control characters and lone surrogates.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _compile(definitions: dict) -> dict[str, tuple[tuple[str, str | None], ...]]:
	"""Each type's elements as (name, type), the type None for a primitive."""
	return {
		kind: tuple(
			(name, of or None) for name, _sep, of in (p.partition(":") for p in f"{base} {rest}".split())
		)
		for kind, (base, rest) in definitions.items()
	}


ELEMENTS = _compile(DEFINITIONS)
RESOURCE_TYPES = frozenset(kind for kind, (base, _rest) in DEFINITIONS.items() if base in (RESOURCE, DOMAIN))


def to_xml(resource: dict) -> bytes:
	"""`resource` (FHIR JSON) as an XML document in UTF-8. ValueError if it holds what R4 does not define
	for it: the JSON renderers and this table are to move together."""
	root = _resource(resource)
	root.set("xmlns", FHIR_NAMESPACE)
	return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def _resource(data) -> ElementTree.Element:
	kind = data.get("resourceType") if isinstance(data, dict) else None
	if kind not in RESOURCE_TYPES:
		raise ValueError(f"Not a resource: {kind!r}")
	element = ElementTree.Element(kind)
	_content(element, data, kind, resource=True)
	return element


def _content(element: ElementTree.Element, data, kind: str, resource: bool = False):
	"""The elements of `data`, of type `kind`, into `element`, in definition order."""
	if not isinstance(data, dict):
		raise ValueError(f"{kind} must be an object")
	used = {"resourceType"} if resource else set()
	if not resource and "id" in data:
		element.set("id", _text(data["id"]))
		used.add("id")
	if kind == "Extension":
		if not isinstance(data.get("url"), str):
			raise ValueError("An extension needs its url")
		element.set("url", _text(data["url"]))
		used.add("url")
	for name, of in ELEMENTS[kind]:
		if name in used:
			continue
		for key, key_kind in _present(data, name, of):
			used.update((key, "_" + key))
			_children(element, key, key_kind, data.get(key), data.get("_" + key))
	unknown = sorted(set(data) - used)
	if unknown:
		raise ValueError(f"{kind} has no element {unknown[0]}")


def _present(data: dict, name: str, of: str | None) -> list[tuple[str, str | None]]:
	"""The keys of `data` that hold element `name` (for a choice, its one typed name), with their type."""
	if not name.endswith("[x]"):
		return [(name, of)] if name in data or "_" + name in data else []
	base = name[:-3]
	keys = {
		k.lstrip("_")
		for k in data
		if k.lstrip("_").startswith(base) and k.lstrip("_")[len(base) :][:1].isupper()
	}
	found = []
	for key in sorted(keys):
		suffix = key[len(base) :]
		if suffix in ELEMENTS:
			found.append((key, suffix))
		elif suffix[0].lower() + suffix[1:] in PRIMITIVES:
			found.append((key, None))
	if len(found) != len(keys) or len(found) > 1:
		raise ValueError(f"{name} takes one value of a FHIR type: {sorted(keys)}")
	return found


def _children(parent: ElementTree.Element, key: str, kind: str | None, value, extension):
	"""One element per value (a JSON array becomes repeated elements)."""
	values = value if isinstance(value, list) else [value]
	extensions = extension if isinstance(extension, list) else [extension]
	if value is None:
		values = [None] * len(extensions)
	for item, item_extension in zip_longest(values, extensions):
		if item is None and item_extension is None:
			continue
		if kind == "xhtml":
			parent.append(_xhtml(item))
			continue
		child = ElementTree.SubElement(parent, key)
		if kind == "Resource":
			child.append(_resource(item))
		elif kind is not None:
			_content(child, item, kind)
		else:
			if item_extension is not None:
				_content(child, item_extension, "Element")
			if item is not None:
				child.set("value", _primitive(item))


def _primitive(value) -> str:
	if isinstance(value, bool):
		return "true" if value else "false"
	if isinstance(value, int | float):
		return json.dumps(value)
	if isinstance(value, str):
		return _text(value)
	raise ValueError(f"Not a FHIR primitive: {value!r}")


def _text(value) -> str:
	if not isinstance(value, str):
		raise ValueError(f"Not a string: {value!r}")
	return NOT_XML.sub("\ufffd", value)


def _xhtml(value) -> ElementTree.Element:
	"""The narrative's div, parsed (so that its markup stays markup) and put in the XHTML namespace."""
	try:
		div = ElementTree.fromstring(_text(value))
	except ElementTree.ParseError as error:
		raise ValueError(f"The narrative is not XHTML: {error}") from None
	for node in div.iter():
		namespace, _sep, local = node.tag.rpartition("}")
		if namespace not in ("", "{" + XHTML_NAMESPACE):
			raise ValueError(f"The narrative holds {node.tag}")
		node.tag = local
	if div.tag != "div":
		raise ValueError("The narrative is one div")
	div.set("xmlns", XHTML_NAMESPACE)
	return div
