"""Frappe's generic endpoints that would go around the scope gate, replaced by versions that go through it.
Which endpoints these are is listed once, in access/endpoints.py (OVERRIDES), which hooks.py reads."""

import hashlib
import json

import frappe
import frappe.client
import frappe.desk.search
import frappe.handler
from frappe import _
from frappe.utils import get_safe_filters

from profregister.access import audit, endpoints, files, gate
from profregister.access.decorators import permitted_document


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
	ignore_user_permissions, page_length, _fields = endpoints.check_search(
		doctype, query, filters, None, page_length, ignore_user_permissions
	)
	found = frappe.desk.search.search_link(
		doctype,
		txt,
		query=query,
		filters=filters,
		page_length=page_length,
		searchfield=searchfield,
		reference_doctype=reference_doctype,
		ignore_user_permissions=ignore_user_permissions,
	)
	# The suggestions show who they are (name, IIN, entity): a read of each worker suggested.
	audit.record_found(doctype, [row.get("value") for row in found if isinstance(row, dict)])
	return found


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
	ignore_user_permissions, page_length, filter_fields = endpoints.check_search(
		doctype, query, filters, filter_fields, page_length, ignore_user_permissions
	)
	found = frappe.desk.search.search_widget(
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
	if isinstance(found, list | tuple):
		names = [row.get("name") if isinstance(row, dict) else row[0] for row in found if row]
		audit.record_found(doctype, names)
	return found


@frappe.whitelist()
def get_count(doctype: str, filters=None, debug=False, cache=False) -> int:
	"""Frappe's version counts with no permission check at all; this one counts what get_list returns."""
	endpoints.check_filters(doctype, filters)
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
	if doctype not in gate.GATED:
		return number_card.get_result(doc, filters, to_date)
	scope = gate.query_conditions(frappe.session.user, doctype)
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

	if doctype not in gate.GATED:
		return frappe.desk.notifications.get_open_count(doctype, name, items)
	doc = permitted_document(doctype, name)
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
	if doctype in gate.GATED and (
		not isinstance(docname, str)
		or not frappe.db.exists(doctype, docname)
		or not frappe.has_permission(doctype, "read", docname)
	):
		return frappe._dict(name=None)
	found = frappe.client.validate_link(doctype, docname, fields)
	if frappe.parse_json(fields) and found.get("name"):  # the fields a form fetches: a read of its worker
		audit.record_found(doctype, [found.name])
	return found


@frappe.whitelist()
def get_group_by_count(doctype: str, current_filters: str, field: str) -> list[dict]:
	"""Frappe counts "assigned to" over every record of the doctype; here over those the user may read."""
	import frappe.desk.listview

	if field != "assigned_to" or doctype not in gate.GATED:
		return frappe.desk.listview.get_group_by_count(doctype, current_filters, field)
	endpoints.check_filters(doctype, current_filters)
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


# Reads of a worker's personal data: Frappe's own, then one read noted per worker (access/audit.py).


@frappe.whitelist()
def getdoc(doctype: str, name: str, user=None):
	import frappe.desk.form.load

	try:
		frappe.desk.form.load.getdoc(doctype, name, user)
	except frappe.PermissionError:
		# Frappe names the doctype in English in its refusal; the same words, the doctype translated.
		frappe.flags.error_message = _("Insufficient Permission for {0}").format(
			frappe.bold(f"{_(doctype)} {name}")
		)
		raise
	docs = frappe.response.get("docs") or [None]
	audit.record_document(doctype, name, "Form", audit.channel(), docs[0])


@frappe.whitelist()
def client_get(doctype: str, name: str | None = None, filters=None, parent=None):
	"""frappe.client.get: a record read whole, as a form is. A record found by filters is found among
	those the user may read, so that no filter tells a forbidden record from a missing one."""
	if not name and doctype in gate.GATED:
		endpoints.check_filters(doctype, filters)
		found = frappe.get_list(doctype, filters=get_safe_filters(filters), pluck="name", limit_page_length=1)
		gate.check_record(doctype, found[0] if found else None)
		name, filters = found[0], None
	doc = frappe.client.get(doctype, name=name, filters=filters, parent=parent)
	audit.record_document(doctype, doc.get("name"), "Form", audit.channel(), doc)
	return doc


@frappe.whitelist()
def get_value(doctype: str, fieldname, filters=None, as_dict=True, debug=False, parent=None):
	"""frappe.client.get_value: fields of the first record the filters find, a read of its worker."""
	value = frappe.client.get_value(doctype, fieldname, filters, as_dict=as_dict, debug=debug, parent=parent)
	if value and doctype in audit.PERSONAL:
		filters = get_safe_filters(filters)
		filters = {"name": filters} if isinstance(filters, str) else filters or None
		found = frappe.get_list(
			doctype, filters=filters, pluck="name", limit_page_length=1, parent_doctype=parent
		)
		audit.record_found(doctype, found)
	return value


@frappe.whitelist()
def reportview_get():
	"""A list or report view: the workers of the page served."""
	import frappe.desk.reportview

	data = frappe.desk.reportview.get()
	if isinstance(data, dict):
		form = frappe.form_dict
		audit.record_list(form.get("doctype"), data.get("values"), form.get("fields"), data.get("keys"))
	return data


@frappe.whitelist()
def reportview_get_list():
	"""The same list uncompressed (frappe.db.get_list in the desk)."""
	import frappe.desk.reportview

	data = frappe.desk.reportview.get_list()
	audit.record_list(frappe.form_dict.get("doctype"), data, frappe.form_dict.get("fields"))
	return data


@frappe.whitelist()
def get_list(
	doctype: str,
	fields=None,
	filters=None,
	group_by=None,
	order_by=None,
	limit_start=None,
	limit_page_length=20,
	parent=None,
	debug: bool = False,
	as_dict: bool = True,
	or_filters=None,
):
	"""frappe.client.get_list (and /api/resource/<doctype>, noted at the end of the request: audit.served):
	the workers of the page served."""
	data = frappe.client.get_list(
		doctype,
		fields=fields,
		filters=filters,
		group_by=group_by,
		order_by=order_by,
		limit_start=limit_start,
		limit_page_length=limit_page_length,
		parent=parent,
		debug=debug,
		as_dict=as_dict,
		or_filters=or_filters,
	)
	audit.record_list(doctype, data, fields)
	return data


@frappe.whitelist()
def get_html_and_style(
	doc: str,
	name: str | None = None,
	print_format: str | None = None,
	no_letterhead: bool | None = None,
	letterhead: str | None = None,
	trigger_print: bool = False,
	style: str | None = None,
	settings: str | None = None,
):
	from frappe.www import printview

	result = printview.get_html_and_style(
		doc, name, print_format, no_letterhead, letterhead, trigger_print, style, settings
	)
	if isinstance(name, str):
		audit.record_document(doc, name, "Print", audit.channel())
	return result


@frappe.whitelist(allow_guest=True)
def download_pdf(doctype, name, format=None, doc=None, no_letterhead=0, language=None, letterhead=None):
	from frappe.utils import print_format as pdf

	pdf.download_pdf(doctype, name, format, doc, no_letterhead, language, letterhead)
	audit.record_document(doctype, name, "Print", audit.channel())
