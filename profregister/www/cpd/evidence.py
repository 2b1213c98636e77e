"""Hand in evidence: a guided form, the CU previewed by the server, saved as a Draft for HR to check."""

import frappe

from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	worker = portal.page(context, "cpd/evidence")
	context.form = portal.evidence_form(worker, frappe.form_dict.get("again"))
	context.today = frappe.utils.today()
