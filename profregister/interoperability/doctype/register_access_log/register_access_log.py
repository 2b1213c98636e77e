# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from frappe.model.document import Document


class RegisterAccessLog(Document):
	pass
