"""Transfer between entities: the receiving HR hires by IIN, and the worker's open main job at another
entity ends on the day before the new one starts, with reason Transfer.

Rule 4.1 puts the entry on the new employer, within 3 working days of the start (calendar.py), and
workers move before their previous HR closes the record. The receiving HR cannot reach that record, so
a refusal ("end it first") would leave the entry late through no fault of theirs; a transfer request
waiting on the previous HR would do the same. So the hire completes the transfer at once, and the
previous entity's HR is told (desk alert and email) and may correct the end date on their own record,
which stays in their scope. Same-entity overlaps are still refused: that HR holds both records.
"""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import escape_html, formatdate, getdate

from profregister.services.notices import notify
from profregister.services.register import history

TEMPLATE = "Employment Ended By Transfer"
HR_FUNCTIONS = ("HR Specialist", "HR Chief")


def previous_job(doc, clashes: list) -> str | None:
	"""The main job a new main job ends by transfer: only in a hire by IIN, and only one that began
	before it at another entity (a job starting the same day or later is not being left)."""
	if not (doc.is_new() and doc.flags.hire_by_iin and len(clashes) == 1):
		return None
	clash = clashes[0]
	if clash.healthcare_entity == doc.healthcare_entity:
		return None
	return clash.name if getdate(clash.start_date) < getdate(doc.start_date) else None


def complete(doc, previous: str):
	"""End the previous job on the day before `doc` starts, write the event once, tell its HR."""
	old = frappe.get_doc("Employment", previous)
	status = frappe.db.get_value("Health Worker", doc.health_worker, "status")
	old.update({"end_date": getdate(doc.start_date) - timedelta(days=1), "end_reason": "Transfer"})
	# The receiving HR may not write another entity's record: the gate judged the hire, and this end.
	old.save(ignore_permissions=True)
	names = dict(
		frappe.get_all(
			"Healthcare Entity",
			filters={"name": ("in", [old.healthcare_entity, doc.healthcare_entity])},
			fields=["name", "entity_name"],
			as_list=True,
		)
	)
	history.record([_event(doc, old, status, names)])
	_tell_previous_hr(old, doc, names)
	frappe.msgprint(
		_("The main employment at {0} ended on {1} by transfer; its HR is told.").format(
			escape_html(names.get(old.healthcare_entity) or ""), formatdate(old.end_date)
		),
		alert=True,
	)


def _event(doc, old, status: str, names: dict) -> dict:
	# Stored as text of the record, like the other events' reasons; under the receiving entity, where
	# the worker now belongs.
	return {
		"health_worker": doc.health_worker,
		"worker_name": frappe.db.get_value("Health Worker", doc.health_worker, "full_name"),
		"change_date": getdate(doc.start_date),
		"from_status": status,
		"to_status": status,
		"reason": _("Transfer from {0} (employment ended on {1}) to {2}").format(
			names.get(old.healthcare_entity), formatdate(old.end_date), names.get(doc.healthcare_entity)
		),
		"healthcare_entity": doc.healthcare_entity,
		"region": frappe.db.get_value("Healthcare Entity", doc.healthcare_entity, "region"),
		"specialty": doc.specialty,
	}


def _tell_previous_hr(old, doc, names: dict):
	"""The HR of the previous entity, or whoever stands in for it (notify.fallback_recipients)."""
	entity = old.healthcare_entity
	users = notify.recipients_by_entity({entity}, HR_FUNCTIONS).get(entity)
	note = None
	if not users:
		entity_name, users = notify.fallback_recipients({entity}).get(entity, ("", []))
		note = lambda lang: _("No HR user is linked to {0}.", lang=lang).format(  # noqa: E731
			escape_html(entity_name)
		)
	context = {
		"full_name": escape_html(old.worker_name or ""),
		"end_date": formatdate(old.end_date),
		"new_entity": escape_html(names.get(doc.healthcare_entity) or ""),
		"start_date": formatdate(doc.start_date),
	}
	notify.send([notify.Message(user, "Employment", old.name, context, note) for user in users], TEMPLATE)
