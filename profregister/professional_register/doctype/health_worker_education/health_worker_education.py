# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class HealthWorkerEducation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		document_date: DF.Date | None
		document_number: DF.Data | None
		education_level: DF.Literal[
			"General secondary",
			"Technical and vocational",
			"Higher",
			"Postgraduate: internship",
			"Postgraduate: residency",
			"Postgraduate: master's",
			"Postgraduate: doctorate",
		]
		institution: DF.Data
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		specialty_studied: DF.Data | None
	# end: auto-generated types
	pass
