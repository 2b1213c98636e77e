# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class Position(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		position_category: DF.Literal[
			"Physician", "Nursing staff", "Pharmacist", "Other health professional", "Management", "Other"
		]
		position_name: DF.Data
	# end: auto-generated types
	pass
