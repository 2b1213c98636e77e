# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class PersonalDataAccess(Document):
	"""One read of a worker's personal data, written in bulk by access/audit.py and never changed: no
	save, rename or delete through any door (the Administrator's included); only the retention job
	(audit.purge_expired) removes rows, with SQL."""

	def validate(self):
		frappe.throw(
			_("The trail of personal data access is never written or changed by hand"), frappe.PermissionError
		)

	def before_rename(self, old, new, merge=False):
		frappe.throw(
			_("The trail of personal data access is never written or changed by hand"), frappe.PermissionError
		)

	def on_trash(self):
		frappe.throw(_("The trail of personal data access is never deleted by hand"), frappe.PermissionError)


def on_doctype_update():
	# A worker's own page reads their accesses by date; the lookup limit counts a user's of the day;
	# the retention job deletes by date.
	frappe.db.add_index("Personal Data Access", ["health_worker", "accessed_at"])
	frappe.db.add_index("Personal Data Access", ["user", "accessed_at"])
	frappe.db.add_index("Personal Data Access", ["accessed_at"])
