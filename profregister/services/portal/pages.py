"""The health worker's own pages (/cpd): their record, their CPD, their confirmations (what they do
there is in actions.py).

Everything is for the worker linked to the session user (the scope gate's worker grant) and nobody
else: the worker is never taken from the request, lists are read through the gate (`get_list`), and
documents the worker names are judged by `has_permission` like any other path.
"""

import frappe
from frappe import _, _lt
from frappe.utils import cint, flt, getdate, today

from profregister.access import gate
from profregister.domain import certificates as certificate_rules
from profregister.domain import credit_units as cu
from profregister.professional_register.doctype.record_correction_request import (
	record_correction_request as correction,
)
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.cpd import confirmation
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.numbers import local_number, local_unit, local_unit_per
from profregister.services.platform.parameters import get_parameter
from profregister.services.portal.actions import EVIDENCE_INPUT, LANGUAGES, own_record

THRESHOLD = "advanced_training_cpd_threshold_cu"
# (route, title) of the portal's pages, in the order of its navigation.
PAGES = (
	("cpd", _lt("My CPD")),
	("cpd/evidence", _lt("Hand in evidence")),
	("cpd/confirmations", _lt("My confirmations")),
	("cpd/record", _lt("My record")),
	("cpd/access", _lt("Who looked")),
)
# What the worker fills in; status, checks, scope and the CU are the server's.
TIMELINE_FIELDS = (
	"name",
	"title",
	"criterion",
	"variant",
	"unit",
	"quantity",
	"date_from",
	"date_to",
	"status",
	"credit_units",
	"rule_set",
	"credit_units_reason",
	"rejection_reason",
)


def page(context, route: str):
	"""What every portal page needs: the signed-in worker, the navigation and the language choice."""
	if frappe.session.user == "Guest":
		frappe.local.flags.redirect_location = f"/login?redirect-to=/{route}"
		raise frappe.Redirect
	worker = gate.own_worker()
	context.no_cache = 1
	context.no_breadcrumbs = True
	context.show_sidebar = False
	context.worker = frappe.db.get_value(
		"Health Worker", worker, ["name", "full_name", "status", "current_entity"], as_dict=True
	)
	context.route = route
	context.nav = [(path, str(title)) for path, title in PAGES]
	context.languages = LANGUAGES
	context.lang = frappe.local.lang
	context.title = str(dict(PAGES)[route])
	return worker


# My CPD


# A worker with years of evidence gets their timeline a page at a time (a phone on a slow network).
TIMELINE_PAGE = 50


