"""Figures for ./scripts/benchmark: each prints as one JSON object. Each capability registers its own."""

import csv
import io
import json
import os
import statistics
import tempfile
import threading
import time
from datetime import timedelta
from unittest.mock import patch

import frappe
import psutil
from frappe.core.doctype.report.report import get_report_module_dotted_path
from frappe.utils import add_days, create_batch, getdate, now_datetime, today

from profregister.domain import credit_units, fhir
from profregister.domain.identifiers import make_iin
from profregister.services.analytics import replica, summaries
from profregister.services.certificates import lifecycle as certificates
from profregister.services.cpd import confirmation as confirmation_service
from profregister.services.cpd import credit_units as cpd
from profregister.services.register_import import run as register_import_service
from profregister.tests.factories import remove_workers
from profregister.tests.rest import api_token, rest

from .demo import make_demo, sample_load
from .replica_check import REPORTS, Probe

# What the in-process figures are: the production stack's figures come from tools/load (scripts/benchmark).
IN_PROCESS = "in process: Frappe's WSGI app through werkzeug's test client (no socket, nginx or gunicorn)"


def synthetic_load_rows_per_s(workers: int, force_load: bool) -> dict:
	"""Workers loaded per second, measured on every run: the whole load when the site is loaded now, else
	a sample loaded afresh into the loaded site (and rolled back), so that a reused site is not reloaded."""
	result = make_demo(workers, force=force_load)
	if not result["reused"]:
		return {
			"value": round(workers / result["seconds"], 1),
			"unit": "rows_per_s",
			"reused_site": False,
			"via": "in process: the demo load of all workers (generation, register records, staffing "
			"tables, CPD evidence, demo users; not the removal of an earlier load nor the certificate job)",
		}
	sample, seconds = sample_load()
	return {
		"value": round(sample / seconds, 1),
		"unit": "rows_per_s",
		"reused_site": True,
		"sample_workers": sample,
		"via": "in process: a fresh load of a sample of workers' register records (generation, workers, "
		"employments, certificates, education, latest certificates) into the loaded site, rolled back; "
		"staffing tables, CPD evidence and demo users are not in the sample",
	}


def expiry_job(workers: int) -> list[dict]:
	"""The certificate job on the national dataset: a first run that catches up on everything due,
	then an ordinary day. State left by earlier runs is reset first, so figures are comparable."""
	_reset_certificate_lifecycle()
	day = getdate(today())
	figures = []
	for name, run_on in (("expiry_job_catchup", add_days(day, -1)), ("expiry_job", day)):
		queries = _questions()
		started = time.perf_counter()
		made = certificates.process(run_on)
		seconds = time.perf_counter() - started
		# The second SHOW STATUS is itself a statement.
		count = _questions() - queries - 1
		figures += [
			{"figure": f"{name}_s", "value": round(seconds, 2), "unit": "s", **made},
			{"figure": f"{name}_queries", "value": count, "unit": "queries", **made},
		]
	return figures


def _questions() -> int:
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def _reset_certificate_lifecycle():
	"""Undo what earlier runs of the certificate job did on the benchmark site (set-based)."""
	frappe.db.sql("update `tabSpecialist Certificate` set expiry_notice_sent_on = null")
	frappe.db.sql(
		"""update `tabHealth Worker` set status = 'Active', blocked_since = null, blocking_certificate = null,
		block_reason = null where status = 'Blocked'"""
	)
	frappe.db.delete("Notification Log", {"document_type": "Health Worker"})
	# The events of the blocks undone above, so that repeated runs do not grow the table.
	frappe.db.delete("Health Worker Status Change", {"to_status": "Blocked", "certificate": ("is", "set")})
	frappe.db.delete(
		"Version", {"ref_doctype": "Health Worker", "data": ("like", '%["status","Active","Blocked"]%')}
	)
	queued = frappe.get_all("Email Queue", filters={"reference_doctype": "Health Worker"}, pluck="name")
	for chunk in create_batch(queued, 10000):
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", chunk)})
		frappe.db.delete("Email Queue", {"name": ("in", chunk)})
	frappe.db.commit()


BENCH_EVIDENCE = 200


