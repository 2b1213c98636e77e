"""What the health worker does in the portal: hand in and withdraw evidence, ask for a correction,
confirm their own results (a private practitioner), download a confirmation, choose the language.
Always for the worker of the session's account (gate.own_worker), never one named by the request."""

import os

import frappe
from frappe import _
from frappe.utils import today

from profregister.access import gate
from profregister.services.cpd import confirmation
from profregister.services.platform import checks

LANGUAGES = (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))

EVIDENCE_INPUT = (
	"criterion",
	"variant",
	"unit",
	"quantity",
	"title",
	"provider",
	"organiser",
	"date_from",
	"date_to",
	"author_position",
	"number_of_authors",
	"result_at_or_above_threshold",
	"document_language",
)
UPLOAD_TYPES = (".pdf", ".jpg", ".jpeg", ".png")


def hand_in(values: dict, uploads: dict) -> str:
	"""A Draft for HR to check, for the signed-in worker; the uploads become its private attachments.
	One transaction: a refusal leaves neither the evidence nor the files."""
	worker = gate.own_worker()
	values = {k: values.get(k) for k in EVIDENCE_INPUT if values.get(k) not in (None, "")}
	checks.check_values("CPD Evidence", values)
	doc = frappe.get_doc({**values, "doctype": "CPD Evidence", "health_worker": worker})
	files = {
		field: save_upload(uploads.get(field), field, "CPD Evidence")
		for field in ("attachment", "translation_attachment")
	}
	for field, file in files.items():
		if file:
			doc.set(field, file.file_url)
	doc.insert()
	attach_uploads(files.values(), doc)
	return doc.name


def withdraw(name: str):
	"""The worker takes back a piece not yet checked; checked evidence stays as the record of the check."""
	doc = own_record("CPD Evidence", name, "write")
	if doc.status != "Draft":
		frappe.throw(_("{0} evidence cannot be withdrawn").format(_(doc.status)), title=_("CPD evidence"))
	doc.delete(ignore_permissions=True)  # the worker's right is the gate's write on their own draft


def own_record(doctype: str, name: str, ptype: str = "read"):
	"""A record of the signed-in worker, or the same refusal whether it exists or not."""
	checks.check_text_argument(name, _(doctype))
	worker = gate.own_worker()
	if (
		not name
		or not frappe.db.exists(doctype, name)
		or not frappe.has_permission(doctype, ptype, name)
		or frappe.db.get_value(doctype, name, "health_worker") != worker
	):
		raise frappe.PermissionError(_("{0} {1} not found or not permitted").format(_(doctype), name))
	return frappe.get_doc(doctype, name)


def save_upload(upload, field: str, doctype: str):
	"""A file sent with the request, saved private and owned by the user (the record claims it)."""
	if upload is None or not getattr(upload, "filename", None):
		return None
	label = _(frappe.get_meta(doctype).get_field(field).label)
	name = os.path.basename(upload.filename)
	if not name.lower().endswith(UPLOAD_TYPES):
		frappe.throw(
			_("{0}: attach a PDF, JPG or PNG file").format(label),
			frappe.ValidationError,
			title=_("Attachment"),
		)
	checks.check_text_argument(name, label)
	content = upload.stream.read()
	if not content:
		frappe.throw(_("{0}: the file is empty").format(label), frappe.ValidationError, title=_("Attachment"))
	# An unattached private file of the user's own, as upload_file makes. Its bytes came with the
	# request, so the same file handed in again (after a rejection, say) may share the URL Frappe gives
	# identical content (access/files.guard_file).
	file = frappe.get_doc({"doctype": "File", "file_name": name, "content": content, "is_private": 1})
	file.flags.bytes_sent = True
	return file.insert(ignore_permissions=True)


def attach_uploads(files, doc):
	for file in files:
		if file:
			file.db_set({"attached_to_doctype": doc.doctype, "attached_to_name": doc.name})


# My record


# The rule-8 items about the worker, read-only (labels are the form's, translated with it).
def request_correction(values: dict, uploads: dict) -> str:
	worker = gate.own_worker()
	values = {k: values.get(k) for k in ("field", "proposed_value")}
	checks.check_values("Record Correction Request", values)
	doc = frappe.get_doc({**values, "doctype": "Record Correction Request", "health_worker": worker})
	file = save_upload(uploads.get("document"), "document", "Record Correction Request")
	if file:
		doc.document = file.file_url
	doc.insert()
	attach_uploads([file], doc)
	return doc.name


# My confirmations


def confirm_own_results(declared_specialty: str) -> str:
	"""A private practitioner confirms their own results (order of 18.12.2025): the same Confirmation and
	workflow as an organisation's, signed by the practitioner."""
	from frappe.model.workflow import apply_workflow

	worker = gate.own_worker()
	checks.check_text_argument(declared_specialty, _("Declared specialty"))
	if not confirmation.is_private_practitioner(frappe.get_doc("Health Worker", worker)):
		raise frappe.PermissionError(
			_("Your CPD results are confirmed by your employer's HR service and head")
		)
	doc = frappe.get_doc(
		{
			"doctype": "CPD Confirmation",
			"health_worker": worker,
			"declared_specialty": declared_specialty,
			"confirmation_date": today(),
		}
	).insert()
	apply_workflow(doc, "Confirm")
	return doc.name


def confirmation_pdf(name: str) -> tuple[str, bytes]:
	"""Appendix 2 of a confirmed result of the worker's own."""
	doc = own_record("CPD Confirmation", name)
	if doc.workflow_state != "Confirmed":
		frappe.throw(_("The form is printed once the results are confirmed"), title=_("CPD confirmation"))
	doc.check_permission("print")
	pdf = frappe.get_print(doc.doctype, doc.name, confirmation.PRINT_FORMAT, doc=doc, as_pdf=True)
	return f"{doc.name}.pdf", pdf


def set_language(lang: str):
	"""The worker's language for the portal and the register's notices."""
	if lang not in dict(LANGUAGES):
		frappe.throw(_("Language must be one of {0}").format(", ".join(dict(LANGUAGES))), title=_("Language"))
	gate.own_worker()
	user = frappe.get_doc("User", frappe.session.user)
	user.language = lang
	user.save(ignore_permissions=True)  # their own account's language, nothing else of it
