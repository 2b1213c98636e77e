"""Input that reaches the register is of the right type, size and shape, or refused with a clear,
translated 4xx naming the field: before Frappe touches it (every request that carries a document of
this app), again before each save (imports, jobs, scripts), and for the arguments of the app's API."""

import functools
import json
import math
from urllib.parse import unquote

import frappe
from frappe import _
from frappe.utils import getdate

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


def check_documents():
	"""before_request hook: documents sent for saving are checked for type and shape before Frappe
	builds them, where a list in a link or a number field would end in a 500."""
	request = frappe.local.request
	if request.method not in ("POST", "PUT", "PATCH"):
		return
	method = request_method()
	path = request.path.replace("/api/v2/document/", "/api/resource/", 1)
	documents = []
	if path.startswith("/api/resource/"):
		parts = path.split("/")
		doctype = unquote(parts[3]) if len(parts) > 3 else None
		data = frappe.form_dict.get("data") or {k: v for k, v in frappe.form_dict.items() if k != "cmd"}
		documents.append((doctype, parse_argument(data)))
	elif method:
		for key in DOCUMENT_METHODS.get(method, ()):
			value = parse_argument(frappe.form_dict.get(key))
			documents += [
				(d.get("doctype"), d)
				for d in (value if isinstance(value, list) else [value])
				if isinstance(d, dict)
			]
		if method == "frappe.client.set_value":
			fieldname = parse_argument(frappe.form_dict.get("fieldname"))
			values = fieldname if isinstance(fieldname, dict) else {fieldname: frappe.form_dict.get("value")}
			documents.append((frappe.form_dict.get("doctype"), values))
	for doctype, values in documents:
		if isinstance(doctype, str) and isinstance(values, dict) and app_doctype(doctype):
			check_values(doctype, values)


def request_method(path: str | None = None) -> str | None:
	"""The whitelisted method a request calls, whichever way it names it."""
	path = path or frappe.local.request.path
	for prefix in ("/api/method/", "/api/v2/method/"):
		if path.startswith(prefix):
			return path[len(prefix) :].strip("/")
	return frappe.form_dict.get("cmd")


def parse_argument(value):
	"""A request argument as JSON when it is JSON, else as sent."""
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
