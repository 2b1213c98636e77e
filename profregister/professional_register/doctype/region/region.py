# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.utils.nestedset import NestedSet

from profregister.access import links


class Region(NestedSet):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.professional_register.doctype.region_health_department_user.region_health_department_user import (
			RegionHealthDepartmentUser,
		)

		code: DF.Data | None
		is_group: DF.Check
		lft: DF.Int
		old_parent: DF.Link | None
		parent_region: DF.Link | None
		region_name: DF.Data
		region_type: DF.Literal["Country", "City of republican significance", "Region", "District", "City"]
		rgt: DF.Int
		users: DF.Table[RegionHealthDepartmentUser]
	# end: auto-generated types
	nsm_parent_field = "parent_region"

	def on_update(self):
		super().on_update()
		links.sync_links("Region", self.name, [row.user for row in self.users])
