"""Every row of a national report as a CSV or Excel file, made by a background job for whoever needs them
all (the desk shows a summary and pages of the list).

The job runs in the requester's scope (asked of the gate again when it runs, not carried in the job), and
a service's `rows(filters, scope)` gives the report's columns and its rows in chunks, which are written
to disk as they come: the export never holds the report whole. Each cell goes through the one
rule of platform/exports.py, so that nothing a spreadsheet could run leaves the site. The file is
private and attached to a private Note of the requester's, which no other user may read (Frappe's own
rule for notes), so the file downloads for them alone; a Notification Log links to it."""

import csv
import os

import frappe
from frappe import _
from frappe.translate import get_user_lang
from frappe.utils import escape_html, get_files_path, now, now_datetime
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from profregister.access import audit
from profregister.access.reports import Scope
from profregister.services.platform.exports import neutralised_rows

FILE_TYPES = ("csv", "xlsx")
JOB_TIMEOUT = 3600


def enqueue(report: str, rows: str, doctype: str, filters: dict, file_type: str):
	"""Put the export of `report` on the long queue, for the caller: `rows` is the dotted path of the
	service function that gives its rows, in the caller's scope on `doctype`."""
	frappe.enqueue(
		"profregister.services.analytics.report_exports.run",
		queue="long",
		timeout=JOB_TIMEOUT,
		enqueue_after_commit=True,
		report=report,
		rows=rows,
		doctype=doctype,
		filters=filters,
		file_type=file_type,
		user=frappe.session.user,
	)


def run(report: str, rows: str, doctype: str, filters: dict, file_type: str, user: str):
	"""The job: write the file, attach it to the requester's note and tell them; or tell them it failed."""
	frappe.set_user(user)
	frappe.local.lang = get_user_lang(user)
	name = f"{frappe.scrub(report)}-{frappe.generate_hash(length=10)}.{file_type}"
	path = get_files_path(name, is_private=1)
	try:
		columns, chunks = frappe.get_attr(rows)(filters, Scope.of_user(doctype, user))
		noted = []
		chunks = _noting_reads(report, chunks, noted)
		written = (_write_xlsx if file_type == "xlsx" else _write_csv)(path, columns, chunks)
		file = _attach(report, name, path, user)
		if not noted:  # rows that name no worker: the export itself, with its number of rows
			audit.record([None], "Export", "Desk", request=report, records=written)
		_tell(user, file, _("Your export of {0} is ready: {1} rows").format(_(report), written))
	except Exception:
		frappe.db.rollback()
		if os.path.exists(path):
			os.remove(path)
		frappe.log_error(title=_("Export of {0}").format(report))
		_tell(user, None, _("Your export of {0} failed; the error is logged").format(_(report)))
	frappe.db.commit()


def _noting_reads(report: str, chunks, noted: list):
	"""The chunks as they come, each one's workers noted in the trail as read by this export and written
	with the chunk: a national export would otherwise hold 300,000 noted reads until the job's commit.
	A failed export rolls them back with its file."""
	for rows in chunks:
		workers = [row.get(audit.REPORT_WORKER) for row in rows if row.get(audit.REPORT_WORKER)]
		if workers:
			audit.record(workers, "Export", "Desk", request=report)
			audit.flush()
			noted.append(len(workers))
		yield rows


def _cells(columns, chunks):
	"""Each row's cells in the columns' order, neutralised, chunk by chunk."""
	fields = [column["fieldname"] for column in columns]
	for rows in chunks:
		yield neutralised_rows([[row.get(field) for field in fields] for row in rows])


def _header(columns) -> list[str]:
	# The labels are translated already: the job runs in the requester's language.
	return neutralised_rows([[column["label"] for column in columns]])[0]


def _write_csv(path: str, columns, chunks) -> int:
	count = 0
	# A byte-order mark, so that Excel reads the Cyrillic as UTF-8.
	with open(path, "w", newline="", encoding="utf-8-sig") as out:
		writer = csv.writer(out)
		writer.writerow(_header(columns))
		for cells in _cells(columns, chunks):
			writer.writerows(cells)
			count += len(cells)
	return count


def _write_xlsx(path: str, columns, chunks) -> int:
	count = 0
	book = Workbook(write_only=True)  # rows go to disk as they are appended
	sheet = book.create_sheet(_("Report")[:31])
	sheet.append(_header(columns))
	for cells in _cells(columns, chunks):
		for row in cells:
			sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) if isinstance(c, str) else c for c in row])
		count += len(cells)
	book.save(path)
	return count


def _attach(report: str, name: str, path: str, user: str):
	"""A private note of the user's with the file attached: only its owner reads it, and so the file."""
	url = f"/private/files/{name}"
	title = _("Export of {0}, {1}").format(_(report), frappe.format(now_datetime(), "Datetime"))
	note = frappe.get_doc(
		{
			"doctype": "Note",
			"title": title[:140],
			"public": 0,
			"content": f'<p><a href="{escape_html(url)}">{escape_html(name)}</a></p>',
		}
	).insert(ignore_permissions=True)
	file = frappe.get_doc(
		{
			"doctype": "File",
			"name": frappe.generate_hash(length=10),
			"file_name": name,
			"file_url": url,
			"is_private": 1,
			"file_size": os.path.getsize(path),
			"file_type": name.rsplit(".", 1)[1].upper(),
			"folder": "Home/Attachments",
			"attached_to_doctype": "Note",
			"attached_to_name": note.name,
			"owner": user,
			"modified_by": user,
			"creation": now(),
			"modified": now(),
		}
	)
	# File.insert would read the file back into memory, refuse it over the upload limit and write a
	# copy: the row of a file the job has written is stored as it is.
	file.db_insert()
	return file


def _tell(user: str, file, subject: str):
	frappe.get_doc(
		{
			"doctype": "Notification Log",
			"for_user": user,
			"from_user": user,
			"type": "Alert",
			"subject": escape_html(subject),
			"document_type": "Note" if file else None,
			"document_name": file.attached_to_name if file else None,
			"link": file.file_url if file else None,
		}
	).insert(ignore_permissions=True)
