"""FHIR time, history order and current mCSD codes over real HTTP (issue 28): a record changed at a known
UTC instant is published as that instant and `_since` meets it to the second; _history is newest first
and pages exactly; facilities and jurisdictions carry the mCSD codes of IG 4.0 and are found by them."""

from datetime import date, datetime, timedelta, timezone
from urllib.parse import quote

import frappe
from fhir.resources.R4B import get_fhir_model_class
from frappe.utils import convert_utc_to_system_timezone

from profregister.domain import fhir
from profregister.domain.fhir.systems import CS_ENTITY_TYPE, MCSD_RETIRED_SYSTEM
from profregister.tests.factories import (
	CleanTestCase,
	make_certificate,
	make_employment,
	make_entity,
	make_worker,
)
from profregister.tests.rest import rest
from profregister.tests.test_fhir import BASE, client

# Far enough ahead that no other record of the site changed after it.
KNOWN = datetime(2099, 3, 1, 6, 30, 15, 250000, tzinfo=timezone.utc)


def frappe_stored(moment: datetime) -> datetime:
	"""A UTC moment as Frappe writes it into `modified` (frappe.utils.now_datetime's conversion)."""
	return convert_utc_to_system_timezone(moment).replace(tzinfo=None)


def zulu(moment: datetime) -> str:
	return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def utc_now() -> datetime:
	return frappe.db.sql("select utc_timestamp(6)")[0][0].replace(tzinfo=timezone.utc)


