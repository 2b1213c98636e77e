# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class Specialty(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		code: DF.Data | None
		for_clinical_practice: DF.Check
		specialty_group: DF.Literal["Medical", "Nursing", "Pharmaceutical", "Public health", "Other"]
		specialty_name: DF.Data
	# end: auto-generated types
	pass
