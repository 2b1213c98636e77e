"""The Appendix 2 form: items 1-10 from the register, item 11 from verified CPD evidence (rules 8-10)."""

import base64
import io
from urllib.parse import urlencode

import frappe
import pyqrcode
from frappe import _
from frappe.model.workflow import WorkflowTransitionError, apply_workflow, get_workflow
from frappe.utils import get_url, getdate

from profregister.access.gate import has_role_on
from profregister.access.reports import Scope
from profregister.domain.credit_units import CHAPTERS
from profregister.domain.employment import Period, current_main
from profregister.domain.service_length import length
from profregister.services.certificates import lifecycle as certificates
from profregister.services.cpd import credit_units as cpd

CHAPTER_FIELDS = dict(
	zip(
		CHAPTERS,
		("additional_education_cu", "non_formal_education_cu", "additional_competences_cu"),
		strict=True,
	)
)
VERIFY_PAGE = "/cpd-verify"
PRINT_FORMAT = "Appendix 2 - Confirmation of CPD results"


def check_eligible(doc):
	"""A blocked worker, or one without a main job in the user's entity, cannot start a confirmation;
	a private practitioner starts their own."""
	worker = frappe.get_doc("Health Worker", doc.health_worker)
	certificates.throw_if_blocked(worker, _("A CPD confirmation cannot be started"))
	jobs = {p.ref: (p, job) for p, job in _employments(worker.name)}
	main, held = current_main([p for p, job in jobs.values() if job.is_main], getdate(doc.confirmation_date))
	entities = Scope.of_user("CPD Confirmation").values("entity")
	if worker.user == frappe.session.user and is_private_practitioner(worker):
		entities = {worker.current_entity}
	if not held or (entities is not None and jobs[main.ref][1].healthcare_entity not in entities):
		frappe.throw(
			_(
				"{0} has no current main employment in your healthcare entity: the confirmation is made by the employer."
			).format(worker.full_name),
			title=_("Not eligible"),
		)


def is_private_practitioner(worker) -> bool:
	"""The worker is the practitioner of the private practice they work at (order of 18.12.2025: they
	confirm their own CPD results)."""
	practice = frappe.db.get_value(
		"Healthcare Entity", worker.current_entity, ["is_private_practice", "practitioner"], as_dict=True
	)
	return bool(practice and practice.is_private_practice and practice.practitioner == worker.name)


def fill(doc):
	"""Fill every item of the form from the register and the evidence, as of the confirmation date."""
	day = getdate(doc.confirmation_date)
	worker = frappe.get_doc("Health Worker", doc.health_worker)
	doc.self_confirmed = int(is_private_practitioner(worker))
	jobs = _employments(worker.name)
	in_specialty = [(p, job) for p, job in jobs if job.specialty == doc.declared_specialty and p.start <= day]
	total, specialty = length([p for p, _job in jobs], day), length([p for p, _job in in_specialty], day)
	entity_names = dict(
		frappe.get_all(
			"Healthcare Entity",
			filters={
				"name": ("in", list({job.healthcare_entity for _p, job in jobs} | {worker.current_entity}))
			},
			fields=["name", "entity_name"],
			as_list=1,
		)
	)
	doc.update(
		{
			"full_name": worker.full_name,
			"healthcare_entity": worker.current_entity,
			"region": worker.current_region,
			"total_service_years": total.years,
			"total_service_months": total.months,
			"total_service_days": total.days,
			"specialty_service_years": specialty.years,
			"specialty_service_months": specialty.months,
			"specialty_service_days": specialty.days,
			"place_of_work": entity_names.get(worker.current_entity),
			"position": worker.current_position,
			"qualification_framework_level": worker.qualification_framework_level,
			"qualification_category": worker.qualification_category,
			"postgraduate_education": "\n".join(
				", ".join(filter(None, (row.education_level, row.institution, row.specialty_studied)))
				for row in worker.education
				if (row.education_level or "").startswith("Postgraduate")
			),
		}
	)
	_set_rows(
		doc,
		"labour_activity",
		"employment",
		[
			{
				"start_date": job.start_date,
				"end_date": job.end_date,
				"place_of_work": entity_names.get(job.healthcare_entity),
				"position": job.position,
				"order_number": job.order_number,
				"order_date": job.order_date,
				"employment": job.name,
			}
			for _p, job in in_specialty
		],
	)
	fill_results(doc, day)


