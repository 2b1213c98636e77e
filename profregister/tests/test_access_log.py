"""The trail of personal data access over real HTTP: each role's read of each personal-data surface writes
exactly one record per worker read, nobody alters or deletes one, the worker sees exactly their own
accesses, and the lookup by IIN asks a reason and stops at the day's limit."""

import json
from collections import Counter
from datetime import date
from urllib.parse import urlencode

import frappe
from frappe.utils import add_days, today
from frappe.utils.password import update_password

from profregister.access import audit
from profregister.services.platform import parameters
from profregister.services.register_import.plan import held_records
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
from profregister.tests.rest import api_token, rest, signed_in

DOCTYPE = audit.DOCTYPE
LOOKUP = "/api/method/profregister.api.find_worker_by_iin"
RUN, EXPORT = "/api/method/frappe.desk.query_report.run", "/api/method/frappe.desk.query_report.export_query"
PASSWORD = "Trail-2026!"


def method(endpoint: str, /, **args) -> str:
	return f"/api/method/{endpoint}?{urlencode(args)}"


class TestAccessLog(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = cls.mark = frappe.generate_hash(length=6)
		cls.a = make_entity("Astana", entity_name=f"Polyclinic {run}").name
		cls.b = make_entity("Karaganda Region", entity_name=f"Hospital {run}").name
		cls.worker_a = make_worker(cls.a).name
		cls.worker_b = make_worker(cls.b).name
		make_employment(cls.worker_a, cls.a, date(2019, 9, 1))
		make_employment(cls.worker_b, cls.b, date(2019, 9, 1))
		# The worker of the portal's test: read by nobody else.
		cls.worker_c = make_worker(cls.a).name
		make_employment(cls.worker_c, cls.a, date(2020, 3, 1))
		cls.cert_a = make_certificate(cls.worker_a, date(2023, 1, 1), date(2028, 1, 1)).name
		user = lambda name, *roles: make_user(f"{name}.{run}@test.profregister.kz", *roles)  # noqa: E731
		cls.users = {
			"hr_a": user("hr.a"),
			"hr_b": user("hr.b"),
			"regional": user("astana"),
			"coordinator": user("coord", "National Coordinator"),
			"registrar": user("registrar", "Register Administrator"),
			"auditor": user("auditor", "Register Auditor"),
			"worker_a": user("worker.a"),
			"worker_c": user("worker.c"),
		}
		link_user_to_entity(cls.users["hr_a"], cls.a, "HR Specialist")
		link_user_to_entity(cls.users["hr_b"], cls.b, "HR Specialist")
		link_user_to_region(cls.users["regional"], "Astana")
		for key in ("worker_a", "worker_c"):
			worker = frappe.get_doc("Health Worker", getattr(cls, key))
			worker.user = cls.users[key]
			worker.save(ignore_permissions=True)
		cls.tokens = {key: api_token(email) for key, email in cls.users.items()}
		cls.tokens["Administrator"] = api_token("Administrator")
		fhir = frappe.get_doc({"doctype": "Register API Client", "client_name": f"HIS {run}",
			"scope": "National", "personal_data": 1}).insert()  # fmt: skip
		cls.tokens["fhir"] = fhir.generate_secret()
		cls.fhir_user = fhir.user
		frappe.db.commit()

	def reads(self, user: str, worker: str | None, what: str) -> int:
		frappe.db.rollback()  # what the requests committed
		worker = worker or ("is", "not set")
		return frappe.db.count(DOCTYPE, {"user": user, "health_worker": worker, "what": what})

	def assertOneRead(self, who: str, request, worker: str, what: str, user: str | None = None):
		"""`request` (a call) answers 200 and adds exactly one read of `worker` by the user."""
		user = user or self.users[who]
		before = self.reads(user, worker, what)
		response = request()
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		self.assertEqual(self.reads(user, worker, what) - before, 1, (who, what))

	def tally(self, user: str, what: str, **filters) -> Counter:
		"""The user's reads of this kind so far, by worker (None: a read naming nobody)."""
		frappe.db.rollback()
		filters = {"user": user, "what": what, **filters}
		return Counter(frappe.get_all(DOCTYPE, filters=filters, pluck="health_worker"))

	def assertReadsEach(self, request, user: str, what: str, workers, **filters):
		"""`request` (a call) adds exactly one read of each worker given, and nothing else."""
		before = self.tally(user, what, **filters)
		request()
		self.assertEqual(self.tally(user, what, **filters) - before, Counter(workers))
		self.assertEqual(sum(self.tally(user, what, **filters).values()) - sum(before.values()), len(workers))

	def test_each_role_reads_each_surface_once(self):
		surfaces = (
			("Form", lambda: method("frappe.desk.form.load.getdoc", doctype="Health Worker", name=self.worker_a)),
			("Print", lambda: method("frappe.www.printview.get_html_and_style", doc="Health Worker",
				name=self.worker_a)),
			("List", lambda: method("frappe.desk.reportview.get", doctype="Health Worker",
				fields=json.dumps(["name"]), filters=json.dumps({"name": self.worker_a}))),
		)  # fmt: skip
		for who in ("hr_a", "regional", "coordinator", "registrar"):
			for what, path in surfaces:
				self.assertOneRead(who, lambda: rest("GET", path(), self.tokens[who]), self.worker_a, what)
		# A document over REST is a read, through the API.
		rest_read = lambda: rest("GET", f"/api/resource/Health Worker/{self.worker_a}", self.tokens["hr_a"])  # noqa: E731
		self.assertOneRead("hr_a", rest_read, self.worker_a, "Form")
		self.assertEqual(frappe.db.count(DOCTYPE, {"user": self.users["hr_a"], "channel": "API"}), 4)
		# A certificate's form is a read of its worker; the print page is one read too.
		path = method("frappe.desk.form.load.getdoc", doctype="Specialist Certificate", name=self.cert_a)
		self.assertEqual(rest("GET", path, self.tokens["hr_a"]).status_code, 200)
		self.assertEqual(self.reads(self.users["hr_a"], self.worker_a, "Form"), 3)
		page = rest("GET", f"/printview?{urlencode({'doctype': 'Health Worker', 'name': self.worker_a})}",
			self.tokens["coordinator"])  # fmt: skip
		self.assertEqual(page.status_code, 200)
		self.assertEqual(self.reads(self.users["coordinator"], self.worker_a, "Print"), 2)
		# A record out of the user's scope is refused, and its refusal is no read.
		path = method("frappe.desk.form.load.getdoc", doctype="Health Worker", name=self.worker_b)
		self.assertEqual(rest("GET", path, self.tokens["hr_a"]).status_code, 403)
		self.assertEqual(self.reads(self.users["hr_a"], self.worker_b, "Form"), 0)

	def test_a_list_page_is_one_insert_of_its_workers(self):
		response = rest("POST", "/api/method/frappe.desk.reportview.get", self.tokens["coordinator"],
			data={"doctype": "Health Worker", "fields": json.dumps(["name"]),
				"filters": json.dumps({"name": ["in", [self.worker_a, self.worker_b]]})})  # fmt: skip
		self.assertEqual(response.status_code, 200)
		for worker in (self.worker_a, self.worker_b):
			self.assertEqual(self.reads(self.users["coordinator"], worker, "List"), 1)
		audit.record([self.worker_a, self.worker_b], "List", "Desk")
		with self.assertQueryCount(1):
			audit.flush()
		frappe.db.rollback()

	def test_list_reads_over_the_generic_endpoints(self):
		"""Every list of a personal-data doctype is one read of each worker it shows, written in one go:
		the desk's list view, the same list over REST and through get_list; counts and groups read
		nobody."""
		user, token = self.users["hr_a"], self.tokens["hr_a"]
		update_password(user, PASSWORD)
		frappe.db.commit()
		fields = json.dumps(["name", "full_name"])
		listed = method("frappe.desk.reportview.get", doctype="Health Worker", fields=fields)
		before = self.tally(user, "List")
		(page,) = signed_in(user, PASSWORD, [listed])
		self.assertEqual(page.status_code, 200, page.get_data(as_text=True)[:300])
		workers = [row[0] for row in page.json["message"]["values"]]
		self.assertLessEqual({self.worker_a, self.worker_c}, set(workers))
		self.assertNotIn(self.worker_b, workers)
		self.assertEqual(self.tally(user, "List") - before, Counter(workers))
		self.assertEqual(sum(self.tally(user, "List").values()) - sum(before.values()), len(workers))
		self.assertEqual(self.tally(user, "List", channel="Desk"), Counter(workers))

		def served(path, key="data"):
			response = rest("GET", path, token)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			return response.json[key]

		api = {"channel": "API"}
		rows = []
		path = f"/api/resource/Health Worker?{urlencode({'fields': fields})}"
		self.assertReadsEach(lambda: rows.extend(served(path)), user, "List", workers, **api)
		self.assertEqual(sorted(row["name"] for row in rows), sorted(workers))
		# A worker column under another name, in rows as lists; a personal record's list names its worker.
		aliased = method("frappe.client.get_list", doctype="Health Worker", as_dict=0,
			fields=json.dumps(["`tabHealth Worker`.`name` as hw", "full_name"]), limit_page_length=500)  # fmt: skip
		self.assertReadsEach(lambda: served(aliased, "message"), user, "List", workers, **api)
		certificates = method("frappe.desk.reportview.get_list", doctype="Specialist Certificate",
			fields=json.dumps(["name"]), filters=json.dumps({"name": self.cert_a}))  # fmt: skip
		self.assertReadsEach(lambda: served(certificates, "message"), user, "List", [self.worker_a], **api)
		# A page that leaves its worker out is read again for it.
		unnamed = f"/api/resource/Health Worker?{urlencode({'fields': json.dumps(['full_name'])})}"
		self.assertReadsEach(lambda: served(unnamed), user, "List", workers, **api)
		one = method("frappe.client.get_list", doctype="Health Worker", fields=json.dumps(["full_name"]),
			filters=json.dumps({"name": self.worker_c}))  # fmt: skip
		self.assertReadsEach(lambda: served(one, "message"), user, "List", [self.worker_c], **api)
		# Counts and groups name nobody.
		for path in (
			method("frappe.client.get_count", doctype="Health Worker"),
			method("frappe.desk.reportview.get_count", doctype="Health Worker"),
			method("frappe.client.get_list", doctype="Health Worker", group_by="current_entity",
				fields=json.dumps(["current_entity", "count(name) as workers"])),
		):  # fmt: skip
			self.assertReadsEach(lambda path=path: served(path, "message"), user, "List", [])

	def test_lookups_by_name_are_reads(self):
		"""get_value, a link's fetched fields and link search suggestions show who a worker is: one List
		read of each worker served; an existence check, or a worker out of scope, reads nobody."""
		user, token = self.users["hr_a"], self.tokens["hr_a"]
		iin, full_name = frappe.db.get_value("Health Worker", self.worker_a, ["iin", "full_name"])

		def served(path):
			response = rest("GET", path, token)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			return response.json["message"]

		get_value = lambda filters: method("frappe.client.get_value", doctype="Health Worker",  # noqa: E731
			fieldname=json.dumps(["iin", "full_name"]), filters=filters)  # fmt: skip
		self.assertReadsEach(lambda: served(get_value(self.worker_a)), user, "List", [self.worker_a])
		self.assertReadsEach(
			lambda: served(get_value(json.dumps({"iin": iin}))), user, "List", [self.worker_a]
		)
		self.assertReadsEach(lambda: served(get_value(self.worker_b)), user, "List", [])
		link = lambda **fields: method("frappe.client.validate_link", doctype="Health Worker",  # noqa: E731
			docname=self.worker_a, **fields)  # fmt: skip
		self.assertReadsEach(
			lambda: served(link(fields=json.dumps(["full_name"]))), user, "List", [self.worker_a]
		)
		self.assertReadsEach(lambda: served(link()), user, "List", [])
		shown = []
		search = method("frappe.desk.search.search_link", doctype="Health Worker", txt=full_name)
		before = self.tally(user, "List")
		shown.extend(row["value"] for row in served(search))
		self.assertIn(self.worker_a, shown)
		self.assertNotIn(self.worker_b, shown)
		self.assertEqual(self.tally(user, "List") - before, Counter(shown))
		widget = method("frappe.desk.search.search_widget", doctype="Health Worker", txt=full_name)
		self.assertReadsEach(lambda: served(widget), user, "List", shown)

	def test_record_read_through_client_get(self):
		path = method("frappe.client.get", doctype="Specialist Certificate", name=self.cert_a)
		read = lambda: rest("GET", path, self.tokens["regional"])  # noqa: E731
		self.assertOneRead("regional", read, self.worker_a, "Form")

	def test_report_rows_of_named_workers_are_reads(self):
		"""A report's List view (rows naming workers) is one read of each worker listed, run or exported;
		its counts by region and month read nobody."""
		worker = make_worker(self.a).name
		make_employment(worker, self.a, date(2020, 3, 1))
		make_certificate(worker, date(2021, 1, 1), add_days(today(), 30))
		frappe.db.commit()
		user, token = self.users["hr_a"], self.tokens["hr_a"]

		def run(path=RUN, **filters):
			export = {"file_format_type": "CSV", "visible_idx": json.dumps(list(range(500)))}
			data = {"report_name": "Certificate Expiry", "filters": json.dumps(filters), **export}
			response = rest("POST", path, token, data=data)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			return response

		rows = run(view="List").json["message"]["result"]
		listed = [row["health_worker"] for row in rows]
		self.assertIn(worker, listed)
		self.assertReadsEach(lambda: run(view="List"), user, "Report", listed)
		self.assertEqual(
			frappe.db.get_value(
				DOCTYPE, {"user": user, "what": "Report", "health_worker": worker}, "request"
			),
			"Certificate Expiry",
		)
		self.assertReadsEach(lambda: run(EXPORT, view="List"), user, "Export", listed)
		self.assertReadsEach(lambda: run(), user, "Report", [])
		self.assertReadsEach(lambda: run(EXPORT), user, "Export", [None])

	def test_export_names_the_workers_exported(self):
		response = rest("POST", "/api/method/frappe.desk.reportview.export_query", self.tokens["registrar"],
			data={"doctype": "Health Worker", "file_format_type": "CSV",
				"fields": json.dumps(["`tabHealth Worker`.`name`", "`tabHealth Worker`.`full_name`"]),
				"filters": json.dumps({"name": self.worker_b})})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(self.reads(self.users["registrar"], self.worker_b, "Export"), 1)

	def test_fhir_reads_and_searches(self):
		token = self.tokens["fhir"]
		read = lambda: rest("GET", f"/fhir/R4/Practitioner/{self.worker_a}", token)  # noqa: E731
		self.assertOneRead("fhir", read, self.worker_a, "FHIR read", self.fhir_user)
		response = rest("GET", f"/fhir/R4/Practitioner?_id={self.worker_a},{self.worker_b}", token)
		self.assertEqual(response.status_code, 200)
		for worker in (self.worker_a, self.worker_b):
			self.assertEqual(self.reads(self.fhir_user, worker, "FHIR search"), 1)
		row = frappe.get_all(
			DOCTYPE, filters={"user": self.fhir_user}, fields=["api_client", "channel"], limit=1
		)
		self.assertEqual((row[0].api_client, row[0].channel), (f"HIS {self.mark}", "FHIR"))

	def test_import_match(self):
		frappe.set_user(self.users["hr_a"])
		try:
			iin = frappe.db.get_value("Health Worker", self.worker_a, "iin")
			held_records({iin})
			frappe.db.commit()
		finally:
			frappe.set_user("Administrator")
		self.assertEqual(self.reads(self.users["hr_a"], self.worker_a, "Import match"), 1)

	def test_nobody_alters_or_deletes_a_record(self):
		path = method("frappe.desk.form.load.getdoc", doctype="Health Worker", name=self.worker_b)
		self.assertEqual(rest("GET", path, self.tokens["hr_b"]).status_code, 200)
		frappe.db.rollback()
		name = frappe.db.get_value(DOCTYPE, {"user": self.users["hr_b"], "health_worker": self.worker_b})
		self.assertTrue(name)
		url = f"/api/resource/{DOCTYPE}/{name}"
		for who in ("hr_b", "regional", "coordinator", "registrar", "auditor", "Administrator"):
			token = self.tokens[who]
			self.assertEqual(rest("PUT", url, token, json={"purpose": "forged"}).status_code, 403, who)
			self.assertEqual(rest("DELETE", url, token).status_code, 403, who)
			created = rest(
				"POST", f"/api/resource/{DOCTYPE}", token, json={"what": "Form", "channel": "Desk"}
			)
			self.assertEqual(created.status_code, 403, who)
			set_value = rest("POST", "/api/method/frappe.client.set_value", token,
				json={"doctype": DOCTYPE, "name": name, "fieldname": "purpose", "value": "forged"})  # fmt: skip
			self.assertIn(set_value.status_code, (403, 417), who)
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists(DOCTYPE, name))
		self.assertFalse(frappe.db.get_value(DOCTYPE, name, "purpose"))
		# Read by the Register Administrator and the auditor only.
		for who, status in (("registrar", 200), ("auditor", 200), ("coordinator", 403), ("hr_b", 403)):
			self.assertEqual(rest("GET", url, self.tokens[who]).status_code, status, who)
		listed = rest("GET", f"/api/resource/{DOCTYPE}", self.tokens["hr_b"])
		self.assertFalse(listed.status_code == 200 and listed.json["data"], "an HR user lists the trail")

	def test_the_worker_sees_exactly_their_own_accesses(self):
		# HR of the worker's entity twice today (one line), another entity's lookup with its reason, and
		# reads of other workers by others.
		form = lambda worker: method("frappe.desk.form.load.getdoc", doctype="Health Worker", name=worker)  # noqa: E731
		for _twice in range(2):
			self.assertEqual(rest("GET", form(self.worker_c), self.tokens["hr_a"]).status_code, 200)
		iin = frappe.db.get_value("Health Worker", self.worker_c, "iin")
		reason = f"Hire as a nurse {self.mark}"
		looked = rest("POST", LOOKUP, self.tokens["hr_b"], json={"iin": iin, "purpose": reason})
		self.assertEqual(looked.status_code, 200)
		self.assertEqual(rest("GET", form(self.worker_b), self.tokens["coordinator"]).status_code, 200)
		self.assertEqual(rest("GET", form(self.worker_a), self.tokens["registrar"]).status_code, 200)
		response = rest("GET", "/cpd/access", self.tokens["worker_c"])
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		self.assertEqual(html.count('class="cpd-access"'), 2)
		self.assertEqual(html.count('data-own-hr="1"'), 1)
		self.assertIn(f"Polyclinic {self.mark}", html)
		self.assertIn(f"Hospital {self.mark}", html)
		self.assertIn(reason, html)
		for other in (
			"National Coordinator",
			"Register Administrator",
			f"hr.a.{self.mark}",
			f"hr.b.{self.mark}",
		):
			self.assertNotIn(other, html)
		# The worker's own reads are not in the trail; their page is theirs alone.
		self.assertEqual(self.reads(self.users["worker_c"], self.worker_c, "Form"), 0)
		self.assertEqual(rest("GET", "/cpd/access", self.tokens["hr_a"]).status_code, 403)

	def test_lookup_by_iin_asks_a_reason_and_stops_at_the_limit(self):
		iin = frappe.db.get_value("Health Worker", self.worker_b, "iin")
		token = self.tokens["hr_a"]
		self.assertEqual(rest("POST", LOOKUP, token, json={"iin": iin}).status_code, 417)
		self.assertEqual(rest("POST", LOOKUP, token, json={"iin": iin, "purpose": " "}).status_code, 417)
		parameter = frappe.get_doc("Regulatory Parameter", "iin_lookup_daily_limit")
		parameter.append(
			"values", {"effective_from": frappe.utils.today(), "value": 2, "legal_basis": "test"}
		)
		parameter.save()
		frappe.db.commit()
		try:
			found = rest("POST", LOOKUP, token, json={"iin": iin, "purpose": "Hire"})
			self.assertEqual(found.json["message"], {"full_name": frappe.db.get_value("Health Worker",
				self.worker_b, "full_name"), "employed": True})  # fmt: skip
			missing = rest("POST", LOOKUP, token, json={"iin": "000000000000", "purpose": "Hire"})
			self.assertEqual((missing.status_code, missing.json.get("message")), (200, None))
			over = rest("POST", LOOKUP, token, json={"iin": iin, "purpose": "Hire"})
			self.assertEqual(over.status_code, 429)
		finally:
			parameter.reload()
			parameter.values = [v for v in parameter.values if v.legal_basis != "test"]
			parameter.save()
			frappe.db.commit()
			parameters.clear_cache()
		self.assertEqual(self.reads(self.users["hr_a"], self.worker_b, "IIN lookup"), 1)
		self.assertEqual(self.reads(self.users["hr_a"], None, "IIN lookup"), 1)
		self.assertEqual(frappe.db.get_value(DOCTYPE, {"user": self.users["hr_a"], "health_worker": self.worker_b,
			"what": "IIN lookup"}, "purpose"), "Hire")  # fmt: skip

	def test_only_the_retention_job_removes_rows(self):
		audit.record([self.worker_a, self.worker_b], "Form", "Desk")
		audit.flush()
		old, recent = frappe.get_all(DOCTYPE, filters={"user": "Administrator", "what": "Form",
			"health_worker": ("in", [self.worker_a, self.worker_b])}, pluck="name", order_by="health_worker")  # fmt: skip
		frappe.db.set_value(DOCTYPE, old, "accessed_at", "2015-01-01 00:00:00", update_modified=False)
		with self.assertRaises(frappe.PermissionError):
			frappe.delete_doc(DOCTYPE, recent)
		audit.purge_expired()
		self.assertFalse(frappe.db.exists(DOCTYPE, old))
		self.assertTrue(frappe.db.exists(DOCTYPE, recent))
