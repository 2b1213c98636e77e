"""The month-end load on the register: HR desk sessions, portal workers, FHIR clients, the public's licence
checks, a coordinator running national reports and one Register Import, all at once.

	LOAD_FIXTURE=fixture.json LOAD_WRITE_LOG=/tmp/writes locust -f locustfile.py --headless \
		-u 50 -r 50 -t 60s --host http://profregister.localhost

The fixture is prepare.py's. Each request is named by its action (`hr:list`, `portal:my_cpd`, ...), so
locust's statistics give percentiles per action. Every write is appended to LOAD_WRITE_LOG.<pid>.jsonl
as (action, doctype, name, field, value, acked) for verify.py: acknowledged (2xx) or not (then verify.py
tells whether it was applied all the same). Every form of a worker HR opens is appended to
LOAD_READ_LOG.<pid>.jsonl as (action, user, worker, acked): verify.py finds its row in the trail. Every failed request is appended to
LOAD_FAILURE_LOG.<pid>.jsonl (t, action, status, content_type, retry_after, body_start) for faults.py.
LOAD_WAIT is the most a session thinks between actions, in seconds (0.1 by default: barely).
"""

import itertools
import json
import os
import random
import re
import time
import uuid
from datetime import date, datetime, timedelta

from locust import HttpUser, between, constant, events, task
from requests.adapters import HTTPAdapter

FIXTURE = json.load(open(os.environ["LOAD_FIXTURE"], encoding="utf-8"))
PASSWORD = FIXTURE["password"]
THINK = between(0, float(os.environ.get("LOAD_WAIT", "0.1")))
API = "/api/method/"
CSRF = re.compile(r'frappe\.csrf_token\s*=\s*"([^"]+)"')
SID_IIN = "https://profregister.kz/fhir/sid/iin"
# Each worker HR saves belongs to one session only, so the last acknowledged value is the one expected.
OWN_WORKERS = 5
HR_ACCOUNTS = itertools.cycle(FIXTURE["hr"])
PORTAL_ACCOUNTS = itertools.cycle(FIXTURE["portal"])
COORDINATORS = itertools.cycle(FIXTURE["coordinators"])
HIRE_IINS = iter(FIXTURE["hire_iins"])  # each IIN is hired once
UNSAVED = {entity: list(workers) for entity, workers in FIXTURE["workers"].items()}
REPORTS = {
	"Certificate Expiry": {},
	"Monthly Register Report": {"group_by": "Region"},
	"Quarterly Forecast": {"group_by": "Region", "quarters": 8},
	"Staffing Need by Specialty": {"group_by": "Region"},
	"CPD Summary for Professional Associations": {},
	"Employees for Advanced Training": {"horizon_months": 12},
	"NHWA Indicators": {"year": date.today().year - 1},
}


class JsonLines:
	"""One JSON line per event in <$VARIABLE>.<pid>.jsonl, flushed at once: a killed run keeps what it
	logged. Nothing is logged when the variable is unset."""

	def __init__(self, variable: str):
		prefix = os.environ.get(variable)
		self.file = open(f"{prefix}.{os.getpid()}.jsonl", "a", encoding="utf-8") if prefix else None

	def add(self, **row):
		if self.file:
			self.file.write(json.dumps({**row, "t": time.time()}, ensure_ascii=False) + "\n")
			self.file.flush()


WRITES = JsonLines("LOAD_WRITE_LOG")
READS = JsonLines("LOAD_READ_LOG")
FAILURES = JsonLines("LOAD_FAILURE_LOG")


def written(response, action: str, doctype: str, name: str | None, field: str, value):
	"""A write as the server answered it: acknowledged, its last value per record must be stored; not
	acknowledged (an error, a 503 in a fault), it must not have been applied, or a retry writes twice. A
	record made by a write that was not acknowledged has no name: verify.py looks for it by the field."""
	WRITES.add(action=action, doctype=doctype, name=name, field=field, value=value, acked=response.ok)


