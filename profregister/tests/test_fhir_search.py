"""FHIR R4 search over real HTTP (issue 28): `_lastUpdated` as the range of its precision with every prefix,
the search by POST, and a CapabilityStatement that states what the parser takes."""

from datetime import date, datetime
from urllib.parse import parse_qsl, quote, urlsplit

import frappe
import pytz
from fhir.resources.R4B import get_fhir_model_class
from frappe.utils import get_system_timezone

from profregister.domain.fhir.search import COMMON, COUNT_MAX, HISTORY, RESULT, SEARCH
from profregister.services.interoperability.fhir.handler import keyed_hash
from profregister.tests.factories import CleanTestCase, make_certificate, make_entity, make_worker
from profregister.tests.rest import rest
from profregister.tests.test_fhir import BASE, client

FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class TestFHIRSearch(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		cls.family = "Жан" + "".join("абвгдежзиклмнопр"[int(c, 16)] for c in run)
		entity = make_entity("Astana", entity_name=f"Clinic {run}").name
		cls.worker = make_worker(entity, last_name=cls.family, first_name="Асель").name
		cls.other = make_worker(entity, last_name=cls.family, first_name="Бота").name
		make_certificate(cls.worker, date(2022, 1, 10), date(2030, 1, 10))
		# Stored to the microsecond, published to the millisecond in UTC: the moment Frappe's own clock
		# (pytz, the system zone) stores as 2026-12-01 00:00:00.000400.
		stored = datetime(2026, 12, 1, 0, 0, 0, 400)
		frappe.db.set_value("Health Worker", cls.worker, "modified", stored, update_modified=False)
		moment = pytz.timezone(get_system_timezone()).localize(stored).astimezone(pytz.utc)
		cls.published = moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
		frappe.db.set_value("Specialist Certificate", {"health_worker": cls.worker}, "modified",
			datetime(2026, 6, 1), update_modified=False)  # fmt: skip
		cls.tokens = {
			"national": client(f"National search {run}", "National", personal_data=1),
			"verify": client(f"Check search {run}", "Verification only"),
		}
		frappe.db.commit()

	def request(self, method: str, path: str, who: str | None = "national", status: int = 200, **kwargs):
		response = rest(method, BASE + path, self.tokens.get(who), **kwargs)
		body = response.json
		self.assertEqual(response.status_code, status, (method, path, str(body)[:500]))
		self.assertEqual(response.headers["Content-Type"], "application/fhir+json; charset=utf-8")
		get_fhir_model_class(body["resourceType"]).model_validate(body)
		return body, response

	def found(self, last_updated: str) -> bool:
		query = f"/Practitioner?_id={self.worker}&_lastUpdated={quote(last_updated)}"
		return bool(self.request("GET", query)[0].get("entry"))

	def test_last_updated_is_the_range_of_its_precision(self):
		"""R4 search.html#prefix: a day is the whole day, a second the whole second; gt after its end,
		ge from its start; the published millisecond, not the stored microsecond."""
		body = self.request("GET", f"/Practitioner/{self.worker}")[0]
		self.assertEqual(body["meta"]["lastUpdated"], self.published)
		cases = {"eq2026-12-01": True, "2026-12": True, "gt2026-12-01": False, "ge2026-12-01": True,
			"lt2026-12-01": False, "le2026-12-01": True, "gt2026-11-30": True, "sa2026-11-30": True,
			"eb2026-12-02": True, "ne2026-12-01": False, "ne2026-11-30": True,
			"eq2026-12-01T00:00:00": True, "gt2026-12-01T00:00:00": False, "eq2026-12-01T00:00:00.000": True,
			"gt2026-12-01T00:00:00.000": False, "lt2026-12-01T00:00:00.001": True, "eq2026-12-01T00:00": True,
			"2020-01-01,2026-12-01": True, "ap2026-12-01": True}  # fmt: skip
		for value, expected in cases.items():
			self.assertEqual(self.found(value), expected, value)

	def test_offsets_are_honoured(self):
		utc = self.published[:19]
		self.assertTrue(self.found(f"eq{utc}Z"))
		self.assertFalse(self.found(f"gt{utc}Z"))
		self.assertTrue(self.found(f"ge{utc}+00:00"))
		self.assertFalse(self.found(f"lt{utc}Z"))

	def test_a_practitioner_is_as_recent_as_its_latest_part(self):
		"""meta.lastUpdated is the latest of the worker and their certificates: an earlier certificate
		does not make the Practitioner match an earlier range."""
		self.assertFalse(self.found("lt2026-07-01"))
		self.assertFalse(self.found("eq2026-06-01"))
		frappe.db.set_value("Specialist Certificate", {"health_worker": self.worker}, "modified",
			datetime(2026, 12, 3, 12), update_modified=False)  # fmt: skip
		frappe.db.commit()
		try:
			self.assertTrue(self.found("eq2026-12-03"))
			self.assertFalse(self.found("le2026-12-02"))
			self.assertTrue(self.found("gt2026-12-02"))
		finally:
			frappe.db.set_value("Specialist Certificate", {"health_worker": self.worker}, "modified",
				datetime(2026, 6, 1), update_modified=False)  # fmt: skip
			frappe.db.commit()

	def test_bad_dates_are_a_400_naming_the_parameter(self):
		for value in (
			"xx2026-12-01",
			"gte2026",
			"2026-12-01T10",
			"2026-13-01",
			"2026-12-01T10:00:00+15:00",
			"2026-12-01 10:00",
		):
			body = self.request("GET", f"/Practitioner?_lastUpdated={quote(value)}", status=400)[0]
			self.assertEqual(body["issue"][0]["code"], "invalid", value)
			self.assertIn("_lastUpdated", body["issue"][0]["diagnostics"], value)
		body = self.request("GET", "/Practitioner/_history?_since=yesterday", status=400)[0]
		self.assertIn("_since", body["issue"][0]["diagnostics"])

	def test_post_search_is_the_get_search(self):
		"""R4 http.html#search: POST [type]/_search with a form body, the URL's parameters joined."""
		get = self.request("GET", f"/Practitioner?family={quote(self.family)}&_total=accurate")[0]
		post, _response = self.request("POST", "/Practitioner/_search?_total=accurate", headers=FORM,
			data={"family": self.family})  # fmt: skip
		ids = lambda bundle: [e["resource"]["id"] for e in bundle.get("entry", [])]  # noqa: E731
		self.assertEqual(ids(post), sorted([self.worker, self.other]))
		self.assertEqual((ids(post), post["total"]), (ids(get), get["total"]))
		# The self link is the search as a GET, with the parameters used.
		self_url = next(link["url"] for link in post["link"] if link["relation"] == "self")
		parts = urlsplit(self_url)
		self.assertTrue(parts.path.endswith(f"{BASE}/Practitioner"), self_url)
		self.assertEqual(
			sorted(parse_qsl(parts.query)), sorted([("_total", "accurate"), ("family", self.family)])
		)
		# Its next page is a GET the client follows as it would a GET search's.
		first, _response = self.request("POST", "/Practitioner/_search", headers=FORM,
			data={"family": self.family, "_count": "1"})  # fmt: skip
		following = next(link["url"] for link in first["link"] if link["relation"] == "next")
		second = self.request("GET", following[following.index(BASE) + len(BASE) :])[0]
		self.assertEqual(ids(first) + ids(second), ids(get))

	def test_post_search_keeps_the_gate_and_the_log(self):
		frappe.db.commit()
		before = frappe.db.count("Register Access Log")
		self.request("POST", "/Practitioner/_search", headers=FORM, data={"family": self.family})
		frappe.db.commit()
		row = frappe.get_all("Register Access Log", fields=["interaction", "resource_type", "records", "request"],
			order_by="creation desc", limit=1)[0]  # fmt: skip
		self.assertEqual(frappe.db.count("Register Access Log"), before + 1)
		self.assertEqual((row.interaction, row.resource_type, row.records), ("search", "Practitioner", 2))
		self.assertNotIn(self.family, row.request)
		self.assertIn(keyed_hash(self.family), row.request)
		# The same scopes as GET: a verification client names people by identifier only.
		self.request(
			"POST", "/Practitioner/_search", "verify", 403, headers=FORM, data={"family": self.family}
		)
		self.request("POST", "/Practitioner/_search", None, 401, headers=FORM, data={"family": self.family})
		strict = {**FORM, "Prefer": "handling=strict"}
		self.request("POST", "/Practitioner/_search", headers=strict, data={"colour": "red"}, status=400)
		ignored = self.request("POST", "/Practitioner/_search", headers=FORM, data={"colour": "red"})[0]
		self.assertNotIn("colour", ignored["link"][0]["url"])
		body = self.request("POST", "/Practitioner/_search", headers=FORM, data={"_count": "100000"})[0]
		self.assertLessEqual(len(body.get("entry", [])), COUNT_MAX)

	def test_other_posts_stay_405(self):
		for path in (
			"/Practitioner",
			f"/Practitioner/{self.worker}",
			"/metadata",
			"/_search",
			"/Practitioner/_history",
		):
			body, response = self.request("POST", path, status=405, headers=FORM, data={"family": "x"})
			self.assertEqual(response.headers["Allow"], "GET, HEAD", path)
		body, response = self.request("PUT", "/Practitioner/_search", status=405)
		self.assertEqual(response.headers["Allow"], "GET, HEAD, POST")
		body, response = self.request("POST", "/Practitioner/_search", status=415, data="{}",
			headers={"Content-Type": "application/json"})  # fmt: skip
		self.assertEqual(body["issue"][0]["code"], "not-supported")

	def test_capability_statement_states_what_is_served(self):
		statement = self.request("GET", "/metadata", None)[0]
		rest_ = statement["rest"][0]
		self.assertIn("application/fhir+json", statement["format"])
		self.assertEqual({p["name"] for p in rest_["searchParam"]}, {p.name for p in RESULT})
		for described in rest_["resource"]:
			resource = described["type"]
			params = {p["name"]: p for p in described["searchParam"]}
			self.assertEqual(set(params), {p.name for p in (*COMMON, *SEARCH[resource])}, resource)
			self.assertTrue(all(p["documentation"] and p["type"] for p in params.values()), resource)
			self.assertEqual(params["_lastUpdated"]["type"], "date")
			codes = [i["code"] for i in described["interaction"]]
			history = ["history-type", "history-instance"] if resource in HISTORY else []
			self.assertEqual(codes, ["read", "search-type", *history], resource)
			search = next(i for i in described["interaction"] if i["code"] == "search-type")
			self.assertIn("_search", search["documentation"])
