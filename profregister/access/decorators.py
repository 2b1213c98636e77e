"""Declarative guards for whitelisted methods (in the manner of helpdesk's `agent_only`): each asks the
gate, and refuses with the same 403 whatever the reason, so that a refusal says nothing about records
the caller may not see."""

import functools

import frappe
from frappe import _

from profregister.access import gate


def allowed_to(ptype: str, doctype: str):
	"""For users whose links grant `ptype` on `doctype` somewhere (an HR specialist may create
	employments at their entity; a worker account may not)."""

	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if not gate.grants_for(doctype, ptype):
				raise frappe.PermissionError(_("Not permitted"))
			return fn(*args, **kwargs)

		return wrapper

	return decorator


def report_permitted(report: str):
	"""For users who may open the desk report `report` (its roles)."""

	def decorator(fn):
		@functools.wraps(fn)
		def wrapper(*args, **kwargs):
			if not frappe.get_doc("Report", report).is_permitted():
				raise frappe.PermissionError(_("Not permitted"))
			return fn(*args, **kwargs)

		return wrapper

	return decorator


def worker_only(fn):
	"""For the account of a health worker, on their own record only (the portal)."""

	@functools.wraps(fn)
	def wrapper(*args, **kwargs):
		gate.own_worker()
		return fn(*args, **kwargs)

	return wrapper


def permitted_document(doctype: str, name, ptype: str = "read"):
	"""The document, or the same 403 whether it does not exist or may not be seen (gate.check_record)."""
	from profregister.services.platform.checks import check_text_argument

	check_text_argument(name, _("Name"))
	gate.check_record(doctype, name, ptype)
	return frappe.get_doc(doctype, name)
