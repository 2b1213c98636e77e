"""Register Import: a spreadsheet of workers (one row each, with their main employment, certificate and
highest education) checked in full, then written in chunks with set-based statements.

The file is read as a stream. Each chunk of rows is checked by the domain rules (domain/register_import),
looked up in the register with four queries, planned (insert, update, unchanged) and, when committing,
written with bulk INSERTs and CASE UPDATEs, its history, placements and certificate flags, then
committed together with the number of the last row done: a run killed half-way resumes after it, and
a row written twice is found by its IIN and changes nothing.
"""

import codecs
import csv
import os
import tempfile
import time
from collections import Counter

import frappe
from frappe import _
from frappe.translate import get_full_dict, get_user_lang
from frappe.utils import cint, escape_html, getdate, now_datetime, today

from profregister.access import gate as permissions
from profregister.domain import register_import as ri
from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform import jobs
from profregister.services.platform.errors import localise
from profregister.services.platform.parameters import get_parameter
from profregister.services.register import documents, placement
from profregister.services.register.calendar import entry_compliance

CHUNK = 5000
JOB_TIMEOUT = 6 * 3600
PROGRESS_EVENT = "register_import_progress"
COUNTS = {"new": "rows_new", "update": "rows_update", "unchanged": "rows_unchanged", "error": "rows_error"}
FILE_TYPES = (".csv", ".xlsx")
# The template's headers are written in en, ru or kk (domain/register_import.COLUMNS).
LANGUAGES = {"en": 0, "ru": 1, "kk": 2}
WORKER_COLUMNS = ["name", "status", "full_name", "current_entity", *ri.WORKER_FIELDS.values()]
EMPLOYMENT_COLUMNS = ["name", "health_worker", "is_main", *ri.EMPLOYMENT_FIELDS.values()]
CERTIFICATE_COLUMNS = ["name", "health_worker", *ri.CERTIFICATE_FIELDS.values()]
EDUCATION_COLUMNS = ["name", "parent", "idx", *ri.EDUCATION_FIELDS.values()]


