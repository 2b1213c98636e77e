"""Frappe's generic endpoints and the doors around the scope gate, listed once.

OVERRIDES are the Frappe endpoints the app replaces with versions that go through the gate
(api/frappe_overrides.py; hooks.py reads this list). GATED_METHODS are Frappe endpoints that read any
doctype: they pass only for a record the user may read, or for a national reader. Raw SQL in filters
and sort keys, and proxies to other methods, are refused in front of every endpoint (before_request)."""

import re

import frappe
from frappe import _

from profregister.access.gate import GATED, SCOPED, check_record, query_conditions
from profregister.services.platform.checks import check_int_argument, parse_argument, request_method

# Frappe endpoint -> its replacement in api/frappe_overrides.py
OVERRIDES = {
	"frappe.desk.search.search_link": "search_link",
	"frappe.desk.search.search_widget": "search_widget",
	"frappe.client.get_count": "get_count",
	"frappe.client.validate_link": "validate_link",
	"frappe.desk.listview.get_group_by_count": "get_group_by_count",
	"frappe.desk.notifications.get_open_count": "get_open_count",
	"frappe.desk.doctype.number_card.number_card.get_result": "get_number_card_result",
	"frappe.handler.upload_file": "upload_file",
	"upload_file": "upload_file",
	# Reads of a worker's personal data, noted in the trail (access/audit.py).
	"frappe.desk.form.load.getdoc": "getdoc",
	"frappe.desk.reportview.get": "reportview_get",
	"frappe.desk.reportview.get_list": "reportview_get_list",
	"frappe.client.get_list": "get_list",
	"frappe.client.get": "client_get",
	"frappe.client.get_value": "get_value",
	"frappe.www.printview.get_html_and_style": "get_html_and_style",
	"frappe.utils.print_format.download_pdf": "download_pdf",
}


def overridden_methods() -> dict[str, str]:
	"""hooks.override_whitelisted_methods."""
	return {method: f"profregister.api.frappe_overrides.{name}" for method, name in OVERRIDES.items()}


def check_request():
	"""before_request hook, in front of every endpoint: raw SQL in filters or sort keys and proxies to
	other methods are refused."""
	check_query_arguments(request_method())


def check_records():
	"""auth_hooks: once the request's user is known (Frappe sets a token's user after before_request),
	every record the request names must be one the user may read, and methods that read any doctype
	without the gate pass only through it. A token that names no user is left to Frappe's 401."""
	if frappe.session.user == "Guest" and len(frappe.get_request_header("Authorization", "").split(" ")) == 2:
		return
	method = request_method()
	for doctype, name in named_records(method):
		check_record(doctype, name)
	if method in GATED_METHODS:
		check_gated_method(method)


# Frappe's REST paths to one record, and the arguments by which its methods name one: a doctype key
# and its name keys, the first one present naming the record (update_document_title's `name` is the
# new name, its `docname` the record).
RECORD_PATH = re.compile(r"^/api/(?:resource|v2/document)/([^/]+)/(.+?)/?$")
RECORD_ARGUMENTS = {
	"doctype": ("docname", "doc_name", "old_name", "name"),
	"dt": ("dn",),
	"reference_doctype": ("reference_name",),
	"doc": ("name",),  # printview: `doc` is the doctype
}


# Methods that answer a missing and a forbidden record alike themselves: the app's own
# (`permitted_document`), and link validation, where a name one may not read looks missing.
OWN_REFUSALS = ("profregister.", "frappe.client.validate_link")
# Frappe's methods whose `name` is no record of their `doctype`: a saved report, a print format, an
# e-mail group.
OTHER_NAMES = (
	"frappe.desk.reportview.save_report",
	"frappe.printing.page.print_format_builder.print_format_builder.create_custom_format",
	"frappe.email.doctype.email_group.email_group.import_from",
)


