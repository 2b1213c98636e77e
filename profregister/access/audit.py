"""The trail of reads of a worker's personal data (Personal Data Access): who read whose record, what,
through which channel, when and, where the flow asks for one, why.

A read is noted where it happens (`record`) and written with the request or job it belongs to, in one
multi-row INSERT: in the transaction its commit closes (before_commit), or, for a request that commits
nothing (a GET) or failed after reading, with a commit of its own in after_request / after_job, before
the response leaves. A rollback drops what the request wrote, never the reads it noted. Nobody changes or
deletes a row (access/gate.py, the doctype's controller); only `purge_expired` removes the expired ones.
"""

import functools
import re

import frappe
from frappe import _
from frappe.utils import add_months, cint, now_datetime

from profregister.access import clients, gate
from profregister.services.platform import bulk
from profregister.services.platform.checks import check_text_argument, parse_argument, request_method
from profregister.services.platform.parameters import get_parameter

DOCTYPE = "Personal Data Access"
# The doctypes holding a worker's personal data, with the field naming their worker: the worker's own
# record, its child tables and the items that follow it (access/gate.py SCOPED, via_worker).
PERSONAL = {
	"Health Worker": "name",
	**{child: "parent" for child, parent in gate.CHILDREN.items() if parent == "Health Worker"},
	**{doctype: fields.worker for doctype, fields in gate.SCOPED.items() if fields.via_worker},
}
RETENTION = "personal_data_access_retention_months"
# A noted read, as it is inserted.
COLUMNS = ("name", "creation", "modified", "owner", "modified_by", "health_worker", "what", "channel",
	"accessed_at", "user", "roles", "healthcare_entity", "region", "api_client", "request", "purpose",
	"records")  # fmt: skip
USER, WHAT_COLUMN = COLUMNS.index("user"), COLUMNS.index("what")
BUFFER = "profregister_personal_data_access"
HOOKED = "profregister_personal_data_access_hooked"


def record(worker_names, what: str, channel: str, request=None, purpose=None, records=None):
	"""Note one read of each worker named (None: a read that found no worker, or an export counted by
	its rows); the worker's own account reading their own record is not a read by someone else."""
	own = set().union(*(g.values for g in gate.grants() if g.kind == "worker"))
	names = [n for n in dict.fromkeys(worker_names) if n is None or n not in own]
	if not names:
		return
	who, now = accessor(), now_datetime()
	request = (request if request is not None else current_request())[:2000]
	entities = entity_of(names, who["entities"])
	user = who["user"]
	buffer().extend(
		(frappe.generate_hash(length=12), now, now, user, user, name, what, channel, now, user, who["roles"],
			entities.get(name), who["region"], who["api_client"], request, purpose, records or 0)
		for name in names
	)  # fmt: skip
	hook()


def record_document(doctype: str, name, what: str, channel: str, doc=None):
	"""A record of a personal-data doctype read whole (form, print): one read of its worker."""
	field = PERSONAL.get(doctype)
	if not field or not isinstance(name, str):
		return
	if field == "name":
		worker = name
	elif doc is not None:
		worker = doc.get(field)
	else:
		worker = frappe.db.get_value(doctype, name, field)
	if worker:
		record([worker], what, channel)


def record_list(doctype, rows, fields=None, keys=None):
	"""A page of a personal-data doctype's list (list view, get_list, /api/resource): one read of each
	worker on it, in the one batched write of the request."""
	if workers := listed_workers(doctype, rows, fields, keys):
		record(workers, "List", channel())


def record_found(doctype, names):
	"""Records a lookup served by name (a link search's suggestions, a link's fetched fields, get_value):
	one List read of each of their workers, as a page of a list is."""
	field = PERSONAL.get(doctype)
	names = [n for n in names if isinstance(n, str) and n]
	if field and names:
		record(names if field == "name" else workers_of(doctype, field, names), "List", channel())