# Starting a run (api.py calls these after the document's permission check)


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
	def __init__(self, doc, commit: bool):
		self.doc, self.commit = doc, commit
		self.day = getdate(today())
		self.lang = get_user_lang(frappe.session.user)
		self.refs, self.entities = references(self.day)
		self.scope, self.into = import_scope(doc)
		self.first = ri.FirstRows()
		self.counts = Counter()
		self.updater = {"doctype": doc.doctype, "docname": doc.name, "label": doc.name}
		self.done = self.started = 0

	def execute(self):
		path = file_path(self.doc.import_file)
		rows = read_rows(path)
		header_row, header = next(((n, cells) for n, cells in rows if any_value(cells)), (0, []))
		mapping, problems = ri.map_headers(header)
		notes = [p for p in problems if p.message == ri.UNKNOWN_COLUMN]
		self.errors = ErrorFile(path, header, self.lang)
		resume_after = cint(self.doc.last_committed_row) if self.commit else 0
		if resume_after:
			self.counts.update({kind: cint(self.doc.get(field)) for kind, field in COUNTS.items()})
		else:
			self.doc.db_set({"last_committed_row": 0, **dict.fromkeys(COUNTS.values(), 0)})
		self.total, self.started = estimate_rows(path), time.monotonic()
		if len(notes) < len(problems):
			return self.finish("Failed", [p for p in problems if p not in notes])
		iin_only = {i: k for i, k in mapping.items() if k == "iin"}
		chunk = []
		for number, cells in rows:
			if number <= header_row or not any_value(cells):
				continue
			if number <= resume_after:
				# Rows done before the crash still count as the first with their IIN.
				self.first.earlier(ri.read_row(cells, iin_only, self.refs, self.day)[0].get("iin"), number)
				self.done += 1
				continue
			chunk.append((number, cells))
			if len(chunk) == CHUNK:
				self.process(chunk, mapping)
				chunk = []
		if chunk:
			self.process(chunk, mapping)
		self.finish("Completed" if self.commit else "Checked", notes)

	def process(self, chunk: list, mapping: dict):
		parsed = [(n, cells, *ri.read_row(cells, mapping, self.refs, self.day)) for n, cells in chunk]
		held = held_records({values["iin"] for _n, _c, values, _p in parsed if "iin" in values})
		plans = []
		for number, cells, values, problems in parsed:
			iin = values.get("iin")
			earlier = self.first.earlier(iin, number)
			if earlier:
				problems.append(ri.Problem("iin", _("is already in row {0} of this file"), (earlier,)))
			changes = []
			if not problems:
				problems = self.scope_problems(values, held.get(iin))
			if not problems:
				changes, problems = ri.plan(values, held.get(iin))
			if problems:
				self.counts["error"] += 1
				self.errors.add(number, cells, problems, mapping)
				continue
			self.counts[ri.kind(changes)] += 1
			if changes:
				plans.append((values, held.get(iin), changes))
		if self.commit:
			Writer(self, plans).write()
			self.doc.db_set(
				{"last_committed_row": chunk[-1][0], **{f: self.counts[k] for k, f in COUNTS.items()}}
			)
			frappe.db.commit()
			crash_after = frappe.flags.register_import_crash_after_row
			if crash_after and chunk[-1][0] >= crash_after:
				raise RuntimeError("simulated crash")  # tests: a run killed after a committed chunk
		self.done += len(chunk)
		self.progress()

	def scope_problems(self, values: dict, held: ri.Held | None) -> list:
		if (self.into and values["bin"] != self.into) or (
			self.scope is not None and values["bin"] not in self.scope
		):
			return [ri.Problem("bin", _("is not the healthcare entity this import is for"))]
		if held and self.scope is not None and held.worker["current_entity"] not in self.scope:
			# Said as the form says it: the IIN is known, nothing about where.
			return [ri.Problem("iin", _("A health worker with IIN {0} is already registered at another healthcare entity: hire them by IIN instead."), (values["iin"],))]  # fmt: skip
		return []

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