def cpd_compute(workers: int) -> list[dict]:
	"""CU of one worker with 200 evidence rows: the domain alone, and a real request to the server."""
	worker = _worker_with_evidence(BENCH_EVIDENCE)
	rows = frappe.get_all("CPD Evidence", filters={"health_worker": worker}, fields=list(cpd.EVIDENCE_FIELDS))
	evidence, sets, criteria = [cpd.as_evidence(r) for r in rows], cpd.rule_sets(), cpd.criteria()

	def in_process():
		valued = [(e.criterion, credit_units.value(e, sets).credit_units) for e in evidence]
		return credit_units.summarise(valued, criteria)

	token = api_token(_bench_user(frappe.db.get_value("Health Worker", worker, "current_entity")))
	frappe.db.commit()
	path = f"/api/method/profregister.api.get_worker_credit_units?health_worker={worker}"
	response = rest("GET", path, token)
	if response.status_code != 200:
		frappe.throw(f"The server answered {response.status_code}: {response.get_data(as_text=True)[:300]}")
	total = response.json["message"]["total"]
	return [
		{"figure": "cpd_compute_inprocess_ms", "value": _median_ms(in_process), "unit": "ms",
			"evidence": len(evidence), "total_cu": in_process().total},
		{"figure": "cpd_compute_server_ms", "value": _median_ms(lambda: rest("GET", path, token)), "unit": "ms",
			"evidence": len(evidence), "total_cu": total, "via": IN_PROCESS + ", token auth"},
	]  # fmt: skip


