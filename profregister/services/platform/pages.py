"""Pages at production speed. Frappe 15 builds its Jinja environment anew for every request (its
globals hold the request's user), so every page parsed and compiled its templates (the portal's base,
Frappe's web.html, navbar and footer) on every request. The compiled templates are kept for the
process's life in Jinja's own bytecode cache, which checks each template's source checksum: a changed
template is compiled again. The environment itself stays per request."""

import sys

import frappe
from jinja2.bccache import BytecodeCache


class ProcessBytecodeCache(BytecodeCache):
	"""Compiled templates in this process's memory; a few hundred templates at most."""

	def __init__(self):
		self.compiled: dict[str, bytes] = {}

	def load_bytecode(self, bucket):
		if bucket.key in self.compiled:
			bucket.bytecode_from_string(self.compiled[bucket.key])

	def dump_bytecode(self, bucket):
		self.compiled[bucket.key] = bucket.bytecode_to_string()

	def clear(self):
		self.compiled.clear()


COMPILED = ProcessBytecodeCache()


def keep_compiled_templates():
	"""before_request: a page's environment reads compiled templates from the process's cache. API
	calls render no template, and make no environment."""
	if frappe.request and not frappe.request.path.startswith("/api/"):
		frappe.get_jenv().bytecode_cache = COMPILED


def log_failed_page(context):
	"""update_website_context: a page that failed to build gets Frappe's error page, without the
	traceback (System Settings hide it from users) and with no Error Log, so an operator had no trace
	of why. The error page is built inside the failure's `except`: log it there. The failed request's
	writes are undone first and the log is committed alone (a GET commits nothing of its own)."""
	if (context.get("http_status_code") or 0) < 500 or sys.exc_info()[1] is None or not frappe.db:
		return
	frappe.db.rollback()
	frappe.log_error(title=f"Page {frappe.request.path if frappe.request else context.get('path')}")
	frappe.db.commit()
