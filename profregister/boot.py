"""What the desk needs to know at start: the home workspace of the user's audience, and the app's doctypes and reports, whose stored text it escapes
on display."""

import frappe

from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.platform.checks import app_modules
from profregister.services.platform.parameters import get_parameter
from profregister.timekeeping import moment_packed

# The workspace each audience lands on (the first of the user's roles in this order), unless the user
# chose one.
HOME_WORKSPACES = (
	("Register Administrator", "Register Administration"),
	("National Coordinator", "Workforce Analytics"),
	("Regional Health Department", "Workforce Analytics"),
	("HR Specialist", "Professional Register"),
	("HR Chief", "Professional Register"),
	("Head of Healthcare Entity", "Professional Register"),
	("Professional Association", "Continuous Professional Development"),
	("Health Worker", "Continuous Professional Development"),
)


def boot_session(bootinfo):
	user = bootinfo.get("user") or {}
	if isinstance(user, dict) and not user.get("default_workspace"):
		roles = set(frappe.get_roles())
		home = next((workspace for role, workspace in HOME_WORKSPACES if role in roles), None)
		if home:
			user["default_workspace"] = {"name": home, "title": home, "public": 1}
	# The number card of certificates in the notice period reads its horizon from here.
	bootinfo.profregister_notice_months = int(get_parameter(NOTICE_MONTHS))
	modules = list(app_modules())
	bootinfo.profregister_doctypes = frappe.get_all(
		"DocType", filters={"module": ("in", modules)}, pluck="name"
	)
	bootinfo.profregister_reports = frappe.get_all(
		"Report", filters={"module": ("in", modules)}, pluck="name"
	)
	# The desk's moment reads saved times with tz data of 2023 (Asia/Almaty still UTC+6): the session's
	# zones as the server writes with them (timekeeping.py), added by profregister.bundle.js.
	zones = (bootinfo.get("time_zone") or {}).values()
	bootinfo.profregister_time_zones = [z for z in map(moment_packed, set(zones)) if isinstance(z, str)]
