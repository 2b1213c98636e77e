"""Every whitelisted method of the app, thin: each checks permission on its document, changes take POST,
and the logic lives in services/. The overrides of Frappe's generic endpoints put the scope gate
(profregister/permissions.py) in front of them."""

import hashlib
import json

import frappe
import frappe.client
import frappe.desk.search
import frappe.handler
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

from profregister.access import files
from profregister.access import gate as permissions
from profregister.access import links as access
from profregister.domain.identifiers import parse_iin
from profregister.services.analytics import nhwa, reporting
from profregister.services.cpd import credit_units as cpd
from profregister.services.interoperability import fhir, licence
from profregister.services.platform import checks as guards
from profregister.services.platform.errors import call
from profregister.services.portal import pages as portal
from profregister.services.register_import import run as register_import


def _document(doctype: str, name, ptype: str = "read"):
	"""The document, or the same 404/403 whether it does not exist or may not be seen."""
	guards.check_text_argument(name, _("Name"))
	if not name or not frappe.db.exists(doctype, name) or not frappe.has_permission(doctype, ptype, name):
		raise frappe.PermissionError(_("{0} {1} not found or not permitted").format(_(doctype), name))
	return frappe.get_doc(doctype, name)


@frappe.whitelist(methods=["GET", "POST"])
def get_worker_credit_units(health_worker: str, on_date: str | None = None) -> dict:
	_document("Health Worker", health_worker)
	return cpd.worker_credit_units(health_worker, guards.check_date_argument(on_date, _("Date")))


@frappe.whitelist(methods=["GET", "POST"])
def get_offered_variants(criterion: str, on_date: str | None = None) -> list[dict]:
	guards.check_text_argument(criterion, _("CPD Criterion"))
	if not frappe.db.exists("CPD Criterion", criterion):
		frappe.throw(_("CPD criterion {0} does not exist").format(criterion), frappe.DoesNotExistError)
	return cpd.offered_variants(criterion, guards.check_date_argument(on_date, _("Date")))


@frappe.whitelist(methods=["POST"])
def preview_credit_units(values: dict | str) -> dict:
	"""The CU a piece of evidence would earn, before it is saved, or the rule it does not meet yet
	(returned, not raised: the form asks while the user types)."""
	if not permissions.grants_for("CPD Evidence", "create"):
		raise frappe.PermissionError(_("Not permitted"))
	values = frappe.parse_json(values) if isinstance(values, str) else values
	if not isinstance(values, dict):
		frappe.throw(_("Evidence must be an object"), frappe.ValidationError)
	guards.check_values("CPD Evidence", values)
	doc = frappe.get_doc({**values, "doctype": "CPD Evidence"})
	try:
		valuation = cpd.validate_evidence(doc)
	except frappe.ValidationError as error:
		frappe.clear_messages()
		return {"problem": str(error)}
	return {"credit_units": valuation.credit_units, "rule_set": valuation.rule_set}


@frappe.whitelist(methods=["POST"])
def verify_evidence(name: str, profile_matches: int | None = None):
	_document("CPD Evidence", name).verify(profile_matches)


@frappe.whitelist(methods=["POST"])
def reject_evidence(name: str, reason: str):
	guards.check_text_argument(reason, _("Reason"), multiline=True)
	_document("CPD Evidence", name).reject(reason)


@frappe.whitelist(methods=["POST"])
def invite_worker(health_worker: str, email: str) -> str:
	guards.check_text_argument(email, _("Email"))
	return access.invite_worker(_document("Health Worker", health_worker, "write"), email)


@frappe.whitelist(methods=["POST"])
def accept_correction(name: str):
	_document("Record Correction Request", name).accept()


@frappe.whitelist(methods=["POST"])
def decline_correction(name: str, reason: str):
	guards.check_text_argument(reason, _("Reason"), multiline=True)
	_document("Record Correction Request", name).decline(reason)


# The worker's portal (/cpd): the worker is always the session user's own (services/portal.py).


