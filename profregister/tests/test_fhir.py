"""The FHIR R4 directory (IHE mCSD ITI-90, ITI-91) and the licence check over real HTTP: every resource
and Bundle validated against FHIR's own models (fhir.resources, R4B), each search parameter and
modifier, paging, _include, _history, outcomes, scopes and the access log."""

import json
from datetime import date, datetime, timedelta
from unittest.mock import patch
from urllib.parse import quote

import frappe
from fhir.resources.R4B import get_fhir_model_class
from frappe.utils import add_days, getdate, now_datetime, today

from profregister.domain import fhir
from profregister.domain.fhir.systems import SID_EMPLOYMENT, SID_HEALTH_WORKER
from profregister.services.interoperability import licence
from profregister.services.interoperability.fhir.handler import keyed_hash
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	set_parameter,
)
from profregister.tests.rest import api_token, rest

BASE = "/fhir/R4"


def client(name: str, scope: str, region: str | None = None, personal_data: int = 0) -> str:
	doc = frappe.get_doc(
		{"doctype": "Register API Client", "client_name": name, "scope": scope, "region": region,
			"personal_data": personal_data}
	).insert()  # fmt: skip
	return doc.generate_secret()


class TestFHIR(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		# Names hold letters only: the run's mark spelled in Cyrillic.
		cls.family = "Ким" + "".join("абвгдежзиклмнопр"[int(c, 16)] for c in run)
		cls.astana = make_entity("Astana", entity_name=f"Polyclinic {run}", entity_type="Polyclinic").name
		cls.karaganda = make_entity(
			"Karaganda Region", entity_name=f"Hospital {run}", entity_type="Hospital"
		).name
		cls.nurse = make_worker(
			cls.astana, last_name="Сапарова", first_name="Дина", patronymic="Ерлановна"
		).name
		cls.nurse_job = make_employment(cls.nurse, cls.astana, date(2019, 3, 1)).name
		cls.nurse_cert = make_certificate(
			cls.nurse, date(2022, 1, 10), add_days(today(), 30)
		).certificate_number
		cls.surgeon = make_worker(cls.karaganda, sex="Male", born=date(1979, 2, 3), last_name=cls.family,
			first_name="Олег").name  # fmt: skip
		cls.surgeon_job = make_employment(cls.surgeon, cls.karaganda, date(2015, 9, 1), position="Surgeon",
			specialty="Surgery").name  # fmt: skip
		cls.surgeon_cert = make_certificate(cls.surgeon, date(2016, 5, 1), date(2021, 5, 1), specialty="Surgery",
			certificate_number=f"EXP{run}").certificate_number  # fmt: skip
		cls.tokens = {
			"national": client(f"National HIS {run}", "National", personal_data=1),
			"astana": client(f"Больница Астаны {run}", "Region", "Astana"),
			"verify": client(f"Hospital check {run}", "Verification only"),
		}
		hr = make_user(f"hr.fhir.{run}@test.profregister.kz")
		link_user_to_entity(hr, cls.astana)
		cls.tokens["hr"] = api_token(hr)
		frappe.db.commit()

	def get(self, path: str, who: str = "national", status: int = 200) -> dict:
		response = rest("GET", BASE + path, self.tokens.get(who))
		body = response.json
		self.assertEqual(response.status_code, status, (path, str(body)[:500]))
		self.assertEqual(response.headers["Content-Type"], "application/fhir+json; charset=utf-8")
		# Every answer is a valid FHIR resource of its kind (Bundles validate their entries too).
		get_fhir_model_class(body["resourceType"]).model_validate(body)
		return body

	def ids(self, bundle: dict, mode: str = "match") -> list[str]:
		return [e["resource"]["id"] for e in bundle.get("entry", []) if e["search"]["mode"] == mode]

	def search(self, query: str, who: str = "national") -> list[str]:
		return self.ids(self.get(query, who))

	def test_capability_statement(self):
		statement = self.get("/metadata", who="none")
		self.assertEqual(statement["fhirVersion"], "4.0.1")
		resources = {r["type"]: r for r in statement["rest"][0]["resource"]}
		self.assertEqual(set(resources), set(fhir.RESOURCES))
		self.assertIn("PractitionerRole:practitioner", resources["PractitionerRole"]["searchInclude"])
		names = {p["name"] for p in resources["PractitionerRole"]["searchParam"]}
		self.assertTrue({"active", "location", "organization", "practitioner", "role", "service", "specialty",
			"_id", "_lastUpdated"} <= names)  # fmt: skip

	def test_practitioner_and_personal_data_by_scope(self):
		full = self.get(f"/Practitioner/{self.nurse}")
		systems = {i["system"]: i["value"] for i in full["identifier"]}
		iin = frappe.db.get_value("Health Worker", self.nurse, "iin")
		self.assertEqual(systems[fhir.SID_IIN], iin)
		self.assertEqual(systems[fhir.SID_HEALTH_WORKER], self.nurse)
		self.assertEqual(full["birthDate"], "1985-04-12")
		self.assertEqual((full["gender"], full["active"]), ("female", True))
		self.assertEqual(full["name"][0]["family"], "Сапарова")
		self.assertEqual(full["name"][0]["given"], ["Дина", "Ерлановна"])
		qualification = full["qualification"][0]
		self.assertEqual(qualification["code"]["coding"][0]["code"], "Nursing")
		self.assertEqual(qualification["period"]["end"], str(add_days(today(), 30)))
		status = qualification["extension"][0]["extension"][0]["valueCodeableConcept"]["coding"][0]["code"]
		self.assertEqual(status, "notice")
		# A region's client without personal data: no IIN, birth date or address.
		limited = self.get(f"/Practitioner/{self.nurse}", "astana")
		self.assertNotIn(fhir.SID_IIN, {i["system"] for i in limited["identifier"]})
		self.assertNotIn("birthDate", limited)
		self.assertNotIn("address", limited)
		self.assertNotIn(iin, str(limited))
		# Expired certificate: the qualification says so.
		surgeon = self.get(f"/Practitioner/{self.surgeon}")
		code = surgeon["qualification"][0]["extension"][0]["extension"][0]["valueCodeableConcept"]["coding"][
			0
		]
		self.assertEqual(code["code"], "expired")

	def test_practitioner_search_parameters(self):
		iin = frappe.db.get_value("Health Worker", self.nurse, "iin")
		self.assertEqual(self.search(f"/Practitioner?identifier={quote(fhir.SID_IIN)}|{iin}"), [self.nurse])
		self.assertEqual(self.search(f"/Practitioner?identifier={self.nurse}"), [self.nurse])
		self.assertEqual(
			self.search(f"/Practitioner?identifier={quote(fhir.SID_CERTIFICATE)}|{self.surgeon_cert}"),
			[self.surgeon],
		)
		self.assertEqual(self.search(f"/Practitioner?identifier=http://other|{self.nurse}"), [])
		family = self.family
		self.assertEqual(self.search(f"/Practitioner?family={quote(family[:-1])}&given=Олег"), [self.surgeon])
		self.assertEqual(self.search(f"/Practitioner?family:exact={quote(family)}"), [self.surgeon])
		self.assertEqual(self.search(f"/Practitioner?family:exact={quote(family.lower())}"), [])
		self.assertEqual(self.search(f"/Practitioner?name:contains={quote(family[3:])}"), [self.surgeon])
		self.assertIn(self.nurse, self.search(f"/Practitioner?_id={self.nurse},{self.surgeon}&active=true"))
		frappe.db.set_value("Health Worker", self.surgeon, "status", "Dismissed")
		frappe.db.commit()
		self.assertEqual(
			self.search(f"/Practitioner?_id={self.nurse},{self.surgeon}&active=false"), [self.surgeon]
		)
		frappe.db.set_value("Health Worker", self.surgeon, "status", "Active")
		frappe.db.commit()
		# A client without personal data may not look people up by IIN.
		self.get(f"/Practitioner?identifier={quote(fhir.SID_IIN)}|{iin}", "astana", status=403)

	def test_last_updated_prefixes(self):
		frappe.db.set_value(
			"Health Worker", self.nurse, "modified", datetime(2026, 6, 15, 10, 0), update_modified=False
		)
		frappe.db.set_value("Specialist Certificate", {"health_worker": self.nurse}, "modified", datetime(2026, 6, 1), update_modified=False)  # fmt: skip
		frappe.db.commit()
		ids = f"_id={self.nurse}"
		# meta.lastUpdated is the latest of the two (the worker's), not either (issue 28).
		cases = {"2026-06-15": True, "eq2026-06": True, "gt2026-06-15T09:00:00": True, "sa2026-06-16": False,
			"ge2026-06-15": True, "lt2026-06-15": False, "lt2026-06-16": True, "eb2026-06-01": False,
			"le2026-05-31": False, "ne2026-06-15": False, "ne2026-06-01": True}  # fmt: skip
		for value, expected in cases.items():
			found = self.search(f"/Practitioner?{ids}&_lastUpdated={value}")
			self.assertEqual(bool(found), expected, value)
		both = self.search(f"/Practitioner?{ids}&_lastUpdated=ge2026-06-15&_lastUpdated=lt2026-06-16")
		self.assertEqual(both, [self.nurse])
		roles = self.search(f"/PractitionerRole?_id={self.nurse_job}&_lastUpdated=gt2000-01-01")
		self.assertEqual(roles, [self.nurse_job])

	def test_practitioner_role_search_and_include(self):
		bundle = self.get(
			f"/PractitionerRole?practitioner=Practitioner/{self.nurse}&_include=PractitionerRole:practitioner"
		)
		self.assertEqual(self.ids(bundle), [self.nurse_job])
		self.assertEqual(self.ids(bundle, "include"), [self.nurse])
		role = bundle["entry"][0]["resource"]
		self.assertEqual(role["organization"]["reference"], f"Organization/{self.astana}")
		self.assertEqual(role["location"][0]["reference"], f"Location/site-{self.astana}")
		self.assertTrue(role["active"])
		self.assertEqual(self.search(f"/PractitionerRole?organization={self.karaganda}"), [self.surgeon_job])
		self.assertEqual(
			self.search(f"/PractitionerRole?location=Location/site-{self.karaganda}"), [self.surgeon_job]
		)
		self.assertIn(
			self.nurse_job, self.search(f"/PractitionerRole?location=region-KZ-71&practitioner={self.nurse}")
		)
		self.assertEqual(
			self.search(f"/PractitionerRole?role=Surgeon&organization={self.karaganda}"), [self.surgeon_job]
		)
		self.assertEqual(
			self.search(
				f"/PractitionerRole?specialty={quote(fhir.CS_SPECIALTY)}|Surgery&organization={self.karaganda}"
			),
			[self.surgeon_job],
		)
		self.assertEqual(self.search(f"/PractitionerRole?active=false&practitioner={self.nurse}"), [])
		self.assertEqual(self.search("/PractitionerRole?service=HealthcareService/x"), [])
		self.get("/PractitionerRole?practitioner=Organization/x", status=400)

	def test_organization_and_location(self):
		self.assertEqual(
			self.search(f"/Organization?identifier={quote(fhir.SID_BIN)}|{self.astana}"), [self.astana]
		)
		self.assertEqual(
			self.search(f"/Organization?name=Polyclinic {self.mark}&type=Polyclinic"), [self.astana]
		)
		self.assertEqual(self.search(f"/Organization?_id={self.astana}&active=false"), [])
		self.assertEqual(self.search("/Organization?partof=Organization/x"), [])
		country = self.get("/Location/region-KZ")
		self.assertEqual(country["identifier"][0], {"system": fhir.SID_REGION, "value": "KZ"})
		self.assertEqual(self.get("/Location/region-KZ-71")["partOf"]["reference"], "Location/region-KZ")
		self.assertEqual(
			self.search(f"/Location?identifier={quote(fhir.SID_REGION)}|KZ-35"), ["region-KZ-35"]
		)
		jurisdictions = self.search(f"/Location?type={fhir.MCSD_JURISDICTION}&partof=region-KZ&_count=500")
		self.assertIn("region-KZ-71", jurisdictions)
		self.assertFalse([i for i in jurisdictions if i.startswith("site-")])
		bundle = self.get(
			f"/Location?organization={self.astana}&status=active&_include=Location:organization"
		)
		self.assertEqual(
			(self.ids(bundle), self.ids(bundle, "include")), ([f"site-{self.astana}"], [self.astana])
		)
		site = bundle["entry"][0]["resource"]
		self.assertEqual(site["partOf"]["reference"], "Location/region-KZ-71")
		self.assertIn(
			f"site-{self.astana}",
			self.search(f"/Location?partof=region-KZ-71&name:contains=Polyclinic {self.mark}"),
		)

	def test_paging_by_cursor_and_total(self):
		make_entity("Astana")  # a third organisation, so that pages of two are more than one
		frappe.db.commit()
		first = self.get("/Organization?_count=2")
		self.assertNotIn("total", first)
		seen, bundle, pages = [], first, 0
		while bundle and pages < 4:
			seen += self.ids(bundle)
			following = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
			self.assertNotIn("offset", str(following).lower())
			bundle = self.get(following[0][following[0].index(BASE) + len(BASE) :]) if following else None
			pages += 1
		self.assertEqual(len(seen), len(set(seen)))
		self.assertEqual(seen, sorted(seen))
		counted = self.get("/Organization?_count=1&_total=accurate")
		# The entities and one jurisdiction Organization per region of the tree.
		regions = frappe.db.count("Region", {"code": ("is", "set")})
		self.assertEqual(counted["total"], frappe.db.count("Healthcare Entity") + regions)
		tampered = first["link"][1]["url"].replace("_cursor=", "_cursor=x")
		self.get(tampered[tampered.index(BASE) + len(BASE) :], status=400)
		self.assertEqual(
			len(self.ids(self.get("/Organization?_count=100000"))),
			min(fhir.COUNT_MAX, frappe.db.count("Healthcare Entity") + regions),
		)

	def test_history_since(self):
		since = (now_datetime() - timedelta(seconds=2)).strftime("%Y-%m-%dT%H:%M:%S")
		gone = make_employment(self.surgeon, self.karaganda, date(2010, 1, 1), date(2011, 1, 1)).name
		frappe.delete_doc("Employment", gone, ignore_permissions=True)
		removed = make_certificate(self.surgeon, date(2012, 1, 1), date(2014, 1, 1), specialty="Therapy").name
		frappe.delete_doc("Specialist Certificate", removed, ignore_permissions=True)
		frappe.db.set_value("Health Worker", self.nurse, "place_of_birth", "Астана")
		frappe.db.commit()
		bundle = self.get(f"/PractitionerRole/_history?_since={since}&_count=500")
		methods = {e["fullUrl"].rsplit("/", 1)[1]: e["request"]["method"] for e in bundle.get("entry", [])}
		self.assertEqual(methods.get(gone), "DELETE")
		practitioners = self.get(f"/Practitioner/_history?_since={since}&_count=500")
		changed = [e["resource"]["id"] for e in practitioners["entry"] if "resource" in e]
		self.assertIn(self.nurse, changed)
		# A removed certificate changes its holder's Practitioner, which stays.
		self.assertIn(self.surgeon, changed)
		# Paging through the changes by cursor gives the same changes, in the same order, none lost or repeated.
		whole = [(e["fullUrl"], e["request"]["method"]) for e in practitioners["entry"]]
		seen, path = [], f"/Practitioner/_history?_since={since}&_count=2"
		for _page in range(len(whole)):
			page = self.get(path)
			seen += [(e["fullUrl"], e["request"]["method"]) for e in page.get("entry", [])]
			following = [link["url"] for link in page["link"] if link["relation"] == "next"]
			if not following:
				break
			path = following[0][following[0].index(BASE) + len(BASE) :]
		self.assertEqual(seen, whole)
		# A region's client hears only of its region.
		regional = self.get(f"/PractitionerRole/_history?_since={since}&_count=500", "astana")
		self.assertNotIn(gone, str(regional))
		self.get("/Practitioner/_history", status=400)
		self.get("/Practitioner/_history?_since=yesterday", status=400)

	def test_includes_stay_in_the_client_scope(self):
		"""A worker who left Astana in 2013: the region's client still sees the old Astana role, but not
		the practitioner through _include, as a direct read of them gives 404 (issue 26)."""
		# Entities of its own, so that the other tests' searches by organisation see none of it.
		old, new = make_entity("Astana").name, make_entity("Karaganda Region").name
		mover = make_worker(new, last_name="Ауысова", first_name="Дана").name
		make_employment(mover, old, date(2010, 1, 1), date(2013, 6, 30))
		make_employment(mover, new, date(2013, 7, 1))
		frappe.db.commit()
		query = f"/PractitionerRole?practitioner=Practitioner/{mover}&_include=PractitionerRole:practitioner"
		bundle = self.get(query, "astana")
		self.assertEqual(len(self.ids(bundle)), 1)
		self.assertEqual(self.ids(bundle, "include"), [])
		self.get(f"/Practitioner/{mover}", "astana", status=404)
		self.assertEqual(self.ids(self.get(query), "include"), [mover])

	def test_comma_listed_values_are_capped(self):
		many = ",".join(f"HW-{n:07d}" for n in range(21))
		for who, parameter in (("national", "_id"), ("verify", "identifier")):
			outcome = self.get(f"/Practitioner?{parameter}={many}", who, status=400)
			self.assertEqual(outcome["issue"][0]["code"], "invalid", who)
		self.get(f"/Practitioner?_id={many.rsplit(',', 1)[0]}")

	def test_inputs_at_the_edges_are_answered_never_crash(self):
		"""Unicode digits, a non-ASCII cursor, the first and last moments there are (issue 28)."""
		answers = {
			"/Practitioner?_count=%C2%B2": 400,
			"/Practitioner?_count=%D9%A3": 400,
			"/Practitioner?_cursor=%C3%A9": 400,
			"/Practitioner?_lastUpdated=ge0001-01-01T00:00:00%2B14:00": 200,
			"/Practitioner?_lastUpdated=le9999-12-31T23:59:59-14:00": 200,
			"/Practitioner?_lastUpdated=9999": 200,
			"/Practitioner/_history?_since=0001-01-01T00:00:00%2B14:00&_count=1": 200,
			"/Practitioner/_history?_since=9999-12-31T23:59:59-14:00": 200,
		}
		for path, status in answers.items():
			body = self.get(path, status=status)
			if status == 400:
				self.assertEqual(body["issue"][0]["code"], "invalid", path)

	def test_http_answers_are_outcomes_with_their_headers(self):
		"""RFC 9110 and R4: a method the directory does not serve is a 405 with Allow, a failed
		credential a 401 with WWW-Authenticate, each an OperationOutcome, not an HTML page (issue 28)."""
		for method in ("PUT", "DELETE", "PATCH"):
			response = rest(method, f"{BASE}/Practitioner/{self.nurse}", self.tokens["national"])
			self.assertEqual(response.status_code, 405, method)
			self.assertEqual(response.headers["Allow"], "GET, HEAD")
			self.assertEqual(response.json["resourceType"], "OperationOutcome")
		credentials = {
			"wrong token": "token nokey:nosecret",
			"bearer": "Bearer abcdef",
			"basic": "Basic bm9rZXk6bm9zZWNyZXQ=",
			"broken basic": "Basic %%%",
		}
		for label, credential in credentials.items():
			response = rest("GET", f"{BASE}/Practitioner", None, headers={"Authorization": credential})
			self.assertEqual(response.status_code, 401, label)
			self.assertIn("Token", response.headers.get("WWW-Authenticate", ""), label)
			self.assertEqual(response.json["resourceType"], "OperationOutcome", label)
			self.assertLess(len(response.get_data()), 2000, label)
		response = rest("GET", f"{BASE}/Practitioner", None)
		self.assertEqual(
			(response.status_code, "Token" in response.headers.get("WWW-Authenticate", "")), (401, True)
		)

	def test_token_and_string_semantics(self):
		"""R4 search.html: `system|` is any code of the system; `name` covers every part of the name,
		the patronymic too (issue 28)."""
		any_code = f"identifier={SID_HEALTH_WORKER}|"
		self.assertEqual(self.search(f"/Practitioner?{any_code}&family={self.family}"), [self.surgeon])
		self.assertEqual(self.search(f"/Practitioner?_id={self.nurse}&name=Ерлановна"), [self.nurse])
		roles = f"/PractitionerRole?_id={SID_EMPLOYMENT}|&practitioner={self.nurse}"
		self.assertEqual(self.search(roles), [self.nurse_job])
		self.assertEqual(self.search(f"/Practitioner?_id=urn:other|{self.nurse}"), [])
		# A verification client names each person it checks: `system|` would list them all.
		self.get(f"/Practitioner?identifier={SID_HEALTH_WORKER}|", "verify", status=403)
		# _count=0: the number of matches, no entries, no next page (R4 search.html#count).
		counted = self.get(f"/Practitioner?family={self.family}&_count=0")
		self.assertEqual((counted["total"], counted.get("entry", [])), (1, []))
		self.assertNotIn("next", [link["relation"] for link in counted.get("link", [])])
		self.assertEqual(self.get("/Location?_count=0").get("entry", []), [])

	def test_outcomes_and_scopes(self):
		outcome = self.get("/Practitioner/HW-NOPE", status=404)
		self.assertEqual(outcome["issue"][0]["code"], "not-found")
		for bad in ("/Practitioner?_count=-1", "/Practitioner?name:fuzzy=x",
				"/Practitioner?_lastUpdated=tomorrow", "/Location?_include=PractitionerRole:practitioner"):  # fmt: skip
			self.assertEqual(self.get(bad, status=400)["issue"][0]["code"], "invalid", bad)
		# Another region's records do not exist for a region's client.
		self.get(f"/Practitioner/{self.surgeon}", "astana", status=404)
		self.assertEqual(self.search(f"/PractitionerRole?practitioner={self.surgeon}", "astana"), [])
		self.assertNotIn(
			f"site-{self.karaganda}", self.search(f"/Location?organization={self.karaganda}", "astana")
		)
		# No key, a user who is not a client, a disabled client: nothing.
		self.get("/Practitioner", "none", status=401)
		self.get("/Practitioner", "hr", status=403)
		frappe.db.set_value("Register API Client", f"Больница Астаны {self.mark}", "enabled", 0)
		frappe.db.commit()
		self.get("/Practitioner", "astana", status=403)
		frappe.db.set_value("Register API Client", f"Больница Астаны {self.mark}", "enabled", 1)
		frappe.db.commit()
		# The client's account opens none of Frappe's generic doors.
		for path in (f"/api/resource/Health Worker/{self.nurse}", "/api/resource/Health Worker"):
			self.assertNotEqual(rest("GET", path, self.tokens["national"]).status_code, 200, path)

	def test_unknown_parameters_are_ignored_unless_strict(self):
		"""R4 search.html#errors: a parameter the server does not know is ignored and left out of the links,
		unless the client prefers handling=strict (a 400). A known one it cannot take is refused either way."""
		plain = self.ids(self.get(f"/Practitioner?family={self.family}"))
		self.assertTrue(plain)
		strict = {"Prefer": "return=representation, handling=strict"}
		for extra in ("colour=red", "_sort=family", "_summary=count", "_elements=id", "birthdate=ge1980"):
			query = f"/Practitioner?family={self.family}&{extra}"
			lenient = self.get(query)
			self.assertEqual(self.ids(lenient), plain, extra)
			link = next(link["url"] for link in lenient["link"] if link["relation"] == "self")
			self.assertIn(f"family={quote(self.family)}", link)
			self.assertNotIn(extra.split("=")[0] + "=", link)
			refused = rest("GET", BASE + query, self.tokens["national"], headers=strict)
			self.assertEqual(refused.status_code, 400, extra)
			self.assertIn(extra.split("=")[0], refused.json["issue"][0]["diagnostics"])
		history = self.get("/Practitioner/_history?_since=2020-01-01&colour=red&_count=1")
		self.assertNotIn("colour", json.dumps(history["link"]))
		refused = rest("GET", BASE + "/Practitioner/_history?_since=2020-01-01&colour=red", self.tokens["national"],
			headers=strict)  # fmt: skip
		self.assertEqual(refused.status_code, 400)
		# Ignoring is for names only: a known parameter's bad value or modifier still refuses.
		self.get(f"/Practitioner?family:fuzzy={self.family}", status=400)

	def test_verification_scope(self):
		found = self.get(
			f"/Practitioner?identifier={quote(fhir.SID_CERTIFICATE)}|{self.nurse_cert}", "verify"
		)
		self.assertEqual(self.ids(found), [self.nurse])
		practitioner = found["entry"][0]["resource"]
		self.assertNotIn("birthDate", practitioner)
		self.assertNotIn(fhir.SID_IIN, str(practitioner))
		for path in (f"/Practitioner/{self.nurse}", "/Practitioner?name=Са", "/Organization",
				"/Practitioner/_history?_since=2026-01-01"):  # fmt: skip
			self.get(path, "verify", status=403)

	def test_reads_are_logged(self):
		frappe.db.commit()
		before = frappe.db.count("Register Access Log")
		self.get(f"/PractitionerRole?practitioner={self.nurse}")
		frappe.db.commit()
		row = frappe.get_all("Register Access Log", fields=["client", "interaction", "resource_type", "records",
			"status_code", "request"], order_by="creation desc", limit=1)[0]  # fmt: skip
		self.assertEqual(frappe.db.count("Register Access Log"), before + 1)
		self.assertEqual((row.client, row.interaction, row.resource_type, row.records, row.status_code),
			(f"National HIS {self.mark}", "search", "PractitionerRole", 1, 200))  # fmt: skip
		self.assertIn(self.nurse, row.request)


def messages(response) -> str:
	"""The translated messages of an error response."""
	return " ".join(json.loads(m)["message"] for m in json.loads(response.json.get("_server_messages", "[]")))


class TestLicenceCheck(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		entity = make_entity().name
		cls.worker = make_worker(entity, last_name="Абенова").name
		cls.iin = frappe.db.get_value("Health Worker", cls.worker, "iin")
		cls.valid = make_certificate(cls.worker, date(2022, 1, 1), add_days(today(), 400)).certificate_number
		cls.soon = make_certificate(
			cls.worker, date(2021, 1, 1), add_days(today(), 20), specialty="Therapy"
		).certificate_number
		cls.old = make_certificate(
			cls.worker, date(2010, 1, 1), date(2015, 1, 1), specialty="Pediatrics"
		).certificate_number
		frappe.db.commit()

	def check(self, status: int = 200, **query):
		response = rest("GET", "/api/method/profregister.api.verify_licence", None, query_string=query)
		self.assertEqual(response.status_code, status, response.get_data(as_text=True)[:300])
		return response.json.get("message")

	def test_states_by_number_and_by_number_with_iin_and_surname(self):
		states = {n: self.check(number=n)["licences"][0]["status"] for n in (self.valid, self.soon, self.old)}
		self.assertEqual(states, {self.valid: "valid", self.soon: "notice", self.old: "expired"})
		answer = self.check(number=self.valid, iin=self.iin, surname="Абенова")
		self.assertEqual([lic["certificate_number"] for lic in answer["licences"]], [self.valid])
		text = str(answer)
		self.assertNotIn(self.iin, text)
		self.assertNotIn("1985-04-12", text)
		self.assertEqual(self.check(number=self.valid, iin=self.iin, surname="Другая")["found"], False)
		# The access log keeps a keyed hash of the typed IIN and surname, never the values (issue 26).
		frappe.db.commit()
		logged = frappe.get_all("Register Access Log", filters={"interaction": "verify"}, pluck="request",
			order_by="creation desc", limit=1)[0]  # fmt: skip
		self.assertNotIn(self.iin, logged)
		self.assertNotIn("Другая", logged)
		self.assertIn(keyed_hash(self.iin), logged)
		self.assertEqual(self.check(number="NO-SUCH")["found"], False)
		ru = rest("GET", "/api/method/profregister.api.verify_licence", None,
			query_string={"number": self.old, "_lang": "ru"}).json["message"]  # fmt: skip
		self.assertEqual(ru["licences"][0]["status_text"], frappe._("Expired", lang="ru"))

	def test_iin_and_surname_alone_are_no_oracle(self):
		"""Without the certificate number an IIN and a surname answer nothing but a 417 naming the field,
		for a holder and a stranger alike."""
		for surname in ("Абенова", "Другая"):
			response = rest("GET", "/api/method/profregister.api.verify_licence", None,
				query_string={"iin": self.iin, "surname": surname, "_lang": "ru"})  # fmt: skip
			self.assertEqual(response.status_code, 417)
			text = messages(response)
			self.assertIn(frappe._("Certificate number", lang="ru"), text)
			self.assertNotIn("Абенова", text)
		surname = rest("GET", "/api/method/profregister.api.verify_licence", None,
			query_string={"number": self.valid, "iin": self.iin, "_lang": "ru"})  # fmt: skip
		self.assertEqual(surname.status_code, 417)
		self.assertIn(frappe._("Surname", lang="ru"), messages(surname))

	def test_checks_about_one_iin_are_limited_from_any_address(self):
		set_parameter(self, licence.TARGET_LIMIT, getdate(today()), 2)
		frappe.db.commit()
		frappe.cache.delete_keys("profregister:limit:licence")
		try:
			query = {"number": self.valid, "iin": self.iin, "surname": "Абенова", "_lang": "kk"}
			for address in ("10.0.0.1", "10.0.0.2", "10.0.0.3"):
				response = rest("GET", "/api/method/profregister.api.verify_licence", None,
					query_string=query, headers={"X-Forwarded-For": address})  # fmt: skip
			self.assertEqual(response.status_code, 429)
			self.assertIn(frappe._("IIN", lang="kk"), messages(response))
			self.assertNotIn(self.iin, response.get_data(as_text=True))
			# Another IIN, and the number alone, are still answered from the same address.
			self.check(number=self.valid)
			other = {**query, "iin": "000000000000"}
			self.assertEqual(self.check(**other)["found"], False)
		finally:
			frappe.cache.delete_keys("profregister:limit:licence")

	def test_blocked_and_bad_input_and_rate_limit(self):
		certificate = frappe.db.get_value("Specialist Certificate", {"certificate_number": self.old})
		frappe.db.set_value(
			"Health Worker",
			self.worker,
			{"blocking_certificate": certificate, "blocked_since": getdate(today())},
		)
		frappe.db.commit()
		self.assertEqual(self.check(number=self.old)["licences"][0]["status"], "blocked")
		self.check(417, iin=self.iin)
		self.check(417, iin=self.iin, surname="Абенова")
		self.check(417, number="x" * 200)
		frappe.cache.delete_keys("profregister:limit:licence")
		with patch("profregister.services.interoperability.licence.LIMIT", 2):
			self.check(number=self.valid)
			self.check(number=self.valid)
			self.check(429, number=self.valid)
		frappe.cache.delete_keys("profregister:limit:licence")
		frappe.db.set_value(
			"Health Worker", self.worker, {"blocking_certificate": None, "blocked_since": None}
		)
		frappe.db.commit()
