"""The directory's formats over real HTTP (R4 http.html#mime-type, mCSD: a Directory supports JSON and XML):
XML by `_format` or by an Accept header weighed by its q-values (RFC 9110), JSON otherwise; a `_format` it
does not write is a 400, an Accept it cannot meet a 406; and every OperationOutcome (400, 401, 404, 405) in
the format asked for. The XML is read by fhir.resources (lxml) into the resource the JSON is."""

from datetime import date
from unittest.mock import patch
from urllib.parse import urlencode
from xml.etree import ElementTree

import frappe
from fhir.resources.R4B import get_fhir_model_class

from profregister.tests.factories import (
	CleanTestCase,
	make_certificate,
	make_employment,
	make_entity,
	make_worker,
)
from profregister.tests.rest import rest
from profregister.tests.test_fhir import BASE, client

XML = "application/fhir+xml; charset=utf-8"
JSON = "application/fhir+json; charset=utf-8"
F = "{http://hl7.org/fhir}"


class TestFHIRFormats(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.entity = make_entity("Astana", entity_name=f"Polyclinic {run}", entity_type="Polyclinic").name
		cls.worker = make_worker(cls.entity, last_name="Сапарова", first_name="Дина").name
		make_employment(cls.worker, cls.entity, date(2019, 3, 1))
		make_certificate(cls.worker, date(2022, 1, 10), date(2030, 1, 10))
		cls.token = client(f"Formats {run}", "National", personal_data=1)
		frappe.db.commit()

	def fetch(
		self, path: str, accept: str | None = None, token: str | None = "", method: str = "GET", **params
	):
		headers = {"Accept": accept} if accept is not None else {}
		query = ("&" if "?" in path else "?") + urlencode(params) if params else ""
		return rest(method, BASE + path + query, self.token if token == "" else token, headers=headers)

	def xml(self, response, status: int = 200) -> ElementTree.Element:
		self.assertEqual(response.status_code, status, response.get_data(as_text=True)[:300])
		self.assertEqual(response.headers["Content-Type"], XML)
		self.assertEqual(response.headers["Vary"], "Accept")
		return ElementTree.fromstring(response.get_data())

	def test_format_parameter_and_accept_choose_the_format(self):
		path = f"/Practitioner/{self.worker}"
		for value in ("xml", "text/xml", "application/xml", "application/fhir+xml"):
			self.assertEqual(self.xml(self.fetch(path, _format=value)).tag, F + "Practitioner", value)
		for value in ("json", "application/json", "application/fhir+json"):
			self.assertEqual(self.fetch(path, _format=value).headers["Content-Type"], JSON, value)
		answers = {
			None: JSON,
			"*/*": JSON,
			"application/fhir+xml": XML,
			"text/xml": XML,
			"application/json;q=0.4, application/fhir+xml;q=0.8": XML,
			"application/fhir+xml;q=0.4, application/fhir+json": JSON,
			"application/fhir+xml;q=0, */*;q=0.1": JSON,
			"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8": XML,
		}
		for accept, content_type in answers.items():
			self.assertEqual(self.fetch(path, accept).headers["Content-Type"], content_type, accept)
		# _format overrides the Accept header.
		self.assertEqual(
			self.fetch(path, "application/fhir+xml", _format="json").headers["Content-Type"], JSON
		)

	def test_xml_is_the_same_resource_as_json(self):
		for path in (f"/Practitioner/{self.worker}", f"/Organization/{self.entity}", "/metadata",
			f"/PractitionerRole?practitioner={self.worker}&_include=PractitionerRole:practitioner",
			f"/Practitioner/{self.worker}/_history", "/Location?_count=3"):  # fmt: skip
			body = self.fetch(path).json
			response = self.fetch(path, "application/fhir+xml")
			self.assertEqual(self.xml(response).tag, F + body["resourceType"], path)
			model = get_fhir_model_class(body["resourceType"])
			from_xml = model.model_validate_xml(response.get_data())
			self.assertEqual(from_xml, model.model_validate(body), path)

	def test_a_format_not_written_is_refused(self):
		refused = self.fetch("/Practitioner", _format="ttl")
		self.assertEqual((refused.status_code, refused.headers["Content-Type"]), (400, JSON))
		self.assertEqual(refused.json["issue"][0]["code"], "invalid")
		self.assertIn("_format", refused.json["issue"][0]["diagnostics"])
		# The refusal itself comes in the format the Accept header asks for.
		self.assertEqual(self.xml(self.fetch("/metadata", "application/fhir+xml", _format="html"), 400).tag,
			F + "OperationOutcome")  # fmt: skip
		for accept in ("text/html", "application/fhir+json;q=0, application/fhir+xml;q=0, */*;q=0"):
			response = self.fetch("/metadata", accept)
			self.assertEqual((response.status_code, response.headers["Content-Type"]), (406, JSON), accept)
			self.assertEqual(response.json["resourceType"], "OperationOutcome")

	def test_every_outcome_comes_in_xml_when_asked(self):
		answers = {
			400: self.fetch("/Practitioner", "application/fhir+xml", _count="-1"),
			401: self.fetch("/Practitioner", token="nokey:nosecret", _format="xml"),
			404: self.fetch("/Practitioner/HW-NONE", "application/fhir+xml"),
			405: self.fetch(f"/Practitioner/{self.worker}", "application/fhir+xml", method="DELETE"),
		}
		for status, response in answers.items():
			root = self.xml(response, status)
			self.assertEqual(root.tag, F + "OperationOutcome", status)
			self.assertTrue(root.find(f"{F}issue/{F}diagnostics").get("value"), status)
			get_fhir_model_class("OperationOutcome").model_validate_xml(response.get_data())
		self.assertIn("Token", answers[401].headers["WWW-Authenticate"])
		self.assertEqual(answers[405].headers["Allow"], "GET, HEAD")
		guest = self.fetch("/Practitioner", "application/fhir+xml", token=None)
		self.assertEqual(self.xml(guest, 401).tag, F + "OperationOutcome")

	def test_a_search_by_post_takes_its_format_from_the_body(self):
		response = rest("POST", f"{BASE}/Practitioner/_search", self.token,
			data={"_id": self.worker, "_format": "xml"})  # fmt: skip
		root = self.xml(response)
		self.assertEqual(root.find(f"{F}entry/{F}resource/{F}Practitioner/{F}id").get("value"), self.worker)
		links = [link.find(F + "url").get("value") for link in root.iterfind(F + "link")]
		self.assertIn("_format=xml", links[0])

	def test_a_failure_is_a_500_outcome_and_logged(self):
		"""Whatever fails inside, the client gets an OperationOutcome in its format, not Frappe's HTML
		error page, and the error is in the Error Log under the name the outcome gives."""
		with patch("profregister.api.public.fhir.handle", side_effect=RuntimeError("boom")):
			response = self.fetch("/Practitioner", "application/fhir+xml")
		root = self.xml(response, 500)
		issue = root.find(F + "issue")
		self.assertEqual(issue.find(F + "code").get("value"), "exception")
		logged = issue.find(F + "diagnostics").get("value").split()[-1]
		self.assertIn("boom", frappe.db.get_value("Error Log", logged, "error"))

	def test_odd_accept_headers_and_formats_are_answered_never_crash(self):
		odd = [",", ";q=", "*/*;q=abc", "*/xml", "application/fhir+xml;q=0.5;q=0.7", "приложение/xml",
			"application/fhir+xml;" + "x" * 4000, "text/xml;q=1.0000", "\t*/*\t"]  # fmt: skip
		for accept in odd:
			response = self.fetch("/metadata", accept)
			self.assertIn(response.status_code, (200, 406), accept)
			self.assertIn(response.headers["Content-Type"], (JSON, XML), accept)
		for value in ("", "XML", "xml ", "application/fhir+xml;fhirVersion=4.0", "x" * 3000, "ttl"):
			response = self.fetch(f"/Practitioner/{self.worker}", _format=value)
			self.assertIn(response.status_code, (200, 400), value)
			self.assertIn(response.headers["Content-Type"], (JSON, XML), value)
