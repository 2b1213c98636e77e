"""Input that reaches the register is of the right type, size and shape, or refused with a clear,
translated 4xx naming the field: before Frappe touches it (every request that carries a document of
this app), again before each save (imports, jobs, scripts), and for the arguments of the app's API."""

import functools
import json
import math
import re
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.utils import getdate

from profregister.access.gate import GATED, SCOPED, query_conditions
from profregister.domain.text import name_problem, text_problem

TEXT_TYPES = {
	"Data",
	"Small Text",
	"Text",
	"Long Text",
	"Select",
	"Link",
	"Dynamic Link",
	"Autocomplete",
	"Attach",
	"Attach Image",
	"Read Only",
	"Phone",
	"Text Editor",
}
MULTILINE = {"Small Text", "Text", "Long Text", "Text Editor"}
NUMERIC_TYPES = {"Int", "Float", "Currency", "Percent", "Check", "Rating", "Duration"}
DATE_TYPES = {"Date", "Datetime", "Time"}
MAX_MULTILINE = 4000
# Larger than any plausible figure of the register, smaller than the database columns hold.
MAX_NUMBER = 1e9
# Person names (domain/text.py says what a name may contain).
NAME_FIELDS = {"Health Worker": ("last_name", "first_name", "patronymic")}
DOCUMENT_METHODS = {
	"frappe.client.insert": ("doc",),
	"frappe.client.save": ("doc",),
	"frappe.client.submit": ("doc",),
	"frappe.client.insert_many": ("docs",),
	"frappe.desk.form.save.savedocs": ("doc",),
}


@functools.cache
def app_modules() -> frozenset[str]:
	return frozenset(frappe.get_module_list("profregister"))


def app_doctype(doctype: str) -> bool:
	try:
		return frappe.get_meta(doctype).module in app_modules()
	except frappe.DoesNotExistError:
		return False


# Documents


def check_request():
	"""before_request hook, in front of every endpoint: the generic doors around the scope gate are
	shut (raw SQL in filters or sort keys, proxies to other methods, methods that read any doctype
	without the gate), then documents sent for saving are checked for type and shape before Frappe
	builds them, where a list in a link or a number field would end in a 500."""
	request = frappe.local.request
	method = _method(request.path)
	check_query_arguments(method)
	if method in GATED_METHODS:
		check_gated_method(method)
	if request.method not in ("POST", "PUT", "PATCH"):
		return
	path = request.path.replace("/api/v2/document/", "/api/resource/", 1)
	documents = []
	if path.startswith("/api/resource/"):
		parts = path.split("/")
		doctype = unquote(parts[3]) if len(parts) > 3 else None
		data = frappe.form_dict.get("data") or {k: v for k, v in frappe.form_dict.items() if k != "cmd"}
		documents.append((doctype, _parse(data)))
	elif method:
		for key in DOCUMENT_METHODS.get(method, ()):
			value = _parse(frappe.form_dict.get(key))
			documents += [
				(d.get("doctype"), d)
				for d in (value if isinstance(value, list) else [value])
				if isinstance(d, dict)
			]
		if method == "frappe.client.set_value":
			fieldname = _parse(frappe.form_dict.get("fieldname"))
			values = fieldname if isinstance(fieldname, dict) else {fieldname: frappe.form_dict.get("value")}
			documents.append((frappe.form_dict.get("doctype"), values))
	for doctype, values in documents:
		if isinstance(doctype, str) and isinstance(values, dict) and app_doctype(doctype):
			check_values(doctype, values)


def _method(path: str) -> str | None:
	for prefix in ("/api/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			return path[len(prefix) :].strip("/")
	return frappe.form_dict.get("cmd")


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
)  # fmt: skip


def check_query_arguments(method: str | None):
	for key in FILTER_KEYS:
		value = _parse(frappe.form_dict.get(key))
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
	doctype = _parse(frappe.form_dict.get(doctype_key))
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


def _parse(value):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def before_validate(doc, method=None):
	"""doc_events hook: the same checks on every save of the app's doctypes, whatever the path."""
	if not app_doctype(doc.doctype):
		return
	check_values(doc.doctype, doc.as_dict(no_default_fields=True, convert_dates_to_str=True), doc=doc)


