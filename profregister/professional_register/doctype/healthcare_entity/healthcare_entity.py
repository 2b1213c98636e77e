# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from profregister.access import links
from profregister.domain.identifiers import validate_bin
from profregister.services.platform.errors import call


class HealthcareEntity(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.professional_register.doctype.healthcare_entity_user.healthcare_entity_user import (
			HealthcareEntityUser,
		)

		address: DF.SmallText | None
		bin: DF.Data
		district: DF.Link | None
		entity_name: DF.Data
		entity_type: DF.Literal[
			"",
			"Hospital",
			"Polyclinic",
			"Primary health care",
			"Emergency medical service",
			"Dental clinic",
			"Pharmacy",
			"Research institute",
			"Medical education organisation",
			"Sanatorium",
			"Blood service",
			"Public health service",
			"Other",
		]
		head_of_entity: DF.Data | None
		head_of_hr: DF.Data | None
		is_private_practice: DF.Check
		ownership: DF.Literal["", "State", "Private", "Quasi-public"]
		practitioner: DF.Link | None
		region: DF.Link
		users: DF.Table[HealthcareEntityUser]

	# end: auto-generated types
	def autoname(self):
		self.bin = (self.bin or "").strip()
		self.name = self.bin

	def validate(self):
		self.bin = call(validate_bin, self.bin, title=_("Invalid BIN"))
		if not self.is_private_practice:
			self.practitioner = None

	def on_update(self):
		links.sync_links("Healthcare Entity", self.name, [row.user for row in self.users])

	def on_trash(self):
		users = [row.user for row in self.users]
		self.set("users", [])
		self.db_update_all()
		links.sync_links("Healthcare Entity", self.name, [])
		for user in users:
			links.sync_roles(user)
