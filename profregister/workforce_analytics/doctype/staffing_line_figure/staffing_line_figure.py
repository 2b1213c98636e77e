# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class StaffingLineFigure(Document):
	"""Written only by services/analytics/summaries.py, with SQL."""


def on_doctype_update():
	# The staffing report sums the lines by entity or by specialty: each index holds every column the sum,
	# the filters and the scope read, so the read is an index-only scan in the group's order.
	frappe.db.add_index(
		"Staffing Line Figure",
		["healthcare_entity", "region", "specialty", "approved", "filled"],
		"by_entity_index",
	)
	frappe.db.add_index(
		"Staffing Line Figure",
		["specialty", "healthcare_entity", "region", "approved", "filled"],
		"by_specialty_index",
	)