@events.request.add_listener
def log_failure(name: str, response, exception, **_kwargs):
	"""Each failed request as the desk would see it: status 0 is a connection error (no answer at all)."""
	if exception is None or not FAILURES.file:
		return
	status = getattr(response, "status_code", 0) or 0
	headers = getattr(response, "headers", None) or {}
	body = (getattr(response, "content", None) or b"")[:160].decode("utf-8", "replace")
	FAILURES.add(action=name, status=status, content_type=headers.get("Content-Type"),
		retry_after=headers.get("Retry-After"), body_start=body if status else str(exception)[:160])  # fmt: skip


def token() -> str:
	return uuid.uuid4().hex[:10]


def evidence_values(worker: str | None = None) -> dict:
	"""A course of 12 hours (criterion 1) within the CPD window, its title new each time."""
	end = date.today() - timedelta(days=random.randint(2, 330))
	values = {"criterion": "01", "unit": "hour", "quantity": 12, "title": f"Курс повышения {token()}",
		"organiser": "Казахский медицинский университет", "date_from": str(end - timedelta(days=1)),
		"date_to": str(end), "document_language": "Russian"}  # fmt: skip
	return {**values, "health_worker": worker} if worker else values


def pdf() -> bytes:
	# Different bytes each time: the same document is refused as evidence twice.
	return f"%PDF-1.4\n% load {token()}\n%%EOF\n".encode()


class Session(HttpUser):
	"""A signed-in browser: cookie session, and the CSRF token its page carries sent on every POST."""

	abstract = True
	wait_time = THINK
	role = "session"

	def sign_in(self, user: str, page: str, page_action: str):
		self.client.post(API + "login", data={"usr": user, "pwd": PASSWORD}, name=f"{self.role}:login")
		found = CSRF.search(self.client.get(page, name=f"{self.role}:{page_action}").text)
		self.csrf = found.group(1) if found else ""

	def call(self, method: str, action: str, data=None, files=None):
		headers = {"X-Frappe-CSRF-Token": self.csrf, "Accept": "application/json"}
		return self.client.post(API + method, data=data, files=files, headers=headers, name=action)


