# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class ISCOLevelRule(Document):
	"""Read by services/analytics/occupations.py; a change regroups the workforce (summaries.py)."""
