# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, getdate


class SpecialistCertificate(Document):
	def validate(self):
		if getdate(self.valid_until) < getdate(self.issue_date):
			frappe.throw(
				_("Valid until {0} is before the issue date {1}").format(
					formatdate(self.valid_until), formatdate(self.issue_date)
				),
				title=_("Invalid certificate dates"),
			)