class HRDesk(Session):
	"""An HR specialist at the desk: lists and opens workers, saves an address, hands in and verifies
	CPD evidence, hires a worker registered elsewhere by IIN."""

	weight = 8
	role = "hr"

	def on_start(self):
		account = next(HR_ACCOUNTS)
		self.user, self.entity, self.drafts = account["user"], account["entity"], []
		self.workers = FIXTURE["workers"][self.entity]
		pool = UNSAVED[self.entity]
		self.own, pool[:] = pool[:OWN_WORKERS], pool[OWN_WORKERS:]
		self.sign_in(account["user"], "/app", "app")

	@task(10)
	def list_workers(self):
		fields = [
			f"`tabHealth Worker`.`{f}`" for f in ("name", "full_name", "status", "current_entity", "modified")
		]
		order = "`tabHealth Worker`.`modified` desc"
		self.call("frappe.desk.reportview.get", "hr:list", {"doctype": "Health Worker", "filters": "[]",
			"fields": json.dumps(fields), "order_by": order, "start": 0, "page_length": 20, "view": "List",
			"with_comment_count": 1})  # fmt: skip
		self.call("frappe.desk.reportview.get_count", "hr:list_count",
			{"doctype": "Health Worker", "filters": "[]", "fields": "[]", "distinct": "false"})  # fmt: skip

	@task(8)
	def open_worker(self):
		worker = random.choice(self.workers)
		opened = self.client.get(API + "frappe.desk.form.load.getdoc",
			params={"doctype": "Health Worker", "name": worker}, name="hr:open")  # fmt: skip
		READS.add(action="hr:open", user=self.user, worker=worker, acked=opened.ok)
		self.call("frappe.desk.notifications.get_open_count", "hr:open_counts",
			{"doctype": "Health Worker", "name": worker})  # fmt: skip

	@task(3)
	def save_address(self):
		if not self.own:
			return
		worker = random.choice(self.own)
		value = f"г. Астана, ул. Абая, д. {random.randint(1, 200)}, кв. {random.randint(1, 300)}, {token()}"
		response = self.call("frappe.client.set_value", "hr:save", {"doctype": "Health Worker", "name": worker,
			"fieldname": "residence_address", "value": value})  # fmt: skip
		written(response, "hr:save", "Health Worker", worker, "residence_address", value)

	@task(2)
	def hand_in(self):
		"""As the form does it: the document uploaded to the unsaved record, then the record saved."""
		temporary = f"new-cpd-evidence-{token()}"
		target = {"doctype": "CPD Evidence", "docname": temporary, "fieldname": "attachment", "is_private": 1}
		files = {"file": ("certificate.pdf", pdf(), "application/pdf")}
		upload = self.call("upload_file", "hr:upload", target, files)
		if not upload.ok:
			return
		doc = {**evidence_values(random.choice(self.workers)), "doctype": "CPD Evidence", "name": temporary,
			"__islocal": 1, "__unsaved": 1, "docstatus": 0}  # fmt: skip
		doc["attachment"] = upload.json()["message"]["file_url"]
		saved = self.call(
			"frappe.desk.form.save.savedocs", "hr:hand_in", {"doc": json.dumps(doc), "action": "Save"}
		)
		name = saved.json()["docs"][0]["name"] if saved.ok else None
		written(saved, "hr:hand_in", "CPD Evidence", name, "title", doc["title"])
		if name:
			self.drafts.append(name)

	@task(2)
	def verify(self):
		if not self.drafts:
			return self.hand_in()
		name = self.drafts.pop(0)
		verified = self.call(
			"profregister.api.verify_evidence", "hr:verify", {"name": name, "profile_matches": 1}
		)
		written(verified, "hr:verify", "CPD Evidence", name, "status", "Verified")

	@task(1)
	def hire(self):
		iin = next(HIRE_IINS, None)
		if not iin:
			return
		found = self.call(
			"profregister.api.find_worker_by_iin", "hr:find_by_iin", {"iin": iin, "purpose": "Hire"}
		)
		if not (found.ok and found.json().get("message")):
			return
		job = {**FIXTURE["hire"], "healthcare_entity": self.entity, "order_number": f"{token()}-K"}
		hired = self.call(
			"profregister.api.hire_by_iin", "hr:hire", {"iin": iin, "employment": json.dumps(job)}
		)
		name = hired.json()["message"] if hired.ok else None
		written(hired, "hr:hire", "Employment", name, "order_number", job["order_number"])


class PortalWorker(Session):
	"""A health worker in the portal: My CPD, My record, and evidence handed in for HR to check."""

	weight = 5
	role = "portal"

	def on_start(self):
		self.sign_in(next(PORTAL_ACCOUNTS)["user"], "/cpd", "my_cpd")

	@task(6)
	def my_cpd(self):
		self.client.get("/cpd", name="portal:my_cpd")

	@task(2)
	def my_record(self):
		self.client.get("/cpd/record", name="portal:my_record")

	@task(2)
	def hand_in(self):
		values = evidence_values()
		files = {"attachment": ("diploma.pdf", pdf(), "application/pdf")}
		response = self.call("profregister.api.hand_in_evidence", "portal:hand_in", values, files)
		name = response.json()["message"] if response.ok else None
		written(response, "portal:hand_in", "CPD Evidence", name, "title", values["title"])


