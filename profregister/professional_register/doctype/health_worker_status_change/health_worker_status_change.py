# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class HealthWorkerStatusChange(Document):
	"""An event of a worker's history, written by the jobs and the register itself, never changed."""

	def validate(self):
		if not self.is_new():
			frappe.throw(_("A status change is history: it is never changed"), frappe.PermissionError)

	def on_trash(self):
		if frappe.session.user != "Administrator":
			frappe.throw(_("A status change is history: it is never deleted"), frappe.PermissionError)


def on_doctype_update():
	# The monthly report counts the events of a month by where they happened.
	frappe.db.add_index("Health Worker Status Change", ["change_date", "to_status"])
