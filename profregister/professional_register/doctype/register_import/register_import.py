# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from profregister.services.register_import import read
from profregister.services.register_import import run as register_import


class RegisterImport(Document):
	def validate(self):
		if not (self.import_file or "").lower().endswith(read.FILE_TYPES):
			frappe.throw(
				_("{0}: upload an XLSX or CSV file").format(_(self.meta.get_label("import_file"))),
				title=_("Register Import"),
			)
		if not self.is_new() and (
			self.has_value_changed("import_file") or self.has_value_changed("healthcare_entity")
		):
			if register_import.job_running(self.name):
				frappe.throw(_("This import is already running"), title=_("Register Import"))
			# Another file (or entity) is checked again before anything is written.
			self.update({"status": "Draft", "checked_file": None, "last_committed_row": 0})

	def onload(self):
		self.set_onload("job_running", register_import.job_running(self.name))

	def on_trash(self):
		if register_import.job_running(self.name):
			frappe.throw(_("This import is already running"), title=_("Register Import"))
