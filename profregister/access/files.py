"""Register attachments are private, belong to one record, and download only with that record.

Personnel documents, certificates and CPD evidence hold personal data. Whatever the upload path (a file
uploaded before the record is saved, "private" unticked, a child-table row, an existing URL), a file
attached to a scoped record ends under /private/files, and an Attach value must be a file the user
uploaded themselves or one already attached to this record: a URL seen elsewhere cannot be borrowed.
"""

import os
import shutil

import frappe
from frappe import _
from frappe.utils import get_files_path

from profregister.access.gate import SCOPED


def attach_fields(doc):
	"""(row, fieldname) of every Attach value of the document and its child rows."""
	for row in [doc, *doc.get_all_children()]:
		for df in row.meta.get("fields", {"fieldtype": ["in", ["Attach", "Attach Image"]]}):
			if row.get(df.fieldname):
				yield row, df


def claim_attachments(doc, method=None):
	"""Validate hook of scoped doctypes: each attached file is the user's own upload or already this
	record's; it is made private (moved, or copied when the public file is shared) before the save."""
	for row, df in attach_fields(doc):
		url = row.get(df.fieldname)
		if not url.startswith(("/files/", "/private/files/")):
			frappe.throw(
				_("{0}: attach a file uploaded to the register, not a link").format(_(df.label)),
				title=_("Attachment"),
			)
		files = frappe.get_all(
			"File",
			filters={"file_url": url},
			fields=["name", "owner", "attached_to_doctype", "attached_to_name", "is_private"],
		)
		# Attached to this record, or uploaded by this user in its form before the first save (to the
		# form's temporary name, which Frappe relinks on insert).
		temporary = doc.get("__temporary_name")
		own = [
			f
			for f in files
			if f.attached_to_doctype == doc.doctype
			and (f.attached_to_name == doc.name or (temporary and f.attached_to_name == temporary
				and f.owner == frappe.session.user))
		]  # fmt: skip
		# An upload of one's own (Frappe gives identical content the same URL: the bytes are theirs).
		mine = [f for f in files if not f.attached_to_doctype and f.owner == frappe.session.user]
		if not (own or mine or (doc.flags.ignore_permissions and files)):
			frappe.throw(
				_("{0}: the file is not one you uploaded for this record").format(_(df.label)),
				frappe.PermissionError,
				title=_("Attachment"),
			)
		if not url.startswith("/private/"):
			file = frappe.get_doc("File", (own or mine or files)[0].name)
			privatise(file)
			file.db_set({"file_url": file.file_url, "file_name": file.file_name, "is_private": 1})
			row.set(df.fieldname, file.file_url)


def privatise(file):
	"""Put a public file under /private (in memory; the caller saves): moved, or copied when other
	File rows share the public one (Frappe shares identical uploads)."""
	source = file.get_full_path()
	name = os.path.basename(source)
	if frappe.db.exists("File", {"file_url": file.file_url, "name": ("!=", file.name or "")}):
		name = f"{frappe.generate_hash(length=8)}-{name}"
		shutil.copyfile(source, get_files_path(name, is_private=1))
	else:
		shutil.move(source, get_files_path(name, is_private=1))
	file.update({"file_url": f"/private/files/{name}", "file_name": name, "is_private": 1})


def guard_file(file, method=None):
	"""Validate hook of File, for every path that creates or changes one (upload, attach, API): a row
	that only names the URL of a file attached to a register record may not be made elsewhere."""
	if file.is_folder or not file.file_url or not file.file_url.startswith(("/files/", "/private/files/")):
		return
	if file.attached_to_doctype in SCOPED and not file.file_url.startswith("/private/"):
		if not file.is_new():
			frappe.throw(_("Files of the register stay private"), frappe.PermissionError)
		privatise(file)
	if not file.is_new() or getattr(frappe.local, "uploaded_file", None) is not None or file.flags.bytes_sent:
		# Bytes sent with this request (an upload, or a file of a portal form, which Frappe gives the URL
		# of identical content): whoever sends them holds them already. Only a bare URL is refused.
		return
	if not getattr(frappe.local, "request", None):
		return  # server-side code (jobs, imports, the console), not a client naming a URL
	taken = frappe.get_all(
		"File",
		filters={
			"file_url": file.file_url,
			"name": ("!=", file.name or ""),
			"attached_to_doctype": ("in", list(SCOPED)),
		},
		fields=["attached_to_doctype", "attached_to_name"],
	)
	for other in taken:
		if (other.attached_to_doctype, other.attached_to_name) != (
			file.attached_to_doctype,
			file.attached_to_name,
		):
			frappe.throw(_("This file belongs to another record"), frappe.PermissionError)


def upload_defaults():
	"""Before Frappe's upload: files for register records, and files for records not yet saved, are
	private whatever the client asked."""
	doctype = frappe.form_dict.doctype
	if doctype in SCOPED or not doctype:
		frappe.form_dict.is_private = 1
