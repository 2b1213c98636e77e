# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class HealthWorkerTraining(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		certificate_number: DF.Data | None
		credits: DF.Float
		end_date: DF.Date | None
		hours: DF.Float
		organisation: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		program_title: DF.Data
		start_date: DF.Date | None
		training_type: DF.Literal[
			"Advanced training", "Retraining", "Seminar or training", "Internship", "Other"
		]
	# end: auto-generated types
	pass
