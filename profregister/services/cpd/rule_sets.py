"""Changing CPD rates. An edit in place revalues every piece of evidence the set values, back to the set's
start (the desk warns first, with the count); a new rule set from a date closes the old set the day
before, so that evidence dated earlier keeps the CU it earned."""

from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import formatdate, getdate


def impact(rule_set: str) -> dict:
	"""What an edit in place would revalue: the evidence the set values now, and from when."""
	return {
		"evidence": frappe.db.count("CPD Evidence", {"rule_set": rule_set, "status": ("!=", "Rejected")}),
		"since": frappe.db.get_value("CPD Rule Set", rule_set, "effective_from"),
	}


def start_from(rule_set: str, from_date) -> str:
	"""A copy of the set in force from `from_date`, the old one ending the day before; returns its name."""
	old = frappe.get_doc("CPD Rule Set", rule_set)
	day = getdate(from_date)
	first, last = getdate(old.effective_from), old.effective_to and getdate(old.effective_to)
	if day <= first or (last and day > last):
		frappe.throw(
			_("{0}: a new rule set of {1} starts after {2} and no later than {3}").format(
				_("Effective from"), old.rule_set_name, formatdate(first), formatdate(last) if last else "—"
			),
			title=_("New rule set from date"),
		)
	new = frappe.copy_doc(old)
	new.update({"rule_set_name": f"{old.rule_set_name} — {day.isoformat()}", "effective_from": day})
	old.effective_to = day - timedelta(days=1)
	old.save()
	return new.insert().name