def named_records(method: str | None) -> list[tuple[str, str]]:
	"""The records of the register a request names, each of which the user must be able to read: in a
	REST path, or in the arguments or the document sent to one of Frappe's methods or pages
	(/printview among them)."""
	named = []
	match = frappe.request and RECORD_PATH.match(frappe.request.path)
	if match:
		named.append(match.groups())
	if not (method or "").startswith(OWN_REFUSALS) and method not in OTHER_NAMES:
		args = frappe.form_dict
		for doctype_key, name_keys in RECORD_ARGUMENTS.items():
			name = next((args[key] for key in name_keys if args.get(key)), None)
			named.append((args.get(doctype_key), name))
		for key in ("doc", "docs"):
			doc = parse_argument(args.get(key))
			if isinstance(doc, dict) and not doc.get("__islocal") and method != "frappe.client.insert":
				named.append((doc.get("doctype"), doc.get("name")))
	return [
		(d, n)
		for d, n in named
		if isinstance(d, str) and d in GATED and isinstance(n, str) and n and not unsaved_form(d, n)
	]


def unsaved_form(doctype: str, name: str) -> bool:
	"""The desk's names of a form not saved yet: "new" (its route, which it first asks for) and the
	temporary name an upload to its Attach field gives; a register record is never named so."""
	return name == "new" or name.startswith(f"new-{frappe.scrub(doctype).replace('_', '-')}-")


# Keys whose values Frappe pastes into SQL (filters as strings, sort and group keys).
FILTER_KEYS = ("filters", "or_filters", "current_filters", "filters_json")
SORT_KEYS = ("order_by", "group_by", "sort_by", "sort_order")
UNSAFE_SORT = re.compile(r"[();]|--|/\*|\b(select|sleep|benchmark|union|if|case|locate)\b", re.I)
# Arguments that name another method to call: only methods outside the generic readers.
PROXY_KEYS = ("query", "tree_method", "method")
UNSAFE_TARGETS = (
	"frappe.client.", "frappe.desk.reportview.", "frappe.desk.listview.", "frappe.desk.search.",
	"frappe.desk.treeview.get_all_nodes", "frappe.desk.doctype.", "frappe.desk.form.", "frappe.workflow.",
	"frappe.utils.", "frappe.model.", "frappe.handler.", "frappe.email.", "frappe.website.", "profregister.",
	*OVERRIDES,
)  # fmt: skip


def check_query_arguments(method: str | None):
	for key in FILTER_KEYS:
		value = parse_argument(frappe.form_dict.get(key))
		if isinstance(value, list) and any(isinstance(f, str) for f in value):
			frappe.throw(_("Each filter must be a list or an object, not SQL"), frappe.PermissionError)
	for key in SORT_KEYS:
		value = frappe.form_dict.get(key)
		if isinstance(value, str) and UNSAFE_SORT.search(value):
			frappe.throw(_("Sort and group keys may only name columns"), frappe.PermissionError)
	for key in PROXY_KEYS:
		target = frappe.form_dict.get(key)
		if key == "method" and method not in ("upload_file", "frappe.handler.upload_file"):
			continue
		if isinstance(target, str) and target.startswith(UNSAFE_TARGETS):
			frappe.throw(_("{0} may not call {1}").format(key, target), frappe.PermissionError)


# Frappe methods that read rows of any doctype without the gate: (doctype argument, record argument).
# With a record argument the user must be able to read that record; without one, only a national reader
# of the doctype may call them.
GATED_METHODS = {
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": ("chart", None),
	"frappe.workflow.doctype.workflow.workflow.get_workflow_state_count": ("doctype", None),
	"frappe.desk.form.utils.get_next": ("doctype", None),
	"frappe.desk.form.linked_with.get_submitted_linked_docs": ("doctype", "name"),
	"frappe.desk.form.linked_with.get": ("doctype", "docname"),
	"frappe.desk.doctype.tag.tag.get_tagged_docs": ("doctype", None),
	"frappe.desk.search.get_link_title": ("doctype", "docname"),
	"frappe.email.relink": ("reference_doctype", "reference_name"),
	"frappe.desk.form.document_follow.follow_document": ("doctype", "doc_name"),
	"frappe.website.doctype.web_form.web_form.get_form_data": ("doctype", "docname"),
	"frappe.utils.file_manager.add_attachments": ("doctype", "name"),
	"frappe.desk.like.toggle_like": ("doctype", "name"),
	"frappe.utils.global_search.search": ("doctype", None),
}


