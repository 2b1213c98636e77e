# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from profregister.services.parameters import clear_cache


class RegulatoryParameter(Document):
	def validate(self):
		dates = [row.effective_from for row in self.values]
		if len(dates) != len(set(dates)):
			frappe.throw(_("Two values of {0} take effect on the same date").format(self.title))

	def on_update(self):
		clear_cache()
