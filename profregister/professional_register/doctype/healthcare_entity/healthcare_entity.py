# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from profregister.domain.identifiers import validate_bin
from profregister.services import access
from profregister.services.errors import call


class HealthcareEntity(Document):
	def autoname(self):
		self.bin = (self.bin or "").strip()
		self.name = self.bin

	def validate(self):
		self.bin = call(validate_bin, self.bin, title=_("Invalid BIN"))

	def on_update(self):
		access.sync_user_permissions(
			"Healthcare Entity", self.name, {row.user: row.function for row in self.users}
		)
