"""Reading a Register Import: the uploaded sheet as numbered rows of cells, streamed (csv, or xlsx in
openpyxl's read-only mode), and the empty template a user fills in."""

import codecs
import csv
import io
import os
import tempfile

import frappe
from frappe import _

from profregister.domain import register_import as ri

FILE_TYPES = (".csv", ".xlsx")
# The template's headers are written in en, ru or kk (domain/register_import.COLUMNS).
LANGUAGES = {"en": 0, "ru": 1, "kk": 2}


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


def template(file_type: str, lang: str) -> tuple[str, bytes]:
	"""An empty file with the template's columns, headed in the user's language."""
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
	path = tempfile.mkstemp(suffix=".xlsx")[1]
	book.save(path)
	with open(path, "rb") as f:
		content = f.read()
	os.unlink(path)
	return "register-import.xlsx", content