class TestFHIRHistory(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		cls.polyclinic = make_entity("Astana", entity_name=f"Polyclinic {run}", entity_type="Polyclinic").name
		cls.untyped = make_entity("Astana", entity_name=f"Clinic {run}").name
		cls.worker = make_worker(cls.polyclinic, last_name="Темірова", first_name="Айгерім").name
		cls.jobs = [
			make_employment(cls.worker, cls.polyclinic, date(2010 + i, 1, 1), date(2010 + i, 12, 31)).name
			for i in range(5)
		]
		cls.certificate = make_certificate(cls.worker, date(2022, 1, 10), date(2030, 1, 10)).name
		cls.token = client(f"History HIS {run}", "National", personal_data=1)
		frappe.db.commit()

	def get(self, path: str, status: int = 200) -> dict:
		response = rest("GET", BASE + path, self.token)
		self.assertEqual(response.status_code, status, (path, response.text[:500]))
		body = response.json
		get_fhir_model_class(body["resourceType"]).model_validate(body)
		return body

	def follow(self, path: str) -> list[dict]:
		"""The entries of every page, following the next links."""
		entries = []
		for _page in range(50):
			page = self.get(path)
			entries += page.get("entry", [])
			following = [link["url"] for link in page["link"] if link["relation"] == "next"]
			if not following:
				return entries
			path = following[0][following[0].index(BASE) + len(BASE) :]
		self.fail("more than 50 pages")

	def set_modified(self, doctype: str, name: str, moment: datetime):
		frappe.db.set_value(doctype, name, "modified", frappe_stored(moment), update_modified=False)

	def test_a_change_is_published_at_its_utc_instant(self):
		before = utc_now()
		frappe.db.set_value("Employment", self.jobs[0], "position", "Head nurse")  # stamped by Frappe
		frappe.db.commit()
		after = utc_now()
		role = self.get(f"/PractitionerRole/{self.jobs[0]}")
		published = datetime.fromisoformat(role["meta"]["lastUpdated"].replace("Z", "+00:00"))
		self.assertTrue(role["meta"]["lastUpdated"].endswith("Z"))
		self.assertGreaterEqual(published, before.replace(microsecond=before.microsecond // 1000 * 1000))
		self.assertLessEqual(published, after)
		self.set_modified("Employment", self.jobs[0], KNOWN)
		frappe.db.commit()
		self.assertEqual(self.get(f"/PractitionerRole/{self.jobs[0]}")["meta"]["lastUpdated"], zulu(KNOWN))
		found = self.get(f"/PractitionerRole?_id={self.jobs[0]}&_lastUpdated=eq{quote(zulu(KNOWN))}")
		self.assertEqual(len(found.get("entry", [])), 1)

	def test_since_meets_the_change_to_the_second(self):
		self.set_modified("Employment", self.jobs[1], KNOWN)
		frappe.db.commit()

		def changed(moment: datetime) -> list[str]:
			bundle = self.get(f"/PractitionerRole/_history?_since={quote(zulu(moment))}&_count=500")
			return [e["fullUrl"].rsplit("/", 1)[1] for e in bundle.get("entry", [])]

		self.assertNotIn(self.jobs[1], changed(KNOWN + timedelta(seconds=1)))
		self.assertIn(self.jobs[1], changed(KNOWN - timedelta(seconds=1)))
		# The same moment in another offset is the same moment.
		almaty = KNOWN.astimezone(timezone(timedelta(hours=5))).isoformat()
		bundle = self.get(f"/PractitionerRole/_history?_since={quote(almaty)}")
		self.assertIn(self.jobs[1], str(bundle))

	def test_history_is_newest_first_and_pages_exactly(self):
		"""R4 http.html#history: the oldest versions last; two changes at one moment by id, descending."""
		moments = [KNOWN + timedelta(seconds=s) for s in (3, 1, 2, 2, 5)]
		for job, moment in zip(self.jobs, moments, strict=True):
			self.set_modified("Employment", job, moment)
		frappe.db.commit()
		since = quote(zulu(KNOWN))
		whole = self.get(f"/PractitionerRole/_history?_since={since}&_count=500")["entry"]
		order = sorted(zip(moments, self.jobs, strict=True), reverse=True)
		self.assertEqual([e["fullUrl"].rsplit("/", 1)[1] for e in whole], [job for _m, job in order])
		self.assertEqual([e["response"]["lastModified"] for e in whole], [zulu(m) for m, _job in order])
		for count in (1, 2, 3):
			pages = self.follow(f"/PractitionerRole/_history?_since={since}&_count={count}")
			self.assertEqual([e["fullUrl"] for e in pages], [e["fullUrl"] for e in whole], count)
		# The Practitioner's history too: its latest change first.
		self.set_modified("Health Worker", self.worker, KNOWN + timedelta(seconds=4))
		frappe.db.commit()
		practitioners = self.get(f"/Practitioner/_history?_since={since}")["entry"]
		self.assertEqual(practitioners[0]["fullUrl"].rsplit("/", 1)[1], self.worker)

	def test_one_resources_history(self):
		"""R4 http.html#history at the instance level: the resource's changes, newest first, paged alike;
		a worker's certificate changes are their Practitioner's."""
		self.set_modified("Health Worker", self.worker, KNOWN + timedelta(seconds=4))
		self.set_modified("Specialist Certificate", self.certificate, KNOWN + timedelta(seconds=6))
		self.set_modified("Employment", self.jobs[4], KNOWN + timedelta(seconds=5))
		frappe.db.commit()
		entries = self.get(f"/Practitioner/{self.worker}/_history")["entry"]
		moments = [e["response"]["lastModified"] for e in entries]
		self.assertEqual(moments[:2], [zulu(KNOWN + timedelta(seconds=s)) for s in (6, 4)])
		self.assertEqual({e["fullUrl"].rsplit("/", 1)[1] for e in entries}, {self.worker})
		paged = self.follow(f"/Practitioner/{self.worker}/_history?_count=1")
		self.assertEqual([e["response"]["lastModified"] for e in paged], moments)
		since = quote(zulu(KNOWN + timedelta(seconds=5)))
		self.assertEqual(len(self.get(f"/Practitioner/{self.worker}/_history?_since={since}")["entry"]), 1)
		role = self.get(f"/PractitionerRole/{self.jobs[4]}/_history")["entry"]
		self.assertEqual([e["fullUrl"].rsplit("/", 1)[1] for e in role], [self.jobs[4]])
		region = self.get("/Location/region-KZ-71/_history")["entry"]
		self.assertEqual([e["fullUrl"].rsplit("/", 1)[1] for e in region], ["region-KZ-71"])
		self.assertEqual(self.get(f"/Location/site-{self.polyclinic}/_history")["entry"][0]["resource"]["id"],
			f"site-{self.polyclinic}")  # fmt: skip
		self.get("/PractitionerRole/EMP-nobody/_history", status=404)
		self.get("/Location/region-XX-00/_history", status=404)

	def test_facilities_and_jurisdictions_carry_the_current_mcsd_codes(self):
		site = self.get(f"/Location/site-{self.polyclinic}")
		codings = [c for t in site["type"] for c in t["coding"]]
		self.assertIn({"system": fhir.MCSD_TYPES, "code": "facility", "display": "Facility"}, codings)
		# MCSDFacilityLocation: two types at least, one of v3-ServiceDeliveryLocationRoleType.
		self.assertIn(("OF", fhir.ROLE_CODE), [(c["code"], c["system"]) for c in codings])
		self.assertIn(("Polyclinic", CS_ENTITY_TYPE), [(c["code"], c["system"]) for c in codings])
		hospital = make_entity("Astana", entity_type="Hospital").name
		frappe.db.commit()
		codings = [c for t in self.get(f"/Location/site-{hospital}")["type"] for c in t["coding"]]
		self.assertIn(("HOSP", fhir.ROLE_CODE), [(c["code"], c["system"]) for c in codings])
		untyped = self.get(f"/Location/site-{self.untyped}")
		self.assertGreaterEqual(len(untyped["type"]), 2)
		self.assertNotIn("urn:ihe:iti:mcsd", str([site, untyped]))
		organization = self.get(f"/Organization/{self.polyclinic}")
		self.assertEqual(organization["type"][0]["coding"][0]["code"], "facility")
		region = self.get("/Location/region-KZ-71")
		self.assertEqual(region["type"][0]["coding"][0], {"system": fhir.MCSD_TYPES, "code": "jurisdiction",
			"display": "Jurisdiction"})  # fmt: skip

	def test_a_current_mcsd_client_finds_facilities_by_type(self):
		def sites(query: str) -> set[str]:
			bundle = self.get(f"/Location?{query}&partof=region-KZ-71&_count=500")
			return {e["resource"]["id"] for e in bundle.get("entry", [])}

		ours = {f"site-{self.polyclinic}", f"site-{self.untyped}"}
		facility = sites(f"type={quote(fhir.MCSD_TYPES)}|facility")
		self.assertLessEqual(ours, facility)
		self.assertFalse([i for i in facility if i.startswith("region-")])
		self.assertLessEqual(ours, sites("type=facility"))
		# The code mCSD retired in 2022 still finds them (systems.MCSD_RETIRED).
		self.assertLessEqual(ours, sites(f"type={quote(MCSD_RETIRED_SYSTEM)}|urn:ihe:iti:mcsd:2019:facility"))
		# By the service delivery location type and by the entity type.
		self.assertLessEqual(ours, sites(f"type={quote(fhir.ROLE_CODE)}|OF"))
		self.assertNotIn(f"site-{self.polyclinic}", sites(f"type={quote(fhir.ROLE_CODE)}|HOSP"))
		by_type = sites(f"type={quote(CS_ENTITY_TYPE)}|Polyclinic")
		self.assertIn(f"site-{self.polyclinic}", by_type)
		self.assertNotIn(f"site-{self.untyped}", by_type)
		jurisdictions = self.get(
			f"/Location?type={quote(fhir.MCSD_TYPES)}|jurisdiction&partof=region-KZ&_count=500"
		)
		ids = [e["resource"]["id"] for e in jurisdictions["entry"]]
		self.assertIn("region-KZ-71", ids)
		self.assertFalse([i for i in ids if i.startswith("site-")])
		organizations = self.get(
			f"/Organization?_id={self.polyclinic}&type={quote(fhir.MCSD_TYPES)}|facility"
		)
		self.assertEqual(len(organizations["entry"]), 1)

	def test_a_worker_who_left_a_region_clients_area_is_a_delete_to_it(self):
		"""ITI-91: a Region client hears that a practitioner left its area (a DELETE: to it the record is
		gone), not silence; the worker's own data stays out of the entry."""
		run = frappe.generate_hash(length=6)
		karaganda = make_entity(
			"Karaganda Region", entity_name=f"Hospital {run}", entity_type="Hospital"
		).name
		worker = make_worker(karaganda, last_name="Жұмабаева", first_name="Әсел").name
		job = make_employment(worker, karaganda, date(2019, 3, 1))
		regional = client(f"History region {run}", "Region", "Karaganda Region", personal_data=1)
		frappe.db.commit()
		since = zulu(utc_now() - timedelta(seconds=1))
		job.update({"end_date": date.today() - timedelta(days=1), "end_reason": "Transfer"})
		job.save(ignore_permissions=True)
		make_employment(worker, self.polyclinic, date.today())
		frappe.db.commit()
		self.assertEqual(frappe.db.get_value("Health Worker", worker, "current_region"), "Astana")
		response = rest("GET", f"{BASE}/Practitioner/_history?_since={quote(since)}", regional)
		self.assertEqual(response.status_code, 200, response.text[:500])
		entries = [e for e in response.json.get("entry", []) if e["request"]["url"].endswith(worker)]
		self.assertTrue(entries, "the worker who left is in the region client's history")
		self.assertEqual({e["request"]["method"] for e in entries}, {"DELETE"})
		self.assertFalse([e for e in entries if "resource" in e], "a DELETE carries no data of the worker")
