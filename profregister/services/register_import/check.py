"""Checking a Register Import: what each row is checked against besides its own cells (the codes,
entities and bounds in force, the importer's scope, the rows before it in the file), and the error file
that takes the failed rows back to the user."""

import csv
import os
import tempfile

import frappe
from frappe import _

from profregister.access import gate
from profregister.domain import register_import as ri
from profregister.domain.text import neutralised
from profregister.services.platform.errors import localise
from profregister.services.platform.parameters import get_parameter
from profregister.services.register_import.read import LANGUAGES, PROBLEMS, csv_dialect
from profregister.services.register_import.values import label, lookups


class Checks:
	"""The checks of one run, which remember the IINs of the rows already seen."""

	def __init__(self, doc, day):
		self.day = day
		self.refs, self.entities = references(day)
		self.scope, self.into = import_scope(doc)
		self.first = ri.FirstRows()

	def read(self, chunk: list, mapping: dict) -> list:
		"""(number, cells, values, problems) of each row: its cells read and checked on their own."""
		return [(n, cells, *ri.read_row(cells, mapping, self.refs, self.day)) for n, cells in chunk]

	def done_before(self, number: int, cells: list, iin_only: dict):
		"""A row written before the run was resumed still counts as the first with its IIN."""
		self.first.earlier(ri.read_row(cells, iin_only, self.refs, self.day)[0].get("iin"), number)

	def row(self, number: int, values: dict, problems: list, held: ri.Held | None) -> list:
		"""The row's problems: its own, an IIN already in the file, then the importer's scope."""
		earlier = self.first.earlier(values.get("iin"), number)
		if earlier:
			problems = [*problems, ri.Problem("iin", _("is already in row {0} of this file"), (earlier,))]
		return problems or self.scope_problems(values, held)

	def scope_problems(self, values: dict, held: ri.Held | None) -> list:
		if (self.into and values["bin"] != self.into) or (
			self.scope is not None and values["bin"] not in self.scope
		):
			return [ri.Problem("bin", _("is not the healthcare entity this import is for"))]
		if held and self.scope is not None and held.worker["current_entity"] not in self.scope:
			# Said as the form says it: the IIN is known, nothing about where.
			return [ri.Problem("iin", _("A health worker with IIN {0} is already registered at another healthcare entity: hire them by IIN instead."), (values["iin"],))]  # fmt: skip
		return []


def references(day) -> tuple[ri.References, dict]:
	"""The coded columns' lookups (codes, names in every shipped language, abbreviations), the
	registered entities, and the plausibility bounds in force."""
	entities = {
		e.name: e for e in frappe.get_all("Healthcare Entity", fields=["name", "region", "entity_name"])
	}
	refs = ri.References(
		entities=set(entities),
		codes=lookups(),
		max_rate=get_parameter("max_employment_rate_fte", day),
		min_age_at_hire=int(get_parameter("min_working_age_years", day)),
		max_days_ahead=int(get_parameter("max_entry_days_ahead", day)),
		max_certificate_years=int(get_parameter("max_certificate_validity_years", day)),
	)
	return refs, entities


def import_scope(doc) -> tuple[set | None, str | None]:
	"""Where the user may import (None: anywhere, for a national role) and the entity the import is
	for. Computed from the user's live links, as the gate does; no link, nowhere."""
	granted = gate.grants_for(doc.doctype, "create")
	if any(g.kind == "national" for g in granted):
		return None, doc.healthcare_entity
	entities = set().union(*(g.values for g in granted if g.kind == "entity"))
	if not entities:
		frappe.throw(_("You may not import into the register"), frappe.PermissionError)
	return entities, doc.healthcare_entity


def message(problem: ri.Problem, lang: str, header: list | None = None, mapping: dict | None = None) -> str:
	"""The problem in the user's language, led by the column as the file names it; a value the register
	holds (the nearest allowed one) named as the user's language names it."""
	args = (label(arg, lang) if isinstance(arg, str) else localise(arg, lang) for arg in problem.args)
	text = _(problem.message, lang=lang).format(*args)
	if problem.column is None:
		return text
	column = next(
		(str(header[i]).strip() for i, key in (mapping or {}).items() if key == problem.column and header),
		ri.BY_KEY[problem.column].headers[LANGUAGES.get(lang, 0)],
	)
	return f"{column}: {text}"


class ErrorFile:
	"""The rows that failed, as they came, with a last column saying why: fixed, the file goes back in.
	Written as it goes to a temporary file in the upload's format; saved as a private File at the end.
	The notes on the file (unknown columns) are rows with nothing but that last column, which the
	reader skips (read.data_row); an error file uploaded again has its old last column replaced."""

	def __init__(self, source: str, header: list, lang: str):
		self.header, self.lang = list(header), lang
		self.keep = [i for i, cell in enumerate(header) if cell is None or ri.normal(cell) not in PROBLEMS]
		self.xlsx = not source.lower().endswith(".csv")
		self.delimiter = None if self.xlsx else csv_dialect(source)[1]
		self.path = None

	def open(self):
		self.path = tempfile.mkstemp(suffix=".xlsx" if self.xlsx else ".csv")[1]
		# The user's own headers go back too: a header cell is neutralised like any other.
		header = [self.header[i] for i in self.keep]
		header = [neutralised(c) for c in [*header, _(ri.PROBLEMS_HEADERS[0], lang=self.lang)]]
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
		row = [neutralised(cells[i]) if i < len(cells) else None for i in self.keep]
		row.append(neutralised(text))
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