class Writer:
	"""The writes of one chunk: bulk inserts, CASE updates, then what a form save would derive."""

	def __init__(self, run: Run, plans: list):
		self.run, self.plans = run, plans
		self.now, self.user = now_datetime(), frappe.session.user
		self.base = {"creation": self.now, "modified": self.now, "owner": self.user,
			"modified_by": self.user, "docstatus": 0}  # fmt: skip
		# The same for every record the chunk creates: serialised once.
		self.created = as_json(
			{"creation": self.now, "updater_reference": run.updater, "created_by": self.user}
		)

	def write(self):
		if not self.plans:
			return
		self.inserts: dict[str, list] = {}
		self.updates: dict[str, dict] = {}
		self.versions, self.moved, self.certified, self.renewals = [], set(), set(), []
		self.reserved = self.names()
		for values, held, changes in self.plans:
			if held:
				self.update_worker(values, held, changes)
			else:
				self.new_worker(values, changes)
		self.entry_compliance(self.inserts.get("Employment", []))
		for doctype in ("Health Worker", "Employment", "Specialist Certificate", "Health Worker Education"):
			documents.insert_rows(doctype, self.inserts.get(doctype, []))
			documents.update_many(doctype, self.updates.get(doctype, {}))
		# Workers already registered: placement and latest certificates as the forms' saves compute them.
		for worker, diff in placement.refresh_placements(sorted(self.moved), self.run.day).items():
			self.versions.append(self.version("Health Worker", worker,
				changed=[[f, old, new] for f, (old, new) in diff.items()]))  # fmt: skip
		certificates.mark_all_latest(sorted(self.certified))
		placement.follow_worker(sorted(self.certified - self.moved))
		# A renewal for a blocked record lifts the block as the form's save does (rare: one by one).
		for name in self.renewals:
			certificates.on_certificate_saved(frappe.get_doc("Specialist Certificate", name))
		documents.insert_rows("Version", self.versions)

	def new_worker(self, values: dict, changes: list):
		"""A worker new to the register, with their records: placed from the one employment, the one
		certificate the latest, all known before anything is written."""
		records = {c.doctype: {**c.values} for c in changes}
		worker, full_name = next(self.reserved["Health Worker"]), self.full_name(values, None)
		entity = self.run.entities[values["bin"]]
		job = records["Employment"]
		job.update(self.base, name=next(self.reserved["Employment"]), health_worker=worker, worker_name=full_name,
			entity_bin=values["bin"], entity_name=entity.entity_name, region=entity.region)  # fmt: skip
		placed = placement.placement_of([frappe._dict(job)], "Active", self.run.day)
		self.insert("Health Worker", {**records["Health Worker"], "name": worker, "full_name": full_name,
			"current_entity_bin": values["bin"], "current_region": entity.region, **placed})  # fmt: skip
		self.insert("Employment", job)
		if "Specialist Certificate" in records:
			self.insert("Specialist Certificate", {**records["Specialist Certificate"], "health_worker": worker,
				"name": next(self.reserved["Specialist Certificate"]), "worker_name": full_name, "is_latest": 1,
				"for_clinical_practice": 1, "healthcare_entity": values["bin"], "region": entity.region})  # fmt: skip
		if "Health Worker Education" in records:
			self.insert(
				"Health Worker Education", self.education_row(records["Health Worker Education"], worker, 1)
			)
		self.versions.append(self.version("Health Worker", worker, creation=True))

	def update_worker(self, values: dict, held: ri.Held, changes: list):
		"""Corrections and additions to a registered worker; placement and flags follow after the writes."""
		worker, full_name = held.worker["name"], self.full_name(values, held)
		entity = self.run.entities[values["bin"]]
		changed, added, rows_changed = [], [], []
		for change in changes:
			record = {**change.values}
			diff = [[f, change.before.get(f), v] for f, v in record.items()]
			if change.doctype == "Health Worker":
				self.updates.setdefault("Health Worker", {})[worker] = {**record, "full_name": full_name}
				changed += diff
			elif change.doctype == "Health Worker Education" and change.name:
				self.updates.setdefault(change.doctype, {})[change.name] = record
				rows_changed.append(["education", 0, change.name, diff])
			elif change.doctype == "Health Worker Education":
				idx = 1 + max((e["idx"] for e in held.education), default=0)
				row = self.education_row(record, worker, idx)
				self.insert(change.doctype, row)
				added.append(["education", {k: row[k] for k in ri.EDUCATION_FIELDS.values() if k in row}])
			elif change.name:
				self.updates.setdefault(change.doctype, {})[change.name] = record
				self.versions.append(self.version(change.doctype, change.name, changed=diff))
			else:
				record.update(self.base, name=next(self.reserved[change.doctype]), health_worker=worker,
					worker_name=full_name)  # fmt: skip
				if change.doctype == "Employment":
					record.update(
						entity_bin=values["bin"], entity_name=entity.entity_name, region=entity.region
					)
				else:
					record.update(for_clinical_practice=1)
				self.insert(change.doctype, record)
				self.versions.append(self.version(change.doctype, record["name"], creation=True))
			if change.doctype == "Employment":
				self.moved.add(worker)
			if change.doctype == "Specialist Certificate":
				self.certified.add(worker)
				if held.worker["status"] == "Blocked":
					self.renewals.append(change.name or record["name"])
		if changed or added or rows_changed:
			self.versions.append(self.version("Health Worker", worker, changed=changed, added=added,
				row_changed=rows_changed))  # fmt: skip

	def insert(self, doctype: str, record: dict):
		self.inserts.setdefault(doctype, []).append({**self.base, **record})

	def education_row(self, values: dict, worker: str, idx: int) -> dict:
		return {**values, "name": frappe.generate_hash(length=10), "parent": worker, "parenttype": "Health Worker",
			"parentfield": "education", "idx": idx}  # fmt: skip

	def names(self) -> dict:
		"""Names of the new records, reserved from each doctype's series in one statement each."""
		wanted = Counter()
		for _values, _held, changes in self.plans:
			wanted.update(
				c.doctype for c in changes if c.name is None and c.doctype != "Health Worker Education"
			)
		return {doctype: iter(series_names(doctype, count)) for doctype, count in wanted.items()}

	@staticmethod
	def full_name(values: dict, held: ri.Held | None) -> str:
		stored = held.worker if held else {}
		parts = [values.get(f) or stored.get(f) for f in ("last_name", "first_name", "patronymic")]
		return " ".join(filter(None, parts))

	def entry_compliance(self, employments: list[dict]):
		for row, (days, late) in zip(
			employments,
			entry_compliance([row["start_date"] for row in employments], self.run.day),
			strict=True,
		):
			row.update(entry_working_days=days, late_entry=late)

	def version(self, doctype: str, name: str, creation: bool = False, **diff) -> dict:
		"""A Version as Frappe writes one for a save by an importer (updater_reference)."""
		if creation:
			data = self.created
		else:
			data = as_json({"changed": [], "added": [], "removed": [], "row_changed": [], **diff,
				"data_import": None, "updater_reference": self.run.updater})  # fmt: skip
		return {**self.base, "name": frappe.generate_hash(length=12), "ref_doctype": doctype, "docname": name,
			"data": data}  # fmt: skip