def _set_rows(doc, fieldname: str, key: str, rows: list[dict]):
	"""Set a child table, keeping the rows already there (matched by `key`) under their names: a save
	that changes no figure (a workflow step) leaves no removed and re-added rows in the history."""
	names = {row.get(key): row.name for row in doc.get(fieldname)}
	doc.set(fieldname, [{**row, "name": names[row[key]]} if row[key] in names else row for row in rows])


def fill_results(doc, day):
	result = cpd.worker_credit_units(doc.health_worker, day)
	doc.period_from, doc.period_to = result["window"]["start"], result["window"]["end"]
	evidence_of = {}
	for row in result["evidence"]:
		evidence_of.setdefault(int(row["criterion"]), []).append(row["name"])
	criteria = frappe.get_all(
		"CPD Criterion", fields=["name", "number", "criterion_name", "chapter"], order_by="number"
	)
	criteria.sort(key=lambda c: (CHAPTERS.index(c.chapter), c.number))
	_set_rows(
		doc,
		"results",
		"criterion",
		[
			{
				"chapter": c.chapter,
				"criterion": c.name,
				"criterion_name": c.criterion_name,
				"credit_units": result["by_criterion"].get(c.number, 0),
				"evidence": ", ".join(evidence_of.get(c.number, [])),
			}
			for c in criteria
		],
	)
	for chapter, field in CHAPTER_FIELDS.items():
		doc.set(field, result["by_chapter"][chapter])
	doc.total_credit_units = result["total"]


def _employments(health_worker: str) -> list[tuple[Period, frappe._dict]]:
	jobs = frappe.get_all(
		"Employment",
		filters={"health_worker": health_worker},
		fields=[
			"name", "healthcare_entity", "position", "specialty", "start_date", "end_date",
			"order_number", "order_date", "is_main",
		],
		order_by="start_date, name",
	)  # fmt: skip
	return [(Period(getdate(j.start_date), j.end_date and getdate(j.end_date), j.name), j) for j in jobs]


def verification_url(code: str, lang: str | None = None) -> str:
	"""The public check, in the language the form was printed in (Frappe reads `_lang`)."""
	return get_url(f"{VERIFY_PAGE}?{urlencode({'code': code, '_lang': lang or frappe.local.lang})}")


def qr_code(text: str) -> str:
	"""An inline SVG QR code, for print formats (registered as a Jinja method)."""
	buffer = io.BytesIO()
	pyqrcode.create(text, error="M").svg(buffer, scale=3, xmldecl=False, svgns=True)
	return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def public_record(code: str) -> dict | None:
	"""What the public page may show about a confirmation: no IIN or other personal data."""
	row = frappe.db.get_value(
		"CPD Confirmation",
		{"verification_code": (code or "").strip().upper(), "docstatus": ("!=", 0)},
		["name", "full_name", "declared_specialty", "total_credit_units", "confirmation_date", "docstatus"],
		as_dict=True,
	)
	if not row:
		return None
	last, *given = (row.full_name or "").split()
	return {
		"worker": " ".join([last, *(f"{name[0]}." for name in given)]),
		"specialty": row.declared_specialty,
		"total_credit_units": row.total_credit_units,
		"confirmation_date": row.confirmation_date,
		"status": _("Confirmed") if row.docstatus == 1 else _("Cancelled"),
	}


REFUSE = "Refuse"


def check_refuser(doc):
	"""Whether the user may refuse this confirmation now: a 417 if its state offers no refusal, a 403
	unless a role that refuses in this state reaches the record through the user's own links."""
	offered = [
		t
		for t in get_workflow(doc.doctype).transitions
		if t.state == doc.workflow_state and t.action == REFUSE
	]
	if not offered:
		frappe.throw(
			_("A confirmation in the state {0} cannot be refused").format(_(doc.workflow_state)),
			WorkflowTransitionError,
			title=_("Refusal"),
		)
	if frappe.session.user != "Administrator" and not has_role_on(doc, [t.allowed for t in offered]):
		raise frappe.PermissionError(_("Not permitted"))


def refuse(doc, reason: str):
	"""The workflow's Refuse with its reason, in one step: the reason is stored and the action applied
	together, or neither (the reason is written first, since apply_workflow reloads the document)."""
	check_refuser(doc)
	frappe.db.savepoint(REFUSE)
	try:
		frappe.db.set_value(doc.doctype, doc.name, "refusal_reason", reason, update_modified=False)
		return apply_workflow(doc, REFUSE)
	except Exception:
		frappe.db.rollback(save_point=REFUSE)
		raise
