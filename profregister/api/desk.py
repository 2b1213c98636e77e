"""Desk actions of HR specialists, heads, regional departments and the National Coordinator: thin, each
guarded by the gate (a declared guard, or the document it acts on), changes by POST; the logic lives
in services/."""

import frappe
from frappe import _

from profregister.access import links
from profregister.access.decorators import allowed_to, permitted_document, report_permitted
from profregister.access.reports import Scope
from profregister.domain.identifiers import parse_iin
from profregister.services.analytics import nhwa, reporting
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform import checks
from profregister.services.platform.errors import call
from profregister.services.register_import import read as import_file
from profregister.services.register_import import run as register_import

# CPD


@frappe.whitelist(methods=["GET", "POST"])
def get_worker_credit_units(health_worker: str, on_date: str | None = None) -> dict:
	permitted_document("Health Worker", health_worker)
	return cpd.worker_credit_units(health_worker, checks.check_date_argument(on_date, _("Date")))


@frappe.whitelist(methods=["GET", "POST"])
def get_offered_variants(criterion: str, on_date: str | None = None) -> list[dict]:
	checks.check_text_argument(criterion, _("CPD Criterion"))
	if not frappe.db.exists("CPD Criterion", criterion):
		frappe.throw(_("CPD criterion {0} does not exist").format(criterion), frappe.DoesNotExistError)
	return cpd.offered_variants(criterion, checks.check_date_argument(on_date, _("Date")))


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "CPD Evidence")
def preview_credit_units(values: dict | str) -> dict:
	"""The CU a piece of evidence would earn, before it is saved, or the rule it does not meet yet
	(returned, not raised: the form asks while the user types)."""
	values = frappe.parse_json(values) if isinstance(values, str) else values
	if not isinstance(values, dict):
		frappe.throw(_("Evidence must be an object"), frappe.ValidationError)
	checks.check_values("CPD Evidence", values)
	doc = frappe.get_doc({**values, "doctype": "CPD Evidence"})
	try:
		valuation = cpd.validate_evidence(doc)
	except frappe.ValidationError as error:
		frappe.clear_messages()
		return {"problem": str(error)}
	return {"credit_units": valuation.credit_units, "rule_set": valuation.rule_set}


@frappe.whitelist(methods=["POST"])
def verify_evidence(name: str, profile_matches: int | None = None):
	permitted_document("CPD Evidence", name).verify(profile_matches)


@frappe.whitelist(methods=["POST"])
def reject_evidence(name: str, reason: str):
	checks.check_text_argument(reason, _("Reason"), multiline=True)
	permitted_document("CPD Evidence", name).reject(reason)


# The register


@frappe.whitelist(methods=["POST"])
def invite_worker(health_worker: str, email: str) -> str:
	checks.check_text_argument(email, _("Email"))
	return links.invite_worker(permitted_document("Health Worker", health_worker, "write"), email)


@frappe.whitelist(methods=["POST"])
def accept_correction(name: str):
	permitted_document("Record Correction Request", name).accept()


@frappe.whitelist(methods=["POST"])
def decline_correction(name: str, reason: str):
	checks.check_text_argument(reason, _("Reason"), multiline=True)
	permitted_document("Record Correction Request", name).decline(reason)


@frappe.whitelist(methods=["POST"])
def read_iin(iin) -> dict:
	"""What an IIN itself says (date of birth, sex), or why it is invalid; nothing about who holds it."""
	checks.check_text_argument(iin, _("IIN"))
	info = call(parse_iin, (iin or "").strip(), title=_("Invalid IIN"))
	return {"date_of_birth": info.date_of_birth, "sex": info.sex}


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "Employment")
def find_worker_by_iin(iin: str) -> dict | None:
	"""For the HR of a receiving entity: who holds this IIN, by name and current entity, nothing more."""
	checks.check_text_argument(iin, _("IIN"))
	row = frappe.db.get_value(
		"Health Worker", {"iin": (iin or "").strip()}, ["name", "full_name", "current_entity"], as_dict=True
	)
	if not row:
		return None
	entity = frappe.db.get_value("Healthcare Entity", row.current_entity, "entity_name")
	return {"health_worker": row.name, "full_name": row.full_name, "current_entity": entity}


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "Employment")
def hire_by_iin(iin: str, employment: dict | str) -> str:
	"""Create the employment at the user's entity for the worker holding `iin`; the gate still judges
	the entity, and the employment's own rules (overlap, block, plausibility) still apply."""
	found = find_worker_by_iin(iin)
	if not found:
		frappe.throw(_("No health worker is registered with IIN {0}").format(iin), frappe.DoesNotExistError)
	values = frappe.parse_json(employment) if isinstance(employment, str) else employment
	if not isinstance(values, dict):
		frappe.throw(_("Employment must be an object"), frappe.ValidationError)
	checks.check_values("Employment", values)
	doc = frappe.get_doc({**values, "doctype": "Employment", "health_worker": found["health_worker"]})
	doc.flags.hire_by_iin = True
	return doc.insert().name


# The Register Import


@frappe.whitelist(methods=["GET"])
@allowed_to("create", "Register Import")
def register_import_template(file_type: str = "xlsx"):
	"""The Register Import template, headed in the user's language, as a download."""
	if file_type not in ("xlsx", "csv"):
		frappe.throw(_("File type must be xlsx or csv"), frappe.ValidationError, title=_("Template"))
	frappe.response.filename, frappe.response.filecontent = import_file.template(file_type, frappe.local.lang)
	frappe.response.type = "download"


@frappe.whitelist(methods=["POST"])
def check_register_import(name: str):
	"""The dry run of an import's file, on the long queue: counts and the error file, nothing written."""
	register_import.enqueue(permitted_document("Register Import", name, "write"), commit=False)


@frappe.whitelist(methods=["POST"])
def start_register_import(name: str):
	"""The import of a checked file (or the rest of a stopped one), on the long queue."""
	register_import.enqueue(permitted_document("Register Import", name, "write"), commit=True)


# Analytics


@frappe.whitelist(methods=["GET", "POST"])
def hires_and_departures(**_chart_arguments) -> dict:
	"""The workspace chart (Dashboard Chart Source "Hires and Departures"), in the caller's scope."""
	return reporting.hires_and_departures(Scope.of_user("Employment"))


@frappe.whitelist(methods=["GET"])
@report_permitted("NHWA Indicators")
def nhwa_indicators_csv(year=None, region=None, healthcare_entity=None, specialty=None):
	"""The NHWA Indicators report as CSV in the stated layout (README), in the caller's scope."""
	for value, label in (
		(region, _("Region")),
		(healthcare_entity, _("Healthcare entity")),
		(specialty, _("Specialty")),
	):
		checks.check_text_argument(value, label)
	year = checks.check_int_argument(year or frappe.utils.getdate().year - 1, _("Year"), 1990, 2100)
	filters = frappe._dict(region=region, healthcare_entity=healthcare_entity, specialty=specialty)
	frappe.response.filename = f"nhwa-indicators-{year}.csv"
	frappe.response.filecontent = nhwa.as_csv(nhwa.rows(filters, Scope.of_user(), year))
	frappe.response.type = "download"


@frappe.whitelist(methods=["POST"])
def refresh_submission_figures(name: str):
	permitted_document("Coordinator Submission", name, "write").refresh_figures()
