"""Register Import: a spreadsheet of workers (one row each, with their main employment, certificate and
highest education) checked in full, then written in chunks with set-based statements.

The file is read as a stream (read.py). Each chunk of rows is checked by the domain rules
(domain/register_import) and against the importer's scope (check.py), looked up in the register with
four queries and planned: insert, update, unchanged (plan.py); when committing it is written with bulk
INSERTs and CASE UPDATEs, its history, placements and certificate flags (write.py), then committed
together with the number of the last row done: a run killed half-way resumes after it, and a row
written twice is found by its IIN and changes nothing.
"""

import time
from collections import Counter

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import cint, escape_html, getdate, today

from profregister.domain import register_import as ri
from profregister.services.platform import jobs
from profregister.services.register_import.check import Checks, ErrorFile, message
from profregister.services.register_import.plan import plan_chunk
from profregister.services.register_import.read import (
	data_row,
	estimate_rows,
	file_path,
	find_header,
	read_rows,
)
from profregister.services.register_import.write import Writer

CHUNK = 5000
JOB_TIMEOUT = 6 * 3600
PROGRESS_EVENT = "register_import_progress"
COUNTS = {"new": "rows_new", "update": "rows_update", "unchanged": "rows_unchanged", "error": "rows_error"}


# Starting a run (api/desk.py calls these after the document's permission check)


def enqueue(doc, commit: bool):
	"""Put the check (or the import) of the file on the long queue; a 100,000-row file takes minutes."""
	if job_running(doc.name):
		frappe.throw(_("This import is already running"), title=_("Register Import"))
	if commit and not may_commit(doc):
		frappe.throw(
			_("Check the file first: the import writes only a checked file"), title=_("Register Import")
		)
	doc.db_set({"status": "Importing" if commit else "Checking", "summary": None}, notify=True)
	frappe.enqueue(
		# Jobs already queued name this path: it stays.
		"profregister.services.register_import.run.run",
		queue="long",
		timeout=JOB_TIMEOUT,
		job_id=job_id(doc.name),
		deduplicate=True,
		enqueue_after_commit=True,
		name=doc.name,
		commit=commit,
	)


def may_commit(doc) -> bool:
	"""A file checked as it is now, or an import stopped half-way (to be resumed)."""
	checked = doc.checked_file and doc.checked_file == doc.import_file
	return bool(checked and doc.status in ("Checked", "Importing", "Failed"))


def job_id(name: str) -> str:
	return f"register_import::{name}"


def job_running(name: str) -> bool:
	return jobs.is_running(job_id(name)) or jobs.is_locked(job_id(name))


def run(name: str, commit: bool = False):
	"""The job: the dry run (commit=False) or the import of a Register Import's file."""
	doc = frappe.get_doc("Register Import", name)
	try:
		with jobs.exclusive(job_id(name)):
			Run(doc, commit).execute()
	except jobs.AlreadyRunning:
		return  # a run orphaned by a killed worker is still at it, and finishes the work
	except Exception:
		jobs.rollback_or_reconnect()
		doc.reload()
		frappe.log_error(title=f"Register Import {name}")
		doc.db_set(
			{"status": "Failed", "summary": _("The run stopped on an error; it resumes from row {0}.").format(
				cint(doc.last_committed_row) + 1)},
			notify=True,
		)  # fmt: skip
		frappe.db.commit()
		raise


class Run:
	"""One run over the file: its rows in chunks, the counts, the progress shown, the outcome."""

	def __init__(self, doc, commit: bool):
		self.doc, self.commit = doc, commit
		self.day = getdate(today())
		self.lang = get_user_lang(frappe.session.user)
		self.checks = Checks(doc, self.day)
		self.counts = Counter()
		self.updater = {"doctype": doc.doctype, "docname": doc.name, "label": doc.name}
		self.done = self.started = 0

	def execute(self):
		path = file_path(self.doc.import_file)
		header_row, header, rows = find_header(read_rows(path))
		mapping, problems = ri.map_headers(header)
		notes = [p for p in problems if p.message == ri.UNKNOWN_COLUMN]
		self.errors = ErrorFile(path, header, self.lang)
		resume_after = self.start()
		self.total, self.started = estimate_rows(path), time.monotonic()
		if len(notes) < len(problems):
			return self.finish("Failed", [p for p in problems if p not in notes])
		iin_only = {i: k for i, k in mapping.items() if k == "iin"}
		is_row, chunk = data_row(header), []
		for number, cells in rows:
			if number <= header_row or not is_row(cells):
				continue
			if number <= resume_after:
				self.checks.done_before(number, cells, iin_only)
				self.done += 1
				continue
			chunk.append((number, cells))
			if len(chunk) == CHUNK:
				self.process(chunk, mapping)
				chunk = []
		if chunk:
			self.process(chunk, mapping)
		self.finish("Completed" if self.commit else "Checked", notes)

	def start(self) -> int:
		"""The last row done by an import stopped half-way, whose counts go on; else 0, counts cleared."""
		resume_after = cint(self.doc.last_committed_row) if self.commit else 0
		if resume_after:
			self.counts.update({kind: cint(self.doc.get(field)) for kind, field in COUNTS.items()})
		else:
			self.doc.db_set({"last_committed_row": 0, **dict.fromkeys(COUNTS.values(), 0)})
		return resume_after

	def process(self, chunk: list, mapping: dict):
		plans, failed, kinds = plan_chunk(self.checks, self.checks.read(chunk, mapping))
		self.counts.update(kinds)
		for number, cells, problems in failed:
			self.errors.add(number, cells, problems, mapping)
		if self.commit:
			Writer(plans, self.checks.entities, self.day, self.updater).write()
			self.doc.db_set(
				{"last_committed_row": chunk[-1][0], **{f: self.counts[k] for k, f in COUNTS.items()}}
			)
			frappe.db.commit()
			crash_after = frappe.flags.register_import_crash_after_row
			if crash_after and chunk[-1][0] >= crash_after:
				raise RuntimeError("simulated crash")  # tests: a run killed after a committed chunk
		self.done += len(chunk)
		self.progress()

	def progress(self, finished: bool = False):
		seconds = max(time.monotonic() - self.started, 1e-6)
		rate = self.done / seconds
		total = max(self.total, self.done)
		frappe.publish_realtime(
			PROGRESS_EVENT,
			{"name": self.doc.name, "done": self.done, "total": total, "rows_per_second": round(rate),
				"seconds_left": round((total - self.done) / rate) if rate else None, "finished": finished,
				"commit": self.commit},
			doctype=self.doc.doctype,
			docname=self.doc.name,
		)  # fmt: skip

	def finish(self, status: str, notes: list):
		# The notes quote the file's own headers, and the desk shows Small Text as HTML.
		summary = "\n".join(escape_html(message(p, self.lang)) for p in notes)
		error_file = self.errors.save(self.doc, notes) if (self.counts["error"] or notes) else None
		seconds = max(time.monotonic() - self.started, 1e-6)
		values = {
			"status": status,
			"summary": summary or None,
			"error_file": error_file,
			"rows_total": sum(self.counts.values()),
			"rows_per_second": round(self.done / seconds, 1),
			**{field: self.counts[kind] for kind, field in COUNTS.items()},
		}
		if not self.commit and status == "Checked":
			values["checked_file"] = self.doc.import_file
		self.doc.db_set(values, notify=True)
		frappe.db.commit()
		self.progress(finished=True)