class FHIRClient(HttpUser):
	"""A hospital information system reading the FHIR directory with its Register API Client key."""

	weight = 3
	wait_time = THINK

	def on_start(self):
		self.client.headers.update(
			{"Authorization": f"token {FIXTURE['fhir_token']}", "Accept": "application/fhir+json"}
		)

	def person(self):
		return random.choice(FIXTURE["sample"]["people"])

	@task(3)
	def practitioner_by_iin(self):
		self.client.get(f"/fhir/R4/Practitioner?identifier={SID_IIN}|{self.person()[1]}",
			name="fhir:practitioner_by_iin")  # fmt: skip

	@task(3)
	def practitioner_read(self):
		self.client.get(f"/fhir/R4/Practitioner/{self.person()[0]}", name="fhir:practitioner_read")

	@task(2)
	def roles_of_practitioner(self):
		self.client.get(f"/fhir/R4/PractitionerRole?practitioner=Practitioner/{self.person()[0]}",
			name="fhir:roles_of_practitioner")  # fmt: skip

	@task(1)
	def roles_at_organization(self):
		organization = random.choice(FIXTURE["organizations"])
		self.client.get(f"/fhir/R4/PractitionerRole?organization=Organization/{organization}&_count=50"
			"&_include=PractitionerRole:practitioner", name="fhir:roles_at_organization")  # fmt: skip

	@task(1)
	def history(self):
		since = (datetime.now() - timedelta(hours=6)).strftime("%Y-%m-%dT%H:%M:%S")
		self.client.get(f"/fhir/R4/Practitioner/_history?_since={since}&_count=50", name="fhir:history")


class SourceAddress(HTTPAdapter):
	"""Connections from one loopback address (all of 127.0.0.0/8 reaches the server on Linux)."""

	def __init__(self, address: str):
		self.address = address
		super().__init__()

	def init_poolmanager(self, *args, **kwargs):
		super().init_poolmanager(*args, **kwargs, source_address=(self.address, 0))


class LicenceCheck(HttpUser):
	"""The public and hospitals checking a licence, as guests. The limit is 60 checks a minute per
	caller's address as nginx sees it, and the many callers of a month-end have many addresses: each
	session connects from its own loopback address (127.18.0.0/16) and moves to another after 50 checks,
	so the limit is not what is measured here (a caller beyond it gets a 429, counted as an error)."""

	weight = 3
	wait_time = THINK
	CHECKS_PER_ADDRESS = 50

	def on_start(self):
		self.checks = 0

	def check(self, params: dict, action: str):
		if self.checks % self.CHECKS_PER_ADDRESS == 0:
			address = f"127.18.{random.randint(0, 255)}.{random.randint(1, 254)}"
			self.client.adapters["http://"].close()  # the previous caller's connections
			self.client.mount("http://", SourceAddress(address))
		self.checks += 1
		self.client.get(API + "profregister.api.verify_licence", params=params, name=action)

	@task
	def by_number(self):
		self.check({"number": random.choice(FIXTURE["sample"]["certificates"])}, "licence:by_number")


class Coordinator(Session):
	"""The National Coordinator running the national reports, one after another, for the whole country."""

	fixed_count = 1
	role = "coord"

	def on_start(self):
		self.sign_in(next(COORDINATORS), "/app", "app")

	@task
	def report(self):
		name, filters = random.choice(list(REPORTS.items()))
		self.call("frappe.desk.query_report.run", f"coord:{name.lower().replace(' ', '_')}",
			{"report_name": name, "filters": json.dumps(filters), "are_default_filters": "false"})  # fmt: skip


class Importer(Session):
	"""The registrar's Register Import of the run: the file checked, then imported, on the long queue;
	its status read every two seconds as the form shows it."""

	fixed_count = 1
	role = "import"
	wait_time = constant(2)

	def on_start(self):
		self.name = FIXTURE["import"]["name"]
		self.sign_in(FIXTURE["registrar"], "/app", "app")

	def status(self) -> str:
		response = self.client.get(API + "frappe.desk.form.load.getdoc",
			params={"doctype": "Register Import", "name": self.name}, name="import:status")  # fmt: skip
		return response.json()["docs"][0]["status"] if response.ok else ""

	@task
	def step(self):
		status = self.status()
		if status in ("Draft", "Failed") and not getattr(self, "checking", False):
			self.checking = self.call(
				"profregister.api.check_register_import", "import:check", {"name": self.name}
			).ok
		elif status == "Checked":
			started = self.call("profregister.api.start_register_import", "import:start", {"name": self.name})
			if started.ok:  # verify.py waits for the import acknowledged as started, and checks its rows
				written(started, "import:start", "Register Import", self.name, "status", "Completed")