def listed_workers(doctype, rows, fields=None, keys=None) -> list:
	"""The workers of a page of a personal-data doctype's list: its worker column, else its records'
	names mapped to their workers (one query); nobody for a page that shows neither (counts, groups).
	Rows are dicts, or lists in the order of `keys` (else of `fields`)."""
	field = PERSONAL.get(doctype)
	if not field or not rows or not isinstance(rows, list | tuple):
		return []
	asked = asked_columns(fields)
	for column in dict.fromkeys((field, "name")):
		values = column_values(rows, column, asked, keys)
		if values is not None:
			values = [v for v in values if isinstance(v, str) and v]
			return values if column == field else workers_of(doctype, field, values)
	return workers_of_page(doctype, field, len(rows), asked)


# "`tabHealth Worker`.`name` as worker" -> ("name", "worker")
ALIAS = re.compile(r"\s+as\s+", re.I)


def asked_columns(fields) -> list[tuple[str, str]]:
	"""(column, key in the result) of each field a list asked for ([]: Frappe's default, the name)."""
	fields = parse_argument(fields)
	if isinstance(fields, str):
		fields = fields.split(",")
	if not isinstance(fields, list | tuple):
		return []
	asked = []
	for f in fields:
		parts = ALIAS.split(str(f).replace("`", "").strip(), maxsplit=1)
		column = parts[0].split(".")[-1].strip()
		asked.append((column, parts[-1].strip() if len(parts) > 1 else column))
	return asked


def column_values(rows, column: str, asked: list, keys=None) -> list | None:
	"""The values of a column of the rows, or None when the rows do not show it (an aggregate, or another
	field named after it, is not the column)."""
	aliases = [key for source, key in asked if source == column]
	if not asked or any(source == "*" for source, _key in asked):
		aliases.append(column)
	if isinstance(rows[0], dict):
		key = next((k for k in aliases if k in rows[0]), None)
		return None if key is None else [row.get(key) for row in rows if isinstance(row, dict)]
	keys = keys if keys is not None else [key for _source, key in asked]
	index = next((keys.index(k) for k in aliases if k in keys), None)
	if index is None:
		return None
	return [row[index] for row in rows if isinstance(row, list | tuple) and len(row) > index]


def workers_of_page(doctype: str, field: str, count: int, asked: list) -> list:
	"""A page that leaves its worker out (fields=["iin"]): the same page of the request's list again, its
	worker column alone (one query); a count or a group (an aggregate field, group_by) names nobody."""
	form = frappe.form_dict
	if getattr(frappe.local, "request", None) is None or form.get("group_by"):
		return []
	if any("(" in source for source, _key in asked):
		return []
	return frappe.get_list(
		doctype,
		filters=form.get("filters"),
		or_filters=form.get("or_filters"),
		order_by=form.get("order_by"),
		limit_start=cint(form.get("limit_start") or form.get("start")),
		limit_page_length=count,
		parent_doctype=form.get("parent"),
		pluck=field,
	)


def workers_of(doctype: str, field: str, names: list) -> list:
	"""The worker of each named record, in one query."""
	if not names:
		return []
	found = dict(frappe.db.get_values(doctype, {"name": ("in", list(set(names)))}, ["name", field]))
	return [found[n] for n in names if found.get(n)]


# The key of a script report's rows that names their worker (its List view); a row without it (a count
# by region or month) reads nobody.
REPORT_WORKER = "health_worker"
REPORT_READ = "profregister_report_read"


def reads_workers(execute):
	"""A script report's execute whose rows may name workers: one read of each worker of the rows it
	returns, a Report when run, an Export when Frappe exports it (the same execute, whichever endpoint)."""

	@functools.wraps(execute)
	def wrapped(filters=None):
		result = execute(filters)
		rows = result[1] if isinstance(result, list | tuple) and len(result) > 1 else None
		if rows and isinstance(rows[0], dict) and REPORT_WORKER in rows[0]:
			workers = [r.get(REPORT_WORKER) for r in rows if isinstance(r, dict) and r.get(REPORT_WORKER)]
			web = getattr(frappe.local, "request", None) is not None
			export = web and request_method() == "frappe.desk.query_report.export_query"
			setattr(frappe.local, REPORT_READ, True)
			report = frappe.form_dict.get("report_name") if web else None
			what = "Export" if export else "Report"
			record(workers, what, channel(), request=report if isinstance(report, str) else None)
		return result

	return wrapped