def my_cpd(worker: str, on_date=None, page: int = 1) -> dict:
	"""CU of the window by chapter and criterion, progress toward the threshold in force, and the
	evidence, `page` of it at a time, with what it earned and why (two queries, whatever the number of
	rows: the totals need every row; only the page is shown)."""
	day = getdate(on_date or today())
	verified = cpd.worker_credit_units(worker, day)
	threshold = flt(get_parameter(THRESHOLD, day))
	criteria = {c.number: c for c in cpd.criteria()}
	names = {
		cint(row.number): _(row.criterion_name)
		for row in frappe.get_all("CPD Criterion", fields=["number", "criterion_name"])
	}
	pending = frappe.get_list(
		"CPD Evidence",
		filters={"health_worker": worker, "status": ("in", ("Draft", "Rejected"))},
		fields=list(TIMELINE_FIELDS),
		order_by="date_to desc, name desc",
	)
	timeline = [{**row, "status": "Verified", "why": _why(row)} for row in verified["evidence"]] + [
		{**row, "why": _why(row) if row.status == "Draft" else ""} for row in pending
	]
	timeline.sort(key=lambda row: (getdate(row["date_to"]), row["name"]), reverse=True)
	for row in timeline:
		row["criterion_name"] = names.get(cint(row["criterion"]), row["criterion"])
	chapters = []
	for chapter in cu.CHAPTERS:
		rows = [
			{"number": n, "name": names.get(n, n), "credit_units": verified["by_criterion"].get(n, 0.0)}
			for n, c in sorted(criteria.items())
			if c.chapter == chapter
		]
		chapters.append(
			{"name": _(chapter), "credit_units": verified["by_chapter"].get(chapter, 0.0), "criteria": rows}
		)
	return {
		"window": verified["window"],
		"total": verified["total"],
		"threshold": threshold,
		"progress": cu.progress(verified["total"], threshold),
		"chapters": chapters,
		"timeline": timeline[(page - 1) * TIMELINE_PAGE : page * TIMELINE_PAGE],
		"page": page,
		"pages": max(1, -(-len(timeline) // TIMELINE_PAGE)),
		"years": _by_year(timeline),
		"counts": {
			status: sum(1 for row in timeline if row["status"] == status)
			for status in ("Verified", "Draft", "Rejected")
		},
	}


def _why(row) -> str:
	"""What the evidence earned, said as the rule computes it: 12 hour x 1 CU per hour = 12 CU; or why it
	earns none (an organiser not on the list of accredited providers)."""
	if reason := row.get("reason") or row.get("credit_units_reason"):
		return reason
	rate, per = row.get("rate"), row.get("per_quantity") or 1
	quantity = local_number(row["quantity"])
	unit = local_unit(row["quantity"], row["unit"])  # "2 дня", "2 күн"
	credit = local_number(row["credit_units"])
	if rate is None:  # a draft: the CU the rules in force give it now, until HR checks it
		return _("{0} {1}: {2} CU when verified").format(quantity, unit, credit)
	block = local_unit_per(row["unit"]) if per == 1 else f"{local_number(per)} {local_unit(per, row['unit'])}"
	return _("{0} {1} × {2} CU per {3} = {4} CU ({5})").format(
		quantity, unit, local_number(rate, places=4), block, credit, row["rule_set"]
	)


def _by_year(timeline: list[dict]) -> list[dict]:
	"""Verified CU per calendar year of the activity, for the timeline's bars."""
	years: dict[int, float] = {}
	for row in timeline:
		if row["status"] == "Verified":
			year = getdate(row["date_to"]).year
			years[year] = round(years.get(year, 0.0) + row["credit_units"], 2)
	most = max(years.values(), default=0) or 1
	return [{"year": y, "credit_units": c, "share": round(c * 100 / most)} for y, c in sorted(years.items())]


# Hand in evidence


def evidence_form(worker: str, again: str | None = None) -> dict:
	"""The criteria by chapter with what each asks, and the values of a rejected piece handed in again
	with HR's reason."""
	criteria = frappe.get_all(
		"CPD Criterion",
		filters={"enabled": 1},
		fields=[
			"name",
			"number",
			"criterion_name",
			"chapter",
			"condition",
			"required_evidence",
			"authorship_limit",
			"requires_threshold_result",
		],
		order_by="number",
	)
	chapters = [
		{
			"name": _(chapter),
			"criteria": [
				{
					**c,
					"label": f"{cint(c.number)}. {_(c.criterion_name)}",
					"condition": _(c.condition or ""),
					"required_evidence": _(c.required_evidence or ""),
				}
				for c in criteria
				if c.chapter == chapter
			],
		}
		for chapter in cu.CHAPTERS
	]
	values, rejection_reason = {}, None
	if again:
		try:
			stored = own_record("CPD Evidence", again)
		except frappe.PermissionError:
			stored = None  # another's, or none at all: the same empty form
		if stored:
			values = {k: _form_value(v) for k in EVIDENCE_INPUT if (v := stored.get(k)) not in (None, "")}
			# What HR asked to correct, shown above the form it is corrected in.
			rejection_reason = stored.rejection_reason if stored.status == "Rejected" else None
	meta = frappe.get_meta("CPD Evidence")
	variants = {rate.variant for rule_set in cpd.rule_sets() for rate in rule_set.rates if rate.variant}
	return {
		"chapters": chapters,
		"values": values,
		"rejection_reason": rejection_reason,
		"languages": [(lang, _(lang)) for lang in meta.get_field("document_language").options.split("\n")],
		"providers": providers(),
		# Rates name their variants and units in English: the form shows them in the user's language.
		"labels": {
			"variants": {v: _(v) for v in variants},
			"units": {u: _(u) for u in meta.get_field("unit").options.split("\n")},
		},
	}


def _form_value(value):
	"""A stored value as the form's input takes it: a date in ISO, a whole quantity without ".0"."""
	if hasattr(value, "isoformat"):
		return value.isoformat()
	return int(value) if isinstance(value, float) and value.is_integer() else value


def providers() -> list[dict]:
	"""The list of accredited providers to choose the organiser from, named in the reader's language."""
	kk = frappe.local.lang == "kk"
	return [
		{"name": row.name, "label": (kk and row.name_kk) or row.name_ru}
		for row in frappe.get_list(
			"Accredited CPD Provider", fields=["name", "name_ru", "name_kk"], order_by="name_ru", limit=0
		)
	]


RECORD_FIELDS = (
	"iin",
	"full_name",
	"sex",
	"date_of_birth",
	"place_of_birth",
	"citizenship",
	"id_document_type",
	"id_document_number",
	"id_document_issuer",
	"id_document_issue_date",
	"id_document_expiry_date",
	"residence_address",
	"registration_address",
	"registration_date",
	"status",
	"current_entity",
	"current_position",
	"current_specialty",
	"academic_degree",
	"academic_title",
	"qualification_category",
	"qualification_specialty",
	"qualification_valid_until",
)


def my_record(worker: str, on_date=None) -> dict:
	day = getdate(on_date or today())
	doc = frappe.get_doc("Health Worker", worker)
	doc.check_permission("read")
	meta = doc.meta
	items = []
	for field in RECORD_FIELDS:
		value, df = doc.get(field), meta.get_field(field)
		if field == "current_entity" and value:
			value = frappe.db.get_value("Healthcare Entity", value, "entity_name")
		shown = _(value) if df.fieldtype in ("Select", "Link") and value else frappe.format(value, df)
		items.append((_(df.label), shown or "—"))
	notice_months = int(get_parameter(NOTICE_MONTHS, day))
	certificates = frappe.get_list(
		"Specialist Certificate",
		filters={"health_worker": worker},
		fields=[
			"name",
			"certificate_number",
			"specialty",
			"issuing_body",
			"issue_date",
			"valid_until",
			"is_latest",
		],
		order_by="valid_until desc",
	)
	for row in certificates:
		blocked = bool(doc.blocked_since) and doc.blocking_certificate == row.name
		row.state, row.days = certificate_rules.state(getdate(row.valid_until), notice_months, day, blocked)
		row.notice_from = certificate_rules.notice_date(getdate(row.valid_until), notice_months)
	employments = frappe.get_list(
		"Employment",
		filters={"health_worker": worker},
		fields=[
			"entity_name",
			"entity_bin",
			"position",
			"specialty",
			"rate",
			"is_main",
			"start_date",
			"end_date",
			"end_reason",
		],
		order_by="start_date desc",
	)
	corrections = frappe.get_list(
		"Record Correction Request",
		filters={"health_worker": worker},
		fields=["name", "field", "current_value", "proposed_value", "status", "decline_reason", "creation"],
		order_by="creation desc",
	)
	for row in corrections:
		row.field = correction.field_label(row.field)  # its label, which the page translates
	return {
		"items": items,
		"education": doc.education,
		"trainings": doc.trainings,
		"publications": doc.publications,
		"certificates": certificates,
		"employments": employments,
		"corrections": corrections,
		"correctable": [(df.fieldname, _(df.label)) for df in correction.correctable()],
		"notice_months": notice_months,
		"blocked": bool(doc.blocked_since),
		"block_reason": doc.block_reason,
	}


def my_confirmations(worker: str) -> dict:
	rows = frappe.get_list(
		"CPD Confirmation",
		filters={"health_worker": worker},
		fields=[
			"name",
			"confirmation_date",
			"declared_specialty",
			"workflow_state",
			"total_credit_units",
			"refusal_reason",
			"self_confirmed",
			"period_from",
			"period_to",
		],
		order_by="confirmation_date desc, creation desc",
	)
	doc = frappe.get_doc("Health Worker", worker)
	practitioner = confirmation.is_private_practitioner(doc)
	specialties = []
	if practitioner:
		specialties = sorted(
			set(
				frappe.get_list(
					"Specialist Certificate", filters={"health_worker": worker}, pluck="specialty"
				)
			)
			| ({doc.current_specialty} if doc.current_specialty else set())
		)
	return {
		"confirmations": rows,
		"practitioner": practitioner,
		"specialties": [(s, _(s)) for s in specialties],
	}