def portal(workers: int) -> list[dict]:
	"""The worker's own "My CPD" page (/cpd) with 200 evidence rows, as their browser gets it."""
	worker = _worker_with_evidence(BENCH_EVIDENCE)
	user = "benchmark.worker@profregister.localhost"
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{"doctype": "User", "email": user, "first_name": "Benchmark worker", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	if frappe.db.get_value("Health Worker", worker, "user") != user:
		frappe.db.set_value("Health Worker", {"user": user}, "user", None)
		doc = frappe.get_doc("Health Worker", worker)
		doc.user = user
		doc.save(ignore_permissions=True)
	token = api_token(user)
	frappe.db.commit()
	response = rest("GET", "/cpd", token)
	if response.status_code != 200:
		frappe.throw(f"The server answered {response.status_code}: {response.get_data(as_text=True)[-300:]}")
	return [
		{"figure": "portal_dashboard_ms", "value": _median_ms(lambda: rest("GET", "/cpd", token)), "unit": "ms",
			"evidence": BENCH_EVIDENCE, "page_kb": round(len(response.get_data()) / 1024),
			"via": IN_PROCESS + ": GET /cpd as the worker's own account, token auth"},
	]  # fmt: skip


DAY_OF_CHANGES = 3_000


def fhir_directory(workers: int) -> list[dict]:
	"""The FHIR directory and the licence check over real HTTP, as a national API client with personal
	data: a practitioner by IIN, a page of 100 roles with their practitioners, and a day's changes
	(3,000 workers and their employments touched within the last 24 hours)."""
	client = "Benchmark HIS"
	if not frappe.db.exists("Register API Client", client):
		frappe.get_doc(
			{"doctype": "Register API Client", "client_name": client, "scope": "National", "personal_data": 1}
		).insert(ignore_permissions=True)
	token = frappe.get_doc("Register API Client", client).generate_secret()
	iin, worker = frappe.db.get_value(
		"Health Worker", {"status": "Active"}, ["iin", "name"], order_by="name desc"
	)
	number = frappe.db.get_value(
		"Specialist Certificate", {"is_latest": 1}, "certificate_number", order_by="name desc"
	)
	# A day of changes: the last DAY_OF_CHANGES workers and their employments saved over the past day.
	touched = frappe.get_all("Health Worker", pluck="name", order_by="name desc", limit=DAY_OF_CHANGES)
	now = now_datetime()
	for n, batch in enumerate(create_batch(touched, 500)):
		moment = now - timedelta(hours=20 - n)
		frappe.db.set_value(
			"Health Worker", {"name": ("in", batch)}, "modified", moment, update_modified=False
		)
		frappe.db.set_value(
			"Employment", {"health_worker": ("in", batch)}, "modified", moment, update_modified=False
		)
	frappe.db.commit()
	since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%S")
	paths = {
		"fhir_practitioner_by_identifier_ms": f"/fhir/R4/Practitioner?identifier={fhir.SID_IIN}|{iin}",
		"fhir_practitionerrole_page_include_ms": "/fhir/R4/PractitionerRole?_count=100&_include=PractitionerRole:practitioner",
		"fhir_history_since_day_ms": f"/fhir/R4/Practitioner/_history?_since={since}&_count=100",
	}
	figures = []
	for figure, path in paths.items():
		response = rest("GET", path, token)
		if response.status_code != 200:
			frappe.throw(
				f"{path}: the server answered {response.status_code}: {response.get_data(as_text=True)[:300]}"
			)
		entries = [e["resource"]["id"] for e in response.json.get("entry", []) if "resource" in e]
		if figure == "fhir_practitioner_by_identifier_ms" and entries != [worker]:
			frappe.throw(f"{path} found {entries}, not {worker}")
		figures.append({"figure": figure, "value": _median_ms(lambda path=path: rest("GET", path, token)), "unit": "ms",
			"entries": len(entries), "via": IN_PROCESS + ", API key of a national client"})  # fmt: skip

	def check():
		frappe.cache.delete_value(frappe.cache.make_key("profregister:limit:licence:127.0.0.1"))
		return rest("GET", f"/api/method/profregister.api.verify_licence?number={number}", None)

	answer = check()
	if answer.status_code != 200 or not answer.json["message"]["found"]:
		frappe.throw(
			f"The licence check answered {answer.status_code}: {answer.get_data(as_text=True)[:300]}"
		)
	figures.append({"figure": "licence_verify_ms", "value": _median_ms(check), "unit": "ms",
		"via": IN_PROCESS + ": GET /api/method/profregister.api.verify_licence as a guest"})  # fmt: skip
	frappe.db.delete("Register Access Log", {"client": client})
	frappe.db.commit()
	return figures


def _median_ms(func, runs: int = 15) -> float:
	func()  # warm caches, as on a running server
	times = []
	for _ in range(runs):
		started = time.perf_counter()
		func()
		times.append((time.perf_counter() - started) * 1000)
	return round(statistics.median(times), 1)


def _bench_user(entity: str) -> str:
	return _linked_user(
		"benchmark.hr@profregister.localhost", "Healthcare Entity", entity, function="HR Specialist"
	)


def _worker_with_evidence(count: int) -> str:
	"""The first active worker, given `count` verified evidence rows spread over the last 5 years."""
	worker = frappe.get_all(
		"Health Worker", filters={"status": "Active"}, pluck="name", order_by="name", limit=1
	)[0]
	frappe.db.delete("CPD Evidence", {"name": ("like", "BENCH-%")})
	entity, region = frappe.db.get_value("Health Worker", worker, ["current_entity", "current_region"])
	rates = [r for r in cpd.rule_sets()[0].rates if r.unit in ("hour", "day", "item", "year")]
	day = getdate(today())
	rows = []
	for n in range(count):
		rate = rates[n % len(rates)]
		end = add_days(day, -(n * 9 + 1))
		rows.append({
			"name": f"BENCH-{n:04d}", "health_worker": worker, "healthcare_entity": entity, "region": region,
			"criterion": f"{rate.criterion:02d}", "variant": rate.variant, "unit": rate.unit, "quantity": 1,
			"title": f"Benchmark activity {n}", "date_from": end, "date_to": end, "author_position": 1,
			"number_of_authors": 1, "result_at_or_above_threshold": 1, "document_language": "Russian",
			"attachment": f"/private/files/bench-{n}.pdf", "status": "Verified", "profile_matches": 1,
			"owner": "Administrator", "modified_by": "Administrator", "creation": day, "modified": day,
		})  # fmt: skip
	frappe.db.bulk_insert("CPD Evidence", list(rows[0]), [list(r.values()) for r in rows])
	frappe.db.commit()
	return worker


def confirmation(workers: int) -> list[dict]:
	"""An Appendix 2 confirmation for a worker with 200 evidence rows and 10 employments, and its PDF."""
	worker = _worker_with_evidence(BENCH_EVIDENCE)
	_give_employments(worker, 10)
	frappe.db.delete("CPD Confirmation", {"health_worker": worker})
	made = []

	def create():
		doc = frappe.get_doc(
			{"doctype": "CPD Confirmation", "health_worker": worker, "declared_specialty": _specialty(worker)}
		)
		made.append(doc.insert(ignore_permissions=True))

	create_ms = _median_ms(create, runs=7)
	doc = made[-1]
	pdf_s = (
		_median_ms(
			lambda: frappe.get_print(
				doc.doctype, doc.name, print_format=confirmation_service.PRINT_FORMAT, as_pdf=True
			),
			runs=3,
		)
		/ 1000
	)
	pdf = frappe.get_print(doc.doctype, doc.name, print_format=confirmation_service.PRINT_FORMAT, as_pdf=True)
	frappe.db.rollback()
	return [
		{"figure": "confirmation_create_ms", "value": create_ms, "unit": "ms", "evidence": BENCH_EVIDENCE,
			"employments": len(doc.labour_activity), "total_cu": doc.total_credit_units},
		{"figure": "confirmation_pdf_s", "value": round(pdf_s, 2), "unit": "s", "pdf_bytes": len(pdf)},
	]  # fmt: skip


def _specialty(worker: str) -> str:
	return frappe.db.get_value(
		"Employment", {"health_worker": worker, "name": ("like", "BENCH-%")}, "specialty"
	)


def _give_employments(worker: str, count: int):
	"""`count` consecutive jobs, the last one open, at the worker's current entity (bulk, replacing theirs)."""
	entity, region, position = frappe.db.get_value(
		"Health Worker", worker, ["current_entity", "current_region", "current_position"]
	)
	specialty = frappe.db.get_value("Specialty", {"for_clinical_practice": 1}, "name")
	frappe.db.delete("Employment", {"health_worker": worker})
	start, rows, now = getdate("2001-09-01"), [], now_datetime()
	for n in range(count):
		end = None if n == count - 1 else add_days(start, 700)
		rows.append({
			"name": f"BENCH-EMP-{n:02d}", "health_worker": worker, "healthcare_entity": entity, "region": region,
			"position": position or "Nurse", "specialty": specialty, "start_date": start, "end_date": end,
			"end_reason": "Transfer" if end else None, "is_main": 1, "rate": 1, "order_number": f"{n + 1}-K",
			"order_date": start, "owner": "Administrator", "modified_by": "Administrator", "creation": now, "modified": now,
		})  # fmt: skip
		start = add_days(start, 760)
	frappe.db.bulk_insert("Employment", list(rows[0]), [list(r.values()) for r in rows])
	frappe.db.set_value(
		"Health Worker", worker, {"current_employment": rows[-1]["name"], "current_specialty": specialty}
	)
	frappe.db.commit()


# The national lists answer with a summary by default (REPORTS); their drill-down, page 1 of the List
# view for the whole country, is measured too.
PAGED_REPORTS = (
	"Certificate Expiry",
	"CPD Summary for Professional Associations",
	"Employees for Advanced Training",
)


def reports(workers: int) -> list[dict]:
	"""Each national report (replica_check.REPORTS) as the National Coordinator runs it, on the primary,
	and on the replica when the site has one (./scripts/replica start); and the first page of each paged
	report's List view."""
	figures = []
	# The day's summary tables as the nightly job leaves them (a reused site may hold an earlier day's).
	if not summaries.current(today()):
		summaries.rebuild()
		frappe.db.commit()
	probe = Probe() if frappe.conf.replica_host else None
	if probe:
		probe.catch_up()
	for name, filters in REPORTS.items():
		module = frappe.db.get_value("Report", name, "module")
		execute = frappe.get_attr(get_report_module_dotted_path(module, name) + ".execute")
		rows = len(execute(dict(filters))[1])
		once = lambda execute=execute, filters=filters: execute(dict(filters))  # noqa: E731
		figure = f"report_{frappe.scrub(name)}"
		seconds = _median_ms(once, runs=3) / 1000
		figures.append({"figure": f"{figure}_s", "value": round(seconds, 2), "unit": "s", "rows": rows})
		if name in PAGED_REPORTS:
			page = {**filters, "view": "List", "page": 1}
			listed = len(execute(dict(page))[1])
			seconds = _median_ms(lambda execute=execute, page=page: execute(dict(page)), runs=3) / 1000
			figures.append(
				{"figure": f"{figure}_page_s", "value": round(seconds, 2), "unit": "s", "rows": listed}
			)
		if not probe:
			figures.append(
				{"figure": f"{figure}_replica_s", "value": None, "unit": "s", "note": "no replica"}
			)
			continue
		configured, frappe.local.conf.read_from_replica = frappe.local.conf.read_from_replica, 1
		try:
			seconds = _median_ms(lambda once=once: replica.read(once), runs=3) / 1000
		finally:
			frappe.local.conf.read_from_replica = configured
		figures.append(
			{"figure": f"{figure}_replica_s", "value": round(seconds, 2), "unit": "s", "rows": rows}
		)
	return figures


def list_scoped(workers: int) -> list[dict]:
	"""The first page of the Health Worker list as the desk asks for it, over real HTTP, for an HR user
	(one entity) and a regional department (a whole region): the fail-closed conditions at scale."""
	entity = frappe.db.get_value("Health Worker", {"status": "Active"}, "current_entity", order_by="name")
	region = frappe.db.get_value("Healthcare Entity", entity, "region")
	users = {"hr": _bench_user(entity), "regional": _bench_regional_user(region)}
	query = {
		"doctype": "Health Worker",
		"fields": '["`tabHealth Worker`.`name`", "`tabHealth Worker`.`full_name`", "`tabHealth Worker`.`status`", "`tabHealth Worker`.`current_entity`"]',
		"order_by": "`tabHealth Worker`.`modified` desc",
		"page_length": 20,
		"with_comment_count": 1,
	}
	figures = []
	for role, user in users.items():
		token = api_token(user)
		frappe.db.commit()
		response = rest("POST", "/api/method/frappe.desk.reportview.get", token, data=query)
		rows = len((response.json.get("message") or {}).get("values") or [])
		ms = _median_ms(
			lambda token=token: rest("POST", "/api/method/frappe.desk.reportview.get", token, data=query)
		)
		figures.append({"figure": "list_scoped_ms", "value": ms, "unit": "ms", "user": role, "rows": rows})
	return figures


def desk(workers: int) -> list[dict]:
	"""What the desk asks for, over real HTTP, as the role that uses it: every number card of the HR and
	the coordinator workspaces, the first page of two lists with their count, a worker's form with its
	connections."""
	entity = frappe.db.get_value("Health Worker", {"status": "Active"}, "current_entity", order_by="name")
	worker = frappe.db.get_value("Health Worker", {"current_entity": entity, "status": "Active"}, "name")
	coordinator = "benchmark.coordinator@profregister.localhost"
	if not frappe.db.exists("User", coordinator):
		frappe.get_doc(
			{"doctype": "User", "email": coordinator, "first_name": "Coordinator", "send_welcome_email": 0}
		).insert(ignore_permissions=True)
		frappe.get_doc("User", coordinator).add_roles("National Coordinator")
	tokens = {"hr": api_token(_bench_user(entity)), "coordinator": api_token(coordinator)}
	frappe.db.commit()
	figures = []
	for role, workspace in (("hr", "Professional Register"), ("coordinator", "Workforce Analytics")):
		cards = [
			frappe.get_doc("Number Card", name)
			for name in frappe.get_all(
				"Workspace Number Card", filters={"parent": workspace}, pluck="number_card_name"
			)
		]

		def all_cards(token=tokens[role], cards=cards):
			for card in cards:
				rest("POST", "/api/method/frappe.desk.doctype.number_card.number_card.get_result", token,
					data={"doc": json.dumps(card.as_dict(), default=str), "filters": card.filters_json})  # fmt: skip

		figures.append({"figure": "desk_workspace_cards_ms", "value": _median_ms(all_cards, runs=5),
			"unit": "ms", "user": role, "cards": len(cards), "card_cache": "hit (cards are kept 60 s)"})  # fmt: skip

		def all_cards_counted(all_cards=all_cards):
			frappe.cache.delete_keys("profregister:number_card:")
			all_cards()

		figures.append({"figure": "desk_workspace_cards_uncached_ms", "value": _median_ms(all_cards_counted,
			runs=5), "unit": "ms", "user": role, "cards": len(cards), "card_cache": "emptied before each run"})  # fmt: skip
	for doctype, fields in (
		("Health Worker", ["name", "full_name", "status", "current_entity"]),
		("Specialist Certificate", ["name", "health_worker", "specialty", "valid_until", "is_latest"]),
	):
		listing = {"doctype": doctype, "fields": json.dumps([f"`tab{doctype}`.`{f}`" for f in fields]),
			"order_by": f"`tab{doctype}`.`modified` desc", "page_length": 20}  # fmt: skip

		def first_page(listing=listing, doctype=doctype):
			rest("POST", "/api/method/frappe.desk.reportview.get", tokens["hr"], data=listing)
			rest("POST", "/api/method/frappe.desk.reportview.get_count", tokens["hr"],
				data={"doctype": doctype, "filters": "[]", "distinct": "false"})  # fmt: skip

		figures.append({"figure": "desk_list_ms", "value": _median_ms(first_page, runs=7), "unit": "ms",
			"user": "hr", "doctype": doctype})  # fmt: skip

	def form():
		rest("GET", "/api/method/frappe.desk.form.load.getdoc", tokens["hr"],
			query_string={"doctype": "Health Worker", "name": worker})  # fmt: skip
		rest("POST", "/api/method/frappe.desk.notifications.get_open_count", tokens["hr"],
			data={"doctype": "Health Worker", "name": worker})  # fmt: skip

	figures.append({"figure": "desk_form_ms", "value": _median_ms(form, runs=7), "unit": "ms", "user": "hr"})
	return figures


def access_log(workers: int) -> list[dict]:
	"""What the trail of personal data access (access/audit.py) adds to a read, in process: a worker's form
	opened by HR (Frappe's getdoc, then the override that notes the read and the end of a GET request that
	writes it with its own commit), and a FHIR search of 20 practitioners by a client with personal data
	(the same request with the trail switched off, then on: its rows go in with the request's commit)."""
	import frappe.desk.form.load
	from werkzeug.test import EnvironBuilder
	from werkzeug.wrappers import Request

	from profregister.access import audit
	from profregister.api import frappe_overrides
	from profregister.services.interoperability.fhir import handler

	entity, worker = frappe.db.get_value(
		"Health Worker", {"status": "Active"}, ["current_entity", "name"], order_by="name"
	)
	hr = _bench_user(entity)
	client = "Benchmark HIS"
	if not frappe.db.exists("Register API Client", client):
		frappe.get_doc(
			{"doctype": "Register API Client", "client_name": client, "scope": "National", "personal_data": 1}
		).insert(ignore_permissions=True)
		frappe.get_doc("Register API Client", client).generate_secret()
	client_user = frappe.db.get_value("Register API Client", client, "user")
	frappe.db.commit()
	started = now_datetime()

	def fresh_request(user: str):
		# What a new request starts with: the caches of the gate and of the trail are per request.
		for name in (
			"profregister_grants",
			"profregister_rights",
			"profregister_accessor",
			"profregister_api_client",
		):
			if hasattr(frappe.local, name):
				delattr(frappe.local, name)
		frappe.set_user(user)
		frappe.local.response = frappe._dict(docs=[])

	def open_form(load):
		fresh_request(hr)
		load("Health Worker", worker)
		audit.flush_request()  # the end of the request: with the trail, its rows and a commit
		frappe.db.rollback()

	ids = ",".join(frappe.get_all("Health Worker", pluck="name", order_by="name", limit=20))
	environ = EnvironBuilder(path="/fhir/R4/Practitioner", query_string={"_id": ids}).get_environ()

	def search():
		fresh_request(client_user)
		frappe.local.request = Request(environ)
		status, _body = handler.handle("Practitioner", frappe.local.request.args)
		frappe.db.commit()  # a FHIR request commits its access log; the trail's rows go in with it
		del frappe.local.request
		if status != 200:
			frappe.throw(f"The FHIR search answered {status}")

	try:
		form = _paired_ms(
			lambda: open_form(frappe.desk.form.load.getdoc), lambda: open_form(frappe_overrides.getdoc)
		)
		fhir_search = _paired_ms(lambda: _without(audit, search), search)
	finally:
		frappe.set_user("Administrator")
		frappe.db.delete(
			"Personal Data Access", {"accessed_at": (">=", started), "user": ("in", [hr, client_user])}
		)
		frappe.db.delete("Register Access Log", {"client": client, "creation": (">=", started)})
		frappe.db.commit()
	return [
		{"figure": "access_log_overhead_ms", **form, "unit": "ms", "read": "desk form of a Health Worker, as HR",
			"via": "in process: the form's endpoint called directly"},
		{"figure": "access_log_overhead_ms", **fhir_search, "unit": "ms",
			"read": "FHIR search of 20 practitioners, national client with personal data",
			"via": "in process: the FHIR handler called directly"},
	]  # fmt: skip


def _without(audit, func):
	with patch.object(audit, "record"):
		return func()


def _paired_ms(without, with_, runs: int = 41) -> dict:
	"""The cost `with_` adds to `without`, each run timed back to back (a busy machine slows both alike):
	the median of the differences, and the median of each."""
	without(), with_()
	plain, added, differences = [], [], []
	for _ in range(runs):
		started = time.perf_counter()
		without()
		middle = time.perf_counter()
		with_()
		ended = time.perf_counter()
		plain.append((middle - started) * 1000)
		added.append((ended - middle) * 1000)
		differences.append(added[-1] - plain[-1])
	return {
		"value": round(statistics.median(differences), 1),
		"without_ms": round(statistics.median(plain), 1),
		"with_ms": round(statistics.median(added), 1),
	}


def _bench_regional_user(region: str) -> str:
	return _linked_user("benchmark.region@profregister.localhost", "Region", region)


def _linked_user(user: str, doctype: str, name: str, **row) -> str:
	"""A benchmark user listed on an entity's or region's users, as an administrator links one."""
	if not frappe.db.exists("User", user):
		frappe.get_doc(
			{"doctype": "User", "email": user, "first_name": user.split("@")[0], "send_welcome_email": 0}
		).insert(ignore_permissions=True)
	users_table = frappe.get_meta(doctype).get_field("users").options
	if not frappe.db.exists(users_table, {"parent": name, "user": user}):
		doc = frappe.get_doc(doctype, name)
		doc.append("users", {"user": user, **row})
		doc.save(ignore_permissions=True)
	return user


IMPORT_ROWS = 100_000
DATA_IMPORT_ROWS = 5_000
DATA_IMPORT_FIELDS = (
	"iin",
	"last_name",
	"first_name",
	"patronymic",
	"sex",
	"date_of_birth",
	"current_entity",
)


def register_import(workers: int) -> list[dict]:
	"""Register Import of one generated file of 100,000 new workers (worker, employment, certificate,
	education): the dry run, the import, the same file again; Frappe's Data Import on 5,000 of its
	Health Worker rows for comparison. The site is left as it was found."""
	path, rows = _import_file(IMPORT_ROWS)
	imports = []
	try:
		data_import = _data_import_rate(rows[:DATA_IMPORT_ROWS])
		sampler = _RssSampler()
		doc = _register_import(path)
		imports.append(doc.name)
		with sampler:
			dry = _timed(lambda: register_import_service.run(doc.name))
			commit = _timed(lambda: register_import_service.run(doc.name, commit=True))
		doc.reload()
		made = {"new": doc.rows_new, "errors": doc.rows_error}
		again = _register_import(path)
		imports.append(again.name)
		rerun = _timed(
			lambda: (
				register_import_service.run(again.name),
				register_import_service.run(again.name, commit=True),
			)
		)
		again.reload()
	finally:
		remove_workers([r[0] for r in rows])
		for name in imports:
			frappe.delete_doc("Register Import", name, ignore_permissions=True, force=True)
		frappe.db.commit()
		os.unlink(path)
	commit_rate = round(IMPORT_ROWS / commit, 1)
	return [
		{"figure": "import_dry_run_rows_per_s", "value": round(IMPORT_ROWS / dry, 1), "unit": "rows_per_s",
			"rows": IMPORT_ROWS, "format": "csv"},
		{"figure": "import_commit_rows_per_s", "value": commit_rate, "unit": "rows_per_s", "rows": IMPORT_ROWS,
			"records_per_row": "worker + employment + certificate + education", **made},
		{"figure": "import_rerun_s", "value": round(rerun, 2), "unit": "s", "rows": IMPORT_ROWS,
			"unchanged": again.rows_unchanged, "changed": again.rows_new + again.rows_update},
		{"figure": "import_peak_rss_mb", "value": sampler.peak_mb, "unit": "MB", "before_mb": sampler.before_mb},
		{"figure": "data_import_rows_per_s", "value": data_import, "unit": "rows_per_s", "rows": DATA_IMPORT_ROWS,
			"doctype": "Health Worker"},
		{"figure": "import_vs_data_import_ratio", "value": round(commit_rate / data_import, 1), "unit": "ratio"},
	]  # fmt: skip


def _timed(func) -> float:
	started = time.perf_counter()
	func()
	return time.perf_counter() - started


class _RssSampler:
	"""Peak resident memory of this process while the block runs (sampled every 50 ms)."""

	def __enter__(self):
		self.process, self.stop = psutil.Process(), threading.Event()
		self.before_mb = round(self.process.memory_info().rss / 2**20, 1)
		self.peak = self.process.memory_info().rss
		self.thread = threading.Thread(target=self._sample, daemon=True)
		self.thread.start()
		return self

	def _sample(self):
		while not self.stop.wait(0.05):
			self.peak = max(self.peak, self.process.memory_info().rss)

	def __exit__(self, *exc):
		self.stop.set()
		self.thread.join()
		self.peak_mb = round(self.peak / 2**20, 1)


def _import_file(count: int) -> tuple[str, list[list]]:
	"""A CSV of `count` workers no one holds yet, on the register's entities, in Russian headers."""
	taken = set(frappe.get_all("Health Worker", pluck="iin"))
	entities = frappe.get_all("Healthcare Entity", pluck="name", order_by="name")
	positions = frappe.get_all("Position", pluck="name", order_by="name")
	specialties = frappe.get_all(
		"Specialty", filters={"for_clinical_practice": 1}, pluck="name", order_by="name"
	)
	rows, day, serial = [], getdate("1970-01-01"), 0
	while len(rows) < count:
		iin = make_iin(day, ("Female", "Male")[serial % 2], serial)
		serial += 1
		if not iin or iin in taken:
			continue
		n = len(rows)
		start = add_days(getdate("2015-01-01"), n % 3000)
		rows.append([iin, "Бенчмарков", _letters(n), "Тестович", day.strftime("%d.%m.%Y"), entities[n % len(entities)],
			positions[n % len(positions)], specialties[n % len(specialties)], "1", start.strftime("%d.%m.%Y"),
			f"{n}-K", f"BENCH-{iin}", specialties[n % len(specialties)], "НЦНПО", "01.02.2024", "01.02.2029",
			"Higher", "Медицинский университет Астана", f"ЖБ-{n}"])  # fmt: skip
		if len(rows) % 40 == 0:  # 40 workers born on each day
			day, serial = add_days(day, 1), 0
	header = ["ИИН", "Фамилия", "Имя", "Отчество", "Дата рождения", "БИН", "Должность", "Специальность", "Ставка",
		"Дата приёма", "Номер приказа", "Номер сертификата", "Специальность сертификата", "Кем выдан сертификат",
		"Дата выдачи сертификата", "Сертификат действителен до", "Уровень образования", "Учебное заведение",
		"Номер диплома"]  # fmt: skip
	handle, path = tempfile.mkstemp(suffix=".csv")
	with os.fdopen(handle, "w", newline="", encoding="utf-8-sig") as f:
		writer = csv.writer(f, delimiter=";")
		writer.writerow(header)
		writer.writerows(rows)
	return path, rows


def _letters(n: int) -> str:
	"""A name made of letters only, different for each n."""
	name = ""
	while True:
		n, digit = divmod(n, 32)
		name = chr(0x430 + digit) + name
		if not n:
			return "Им" + name


def _register_import(path: str):
	"""An import of the file as an upload makes one; the file is above the default upload limit, which
	an administrator raises for such files (README, Register Import)."""
	with open(path, "rb") as f:
		content = f.read()
	with patch("frappe.core.api.file.get_max_file_size", return_value=len(content)):
		file = frappe.get_doc(
			{"doctype": "File", "file_name": "benchmark-import.csv", "content": content, "is_private": 1}
		).insert(ignore_permissions=True)
	doc = frappe.get_doc({"doctype": "Register Import", "import_file": file.file_url}).insert(
		ignore_permissions=True
	)
	frappe.db.commit()
	return doc


def _data_import_rate(rows: list[list]) -> float:
	"""Frappe's Data Import inserting the Health Worker columns of `rows`, as its job does."""
	from frappe.core.doctype.data_import.data_import import start_import

	meta = frappe.get_meta("Health Worker")
	out = io.StringIO()
	writer = csv.writer(out)
	writer.writerow([meta.get_label(f) for f in DATA_IMPORT_FIELDS])
	for row in rows:
		born = getdate("-".join(reversed(row[4].split("."))))
		writer.writerow([row[0], row[1], row[2], row[3], "", born.isoformat(), row[5]])
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": "benchmark-data-import.csv",
			"content": out.getvalue().encode(),
			"is_private": 1,
		}
	).insert(ignore_permissions=True)
	doc = frappe.get_doc({"doctype": "Data Import", "reference_doctype": "Health Worker",
		"import_type": "Insert New Records", "import_file": file.file_url}).insert(ignore_permissions=True)  # fmt: skip
	frappe.db.commit()
	seconds = _timed(lambda: start_import(doc.name))
	inserted = frappe.db.count("Health Worker", {"iin": ("in", [r[0] for r in rows])})
	remove_workers([r[0] for r in rows])
	frappe.delete_doc("Data Import", doc.name, ignore_permissions=True, force=True)
	frappe.db.commit()
	if inserted != len(rows):
		frappe.throw(f"Data Import inserted {inserted} of {len(rows)} rows: {doc.reload() or doc.status}")
	return round(len(rows) / seconds, 1)