def check_values(doctype: str, values: dict, doc=None):
	meta = frappe.get_meta(doctype)
	for df in meta.fields:
		if df.fieldname not in values:
			continue
		value = values[df.fieldname]
		if df.fieldtype in ("Table", "Table MultiSelect"):
			if value in (None, ""):
				continue
			if not isinstance(value, list) or not all(isinstance(row, dict) for row in value):
				_refuse(df, _("must be a list of rows"))
			for row in value:
				check_values(df.options, row)
			continue
		check_value(df, value, name_field=df.fieldname in NAME_FIELDS.get(doctype, ()))


def check_value(df, value, name_field: bool = False):
	if value is None:
		return
	if df.fieldtype in NUMERIC_TYPES:
		number = _number(df, value)
		if not math.isfinite(number) or abs(number) > MAX_NUMBER:
			_refuse(df, _("is out of range"))
	elif df.fieldtype in DATE_TYPES:
		if not isinstance(value, str):
			_refuse(df, _("must be a date"))
		if value:
			try:
				getdate(value) if df.fieldtype == "Date" else None
			except Exception:
				_refuse(df, _("must be a date"))
	elif df.fieldtype in TEXT_TYPES:
		if isinstance(value, bool) or not isinstance(value, str | int | float):
			_refuse(df, _("must be text"))
		check_text(df, str(value), multiline=df.fieldtype in MULTILINE, name_field=name_field)


def _number(df, value) -> float:
	if isinstance(value, bool):
		return float(value)
	if isinstance(value, int | float):
		return float(value)
	if isinstance(value, str):
		try:
			return float(value.strip() or 0)
		except ValueError:
			pass
	_refuse(df, _("must be a number"))


def check_text(df, value: str, multiline: bool = False, name_field: bool = False):
	problem = text_problem(
		value,
		MAX_MULTILINE if multiline else (df.get("length") or 140),
		multiline=multiline,
		markup_allowed=df.fieldtype in ("Attach", "Attach Image"),
	) or (name_problem(value) if name_field else None)
	if problem:
		message, *args = problem
		_refuse(df, _(message).format(*args))


def _refuse(df, problem: str):
	frappe.throw(
		_("{0} {1}").format(_(df.label or df.fieldname), problem),
		frappe.ValidationError,
		title=_("Invalid value"),
	)


# Arguments of the app's API and of Frappe's generic endpoints


def check_text_argument(value, label: str, multiline: bool = False):
	df = frappe._dict(label=label, fieldname=label, fieldtype="Small Text" if multiline else "Data")
	if value is None:
		return
	if not isinstance(value, str):
		_refuse(df, _("must be text"))
	check_text(df, value, multiline=multiline)


def check_date_argument(value, label: str):
	if value in (None, ""):
		return None
	check_value(frappe._dict(label=label, fieldname=label, fieldtype="Date"), value)
	return getdate(value)


def check_int_argument(value, label: str, low: int, high: int) -> int:
	"""A whole number within bounds, from a report filter or an argument."""
	df = frappe._dict(label=label, fieldname=label, fieldtype="Int")
	number = _number(df, value)
	if not math.isfinite(number) or number != int(number) or not low <= number <= high:
		_refuse(df, _("must be a whole number from {0} to {1}").format(low, high))
	return int(number)


def check_filters(doctype: str, filters):
	"""Filters of a gated doctype may only name its own fields that the user may read: a filter on a
	field one may not see (or on another table) turns a count into an oracle."""
	if not isinstance(doctype, str) or doctype not in GATED:
		return
	filters = _parse(filters)
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
		fields = _parse(filter_fields)
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


# Rate limits on public pages


def client_address() -> str:
	"""The client's address as the last trusted proxy saw it: Frappe's request_ip takes the first
	X-Forwarded-For entry, which the client writes itself."""
	request = frappe.local.request
	remote = request.remote_addr or ""
	trusted = set(frappe.conf.get("trusted_proxies") or ("127.0.0.1", "::1"))
	if remote not in trusted:
		return remote
	forwarded = [a.strip() for a in (request.headers.get("X-Forwarded-For") or "").split(",") if a.strip()]
	for address in reversed(forwarded):
		if address not in trusted:
			return address
	return remote


def over_limit(name: str, limit: int, seconds: int) -> bool:
	"""Count one hit of this client on `name`; True once it exceeds `limit` within the window."""
	key = frappe.cache.make_key(f"profregister:limit:{name}:{client_address()}")
	hits = frappe.cache.incrby(key, 1)
	if hits == 1:
		frappe.cache.expire(key, seconds)
	return hits > limit