def as_json(data: dict) -> str:
	# Compact, as Frappe writes Versions.
	return frappe.as_json(data, indent=None, separators=(",", ":"))


def series_names(doctype: str, count: int) -> list[str]:
	"""`count` names of the doctype's naming series (PREFIX-.#####), taken in one UPDATE."""
	prefix, _dot, hashes = frappe.get_meta(doctype).autoname.partition(".")
	frappe.db.sql(
		"insert into `tabSeries` (name, current) values (%s, 0) on duplicate key update name = name", prefix
	)
	frappe.db.sql("update `tabSeries` set current = current + %s where name = %s", (count, prefix))
	last = cint(frappe.db.sql("select current from `tabSeries` where name = %s", prefix)[0][0])
	return [f"{prefix}{n:0{len(hashes)}d}" for n in range(last - count + 1, last + 1)]


# What the register holds


def held_records(iins: set[str]) -> dict[str, ri.Held]:
	"""The workers with these IINs and their employments, certificates and education: four queries."""
	if not iins:
		return {}
	workers = frappe.get_all("Health Worker", filters={"iin": ("in", list(iins))}, fields=WORKER_COLUMNS)
	held = {w.iin: ri.Held(dict(w)) for w in workers}
	by_name = {w.name: held[w.iin] for w in workers}
	if not by_name:
		return held
	names = list(by_name)
	for doctype, columns, key, attribute in (
		("Employment", EMPLOYMENT_COLUMNS, "health_worker", "employments"),
		("Specialist Certificate", CERTIFICATE_COLUMNS, "health_worker", "certificates"),
		("Health Worker Education", EDUCATION_COLUMNS, "parent", "education"),
	):
		filters = {key: ("in", names)}
		if doctype == "Health Worker Education":
			filters["parenttype"] = "Health Worker"
		for row in frappe.get_all(doctype, filters=filters, fields=columns):
			getattr(by_name[row[key]], attribute).append(dict(row))
	return held