def check_gated_method(method: str):
	doctype_key, name_key = GATED_METHODS[method]
	doctype = parse_argument(frappe.form_dict.get(doctype_key))
	if doctype_key == "chart":
		# A chart sent as JSON names any doctype; a saved one is read from the database.
		chart = doctype if isinstance(doctype, dict) else None
		doctype = (chart or {}).get("document_type") or (
			isinstance(doctype, str) and frappe.db.get_value("Dashboard Chart", doctype, "document_type")
		)
	if method == "frappe.utils.global_search.search" and not doctype:
		return
	if not isinstance(doctype, str) or doctype not in GATED:
		return
	name = frappe.form_dict.get(name_key) if name_key else None
	if name_key and isinstance(name, str) and frappe.db.exists(doctype, name):
		if frappe.has_permission(doctype, "read", name):
			return
	elif (
		not name_key
		and query_conditions(frappe.session.user, doctype) == ""
		and frappe.has_permission(doctype, "read")
	):
		return
	raise frappe.PermissionError(_("Not permitted"))


def check_filters(doctype: str, filters):
	"""Filters of a gated doctype may only name its own fields that the user may read: a filter on a
	field one may not see (or on another table) turns a count into an oracle."""
	if not isinstance(doctype, str) or doctype not in GATED:
		return
	filters = parse_argument(filters)
	if filters in (None, "", [], {}):
		return
	meta = frappe.get_meta(doctype)
	readable = set(meta.get_permlevel_access("read")) if frappe.session.user != "Administrator" else None
	rows = []
	if isinstance(filters, dict):
		rows = [
			[key, *(value if isinstance(value, list | tuple) else ["=", value])]
			for key, value in filters.items()
		]
	elif isinstance(filters, list):
		rows = [row if isinstance(row, list | tuple) else [row] for row in filters]
	else:
		frappe.throw(_("Filters must be a list or an object"), frappe.ValidationError)
	for row in rows:
		if len(row) >= 4:
			if row[0] != doctype:
				frappe.throw(
					_("Filters may only name fields of {0}").format(_(doctype)), frappe.PermissionError
				)
			row = row[1:]
		field = row[0] if row else None
		if not isinstance(field, str):
			frappe.throw(_("Invalid filter"), frappe.ValidationError)
		df = meta.get_field(field)
		if df is None:
			if field in frappe.model.default_fields or field in ("name",):
				continue
			frappe.throw(_("Filters may only name fields of {0}").format(_(doctype)), frappe.PermissionError)
		if readable is not None and (df.permlevel or 0) not in readable:
			frappe.throw(_("Not permitted to filter on {0}").format(_(df.label)), frappe.PermissionError)


def check_search(doctype, query, filters, filter_fields, page_length, ignore_user_permissions):
	"""Link search and the search bar on a gated doctype: no custom query, no ignore_user_permissions
	(it would drop every permission check), only readable fields, a bounded page."""
	page_length = check_int_argument(page_length or 10, _("Page length"), 1, 100)
	if not isinstance(doctype, str) or doctype not in GATED:
		return ignore_user_permissions, page_length, filter_fields
	if query:
		raise frappe.PermissionError(_("Custom search queries are not allowed on {0}").format(_(doctype)))
	check_filters(doctype, filters)
	if filter_fields:
		fields = parse_argument(filter_fields)
		if not isinstance(fields, list) or not all(isinstance(f, str) for f in fields):
			frappe.throw(_("Invalid filter fields"), frappe.ValidationError)
		check_filters(doctype, [[f, "is", "set"] for f in fields])
	return False, page_length, filter_fields


# Sharing and following


def refuse_follow(follow, method=None):
	"""Following a record mails its changes: only to a user who may read it."""
	if follow.ref_doctype in GATED and not frappe.has_permission(
		follow.ref_doctype, "read", follow.ref_docname, user=follow.user
	):
		frappe.throw(_("Not permitted"), frappe.PermissionError)


def refuse_share(share, method=None):
	"""A share would open a scoped record to someone the links do not: access follows links only."""
	if share.share_doctype in SCOPED:
		frappe.throw(
			_("Records of the register are not shared: link the user to the entity or region instead"),
			frappe.PermissionError,
		)
