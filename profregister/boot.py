"""What the desk needs to know at start: the app's doctypes and reports, whose stored text it escapes
on display."""

import frappe

from profregister.services.guards import app_modules


def boot_session(bootinfo):
	modules = list(app_modules())
	bootinfo.profregister_doctypes = frappe.get_all(
		"DocType", filters={"module": ("in", modules)}, pluck="name"
	)
	bootinfo.profregister_reports = frappe.get_all(
		"Report", filters={"module": ("in", modules)}, pluck="name"
	)
