"""The FHIR directory (/fhir/R4) as independent clients see it, over real HTTP on the served site: every
answer, in JSON and in XML, checked by validators the directory was not written with. HL7's R4 JSON Schema
(fhir.schema.json, installed by scripts/test's tools venv), SMART's fhirclient (R4 models, strict) whose
paging follows every next link to the end, and fhir.resources reading the XML (lxml) into the same
resource as the JSON, with every XML element in the order R4 defines."""

import importlib
import json
import random
import sys
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit
from xml.etree import ElementTree

import jsonschema
import pytest
import requests
from conftest import BASE_URL, site_today, valid_iin
from fhir.resources.R4B import get_fhir_model_class
from fhirclient import server as fhir_server
from fhirclient.models.bundle import Bundle
from fhirclient.models.fhirelementfactory import FHIRElementFactory
from fhirclient.models.fhirsearch import FHIRSearch

DIRECTORY = f"{BASE_URL}/fhir/R4"
SCHEMA = Path(sys.prefix) / "share" / "fhir" / "fhir.schema.json"
DEFINITIONS = json.loads(SCHEMA.read_text())["definitions"]
# The schema was published with R4 4.0.0; the technical correction 4.0.1 (the R4 a server states) added
# itself to the FHIRVersion codes and changed nothing else the directory serves.
for _property in (p for d in DEFINITIONS.values() for p in d.get("properties", {}).values()):
	if "4.0.0" in _property.get("enum", ()):
		_property["enum"].append("4.0.1")
F = "{http://hl7.org/fhir}"
XML_TYPE = "application/fhir+xml; charset=utf-8"
JSON_TYPE = "application/fhir+json; charset=utf-8"


def schema_errors(body: dict) -> list[str]:
	"""What HL7's R4 JSON Schema finds wrong with a resource (a Bundle's entries included)."""
	validator = jsonschema.Draft6Validator(
		{"$ref": f"#/definitions/{body['resourceType']}", "definitions": DEFINITIONS}
	)
	return [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:300]}" for e in validator.iter_errors(body)]


def validated(body: dict) -> dict:
	"""`body`, once the schema and fhirclient's strict R4 models take it as it is."""
	assert not schema_errors(body), schema_errors(body)[:5]
	model = FHIRElementFactory.instantiate(body["resourceType"], body)  # strict: raises on any fault
	assert model.as_json() == body, "fhirclient's R4 model reads the resource back unchanged"
	return body


def in_order(element: ElementTree.Element, kind: str):
	"""Every child where the R4 definition (the schema's property order) puts it, recursively."""
	properties = DEFINITIONS[kind]["properties"]
	names = list(properties)
	last = -1
	for child in element:
		name = child.tag.removeprefix(F)
		if child.tag.startswith("{http://www.w3.org/1999/xhtml}"):
			name = "div"
		assert name in properties, f"{kind} has no element {name}"
		assert names.index(name) >= last, f"{kind}: {name} after {names[last]}"
		last = names.index(name)
		target = properties[name].get("items", properties[name]).get("$ref", "").split("/")[-1]
		if target == "ResourceList":
			assert len(child) == 1
			in_order(child[0], child[0].tag.removeprefix(F))
		elif target in DEFINITIONS and target[0].isupper():
			in_order(child, target)


class Directory:
	"""A client of the directory, with its key, in JSON or XML."""

	def __init__(self, token: str | None):
		self.session = requests.Session()
		if token:
			self.session.headers["Authorization"] = f"token {token}"

	def get(self, path: str, status: int = 200, method: str = "GET", **params) -> dict:
		"""The JSON answer, validated, and the same request in XML, which must say the same."""
		url = path if path.startswith("http") else f"{DIRECTORY}/{path}"
		response = self.session.request(method, url, params=params)
		assert response.status_code == status, (url, params, response.text[:500])
		assert response.headers["Content-Type"] == JSON_TYPE
		body = validated(response.json())
		xml = self.session.request(method, url, params={**params, "_format": "xml"})
		assert xml.status_code == status and xml.headers["Content-Type"] == XML_TYPE, xml.text[:500]
		self.same_in_xml(body, xml.content)
		return body

	def same_in_xml(self, body: dict, document: bytes):
		root = ElementTree.fromstring(document)
		assert root.tag == F + body["resourceType"]
		in_order(root, body["resourceType"])
		model = get_fhir_model_class(body["resourceType"])
		from_xml = model.model_validate_xml(document).model_dump(mode="json", exclude_none=True)
		# The links of the XML answer ask for XML again; otherwise the same resource.
		for link in from_xml.get("link", []):
			link["url"] = link["url"].replace("&_format=xml", "").replace("?_format=xml", "?").rstrip("?")
		assert from_xml == model.model_validate(body).model_dump(mode="json", exclude_none=True)