@frappe.whitelist(methods=["POST"])
def hand_in_evidence(**values) -> str:
	"""Multipart form: the evidence's fields, `attachment` and `translation_attachment` files."""
	return portal.hand_in(values, frappe.request.files)


@frappe.whitelist(methods=["POST"])
def withdraw_evidence(name: str):
	portal.withdraw(name)


@frappe.whitelist(methods=["POST"])
def request_correction(**values) -> str:
	"""Multipart form: `field`, `proposed_value` and an optional `document` file."""
	return portal.request_correction(values, frappe.request.files)


@frappe.whitelist(methods=["POST"])
def confirm_own_results(declared_specialty: str) -> str:
	return portal.confirm_own_results(declared_specialty)


@frappe.whitelist(methods=["GET"])
def confirmation_pdf(name: str):
	frappe.response.filename, frappe.response.filecontent = portal.confirmation_pdf(name)
	frappe.response.type = "pdf"


@frappe.whitelist(methods=["POST"])
def set_portal_language(lang: str):
	portal.set_language(lang)


@frappe.whitelist(methods=["GET", "POST"])
def hires_and_departures(**_chart_arguments) -> dict:
	"""The workspace chart (Dashboard Chart Source "Hires and Departures"), in the caller's scope."""
	return reporting.hires_and_departures()


@frappe.whitelist(methods=["GET"])
def nhwa_indicators_csv(year=None, region=None, healthcare_entity=None, specialty=None):
	"""The NHWA Indicators report as CSV in the stated layout (README), in the caller's scope."""
	if not frappe.get_doc("Report", "NHWA Indicators").is_permitted():
		raise frappe.PermissionError(_("Not permitted"))
	for value, label in (
		(region, _("Region")),
		(healthcare_entity, _("Healthcare entity")),
		(specialty, _("Specialty")),
	):
		guards.check_text_argument(value, label)
	year = guards.check_int_argument(year or frappe.utils.getdate().year - 1, _("Year"), 1990, 2100)
	filters = frappe._dict(region=region, healthcare_entity=healthcare_entity, specialty=specialty)
	frappe.response.filename = f"nhwa-indicators-{year}.csv"
	frappe.response.filecontent = nhwa.as_csv(nhwa.rows(filters, year))
	frappe.response.type = "download"


@frappe.whitelist(methods=["POST"])
def refresh_submission_figures(name: str):
	_document("Coordinator Submission", name, "write").refresh_figures()


@frappe.whitelist(methods=["POST"])
def read_iin(iin) -> dict:
	"""What an IIN itself says (date of birth, sex), or why it is invalid; nothing about who holds it."""
	guards.check_text_argument(iin, _("IIN"))
	info = call(parse_iin, (iin or "").strip(), title=_("Invalid IIN"))
	return {"date_of_birth": info.date_of_birth, "sex": info.sex}


@frappe.whitelist(methods=["POST"])
def find_worker_by_iin(iin: str) -> dict | None:
	"""For the HR of a receiving entity: who holds this IIN, by name and current entity, nothing more."""
	if not permissions.grants_for("Employment", "create"):
		raise frappe.PermissionError(_("Not permitted"))
	guards.check_text_argument(iin, _("IIN"))
	row = frappe.db.get_value(
		"Health Worker", {"iin": (iin or "").strip()}, ["name", "full_name", "current_entity"], as_dict=True
	)
	if not row:
		return None
	entity = frappe.db.get_value("Healthcare Entity", row.current_entity, "entity_name")
	return {"health_worker": row.name, "full_name": row.full_name, "current_entity": entity}


@frappe.whitelist(methods=["POST"])
def hire_by_iin(iin: str, employment: dict | str) -> str:
	"""Create the employment at the user's entity for the worker holding `iin`; the gate still judges
	the entity, and the employment's own rules (overlap, block, plausibility) still apply."""
	found = find_worker_by_iin(iin)
	if not found:
		frappe.throw(_("No health worker is registered with IIN {0}").format(iin), frappe.DoesNotExistError)
	values = frappe.parse_json(employment) if isinstance(employment, str) else employment
	if not isinstance(values, dict):
		frappe.throw(_("Employment must be an object"), frappe.ValidationError)
	guards.check_values("Employment", values)
	doc = frappe.get_doc({**values, "doctype": "Employment", "health_worker": found["health_worker"]})
	doc.flags.hire_by_iin = True
	return doc.insert().name


