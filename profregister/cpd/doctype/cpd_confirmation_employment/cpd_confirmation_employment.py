# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class CPDConfirmationEmployment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		employment: DF.Link | None
		end_date: DF.Date | None
		order_date: DF.Date | None
		order_number: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		place_of_work: DF.Data | None
		position: DF.Data | None
		start_date: DF.Date | None
	# end: auto-generated types
	pass