@pytest.fixture(scope="module")
def token(admin) -> str:
	"""A national client with personal data, its secret issued as the desk's button does."""
	name = f"FHIR client {random.randrange(10**6)}"
	admin.post(
		f"{BASE_URL}/api/resource/Register API Client",
		json={"client_name": name, "scope": "National", "personal_data": 1},
	).raise_for_status()
	issued = admin.post(
		f"{BASE_URL}/api/method/run_doc_method",
		json={"dt": "Register API Client", "dn": name, "method": "generate_secret"},
	)
	issued.raise_for_status()
	return issued.json()["message"]


@pytest.fixture(scope="module")
def register(admin, hr_user) -> dict:
	"""Three workers of an entity, with employments and a certificate each, whatever else the site holds."""
	rng = random.Random()
	workers = []
	for last_name in ("Абаева", "Бекова", "О'Ванина"):
		made = admin.post(
			f"{BASE_URL}/api/resource/Health Worker",
			json={"iin": valid_iin(date(1980 + rng.randrange(20), 3, 9), "Female"), "last_name": last_name,
				"first_name": "Дана", "current_entity": hr_user["entity"]},
		)  # fmt: skip
		made.raise_for_status()
		name = made.json()["data"]["name"]
		admin.post(
			f"{BASE_URL}/api/resource/Employment",
			json={"health_worker": name, "healthcare_entity": hr_user["entity"], "position": "Nurse",
				"specialty": "Nursing", "rate": 1, "start_date": "2019-03-01"},
		).raise_for_status()  # fmt: skip
		admin.post(
			f"{BASE_URL}/api/resource/Specialist Certificate",
			json={"health_worker": name, "certificate_number": f"FH{rng.randrange(10**8)}", "specialty": "Nursing",
				"issuing_body": "НЦНЭ", "issue_date": "2022-01-10",
				"valid_until": (site_today() + timedelta(days=400)).isoformat()},
		).raise_for_status()  # fmt: skip
		workers.append(name)
	return {"workers": workers, "entity": hr_user["entity"]}


@pytest.fixture(scope="module")
def directory(token) -> Directory:
	return Directory(token)


@pytest.fixture(scope="module")
def client_server(token) -> fhir_server.FHIRServer:
	server = fhir_server.FHIRServer(None, base_uri=DIRECTORY + "/")
	server.session.headers["Authorization"] = f"token {token}"
	return server


def test_capability_statement_and_reads(directory, register):
	statement = directory.get("metadata")
	assert statement["fhirVersion"] == "4.0.1"
	assert {"json", "xml"} <= set(statement["format"])
	worker = register["workers"][2]
	practitioner = directory.get(f"Practitioner/{worker}")
	assert practitioner["name"][0]["family"] == "О'Ванина"
	assert directory.get(f"Organization/{register['entity']}")["id"] == register["entity"]
	site = directory.get(f"Location/site-{register['entity']}")
	region = site["partOf"]["reference"]
	assert directory.get(region)["resourceType"] == "Location"


@pytest.mark.parametrize(
	("resource", "count", "include"),
	[
		("Practitioner", 2, None),
		("PractitionerRole", 2, "practitioner"),
		("Organization", 3, None),
		("Location", 4, "organization"),
		("HealthcareService", 3, None),
		("Endpoint", 1, None),
	],
)
def test_the_client_library_pages_every_search_to_its_end(
	directory, client_server, register, resource, count, include
):
	"""fhirclient follows every next link (each page a strict R4 Bundle); the pages hold each match
	once, as many as the total says; each page validates in JSON and in XML."""
	total = directory.get(resource, _total="accurate", _count="0")["total"]
	model = getattr(importlib.import_module(f"fhirclient.models.{resource.lower()}"), resource)
	search = FHIRSearch(model, {"_count": str(count)})
	if include:
		search.include(include)
	seen, pages = [], 0
	for page in search.perform_iter(client_server):
		assert isinstance(page, Bundle) and page.type == "searchset"
		directory.get(page.link[0].url)  # the page again, by its self link: schema, XML
		seen += [e.resource.id for e in page.entry or () if e.search.mode == "match"]
		pages += 1
		assert pages <= total + 1, "the next links end"
	assert len(seen) == len(set(seen)) == total, (resource, total, len(seen))


