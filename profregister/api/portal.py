"""The health worker's portal (/cpd): the worker is always the session user's own (services/portal)."""

import frappe

from profregister.access.decorators import worker_only
from profregister.services.portal import actions


@frappe.whitelist(methods=["POST"])
@worker_only
def hand_in_evidence(**values) -> str:
	"""Multipart form: the evidence's fields, `attachment` and `translation_attachment` files."""
	return actions.hand_in(values, frappe.request.files)


@frappe.whitelist(methods=["POST"])
@worker_only
def withdraw_evidence(name: str):
	actions.withdraw(name)


@frappe.whitelist(methods=["POST"])
@worker_only
def request_correction(**values) -> str:
	"""Multipart form: `field`, `proposed_value` and an optional `document` file."""
	return actions.request_correction(values, frappe.request.files)


@frappe.whitelist(methods=["POST"])
@worker_only
def confirm_own_results(declared_specialty: str) -> str:
	return actions.confirm_own_results(declared_specialty)


@frappe.whitelist(methods=["GET"])
@worker_only
def confirmation_pdf(name: str):
	frappe.response.filename, frappe.response.filecontent = actions.confirmation_pdf(name)
	frappe.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
@worker_only
def set_portal_language(lang: str):
	actions.set_language(lang)