def references(day) -> tuple[ri.References, dict]:
	"""Codes and names (Russian and Kazakh too) of the coded columns, the registered entities, and the
	plausibility bounds in force."""
	entities = {
		e.name: e for e in frappe.get_all("Healthcare Entity", fields=["name", "region", "entity_name"])
	}
	translations = [get_full_dict(lang) for lang in ("ru", "kk")]

	def names(values) -> dict[str, str]:
		found = {}
		for value, *aliases in values:
			for key in (value, *aliases, *(t.get(value) for t in translations)):
				if key:
					found.setdefault(ri.normal(key), value)
		return found

	def options(doctype: str, field: str):
		return [(o,) for o in (frappe.get_meta(doctype).get_field(field).options or "").split("\n") if o]

	codes = {
		"position": names(frappe.get_all("Position", fields=["name"], as_list=True)),
		"specialty": names(frappe.get_all("Specialty", fields=["name", "code"], as_list=True)),
		"citizenship": names(frappe.get_all("Country", fields=["name", "code"], as_list=True)),
		"sex": names(options("Health Worker", "sex")),
		"id_document_type": names(options("Health Worker", "id_document_type")),
		"education_level": names(options("Health Worker Education", "education_level")),
		"end_reason": names(options("Employment", "end_reason")),
	}
	refs = ri.References(
		entities=set(entities),
		codes=codes,
		max_rate=get_parameter("max_employment_rate_fte", day),
		min_age_at_hire=int(get_parameter("min_working_age_years", day)),
		max_days_ahead=int(get_parameter("max_entry_days_ahead", day)),
		max_certificate_years=int(get_parameter("max_certificate_validity_years", day)),
	)
	return refs, entities


def import_scope(doc) -> tuple[set | None, str | None]:
	"""Where the user may import (None: anywhere, for a national role) and the entity the import is
	for. Computed from the user's live links, as the gate does; no link, nowhere."""
	granted = permissions.grants_for(doc.doctype, "create")
	if any(g.kind == "national" for g in granted):
		return None, doc.healthcare_entity
	entities = set().union(*(g.values for g in granted if g.kind == "entity"))
	if not entities:
		frappe.throw(_("You may not import into the register"), frappe.PermissionError)
	return entities, doc.healthcare_entity


# Files


def file_path(url: str) -> str:
	file = frappe.get_doc("File", {"file_url": url})
	return file.get_full_path()


def read_rows(path: str):
	"""(row number, cells) of the first sheet, streamed: csv, or openpyxl in read-only mode."""
	if path.lower().endswith(".csv"):
		encoding, delimiter = csv_dialect(path)
		with open(path, newline="", encoding=encoding) as f:
			yield from enumerate(csv.reader(f, delimiter=delimiter), 1)
		return
	from openpyxl import load_workbook

	book = load_workbook(path, read_only=True, data_only=True)
	try:
		for number, cells in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
			yield number, list(cells)
	finally:
		book.close()


def csv_dialect(path: str) -> tuple[str, str]:
	"""Encoding and delimiter: UTF-8 (with or without BOM), else Windows-1251, which Excel saves
	Cyrillic CSV in; a semicolon when the start of the file has more of them than commas."""
	with open(path, "rb") as f:
		sample = f.read(65536)
	try:
		text = codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
		encoding = "utf-8-sig"
	except UnicodeDecodeError:
		text, encoding = sample.decode("cp1251", errors="replace"), "cp1251"
	return encoding, ";" if text.count(";") > text.count(",") else ","


def estimate_rows(path: str) -> int:
	"""Data rows, for the progress bar: lines of a CSV, the sheet's stated size of an XLSX."""
	if path.lower().endswith(".csv"):
		with open(path, "rb") as f:
			return max(sum(block.count(b"\n") for block in iter(lambda: f.read(1 << 20), b"")) - 1, 0)
	from openpyxl import load_workbook

	book = load_workbook(path, read_only=True)
	try:
		return max((book.worksheets[0].max_row or 1) - 1, 0)
	finally:
		book.close()


def any_value(cells) -> bool:
	return any(cell is not None and str(cell).strip() for cell in cells)


def message(problem: ri.Problem, lang: str, header: list | None = None, mapping: dict | None = None) -> str:
	"""The problem in the user's language, led by the column as the file names it."""
	text = _(problem.message, lang=lang).format(*(localise(arg, lang) for arg in problem.args))
	if problem.column is None:
		return text
	label = next(
		(str(header[i]).strip() for i, key in (mapping or {}).items() if key == problem.column and header),
		ri.BY_KEY[problem.column].headers[LANGUAGES.get(lang, 0)],
	)
	return f"{label}: {text}"