# Frappe's exports (services/platform/exports.py notes each): the report builder's and a query report's.
EXPORTS = ("frappe.desk.reportview.export_query", "frappe.desk.query_report.export_query")


def record_export(data: list):
	"""An export: the workers of its rows when the report builder exports a personal-data doctype with
	its worker column, else the export itself with its number of rows."""
	if getattr(frappe.local, "request", None) is None or request_method() not in EXPORTS:
		return
	form = frappe.form_dict
	doctype, report = form.get("doctype"), form.get("report_name")
	if report and getattr(frappe.local, REPORT_READ, False):
		return  # its rows' workers are noted (reads_workers)
	workers = exported_workers(doctype, form.get("fields"), data) if not report else None
	if workers:
		record(workers, "Export", channel(), request=doctype)
	else:
		record([None], "Export", channel(), request=report or doctype, records=max(len(data) - 1, 0))


def exported_workers(doctype, fields, data: list) -> list | None:
	"""The worker of each row of a report builder's export (its columns: "Sr", then the fields asked)."""
	field = PERSONAL.get(doctype)
	fields = parse_argument(fields)
	if not field or not isinstance(fields, list):
		return None
	names = [str(f).replace("`", "").split(".")[-1].split(" as ")[0].strip() for f in fields]
	if field not in names:
		return None
	column = names.index(field) + 1
	return [row[column] for row in data[1:] if len(row) > column and isinstance(row[column], str)]


def channel() -> str:
	"""Desk for a signed-in session, API for a request with a token or key."""
	request = getattr(frappe.local, "request", None)
	return "API" if request is not None and request.headers.get("Authorization") else "Desk"


def current_request() -> str:
	"""The path of the request (its query may hold what was typed: an IIN, a name), or the job."""
	request = getattr(frappe.local, "request", None)
	if request is not None:
		return request.path
	job = getattr(frappe.local, "job", None)
	return f"{job.method} {(job.kwargs or {}).get('name') or ''}".strip() if job else ""


def accessor() -> dict:
	"""Who reads, once per request: the user, the roles they read with, their organisation."""
	cache = gate.request_cache("profregister_accessor")
	user = frappe.session.user
	if user not in cache:
		held = [g for g in gate.grants(user) if g.kind != "worker"]
		region = None
		if any(g.kind == "region" for g in held):
			region = frappe.db.get_value(
				"Region Health Department User", {"user": user, "parenttype": "Region"}, "parent"
			)
		client = clients.api_client(user)
		cache[user] = {
			"user": user,
			"roles": ", ".join(dict.fromkeys(g.role for g in held))[:140] or None,
			"entities": sorted(set().union(*(g.values for g in held if g.kind == "entity"))),
			"region": region,
			"api_client": client.client if client else None,
		}
	return cache[user]


def entity_of(names: list, entities: list) -> dict:
	"""The reader's entity for each worker: the one entity they are linked with, or, linked with several,
	the one the worker works at (one query)."""
	if len(entities) < 2:
		return dict.fromkeys(names, entities[0] if entities else None)
	placed = dict(
		frappe.get_all(
			"Health Worker",
			filters={"name": ("in", [n for n in names if n])},
			fields=["name", "current_entity"],
			as_list=True,
		)
	)
	return {n: placed.get(n) if placed.get(n) in entities else entities[0] for n in names}


def buffer() -> list:
	rows = getattr(frappe.local, BUFFER, None)
	if rows is None:
		rows = []
		setattr(frappe.local, BUFFER, rows)
	return rows


def hook():
	"""Flush with the next commit; a rollback forgets that, so it is asked again after one."""
	if getattr(frappe.local, HOOKED, None) is frappe.db:
		return
	setattr(frappe.local, HOOKED, frappe.db)
	frappe.db.before_commit.add(flush)
	frappe.db.after_rollback.add(rehook)


