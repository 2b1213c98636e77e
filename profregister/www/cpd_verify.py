"""Public check of a confirmed CPD result by the code printed on the Appendix 2 form (no login)."""

import frappe
from frappe import _

from profregister.services.confirmation import public_record

no_cache = 1


def get_context(context):
	code = frappe.form_dict.get("code") or ""
	context.no_breadcrumbs = True
	context.title = _("Check a CPD confirmation")
	context.code = code
	context.record = public_record(code) if code else None