@frappe.whitelist(methods=["GET"])
def register_import_template(file_type: str = "xlsx"):
	"""The Register Import template, headed in the user's language, as a download."""
	if not permissions.grants_for("Register Import", "create"):
		raise frappe.PermissionError(_("Not permitted"))
	if file_type not in ("xlsx", "csv"):
		frappe.throw(_("File type must be xlsx or csv"), frappe.ValidationError, title=_("Template"))
	frappe.response.filename, frappe.response.filecontent = register_import.template(
		file_type, frappe.local.lang
	)
	frappe.response.type = "download"


@frappe.whitelist(methods=["POST"])
def check_register_import(name: str):
	"""The dry run of an import's file, on the long queue: counts and the error file, nothing written."""
	register_import.enqueue(_document("Register Import", name, "write"), commit=False)


@frappe.whitelist(methods=["POST"])
def start_register_import(name: str):
	"""The import of a checked file (or the rest of a stopped one), on the long queue."""
	register_import.enqueue(_document("Register Import", name, "write"), commit=True)


# Other systems: the FHIR directory and the licence check


class FHIRRenderer(BaseRenderer):
	"""/fhir/R4/...: the FHIR R4 directory (IHE mCSD) for Register API Clients (services/fhir.py).
	A page renderer, since Frappe routes all of /api/ to its own endpoints."""

	def can_render(self) -> bool:
		return self.path == fhir.BASE_PATH.strip("/") or self.path.startswith(fhir.BASE_PATH.strip("/") + "/")

	def render(self) -> Response:
		path = self.path[len(fhir.BASE_PATH.strip("/")) :]
		status, body = fhir.handle(frappe.request.method, path, frappe.request.args)
		return Response(
			json.dumps(body, ensure_ascii=False, default=str),
			status=status,
			content_type="application/fhir+json; charset=utf-8",
			headers={"Cache-Control": "no-store"},
		)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def verify_licence(number: str | None = None, iin: str | None = None, surname: str | None = None) -> dict:
	"""Is this specialist certificate valid? By its number, or by the holder's IIN and surname; for
	hospitals and the public, rate-limited per client address, with no IIN, birth date or address."""
	for value, label in ((number, _("Certificate number")), (iin, _("IIN")), (surname, _("Surname"))):
		guards.check_text_argument(value, label)
	return licence.verify(number, iin, surname)


# Frappe's generic endpoints, through the gate


