"""Reading a Register Import: the uploaded sheet as numbered rows of cells, streamed (csv, or xlsx in
openpyxl's read-only mode), its header row found below any title rows, and the empty template a user
fills in, with the allowed values of the coded columns on a second sheet."""

import codecs
import csv
import io
import os
import tempfile
from itertools import chain, islice

import frappe
from frappe import _

from profregister.domain import register_import as ri
from profregister.domain.text import neutralised
from profregister.services.register_import.values import coded_values, label

FILE_TYPES = (".csv", ".xlsx")
# The template's headers are written in en, ru or kk (domain/register_import.COLUMNS).
LANGUAGES = {"en": 0, "ru": 1, "kk": 2}
DELIMITERS = ("\t", ";", ",")
# Rows with values looked at for the header: a title or two (a ministry's form, an export's caption)
# sit above it. A row is the header when two or more of its cells are the template's headers.
HEADER_SEARCH = 20
HEADER_MIN = 2
PROBLEMS = {ri.normal(header) for header in ri.PROBLEMS_HEADERS}


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
	"""Encoding and delimiter. UTF-16 by its byte-order mark (Excel's "Unicode text"), UTF-8 (with or
	without BOM), else Windows-1251, which Excel saves Cyrillic CSV in. The delimiter is the one that
	splits the header line into the template's headers, so a comma in an address does not outvote the
	semicolons."""
	with open(path, "rb") as f:
		sample = f.read(65536)
	if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
		encoding = "utf-16"
	else:
		try:
			codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
			encoding = "utf-8-sig"
		except UnicodeDecodeError:
			encoding = "cp1251"
	text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(sample, final=False)
	return encoding, header_delimiter(text)


def header_delimiter(text: str) -> str:
	"""Of tab, semicolon and comma, the one that splits a line of `text` into the most template headers;
	on a tie (no header), the one the first line has most of."""
	lines = [line for line in islice(text.lstrip("\ufeff").splitlines(), HEADER_SEARCH + 1) if line.strip()]
	if not lines:
		return ","
	recognised = {
		delimiter: max(headers_in(row) for row in csv.reader(lines, delimiter=delimiter))
		for delimiter in DELIMITERS
	}
	return max(DELIMITERS, key=lambda d: (recognised[d], lines[0].count(d)))


def headers_in(cells) -> int:
	return sum(1 for cell in cells if cell is not None and ri.normal(cell) in ri.HEADERS)


def find_header(rows) -> tuple[int, list, object]:
	"""(number, cells) of the header row, the first of the first rows with values that holds the
	template's headers, and the rows after it. Without one, the first row with values, for
	`map_headers` to report."""
	seen = []
	for number, cells in rows:
		if not any_value(cells):
			continue
		if headers_in(cells) >= HEADER_MIN:
			return number, cells, rows
		seen.append((number, cells))
		if len(seen) == HEADER_SEARCH:
			break
	if not seen:
		return 0, [], rows
	return *seen[0], chain(seen[1:], rows)


def data_row(header: list):
	"""Whether a row below `header` is a row to import: it has a value outside the Problems column an
	error file adds. A row with nothing but that column is one of the error file's notes, never a row."""
	skip = {i for i, cell in enumerate(header) if cell is not None and ri.normal(cell) in PROBLEMS}
	if not skip:
		return any_value
	return lambda cells: any_value(c for i, c in enumerate(cells) if i not in skip)


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


def template(file_type: str, lang: str) -> tuple[str, bytes]:
	"""An empty file with the template's columns, headed in the user's language; an XLSX lists the
	allowed values of each coded column on a second sheet."""
	header = [column.headers[LANGUAGES.get(lang, 0)] for column in ri.COLUMNS]
	if file_type == "csv":
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
	allowed_values_sheet(book, lang)
	path = tempfile.mkstemp(suffix=".xlsx")[1]
	book.save(path)
	with open(path, "rb") as f:
		content = f.read()
	os.unlink(path)
	return "register-import.xlsx", content


def allowed_values_sheet(book, lang: str):
	"""A column per coded column of the template, headed as the template heads it, listing its allowed
	values in the user's language (codes and the other languages are accepted too)."""
	from openpyxl.styles import Font

	values = coded_values()
	columns = [column for column in ri.COLUMNS if column.kind == "code"]
	sheet = book.create_sheet(_("Allowed values", lang=lang)[:31])
	sheet.append([column.headers[LANGUAGES.get(lang, 0)] for column in columns])
	for cell in sheet[1]:
		cell.font = Font(bold=True)
	for n, column in enumerate(columns, 1):
		names = sorted({label(row[0], lang) for row in values[column.key.removeprefix("certificate_")]})
		for row, name in enumerate(names, 2):
			sheet.cell(row, n, neutralised(name))
		width = max(map(len, [*names, sheet.cell(1, n).value]))
		sheet.column_dimensions[sheet.cell(1, n).column_letter].width = min(max(14, width + 2), 60)