# Each measurement and the figures it prints; `--only` takes either.
FIGURES = {
	"synthetic_load_rows_per_s": (synthetic_load_rows_per_s, ("synthetic_load_rows_per_s",)),
	"expiry_job": (
		expiry_job,
		("expiry_job_s", "expiry_job_queries", "expiry_job_catchup_s", "expiry_job_catchup_queries"),
	),
	"cpd_compute": (cpd_compute, ("cpd_compute_inprocess_ms", "cpd_compute_server_ms")),
	"confirmation": (confirmation, ("confirmation_create_ms", "confirmation_pdf_s")),
	"reports": (
		reports,
		(
			*(f"report_{frappe.scrub(name)}{kind}_s" for name in REPORTS for kind in ("", "_replica")),
			*(f"report_{frappe.scrub(name)}_page_s" for name in PAGED_REPORTS),
		),
	),
	"list_scoped": (list_scoped, ("list_scoped_ms",)),
	"portal": (portal, ("portal_dashboard_ms",)),
	"fhir": (
		fhir_directory,
		(
			"fhir_practitioner_by_identifier_ms",
			"fhir_practitionerrole_page_include_ms",
			"fhir_history_since_day_ms",
			"licence_verify_ms",
		),
	),
	"desk": (
		desk,
		("desk_workspace_cards_ms", "desk_workspace_cards_uncached_ms", "desk_list_ms", "desk_form_ms"),
	),
	"access_log": (access_log, ("access_log_overhead_ms",)),
	"register_import": (
		register_import,
		(
			"import_dry_run_rows_per_s",
			"import_commit_rows_per_s",
			"import_rerun_s",
			"import_peak_rss_mb",
			"data_import_rows_per_s",
			"import_vs_data_import_ratio",
		),
	),
}


def run(workers: int, only: str | None = None):
	"""Yield one dict per figure. Data are loaded first (reused when the site already holds `workers`)."""
	known = {name for group, (_f, names) in FIGURES.items() for name in (group, *names)}
	if only and only not in known:
		frappe.throw(f"Unknown figure {only}; known: {', '.join(sorted(known))}")
	load = synthetic_load_rows_per_s(workers, force_load=only == "synthetic_load_rows_per_s")
	for group, (measure, names) in FIGURES.items():
		if only and only != group and only not in names:
			continue
		measured = load if group == "synthetic_load_rows_per_s" else measure(workers)
		# A measurement gives one figure (a dict) or several related ones (a list).
		for one in measured if isinstance(measured, list) else [{"figure": group, **measured}]:
			if not only or only == group or one["figure"] == only:
				# Said of every figure: none of these crosses a socket; a timed figure is taken warm.
				one.setdefault("via", IN_PROCESS if one["figure"].endswith("_ms") else "in process")
				if one["figure"].endswith("_ms"):
					one.setdefault("state", "warm (one untimed run first; median of the rest)")
				yield {"workers": workers, **one}
