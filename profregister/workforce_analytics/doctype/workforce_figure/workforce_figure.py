# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class WorkforceFigure(Document):
	"""Written only by services/analytics/summaries.py, with SQL."""


def on_doctype_update():
	# The NHWA reads group these rows by occupation with region, sex and age band, with ownership and type,
	# or on a year's first day: each index holds every column its read needs (the entity for the scope),
	# an index-only scan.
	frappe.db.add_index(
		"Workforce Figure",
		["kind", "occupation", "region", "sex", "age_band", "workers", "fte", "healthcare_entity"],
		"people_index",
	)
	frappe.db.add_index(
		"Workforce Figure",
		["kind", "occupation", "ownership", "entity_type", "workers", "region", "healthcare_entity"],
		"places_index",
	)
	frappe.db.add_index(
		"Workforce Figure",
		["kind", "on_date", "occupation", "workers", "region", "healthcare_entity"],
		"year_start_index",
	)
	frappe.db.add_index("Workforce Figure", ["healthcare_entity"])
