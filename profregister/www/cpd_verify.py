"""Public check of a confirmed CPD result by the code printed on the Appendix 2 form (no login)."""

from urllib.parse import urlencode

import frappe
from frappe import _

from profregister.access.limits import over_limit
from profregister.services.cpd.confirmation import public_record

no_cache = 1
LIMIT, WINDOW_SECONDS = 30, 60


def get_context(context):
	code = frappe.form_dict.get("code") or ""
	if not isinstance(code, str) or len(code) > 40:
		code = ""
	context.no_breadcrumbs = True
	context.title = _("Check a CPD confirmation")
	context.code = code
	context.limited = bool(code) and over_limit("cpd-verify", LIMIT, WINDOW_SECONDS)
	if context.limited:
		context.http_status_code = 429
	context.record = public_record(code) if code and not context.limited else None
	if context.record:
		context.record["issuer"] = issuer(code)
	# The same check in each language of the register (the QR link carries the printed one).
	context.languages = [
		(lang, label, f"/cpd-verify?{urlencode({'code': code, '_lang': lang})}")
		for lang, label in (("kk", "Қазақша"), ("ru", "Русский"), ("en", "English"))
	]
	context.lang = frappe.local.lang


def issuer(code: str) -> str:
	"""Who issued the confirmation, as Appendix 2 names them: the healthcare entity whose head signed
	it, or the private practitioner who confirmed their own results."""
	row = frappe.db.get_value(
		"CPD Confirmation",
		{"verification_code": code.strip().upper(), "docstatus": ("!=", 0)},
		["healthcare_entity", "self_confirmed"],
		as_dict=True,
	)
	if row.self_confirmed or not row.healthcare_entity:
		return _("The private practitioner (self-confirmation)")
	return frappe.db.get_value("Healthcare Entity", row.healthcare_entity, "entity_name") or ""
