"""Scope rules, proved in the desk's Python API and over the REST API."""

import json
from datetime import date

import frappe

from profregister.access.reports import region_filter
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest


class TestScope(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.a = make_entity("Astana").name
		cls.b = make_entity("Karaganda Region").name
		# Committed data outlive the run: fresh users keep a re-run on the same site independent.
		run = frappe.generate_hash(length=6)
		cls.hr_a = make_user(f"hr.a.{run}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.b.{run}@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Specialist")
		cls.regional = make_user(f"astana.dept.{run}@test.profregister.kz")
		link_user_to_region(cls.regional, "Astana")
		cls.coordinator = make_user("coordinator@test.profregister.kz", "National Coordinator")
		cls.worker_a = make_worker(cls.a).name
		cls.worker_b = make_worker(cls.b).name
		make_employment(cls.worker_a, cls.a, date(2018, 2, 1))
		make_employment(cls.worker_b, cls.b, date(2019, 9, 1))
		cls.cert_b = make_certificate(cls.worker_b, date(2023, 1, 1), date(2028, 1, 1)).name
		cls.token_a = api_token(cls.hr_a)
		# The REST requests run on their own connection: they must see this data.
		frappe.db.commit()

	def tearDown(self):
		frappe.set_user("Administrator")

	def test_hr_sees_own_entity_only(self):
		frappe.set_user(self.hr_a)
		self.assertTrue(frappe.has_permission("Health Worker", "read", self.worker_a))
		self.assertFalse(frappe.has_permission("Health Worker", "read", self.worker_b))
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc("Health Worker", self.worker_b).check_permission("read")
		entities = set(frappe.get_list("Health Worker", pluck="current_entity", limit=0))
		self.assertEqual(entities, {self.a})
		self.assertEqual(set(frappe.get_list("Employment", pluck="healthcare_entity", limit=0)), {self.a})
		self.assertFalse(frappe.get_list("Specialist Certificate", filters={"name": self.cert_b}))

	def test_hr_cannot_write_outside_entity(self):
		frappe.set_user(self.hr_a)
		worker = frappe.get_doc("Health Worker", self.worker_b)
		worker.place_of_birth = "Elsewhere"
		with self.assertRaises(frappe.PermissionError):
			worker.save()
		with self.assertRaises(frappe.PermissionError):
			make_worker(self.b, ignore_permissions=False)
		frappe.set_user("Administrator")
		self.assertNotEqual(
			frappe.db.get_value("Health Worker", self.worker_b, "place_of_birth"), "Elsewhere"
		)

	def test_report_view_is_scoped(self):
		from frappe.desk.reportview import get

		frappe.set_user(self.hr_a)
		frappe.local.form_dict = frappe._dict(
			doctype="Health Worker", fields=json.dumps(["current_entity"]), page_length=0
		)
		result = get()
		entity_column = result["keys"].index("current_entity")
		self.assertEqual({row[entity_column] for row in result["values"]}, {self.a})

	def test_regional_department_reads_own_region(self):
		frappe.set_user(self.regional)
		# Astana and the districts under it (other tests add some), nothing else.
		regions = set(frappe.get_list("Health Worker", pluck="current_region", limit=0))
		self.assertIn("Astana", regions)
		self.assertLessEqual(regions, set(region_filter("Astana")))
		self.assertFalse(frappe.has_permission("Health Worker", "read", self.worker_b))
		self.assertFalse(frappe.has_permission("Health Worker", "write", self.worker_a))

	def test_coordinator_reads_country(self):
		frappe.set_user(self.coordinator)
		self.assertTrue(frappe.has_permission("Health Worker", "read", self.worker_a))
		self.assertTrue(frappe.has_permission("Health Worker", "read", self.worker_b))
		self.assertFalse(frappe.has_permission("Health Worker", "write", self.worker_b))

	def test_worker_sees_own_record(self):
		own_user = make_user(f"worker.self.{frappe.generate_hash(length=6)}@test.profregister.kz")
		worker = frappe.get_doc("Health Worker", self.worker_a)
		worker.user = own_user
		worker.save()
		self.assertIn("Health Worker", frappe.get_roles(own_user))
		frappe.set_user(own_user)
		self.assertEqual(frappe.get_list("Health Worker", pluck="name", limit=0), [self.worker_a])
		self.assertFalse(frappe.has_permission("Health Worker", "write", self.worker_a))

	def test_head_who_is_also_a_worker_keeps_the_entity_scope(self):
		head = make_user(f"head.and.worker.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(head, self.a, "Head of Healthcare Entity")
		colleague = make_worker(self.a).name
		worker = frappe.get_doc("Health Worker", self.worker_a)
		worker.user = head
		worker.save()
		frappe.set_user(head)
		listed = set(frappe.get_list("Health Worker", pluck="name", limit=0))
		self.assertTrue({self.worker_a, colleague} <= listed)
		self.assertNotIn(self.worker_b, listed)
		frappe.set_user("Administrator")
		# Removed from the entity, they keep seeing their own record, and only it.
		entity = frappe.get_doc("Healthcare Entity", self.a)
		entity.users = [row for row in entity.users if row.user != head]
		entity.save()
		frappe.set_user(head)
		self.assertEqual(frappe.get_list("Health Worker", pluck="name", limit=0), [self.worker_a])

	def test_rest_api(self):
		own = rest("GET", f"/api/resource/Health Worker/{self.worker_a}", self.token_a)
		self.assertEqual(own.status_code, 200, own.text)
		other = rest("GET", f"/api/resource/Health Worker/{self.worker_b}", self.token_a)
		self.assertEqual(other.status_code, 403)
		cert = rest("GET", f"/api/resource/Specialist Certificate/{self.cert_b}", self.token_a)
		self.assertEqual(cert.status_code, 403)
		listed = rest(
			"GET",
			"/api/resource/Health Worker",
			self.token_a,
			query_string={"fields": json.dumps(["name", "current_entity"]), "limit_page_length": 0},
		)
		self.assertEqual(listed.status_code, 200)
		rows = listed.json["data"]
		self.assertIn(self.worker_a, {r["name"] for r in rows})
		self.assertEqual({r["current_entity"] for r in rows}, {self.a})
		update = rest(
			"PUT", f"/api/resource/Health Worker/{self.worker_b}", self.token_a, json={"place_of_birth": "X"}
		)
		self.assertEqual(update.status_code, 403)
		report = rest(
			"GET",
			"/api/method/frappe.desk.reportview.get",
			self.token_a,
			query_string={
				"doctype": "Health Worker",
				"fields": json.dumps(["`tabHealth Worker`.`current_entity`"]),
				"page_length": 0,
			},
		)
		self.assertEqual(report.status_code, 200)
		self.assertEqual({row[0] for row in report.json["message"]["values"]}, {self.a})

	def test_transfer_moves_worker_into_new_scope(self):
		worker = make_worker(self.b)
		job = make_employment(worker.name, self.b, date(2020, 1, 1))
		job.end_date, job.end_reason = date(2025, 1, 31), "Transfer"
		job.save()
		make_employment(worker.name, self.a, date(2025, 2, 3))
		frappe.set_user(self.hr_a)
		self.assertTrue(frappe.has_permission("Health Worker", "read", worker.name))
		frappe.set_user(self.hr_b)
		self.assertFalse(frappe.has_permission("Health Worker", "read", worker.name))
