"""My CPD: credit units of the window by chapter and criterion, progress, and the timeline."""

import frappe
from frappe import _

from profregister.services.platform.checks import check_int_argument
from profregister.services.portal import pages as portal

no_cache = 1


def get_context(context):
	worker = portal.page(context, "cpd")
	page = check_int_argument(frappe.form_dict.get("page") or 1, _("Page"), 1, 100_000)
	context.cpd = portal.my_cpd(worker, page=page)
