# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet

from profregister.services import access


class Region(NestedSet):
	nsm_parent_field = "parent_region"

	def on_update(self):
		super().on_update()
		access.sync_user_permissions("Region", self.name, {row.user: access.REGIONAL_ROLE for row in self.users})
