"""Roles, languages and shipped master data; idempotent, so migrate brings new shipped data too."""

import json
from pathlib import Path

import frappe
from frappe.permissions import add_permission, update_permission_property

from profregister.access.gate import API_CLIENT_ROLE, WORKER_ROLE

# Roles of accounts that never use the desk: workers (their portal) and API clients.
PORTAL_ROLES = (WORKER_ROLE, API_CLIENT_ROLE)

ROLES = (
	"HR Specialist",
	"HR Chief",
	"Head of Healthcare Entity",
	"Regional Health Department",
	"National Coordinator",
	"Register Administrator",
	# Reads the trail of personal data access (Personal Data Access) and nothing else of the register.
	"Register Auditor",
	"Professional Association",
	"Health Worker",
	"Register API Client",
)
DATA = Path(__file__).parent / "setup_data"


def after_install():
	after_migrate()
	configure_system()


def after_migrate():
	create_roles()
	grant_email_templates()
	create_languages()
	load_master_data()
	# Access follows links only (access/gate.py): a share would be a door beside the gate.
	frappe.db.set_single_value("System Settings", "disable_document_sharing", 1)
	# Errors reach users as messages, never as stack traces of the server.
	frappe.db.set_single_value("System Settings", "allow_error_traceback", 0)


def before_tests():
	frappe.clear_cache()
	after_migrate()
	configure_system()


def create_roles():
	for role in ROLES:
		if not frappe.db.exists("Role", role):
			frappe.get_doc(
				{"doctype": "Role", "role_name": role, "desk_access": int(role not in PORTAL_ROLES)}
			).insert(ignore_permissions=True)
	# A worker's own account is a Website User of the portal (/cpd), an API client's reads the APIs:
	# neither role opens the desk, whatever an earlier version made.
	frappe.db.set_value("Role", {"name": ("in", PORTAL_ROLES)}, "desk_access", 0)


def grant_email_templates():
	# The Register Administrator words the register's notices (Frappe grants templates to System Manager).
	if not frappe.db.exists(
		"Custom DocPerm", {"parent": "Email Template", "role": "Register Administrator", "permlevel": 0}
	):
		add_permission("Email Template", "Register Administrator")
		for ptype in ("write", "create"):
			update_permission_property("Email Template", "Register Administrator", 0, ptype, 1)


def create_languages():
	# Kazakh is not among Frappe's languages.
	if not frappe.db.exists("Language", "kk"):
		frappe.get_doc(
			{"doctype": "Language", "language_code": "kk", "language_name": "Қазақ тілі", "enabled": 1}
		).insert(ignore_permissions=True)
	frappe.db.set_value("Language", {"name": ("in", ("kk", "ru"))}, "enabled", 1)


def load_master_data():
	"""Insert the shipped records that are missing; never overwrite what an administrator changed."""
	for doctype, file, key in (
		("Region", "regions.json", "region_name"),
		("Specialty", "specialties.json", "specialty_name"),
		("Position", "positions.json", "position_name"),
		("Regulatory Parameter", "regulatory_parameters.json", "parameter"),
		("CPD Criterion", "cpd_criteria.json", "number"),
		("CPD Rule Set", "cpd_rule_sets.json", "rule_set_name"),
		# The wording of the register's notices (services/notify.py).
		("Email Template", "email_templates.json", "name"),
		("NHWA Indicator", "nhwa_indicators.json", "code"),
		# Only figures with a source: regions without one stay empty (domain/nhwa.py).
		("Population Estimate", "population_estimates.json", ("region", "reference_date")),
		# ISCO-08 levels by education (domain/occupations.py), dated data the administrator keeps.
		("ISCO Level Rule", "isco_level_rules.json", ("isco_08", "education_level", "effective_from")),
	):
		keys = key if isinstance(key, tuple) else (key,)
		for record in json.loads((DATA / file).read_text()):
			if not frappe.db.exists(doctype, {k: record[k] for k in keys}):
				frappe.get_doc({"doctype": doctype, **record}).insert(ignore_permissions=True)


def configure_system():
	"""Sensible national defaults instead of the setup wizard; an administrator may change them."""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return
	settings = frappe.get_single("System Settings")
	settings.update(
		{
			"country": "Kazakhstan",
			"time_zone": "Asia/Almaty",
			"language": "en",
			"date_format": "dd.mm.yyyy",
			"first_day_of_the_week": "Monday",
			"setup_complete": 1,
			# As the setup wizard leaves it: the registrar's setup checklist shows on their workspace.
			"enable_onboarding": 1,
		}
	)
	settings.flags.ignore_permissions = True
	settings.save()
	frappe.db.set_default("desktop:home_page", "workspace")
