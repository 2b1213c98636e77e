# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class HealthWorkerPublication(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		author_position: DF.Int
		authors: DF.SmallText | None
		doi_or_url: DF.Data | None
		indexing: DF.Literal["", "Scopus", "Web of Science", "Springer", "Committee list", "Other"]
		journal_or_publisher: DF.Data | None
		parent: DF.Data
		parentfield: DF.Data
		parenttype: DF.Data
		publication_type: DF.Literal[
			"Article", "Monograph", "Textbook", "Manual or guidelines", "Patent", "Conference report", "Other"
		]
		quartile: DF.Literal["", "Q1", "Q2", "Q3", "Q4"]
		title: DF.Data
		year: DF.Int
	# end: auto-generated types
	pass