class ErrorFile:
	"""The rows that failed, as they came, with a last column saying why: fixed, the file goes back in.
	Written as it goes to a temporary file in the upload's format; saved as a private File at the end."""

	def __init__(self, source: str, header: list, lang: str):
		self.header, self.lang = list(header), lang
		self.xlsx = not source.lower().endswith(".csv")
		self.delimiter = None if self.xlsx else csv_dialect(source)[1]
		self.path = None

	def open(self):
		self.path = tempfile.mkstemp(suffix=".xlsx" if self.xlsx else ".csv")[1]
		header = [*self.header, _(ri.PROBLEMS_HEADERS[0], lang=self.lang)]
		if self.xlsx:
			from openpyxl import Workbook

			self.book = Workbook(write_only=True)
			self.sheet = self.book.create_sheet()
			self.sheet.append(header)
		else:
			self.file = open(self.path, "w", newline="", encoding="utf-8-sig")
			self.writer = csv.writer(self.file, delimiter=self.delimiter)
			self.writer.writerow(header)

	def add(self, number: int, cells: list, problems: list, mapping: dict):
		if self.path is None:
			self.open()
		text = "; ".join(message(p, self.lang, self.header, mapping) for p in problems)
		# Stored text goes back into a spreadsheet: a cell that starts like a formula stays text.
		row = [safe_cell(c) for c in [*cells, *[None] * (len(self.header) - len(cells))]] + [text]
		(self.sheet.append if self.xlsx else self.writer.writerow)(row)

	def save(self, doc, notes: list) -> str:
		for note in notes:
			self.add(0, [], [note], {})
		if self.xlsx:
			self.book.save(self.path)
		else:
			self.file.close()
		with open(self.path, "rb") as f:
			content = f.read()
		os.unlink(self.path)
		for old in frappe.get_all(
			"File",
			filters={"attached_to_doctype": doc.doctype, "attached_to_name": doc.name, "attached_to_field": "error_file"},
			pluck="name",
		):  # fmt: skip
			frappe.delete_doc("File", old, ignore_permissions=True)
		file = frappe.get_doc(
			{"doctype": "File", "file_name": f"{doc.name}-errors.{'xlsx' if self.xlsx else 'csv'}",
				"content": content, "is_private": 1, "attached_to_doctype": doc.doctype,
				"attached_to_name": doc.name, "attached_to_field": "error_file"}
		).insert(ignore_permissions=True)  # fmt: skip
		return file.file_url


def safe_cell(value):
	if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
		return "'" + value
	return value


# The template


def template(file_type: str, lang: str) -> tuple[str, bytes]:
	"""An empty file with the template's columns, headed in the user's language, and one example row."""
	header = [column.headers[LANGUAGES.get(lang, 0)] for column in ri.COLUMNS]
	if file_type == "csv":
		import io

		out = io.StringIO()
		csv.writer(out).writerow(header)
		return "register-import.csv", out.getvalue().encode("utf-8-sig")
	from openpyxl import Workbook
	from openpyxl.styles import Font

	book = Workbook()
	sheet = book.active
	sheet.title = _("Register Import", lang=lang)[:31]
	sheet.append(header)
	for cell in sheet[1]:
		cell.font = Font(bold=True)
	for n, column in enumerate(ri.COLUMNS, 1):
		sheet.column_dimensions[sheet.cell(1, n).column_letter].width = max(14, len(header[n - 1]) + 2)
		if column.kind in ("iin", "bin"):
			# Text cells: a spreadsheet keeps the leading zeros of an IIN.
			for row in range(2, 1002):
				sheet.cell(row, n).number_format = "@"
	path = tempfile.mkstemp(suffix=".xlsx")[1]
	book.save(path)
	with open(path, "rb") as f:
		content = f.read()
	os.unlink(path)
	return "register-import.xlsx", content
