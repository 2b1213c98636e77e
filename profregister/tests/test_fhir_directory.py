"""The mCSD directory beyond workers, over real HTTP (issue 28): jurisdiction Organizations managing the
region Locations, HealthcareService by entity and specialty (and PractitionerRole?service=), the
directory's Endpoint, _include and _revinclude as ITI-90 lists them, each within the client's scope."""

from datetime import date

import frappe
from fhir.resources.R4B import get_fhir_model_class
from frappe.installer import update_site_config
from frappe.utils import add_days, today

from profregister.domain.fhir.resources import service_id
from profregister.domain.fhir.search import RESOURCES
from profregister.domain.fhir.systems import MCSD_JURISDICTION, MCSD_TYPES
from profregister.services.interoperability.fhir.healthcare_services import catalogue
from profregister.services.interoperability.fhir.organizations import OPERATOR
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest
from profregister.tests.test_fhir import BASE, client


class TestFHIRDirectory(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		cls.astana = make_entity("Astana", entity_name=f"Directory clinic {run}").name
		cls.karaganda = make_entity("Karaganda Region", entity_name=f"Directory hospital {run}").name
		worker = make_worker(cls.astana).name
		cls.job = make_employment(
			worker, cls.astana, date(2019, 3, 1), position="Surgeon", specialty="Surgery"
		).name
		cls.old_job = make_employment(worker, cls.astana, date(2010, 1, 1), date(2011, 1, 1)).name
		other = make_worker(cls.karaganda).name
		cls.far_job = make_employment(other, cls.karaganda, date(2020, 1, 1), specialty="Surgery").name
		cls.tokens = {
			"national": client(f"Directory national {run}", "National"),
			"astana": client(f"Directory Astana {run}", "Region", "Astana"),
			"verify": client(f"Directory check {run}", "Verification only"),
		}
		# Staffing lines: one in force (a service without an employment), one from next month (not yet).
		for entity, specialty, start in ((cls.karaganda, "Pediatrics", date(2024, 1, 1)),
			(cls.astana, "Cardiology", add_days(today(), 30))):  # fmt: skip
			frappe.get_doc({"doctype": "Staffing Table", "healthcare_entity": entity, "position": "Nurse",
				"specialty": specialty, "effective_from": start, "approved_fte": 2}).insert(ignore_permissions=True)  # fmt: skip
		hr = make_user(f"hr.directory.{run}@test.profregister.kz")
		link_user_to_entity(hr, cls.astana)
		cls.tokens["hr"] = api_token(hr)
		frappe.db.commit()
		key = catalogue()["Surgery"]["key"]
		cls.surgery = service_id(cls.astana, key)
		cls.far_surgery = service_id(cls.karaganda, key)
		cls.nursing = service_id(cls.astana, catalogue()["Nursing"]["key"])
		cls.cardiology = service_id(cls.astana, catalogue()["Cardiology"]["key"])
		cls.pediatrics = service_id(cls.karaganda, catalogue()["Pediatrics"]["key"])

	def get(self, path: str, who: str = "national", status: int = 200) -> dict:
		response = rest("GET", BASE + path, self.tokens.get(who))
		body = response.json
		self.assertEqual(response.status_code, status, (path, str(body)[:500]))
		get_fhir_model_class(body["resourceType"]).model_validate(body)
		return body

	def ids(self, bundle: dict, mode: str = "match") -> list[str]:
		return [f"{e['resource']['resourceType']}/{e['resource']['id']}" for e in bundle.get("entry", [])
			if e["search"]["mode"] == mode]  # fmt: skip

	def test_jurisdictions_are_organizations_managing_the_regions(self):
		astana = frappe.db.get_value("Region", "Astana", "code")
		org = self.get(f"/Organization/region-{astana}")
		self.assertIn(MCSD_JURISDICTION, [c["code"] for t in org["type"] for c in t.get("coding", [])])
		location = self.get(f"/Location/region-{astana}")
		self.assertEqual(location["managingOrganization"]["reference"], f"Organization/region-{astana}")
		entity = self.get(f"/Organization/{self.astana}")
		self.assertEqual(entity["partOf"]["reference"], f"Organization/region-{astana}")
		found = self.get(f"/Organization?type={MCSD_TYPES}|{MCSD_JURISDICTION}&_count=500")
		self.assertIn(f"Organization/region-{astana}", self.ids(found))
		self.assertNotIn(f"Organization/{self.astana}", self.ids(found))
		self.assertIn(
			f"Organization/{self.astana}", self.ids(self.get(f"/Organization?partof=region-{astana}"))
		)
		# Location:organization brings the jurisdiction along; a region's client sees its own regions only.
		managed = self.get(f"/Location?organization=Organization/region-{astana}")
		self.assertEqual(self.ids(managed), [f"Location/region-{astana}"])
		included = self.get(f"/Location?_id=region-{astana}&_include=Location:organization")
		self.assertEqual(self.ids(included, "include"), [f"Organization/region-{astana}"])
		regional = self.get(f"/Organization?type={MCSD_TYPES}|{MCSD_JURISDICTION}&_count=500", "astana")
		karaganda = frappe.db.get_value("Region", "Karaganda Region", "code")
		self.assertIn(f"Organization/region-{astana}", self.ids(regional))
		self.assertNotIn(f"Organization/region-{karaganda}", self.ids(regional))
		self.get(f"/Organization/region-{karaganda}", "astana", status=404)
		self.get(f"/Organization/region-{astana}", "verify", status=403)

	def test_every_resource_type_is_behind_the_gate(self):
		"""Each type, new ones included: a client of the country or a region searches it, a verification
		client does not (Practitioner by identifier only), nor an account that is no client, nor a guest."""
		for resource in RESOURCES:
			self.get(f"/{resource}?_count=1")
			self.get(f"/{resource}?_count=1", "astana")
			if resource != "Practitioner":
				self.get(f"/{resource}?_count=1", "verify", status=403)
			self.get(f"/{resource}?_count=1", "hr", status=403)
			self.get(f"/{resource}?_count=1", "none", status=401)

	def test_a_jurisdiction_changes_in_the_organization_history(self):
		since = frappe.utils.now_datetime().strftime("%Y-%m-%dT%H:%M:%S")
		astana = frappe.db.get_value("Region", "Astana", "code")
		frappe.db.set_value(
			"Region", "Astana", "modified", frappe.utils.now_datetime(), update_modified=False
		)
		frappe.db.commit()
		changes = self.get(f"/Organization/_history?_since={since}&_count=500")
		entries = [
			e for e in changes.get("entry", []) if e["fullUrl"].endswith(f"/Organization/region-{astana}")
		]
		self.assertEqual([e["request"]["method"] for e in entries], ["PUT"])
		self.assertEqual(entries[0]["resource"]["id"], f"region-{astana}")

	def test_healthcare_services_by_entity_and_specialty(self):
		service = self.get(f"/HealthcareService/{self.surgery}")
		self.assertEqual(service["providedBy"]["reference"], f"Organization/{self.astana}")
		self.assertEqual(service["location"][0]["reference"], f"Location/site-{self.astana}")
		self.assertTrue(service["active"])
		# The ended employment's specialty is a service no longer offered.
		self.assertFalse(self.get(f"/HealthcareService/{self.nursing}")["active"])
		# From the staffing table alone: in force, or not yet.
		self.assertTrue(self.get(f"/HealthcareService/{self.pediatrics}")["active"])
		self.assertFalse(self.get(f"/HealthcareService/{self.cardiology}")["active"])
		by_org = self.ids(
			self.get(f"/HealthcareService?organization=Organization/{self.astana}&active=false,true")
		)
		self.assertEqual(
			sorted(by_org),
			sorted(f"HealthcareService/{i}" for i in (self.surgery, self.nursing, self.cardiology)),
		)
		self.assertEqual(
			self.ids(
				self.get(f"/HealthcareService?location=site-{self.astana}&service-type=Surgery&active=true")
			),
			[f"HealthcareService/{self.surgery}"],
		)
		self.assertEqual(self.ids(self.get(f"/HealthcareService?_id={self.surgery}&active=false")), [])
		# Pages of one walk every service once.
		seen, path = [], "/HealthcareService?specialty=Surgery&_count=1"
		for _page in range(200):
			bundle = self.get(path)
			seen += self.ids(bundle)
			following = [link["url"] for link in bundle["link"] if link["relation"] == "next"]
			if not following:
				break
			path = following[0][following[0].index(BASE) + len(BASE) :]
		self.assertEqual(len(seen), len(set(seen)))
		self.assertTrue(
			{f"HealthcareService/{self.surgery}", f"HealthcareService/{self.far_surgery}"} <= set(seen)
		)
		# A region's client: its region's services only; a verification client: none.
		self.get(f"/HealthcareService/{self.far_surgery}", "astana", status=404)
		self.assertNotIn(
			self.far_surgery, str(self.get("/HealthcareService?specialty=Surgery&_count=500", "astana"))
		)
		self.get("/HealthcareService?specialty=Surgery", "verify", status=403)
		self.get("/HealthcareService/_history?_since=2020-01-01", status=400)

	def test_roles_by_service(self):
		roles = self.get(f"/PractitionerRole?service=HealthcareService/{self.surgery}")
		self.assertEqual(self.ids(roles), [f"PractitionerRole/{self.job}"])
		role = self.get(f"/PractitionerRole/{self.job}")
		self.assertEqual(role["healthcareService"], [{"reference": f"HealthcareService/{self.surgery}"}])
		self.assertEqual(self.ids(self.get("/PractitionerRole?service=HealthcareService/123-unknown")), [])

	def test_endpoint_and_includes(self):
		directory = self.get("/Endpoint/directory")
		self.assertEqual(directory["connectionType"]["code"], "hl7-fhir-rest")
		self.assertTrue(directory["address"].endswith(BASE))
		self.assertEqual(self.ids(self.get("/Endpoint?status=active")), ["Endpoint/directory"])
		self.assertEqual(self.ids(self.get("/Endpoint?identifier=x")), [])
		# No operator named: nothing to include, and no 400.
		bundle = self.get(f"/Organization?_id={self.astana}&_include=Organization:endpoint"
			"&_revinclude=Location:organization&_revinclude=OrganizationAffiliation:primary-organization")  # fmt: skip
		self.assertEqual(self.ids(bundle), [f"Organization/{self.astana}"])
		self.assertEqual(self.ids(bundle, "include"), [f"Location/site-{self.astana}"])
		# A region's client: the include stays within its scope.
		other = self.get(f"/Organization?_id={self.karaganda}&_revinclude=Location:organization", "astana")
		self.assertEqual(self.ids(other, "include"), [])
		self.get("/Organization?_revinclude=PractitionerRole:organization", status=400)

	def test_the_operator_manages_the_endpoint(self):
		"""With the register's operator named (site config), the Endpoint is its, and its Organization lists
		it: Organization:endpoint brings it along."""
		update_site_config(OPERATOR, self.astana)
		try:
			directory = self.get("/Endpoint/directory")
			self.assertEqual(directory["managingOrganization"]["reference"], f"Organization/{self.astana}")
			self.assertEqual(
				self.ids(self.get(f"/Endpoint?organization={self.astana}")), ["Endpoint/directory"]
			)
			bundle = self.get(
				f"/Organization?_id={self.astana},{self.karaganda}&_include=Organization:endpoint"
			)
			self.assertEqual(self.ids(bundle, "include"), ["Endpoint/directory"])
			self.assertEqual(
				self.get(f"/Organization/{self.astana}")["endpoint"], [{"reference": "Endpoint/directory"}]
			)
			self.assertNotIn("endpoint", self.get(f"/Organization/{self.karaganda}"))
		finally:
			update_site_config(OPERATOR, "None")
		self.assertNotIn("managingOrganization", self.get("/Endpoint/directory"))

	def test_totals_and_odd_values(self):
		"""_total and _count=0 count the services; whatever a value holds, the answer is a 200 or a 400."""
		counted = self.get(f"/HealthcareService?organization={self.astana}&_total=accurate")
		self.assertEqual(counted["total"], 3)
		self.assertEqual(self.get(f"/HealthcareService?organization={self.astana}&_count=0")["total"], 3)
		counted = self.get("/Organization?_count=0")
		self.assertEqual(counted["total"], len(self.ids(self.get("/Organization?_count=500"))))
		self.assertNotIn("entry", counted)
		self.assertEqual([link["relation"] for link in counted["link"]], ["self"])
		odd = (
			"x",
			"'",
			"\\'",
			"-",
			"a-",
			"-b",
			"999999999999-~",
			"region-",
			"site-",
			"%",
			"Surgery|x",
			"|",
			"a,b",
		)
		for resource, name in (("HealthcareService", "_id"), ("HealthcareService", "identifier"),
			("HealthcareService", "service-type"), ("HealthcareService", "location"), ("HealthcareService", "name"),
			("PractitionerRole", "service"), ("Organization", "partof"), ("Organization", "identifier"),
			("Endpoint", "organization"), ("Endpoint", "connection-type"), ("PractitionerRole", "location"),
			("Location", "partof"), ("Location", "organization")):  # fmt: skip
			for value in odd:
				response = rest(
					"GET", f"{BASE}/{resource}", self.tokens["national"], query_string={name: value}
				)
				self.assertIn(response.status_code, (200, 400), (resource, name, value, response.text[:300]))
