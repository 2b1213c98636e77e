"""Bell notices (and email, where set up) for the HR of a worker's entity when the worker hands them
something to act on from the portal: a piece of CPD evidence to check, a correction request to decide.
One recipients query and one send per event; nothing when HR itself enters the record."""

import frappe
from frappe.utils import escape_html

from profregister.services.notices import notify

HR_FUNCTIONS = ("HR Specialist", "HR Chief")
# Email Templates shipped in setup_data/email_templates.json, worded by the administrator.
EVIDENCE_TEMPLATE = "CPD Evidence Handed In"
CORRECTION_TEMPLATE = "Correction Request Filed"


def evidence_handed_in(doc):
	"""after_insert of CPD Evidence."""
	_tell_hr(doc, EVIDENCE_TEMPLATE, {"title": escape_html(doc.title or "")})


def correction_filed(doc, field_label: str):
	"""after_insert of Record Correction Request; `field_label` is untranslated (the template says it
	in each reader's language)."""
	_tell_hr(doc, CORRECTION_TEMPLATE, {"field": field_label})


def _tell_hr(doc, template: str, context: dict):
	"""The HR of the worker's current entity, when the worker's own account made the record."""
	worker = frappe.db.get_value(
		"Health Worker", doc.health_worker, ["user", "full_name", "current_entity"], as_dict=True
	)
	if not worker or not worker.user or worker.user != frappe.session.user or not worker.current_entity:
		return
	users = notify.recipients_by_entity({worker.current_entity}, HR_FUNCTIONS).get(worker.current_entity)
	context = {**context, "full_name": escape_html(worker.full_name or "")}
	notify.send([notify.Message(user, doc.doctype, doc.name, context) for user in users or []], template)
