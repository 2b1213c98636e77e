# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class HealthWorkerDocument(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach
		description: DF.Data | None
		document_date: DF.Date | None
		document_number: DF.Data | None
		document_type: DF.Literal[
			"Employment contract",
			"Order",
			"Identity document",
			"Education document",
			"Certificate",
			"Work record book",
			"Reference",
			"Other",
		]
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
