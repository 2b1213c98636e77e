# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class RegulatoryParameterValue(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		effective_from: DF.Date
		legal_basis: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		value: DF.Float
	# end: auto-generated types
	pass
