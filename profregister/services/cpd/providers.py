"""The ministry's list of accredited CPD providers (order of 09.02.2026), loaded from a CSV or XLSX file by
the Register Administrator: every row is checked first (a 417 naming the row and the column, nothing
saved); a dry run says what would be inserted and updated; a real run writes set-based, in the request's
one transaction, and has the evidence judged again (services/cpd/credit_units.rejudge_providers)."""

import csv
import os
import tempfile
import zipfile

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime
from openpyxl.utils.exceptions import InvalidFileException

from profregister.domain import cpd_providers as cp
from profregister.domain.errors import DomainError
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform import bulk
from profregister.services.register import documents
from profregister.services.register_import import read

DOCTYPE = "Accredited CPD Provider"
FIELDS = tuple(field for field, _label in cp.COLUMNS)
FILE_TYPES = (".csv", ".xlsx")
MAX_BYTES = 5 * 1024 * 1024


def load(upload, dry_run: bool) -> dict:
	"""What the file would change (dry run) or changed: the BINs inserted and updated, and how many
	rows were already as the file says."""
	providers = parse(upload)
	stored = {
		row.name: row
		for row in frappe.get_all(
			DOCTYPE, filters={"name": ("in", [p["bin"] for p in providers] or [""])}, fields=["name", *FIELDS]
		)
	}
	inserts = [p for p in providers if p["bin"] not in stored]
	updates = {p["bin"]: changes(stored[p["bin"]], p) for p in providers if p["bin"] in stored}
	updates = {name: values for name, values in updates.items() if values}
	if not dry_run:
		write(inserts, updates, os.path.basename(upload.filename))
	return {
		"dry_run": int(dry_run),
		"inserted": [p["bin"] for p in inserts],
		"updated": sorted(updates),
		"unchanged": len(providers) - len(inserts) - len(updates),
	}


def parse(upload) -> list[dict]:
	label = _("File")
	name = os.path.basename(getattr(upload, "filename", None) or "")
	if not name.lower().endswith(FILE_TYPES):
		frappe.throw(
			_("{0}: attach a CSV or XLSX file").format(label), frappe.ValidationError, title=_(DOCTYPE)
		)
	content = upload.stream.read(MAX_BYTES + 1)
	if not content or len(content) > MAX_BYTES:
		frappe.throw(
			_("{0}: the file is empty or larger than {1} MB").format(label, MAX_BYTES // (1024 * 1024)),
			frappe.ValidationError,
			title=_(DOCTYPE),
		)
	# The import's readers take a path: encoding, delimiter and sheet are found as for a Register Import.
	with tempfile.NamedTemporaryFile(suffix=os.path.splitext(name)[1].lower()) as file:
		file.write(content)
		file.flush()
		try:
			providers = cp.parse_list(read.read_rows(file.name))
		except DomainError as error:
			frappe.throw(cpd.message(error), frappe.ValidationError, title=_(DOCTYPE))
		except (ValueError, OSError, csv.Error, zipfile.BadZipFile, InvalidFileException):
			frappe.throw(
				_("{0}: the file cannot be read as CSV or XLSX").format(label), frappe.ValidationError
			)
	if not providers:
		frappe.throw(_("{0}: the file lists no organisation").format(label), frappe.ValidationError)
	return providers


def changes(stored, values: dict) -> dict:
	"""The fields the file changes on a stored provider."""
	return {
		field: values[field]
		for field in FIELDS
		if field != "bin" and _same(stored.get(field), field) != _same(values[field], field)
	}


def _same(value, field: str):
	if field in ("valid_from", "valid_to"):
		return getdate(value) if value else None
	return value or ""


def write(inserts: list[dict], updates: dict[str, dict], filename: str):
	now, user = now_datetime(), frappe.session.user
	source = _("Loaded from the file {0}").format(filename)
	bulk.insert_rows(
		DOCTYPE,
		[
			{"name": p["bin"], "creation": now, "modified": now, "owner": user, "modified_by": user,
				"docstatus": 0, "idx": 0, **p, "source": source}
			for p in inserts
		],
	)  # fmt: skip
	# One UPDATE, each provider with the fields the file changes (the others keep theirs).
	documents.update_many(DOCTYPE, updates)
	# A new provider has no evidence yet; changed dates may change the CU of the evidence naming it.
	if any({"valid_from", "valid_to"} & set(values) for values in updates.values()):
		cpd.rejudge_providers()
