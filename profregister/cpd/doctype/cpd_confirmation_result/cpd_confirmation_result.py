# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class CPDConfirmationResult(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		chapter: DF.Data | None
		credit_units: DF.Float
		criterion: DF.Link | None
		criterion_name: DF.Data | None
		evidence: DF.SmallText | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
	# end: auto-generated types
	pass