def test_xml_pages_keep_their_format(directory):
	"""A next link of an XML page asks for XML again: a client that asked once reads every page so."""
	url, ids = f"{DIRECTORY}/Location?_count=5&_format=xml", []
	while url:
		response = directory.session.get(url)
		assert response.headers["Content-Type"] == XML_TYPE
		root = ElementTree.fromstring(response.content)
		ids += [e.get("value") for e in root.iterfind(f"{F}entry/{F}resource/{F}Location/{F}id")]
		links = {
			link.find(F + "relation").get("value"): link.find(F + "url").get("value")
			for link in root.iterfind(F + "link")
		}
		url = links.get("next")
		assert not url or ("_format", "xml") in parse_qsl(urlsplit(url).query)
	listed = directory.get("Location", _count="500")
	assert ids == [e["resource"]["id"] for e in listed["entry"]]


def test_history_and_includes(directory, client_server, register):
	worker = register["workers"][0]
	history = directory.get(f"Practitioner/{worker}/_history")
	assert history["type"] == "history" and history["entry"][0]["resource"]["id"] == worker
	since = (site_today() - timedelta(days=2)).isoformat()
	pages = Bundle.read_from(f"Practitioner/_history?_since={since}&_count=2", client_server)
	seen = []
	while pages:
		directory.get(pages.link[0].url)
		seen += [(e.fullUrl, e.response.lastModified.as_json()) for e in pages.entry or ()]
		following = [link.url for link in pages.link if link.relation == "next"]
		pages = Bundle.read_from(following[0], client_server) if following else None
	assert len(seen) == len(set(seen)) and any(u.endswith(f"/Practitioner/{worker}") for u, _at in seen)
	roles = directory.get("PractitionerRole", practitioner=worker, _include="PractitionerRole:practitioner")
	modes = {(e["resource"]["resourceType"], e["search"]["mode"]) for e in roles["entry"]}
	assert modes == {("PractitionerRole", "match"), ("Practitioner", "include")}


MCSD = "https://profiles.ihe.net/ITI/mCSD/CodeSystem/IHE.mCSD.Organization.Location.Types"


@pytest.mark.parametrize(
	("path", "params"),
	[
		("Organization", {"_id": "{entity}", "_include": "Organization:endpoint"}),
		("Organization", {"_id": "{entity}", "_revinclude": "Location:organization"}),
		("Organization", {"type": f"{MCSD}|jurisdiction", "_count": "5"}),
		("Location", {"_id": "site-{entity}", "_include": "Location:organization"}),
		("Location", {"type": f"{MCSD}|facility", "_count": "5"}),
		("PractitionerRole", {"practitioner": "{worker}", "_total": "accurate"}),
		("HealthcareService", {"organization": "{entity}"}),
		("Organization/_history", {"_since": "2000-01-01", "_count": "3"}),
		("Location/_history", {"_since": "2000-01-01", "_count": "3"}),
		("PractitionerRole/_history", {"_since": "2000-01-01", "_count": "3"}),
	],
)
def test_includes_types_and_histories(directory, register, path, params):
	"""Each answer passes the schema and the strict R4 models, and says the same in XML."""
	names = {"entity": register["entity"], "worker": register["workers"][0]}
	body = directory.get(path, **{k: v.format(**names) for k, v in params.items()})
	assert body["resourceType"] == "Bundle" and body.get("entry"), (path, params)


def test_every_refusal_is_an_operation_outcome_in_either_format(directory, register):
	assert directory.get("Practitioner/HW-NONE", status=404)["issue"][0]["code"] == "not-found"
	assert directory.get("Practitioner", status=400, _count="-1")["resourceType"] == "OperationOutcome"
	assert directory.get(f"Practitioner/{register['workers'][0]}", status=405, method="DELETE")
	assert Directory("nokey:nosecret").get("Practitioner", status=401)
	assert Directory(None).get("Practitioner", status=401)
	unknown = directory.session.get(f"{DIRECTORY}/Practitioner", params={"_format": "ttl"})
	assert unknown.status_code == 400 and validated(unknown.json())["resourceType"] == "OperationOutcome"
	refused = directory.session.get(f"{DIRECTORY}/metadata", headers={"Accept": "text/html"})
	assert refused.status_code == 406 and validated(refused.json())["resourceType"] == "OperationOutcome"
	asked = directory.session.get(f"{DIRECTORY}/metadata", headers={"Accept": "application/fhir+xml"})
	assert asked.headers["Content-Type"] == XML_TYPE
	assert ElementTree.fromstring(asked.content).tag == F + "CapabilityStatement"