@frappe.whitelist()
def search_link(
	doctype: str,
	txt: str,
	query: str | None = None,
	filters: str | dict | list | None = None,
	page_length: int = 10,
	searchfield: str | None = None,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	ignore_user_permissions, page_length, _fields = guards.check_search(
		doctype, query, filters, None, page_length, ignore_user_permissions
	)
	return frappe.desk.search.search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def search_widget(
	doctype: str,
	txt: str,
	query: str | None = None,
	searchfield: str | None = None,
	start: int = 0,
	page_length: int = 10,
	filters: str | dict | list | None = None,
	filter_fields=None,
	as_dict: bool = False,
	reference_doctype: str | None = None,
	ignore_user_permissions: bool = False,
):
	ignore_user_permissions, page_length, filter_fields = guards.check_search(
		doctype, query, filters, filter_fields, page_length, ignore_user_permissions
	)
	return frappe.desk.search.search_widget(
		doctype,
		txt,
		query=query,
		searchfield=searchfield,
		start=start,
		page_length=page_length,
		filters=filters,
		filter_fields=filter_fields,
		as_dict=as_dict,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""Frappe's version counts with no permission check at all; this one counts what get_list returns."""
	guards.check_filters(doctype, filters)
	if not frappe.has_permission(doctype, "read"):
		raise frappe.PermissionError(_("Not permitted"))
	return frappe.get_list(
		doctype, filters=filters, fields=[f"count(`tab{doctype}`.`name`) as total"], as_list=True
	)[0][0]


@frappe.whitelist()
def get_number_card_result(doc, filters, to_date=None):
	"""Frappe's number card count (through get_list, so through the gate), kept for a minute per card,
	filters and the user's scope conditions: a workspace opened all day does not recount the country on
	every visit, and no scope is ever served another scope's number."""
	import frappe.desk.doctype.number_card.number_card as number_card

	card = frappe.parse_json(doc)
	doctype = card.get("document_type") if isinstance(card, dict) else None
	if doctype not in permissions.GATED:
		return number_card.get_result(doc, filters, to_date)
	scope = permissions.query_conditions(frappe.session.user, doctype)
	fields = ("function", "aggregate_function_based_on", "parent_document_type")
	key = (
		"profregister:number_card:"
		+ hashlib.sha256(
			json.dumps(
				[doctype, *(card.get(f) for f in fields), filters, to_date, scope],
				sort_keys=True,
				default=str,
			).encode()
		).hexdigest()
	)
	value = frappe.cache.get_value(key)
	if value is None:
		value = number_card.get_result(doc, filters, to_date)
		frappe.cache.set_value(key, value, expires_in_sec=60)
	return value


@frappe.whitelist()
def get_open_count(doctype: str, name: str, items=None) -> dict:
	"""A form's connection counts. Frappe counts every linked record, and any doctype the caller names;
	for the gated doctypes only the form's own connections are counted, through the gate."""
	import frappe.desk.notifications

	if doctype not in permissions.GATED:
		return frappe.desk.notifications.get_open_count(doctype, name, items)
	doc = _document(doctype, name)
	links = doc.meta.get_dashboard_data()
	own = [item for group in links.transactions for item in group.get("items")]
	asked = frappe.parse_json(items) if items else own
	found = [
		{
			"doctype": linked,
			"count": get_count(
				linked, {links.get("non_standard_fieldnames", {}).get(linked, links.fieldname): name}
			),
			"open_count": 0,
		}
		for linked in own
		if linked in (asked if isinstance(asked, list) else own) and frappe.has_permission(linked, "read")
	]
	return {"count": {"external_links_found": found, "internal_links_found": []}}


@frappe.whitelist()
def validate_link(doctype: str, docname: str, fields=None):
	"""A record the user may not read looks exactly like one that does not exist."""
	if doctype in permissions.GATED and (
		not isinstance(docname, str)
		or not frappe.db.exists(doctype, docname)
		or not frappe.has_permission(doctype, "read", docname)
	):
		return frappe._dict(name=None)
	return frappe.client.validate_link(doctype, docname, fields)


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Frappe counts "assigned to" over every record of the doctype; here over those the user may read."""
	import frappe.desk.listview

	if field != "assigned_to" or doctype not in permissions.GATED:
		return frappe.desk.listview.get_group_by_count(doctype, current_filters, field)
	guards.check_filters(doctype, current_filters)
	readable = frappe.get_list(doctype, filters=frappe.parse_json(current_filters), fields=["name"], run=0)
	return frappe.db.sql(
		f"""select `tabToDo`.allocated_to as name, count(*) as count
		from `tabToDo` join `tabUser` on `tabUser`.name = `tabToDo`.allocated_to
		where `tabToDo`.status != 'Cancelled' and `tabUser`.user_type = 'System User'
			and `tabToDo`.reference_type = %s and `tabToDo`.reference_name in ({readable})
		group by `tabToDo`.allocated_to order by count desc limit 50""",
		doctype,
		as_dict=True,
	)


@frappe.whitelist(allow_guest=True, methods=["POST"])
def upload_file():
	files.upload_defaults()
	return frappe.handler.upload_file()
