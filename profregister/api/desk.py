"""Desk actions of HR specialists, heads, regional departments and the National Coordinator: thin, each
guarded by the gate (a declared guard, or the document it acts on), changes by POST; the logic lives
in services/."""

import frappe
from frappe import _

from profregister.access import audit, links
from profregister.access.decorators import allowed_to, permitted_document, report_permitted
from profregister.access.reports import Scope
from profregister.domain.identifiers import parse_iin
from profregister.services.analytics import nhwa, report_exports, reporting
from profregister.services.cpd import confirmation, providers, rule_sets
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
	return {
		"credit_units": valuation.credit_units,
		"rule_set": valuation.rule_set,
		"reason": valuation.reason,
	}


@frappe.whitelist(methods=["GET"])
def rule_set_impact(name: str) -> dict:
	return rule_sets.impact(permitted_document("CPD Rule Set", name, "write").name)


@frappe.whitelist(methods=["POST"])
def start_rule_set_from(name: str, from_date: str) -> str:
	checks.check_date_argument(from_date, _("Effective from"))
	return rule_sets.start_from(permitted_document("CPD Rule Set", name, "write").name, from_date)


@frappe.whitelist(methods=["POST"])
def verify_evidence(name: str, profile_matches: int | None = None):
	permitted_document("CPD Evidence", name).verify(profile_matches)


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "Accredited CPD Provider")
def load_cpd_providers(dry_run: int | str = 0) -> dict:
	"""The Register Administrator loads the ministry's list of accredited providers from the CSV or XLSX
	sent as `file`; with dry_run=1, what it would insert and update, nothing written."""
	dry_run = checks.check_int_argument(dry_run, _("Dry run"), 0, 1)
	return providers.load(frappe.request.files.get("file"), bool(dry_run))


@frappe.whitelist(methods=["POST"])
def reject_evidence(name: str, reason: str | None = None):
	doc = permitted_document("CPD Evidence", name)
	doc.check_checker()
	doc.reject(required_reason(reason, doc.meta.get_label("rejection_reason")))


@frappe.whitelist(methods=["POST"])
def refuse_confirmation(name: str, reason: str | None = None) -> dict:
	"""The chief's or the head's Refuse of a CPD Confirmation awaiting their signature, with its reason,
	in one step (services/cpd/confirmation.refuse)."""
	doc = permitted_document("CPD Confirmation", name, "write")
	confirmation.check_refuser(doc)
	reason = required_reason(reason, doc.meta.get_label("refusal_reason"))
	return {"workflow_state": confirmation.refuse(doc, reason).workflow_state}


def required_reason(reason, label: str) -> str:
	"""A reason given in words, or a 417 naming the field."""
	checks.check_text_argument(reason, _(label), multiline=True)
	if not (reason or "").strip():
		frappe.throw(_("{0} is required").format(_(label)), frappe.ValidationError, title=_("Missing value"))
	return reason.strip()


# The register


@frappe.whitelist(methods=["POST"])
def invite_worker(health_worker: str, email: str) -> str:
	checks.check_text_argument(email, _("Email"))
	return links.invite_worker(permitted_document("Health Worker", health_worker, "write"), email)


@frappe.whitelist(methods=["POST"])
def invitation_link(health_worker: str) -> str:
	"""The set-password link of the worker's invited account, for those who may invite them (the same
	write right on the record)."""
	return links.invitation_link(permitted_document("Health Worker", health_worker, "write"))


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


IIN_LOOKUP_LIMIT = "iin_lookup_daily_limit"


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "Employment")
def find_worker_by_iin(iin: str, purpose: str | None = None) -> dict | None:
	"""For the HR of a receiving entity: whether a worker holds this IIN, their name and whether they are
	employed now, never where. Asks a reason, is noted in the trail with it, and is limited per user per
	day (a Regulatory Parameter)."""
	row = _lookup_by_iin(iin, purpose)
	return {"full_name": row.full_name, "employed": bool(row.current_employment)} if row else None


def _lookup_by_iin(iin: str, purpose: str | None):
	checks.check_text_argument(iin, _("IIN"))
	purpose = audit.required_purpose(purpose)
	audit.refuse_over_daily_limit("IIN lookup", IIN_LOOKUP_LIMIT)
	row = frappe.db.get_value(
		"Health Worker",
		{"iin": (iin or "").strip()},
		["name", "full_name", "current_employment"],
		as_dict=True,
	)
	audit.record([row.name if row else None], "IIN lookup", audit.channel(), purpose=purpose)
	return row


@frappe.whitelist(methods=["POST"])
@allowed_to("create", "Employment")
def hire_by_iin(iin: str, employment: dict | str, purpose: str | None = None) -> str:
	"""Create the employment at the user's entity for the worker holding `iin`; the gate still judges
	the entity, and the employment's own rules (overlap, block, plausibility) still apply. A lookup
	like find_worker_by_iin: with a reason (the hire, by default), noted and counted."""
	found = _lookup_by_iin(iin, purpose or _("Hire"))
	if not found:
		frappe.throw(_("No health worker is registered with IIN {0}").format(iin), frappe.DoesNotExistError)
	values = frappe.parse_json(employment) if isinstance(employment, str) else employment
	if not isinstance(values, dict):
		frappe.throw(_("Employment must be an object"), frappe.ValidationError)
	checks.check_values("Employment", values)
	doc = frappe.get_doc({**values, "doctype": "Employment", "health_worker": found.name})
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


CPD_SUMMARY = "CPD Summary for Professional Associations"
CPD_SUMMARY_FILTERS = ("date", "region", "healthcare_entity", "specialty", "min_total", "max_total")


@frappe.whitelist(methods=["POST"])
@report_permitted(CPD_SUMMARY)
def export_cpd_summary(filters: dict | str | None = None, file_type: str = "csv"):
	"""Every worker of the report, in the caller's scope, as a file made in the background: the caller
	is told (Notification Log) with the link once it is written."""
	if file_type not in report_exports.FILE_TYPES:
		frappe.throw(_("File type must be xlsx or csv"), frappe.ValidationError, title=_("Export"))
	values = frappe.parse_json(filters or "{}") if isinstance(filters, str) else filters or {}
	if not isinstance(values, dict):
		frappe.throw(_("Filters must be an object"), frappe.ValidationError, title=_("Export"))
	values = {key: values.get(key) for key in CPD_SUMMARY_FILTERS if values.get(key) not in (None, "")}
	checks.check_date_argument(values.get("date"), _("CPD window ends on"))
	for key, label in (("region", _("Region")), ("healthcare_entity", _("Healthcare entity")),
		("specialty", _("Specialty"))):  # fmt: skip
		checks.check_text_argument(values.get(key), label)
	for key, label in (("min_total", _("Total from, CU")), ("max_total", _("Total to, CU"))):
		if key in values:
			checks.check_value(frappe._dict(label=label, fieldname=key, fieldtype="Float"), values[key])
	rows = "profregister.services.cpd.association_summary.export_rows"
	report_exports.enqueue(CPD_SUMMARY, rows, "CPD Evidence", values, file_type)
	return {"message": _("The export has started: you will be notified when the file is ready")}


@frappe.whitelist(methods=["POST"])
def refresh_submission_figures(name: str):
	permitted_document("Coordinator Submission", name, "write").refresh_figures()
