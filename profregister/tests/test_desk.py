"""The desk of each audience: the home workspace, number cards, the workspace chart and the worker's
connections, over real HTTP, each counting only what the user may see."""

import json

import frappe
from frappe.utils import add_days, get_first_day, getdate, today

from profregister.boot import boot_session
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest


def card_value(token: str, card: str):
	doc = frappe.get_doc("Number Card", card)
	return rest(
		"POST",
		"/api/method/frappe.desk.doctype.number_card.number_card.get_result",
		token,
		data={"doc": json.dumps(doc.as_dict(), default=str), "filters": doc.filters_json},
	)


class TestDesk(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Karaganda Region").name
		cls.workers = {}
		for side, entity in (("a", cls.a), ("b", cls.b)):
			workers = [make_worker(entity).name for _ in range(2 if side == "a" else 3)]
			for worker in workers:
				make_employment(worker, entity, get_first_day(getdate(today())))
				make_certificate(worker, add_days(getdate(today()), -1800), add_days(getdate(today()), 40))
			cls.workers[side] = workers
		cls.hr_a = make_user(f"desk.hr.a.{run}@example.com", "HR Specialist")
		cls.hr_b = make_user(f"desk.hr.b.{run}@example.com", "HR Specialist")
		cls.unlinked = make_user(f"desk.unlinked.{run}@example.com", "HR Specialist")
		link_user_to_entity(cls.hr_a, cls.a)
		link_user_to_entity(cls.hr_b, cls.b)
		cls.tokens = {user: api_token(user) for user in (cls.hr_a, cls.hr_b, cls.unlinked)}
		frappe.db.commit()

	def test_each_audience_lands_on_its_workspace(self):
		for user, home in (
			(self.hr_a, "Professional Register"),
			(make_user("desk.coordinator@example.com", "National Coordinator"), "Workforce Analytics"),
			(
				make_user("desk.association@example.com", "Professional Association"),
				"Continuous Professional Development",
			),
			(make_user("desk.registrar@example.com", "Register Administrator"), "Register Administration"),
		):
			frappe.set_user(user)
			bootinfo = frappe._dict(user=frappe._dict(default_workspace=None))
			boot_session(bootinfo)
			self.assertEqual(bootinfo.user.default_workspace["name"], home, user)
		frappe.set_user("Administrator")
		sidebar = rest(
			"GET", "/api/method/frappe.desk.desktop.get_workspace_sidebar_items", self.tokens[self.hr_a]
		).json["message"]["pages"]
		titles = {page["title"] for page in sidebar}
		self.assertIn("Professional Register", titles)
		self.assertNotIn("Register Administration", titles)

	def test_cards_count_only_the_users_scope(self):
		expected = {self.hr_a: 2, self.hr_b: 3, self.unlinked: 0}
		for user, count in expected.items():
			response = card_value(self.tokens[user], "Active Health Workers")
			self.assertEqual(response.status_code, 200, response.json)
			self.assertEqual(response.json["message"], count, user)
		late = card_value(self.tokens[self.unlinked], "Late Entries This Month")
		self.assertEqual(late.json["message"], 0)

	def test_chart_counts_only_the_users_scope(self):
		for user, count in ((self.hr_a, 2), (self.hr_b, 3), (self.unlinked, 0)):
			chart = rest("GET", "/api/method/profregister.api.hires_and_departures", self.tokens[user]).json[
				"message"
			]
			self.assertEqual(len(chart["labels"]), 12)
			self.assertEqual(chart["datasets"][0]["values"][-1], count, user)

	def test_connections_count_through_the_gate(self):
		worker = self.workers["a"][0]
		path = "/api/method/frappe.desk.notifications.get_open_count"
		own = rest("POST", path, self.tokens[self.hr_a], data={"doctype": "Health Worker", "name": worker})
		counts = {
			row["doctype"]: row["count"] for row in own.json["message"]["count"]["external_links_found"]
		}
		self.assertEqual(counts["Employment"], 1)
		self.assertEqual(
			set(counts)
			- {
				"Employment",
				"Specialist Certificate",
				"CPD Evidence",
				"CPD Confirmation",
				"Health Worker Status Change",
			},
			set(),
		)
		# Another entity's worker is not even counted, and no other doctype can be asked about.
		other = rest("POST", path, self.tokens[self.hr_b], data={"doctype": "Health Worker", "name": worker})
		self.assertEqual(other.status_code, 403)
		asked = rest(
			"POST",
			path,
			self.tokens[self.hr_a],
			data={"doctype": "Health Worker", "name": worker, "items": json.dumps(["Version", "Employment"])},
		)
		found = [row["doctype"] for row in asked.json["message"]["count"]["external_links_found"]]
		self.assertEqual(found, ["Employment"])

	def test_reports_name_entities_and_say_when_a_filter_is_outside_scope(self):
		path = "/api/method/frappe.desk.query_report.run"
		token = self.tokens[self.hr_a]

		def run(**filters):
			response = rest("POST", path, token, data={"report_name": "Certificate Expiry",
				"filters": json.dumps(filters)})  # fmt: skip
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
			return response.json

		self.assertIn(
			"outside your scope", json.dumps(run(region="Karaganda Region").get("_server_messages", ""))
		)
		self.assertNotIn("outside your scope", json.dumps(run(region="Astana").get("_server_messages", "")))
		titles = frappe.get_all("Healthcare Entity", filters={"name": self.a}, pluck="entity_name")
		rows = [
			row
			for row in run(view="List")["message"]["result"]
			if isinstance(row, dict) and row.get("healthcare_entity") == self.a
		]
		self.assertTrue(rows)
		self.assertEqual({row["healthcare_entity_title"] for row in rows}, set(titles))