def rehook():
	# Within the rollback's own run of after_rollback: asking again there would never end; the next
	# `record`, or the end of the request or job, asks again.
	setattr(frappe.local, HOOKED, None)
	if buffer():
		frappe.db.before_commit.add(flush)


def flush():
	"""Write what was noted, in multi-row INSERTs, in the open transaction (an import's check notes a
	read of every worker it matched)."""
	setattr(frappe.local, HOOKED, None)
	rows = buffer()
	if rows:
		setattr(frappe.local, BUFFER, [])
		bulk.insert_rows(DOCTYPE, [dict(zip(COLUMNS, row, strict=True)) for row in rows])


def flush_request(response=None, request=None):
	"""after_request: a print page served, then what is still noted (a GET commits nothing; a failed
	request was rolled back) with a commit of its own, before the response leaves."""
	if request is not None and getattr(response, "status_code", 0) == 200:
		served(request)
	if buffer() and getattr(frappe.local, "db", None):
		frappe.db.rollback()  # nothing a failed request left half-written goes in with the trail
		flush()
		frappe.db.commit()


# A document or a list over REST: /api/resource/<doctype>[/<name>], and the same under /api/v1/resource and
# /api/v2/document.
REST = re.compile(r"^/api/(?:resource|v1/resource|v2/document)/([^/]+)(?:/([^/]+))?/?$")


def served(request):
	"""Reads Frappe serves with no endpoint of the app around them: the print page, a document or a list
	over REST (Frappe calls its get_list directly, not through the override)."""
	rest = REST.match(request.path) if request.method == "GET" else None
	if request.path.strip("/") == "printview":
		record_document(frappe.form_dict.get("doctype"), frappe.form_dict.get("name"), "Print", channel())
	elif rest and rest.group(2):
		record_document(rest.group(1), rest.group(2), "Form", channel())
	elif rest:
		record_list(rest.group(1), frappe.response.get("data"), frappe.form_dict.get("fields"))


def flush_job(method=None, kwargs=None, result=None):
	"""after_job: a job's reads noted after its last commit, or before it failed."""
	if buffer() and getattr(frappe.local, "db", None):
		frappe.db.rollback()
		flush()
		frappe.db.commit()


def refuse_over_daily_limit(what: str, parameter: str):
	"""A translated 429 once the user made as many reads of this kind today as the parameter allows."""
	if reads_today(frappe.session.user, what) >= int(get_parameter(parameter)):
		frappe.throw(
			_("You have reached today's limit of lookups by IIN; try again tomorrow"),
			frappe.TooManyRequestsError,
			title=_("Too many lookups"),
		)


def required_purpose(purpose) -> str:
	"""The reason a flow asks for: text, not empty, at most 500 characters (a 4xx naming the field)."""
	check_text_argument(purpose, _("Reason"), multiline=True)
	purpose = (purpose or "").strip()
	if not purpose:
		frappe.throw(
			_("{0} is required").format(_("Reason")), frappe.ValidationError, title=_("Missing value")
		)
	if len(purpose) > 500:
		frappe.throw(
			_("{0} may be at most {1} characters").format(_("Reason"), 500),
			frappe.ValidationError,
			title=_("Invalid value"),
		)
	return purpose


def reads_today(user: str, what: str) -> int:
	"""How many reads of this kind the user made today, the ones still noted included."""
	start = now_datetime().replace(hour=0, minute=0, second=0, microsecond=0)
	noted = sum(1 for row in buffer() if row[USER] == user and row[WHAT_COLUMN] == what)
	return noted + frappe.db.count(DOCTYPE, {"user": user, "what": what, "accessed_at": (">=", start)})


def purge_expired():
	"""Daily: delete the rows older than the retention period, in batches with a commit each."""
	cutoff = add_months(now_datetime(), -int(get_parameter(RETENTION)))
	while names := frappe.db.sql_list(
		f"select name from `tab{DOCTYPE}` where accessed_at < %s limit 10000", (cutoff,)
	):
		frappe.db.delete(DOCTYPE, {"name": ("in", names)})
		frappe.db.commit()
