# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class CPDRate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		credit_units: DF.Float
		criterion: DF.Link
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		per_quantity: DF.Float
		unit: DF.Literal[
			"hour", "credit", "day", "week", "report", "item", "year", "test questions", "clinical scenarios"
		]
		unverified: DF.Check
		variant: DF.Data | None
	# end: auto-generated types
	pass
