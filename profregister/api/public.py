"""What other systems and the public reach: the FHIR R4 directory (/fhir/R4, Register API Clients) and
the licence check (guests, rate-limited)."""

import json

import frappe
import frappe.auth
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.datastructures import CombinedMultiDict
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from profregister.domain.fhir import formats
from profregister.domain.fhir.bundle import outcome
from profregister.domain.fhir.xml import to_xml
from profregister.services.interoperability import fhir, licence
from profregister.services.platform import checks

# RFC 9110: a 401 names how to authenticate, a 405 what is allowed. Frappe takes an API key as
# `Authorization: token key:secret`, or as Basic with the key and secret.
CHALLENGE = 'Token realm="FHIR directory", Basic realm="FHIR directory"'
ALLOWED = "GET, HEAD"
FORM = "application/x-www-form-urlencoded"


def fhir_response(status: int, body: dict, headers: dict | None = None, kind: str = formats.JSON) -> Response:
	"""`body` in `kind` (formats.JSON or formats.XML), with the headers RFC 9110 asks of its status."""
	content = to_xml(body) if kind == formats.XML else json.dumps(body, ensure_ascii=False, default=str)
	return Response(
		content,
		status=status,
		content_type=formats.CONTENT_TYPES[kind],
		headers={
			"Cache-Control": "no-store",
			"Vary": "Accept",
			**(headers or {}),
			**({"WWW-Authenticate": CHALLENGE} if status == 401 else {}),
		},
	)


def negotiate(request) -> tuple[str, tuple[int, dict] | None]:
	"""The format to answer in, and the refusal of a request that names none the directory writes: 400 for
	a `_format` it does not know (R4 http.html#mime-type), 406 for an Accept header it cannot meet."""
	accepted = formats.from_accept(request.headers.get("Accept"))
	asked = request.args.getlist("_format")
	if request.method == "POST" and request.mimetype == FORM:
		asked += request.form.getlist("_format")
	if asked:
		named = {formats.from_parameter(value) for value in asked}
		if len(named) == 1 and None not in named:
			return named.pop(), None
		body = outcome("invalid", _("_format must be json or xml, or a media type of either"))
		return accepted or formats.JSON, (400, body)
	if accepted is None:
		body = outcome(
			"not-supported",
			_("The Accept header names no format the directory writes: {0} or {1}").format(
				formats.MEDIA_TYPES[formats.JSON][0], formats.MEDIA_TYPES[formats.XML][0]
			),
		)
		return formats.JSON, (406, body)
	return accepted, None


def in_directory(path: str) -> bool:
	base = fhir.BASE_PATH.strip("/")
	path = path.strip("/")
	return path == base or path.startswith(base + "/")


def is_post_search(path: str) -> bool:
	"""BASE_PATH/<type>/_search: the search by POST (R4 http.html#search)."""
	parts = path.strip("/")[len(fhir.BASE_PATH.strip("/")) :].strip("/").split("/")
	return in_directory(path) and len(parts) == 2 and parts[1] == "_search"


def check_fhir_request():
	"""before_request hook, ahead of Frappe's own routing and authentication: for the directory, a
	method it does not serve is a 405, a credential that fails a 401 and a format it does not write a 400
	or 406, each an OperationOutcome with its header, in the format asked for, not Frappe's HTML pages."""
	request = frappe.local.request
	if not in_directory(request.path):
		return
	kind, refusal = negotiate(request)
	searching = is_post_search(request.path)
	if request.method not in ("GET", "HEAD") and not (searching and request.method == "POST"):
		body = outcome(
			"not-supported", _("The directory is read-only: {0} is not allowed").format(request.method)
		)
		allowed = "GET, HEAD, POST" if searching else ALLOWED
		raise HTTPException(response=fhir_response(405, body, {"Allow": allowed}, kind))
	if request.method == "POST" and request.mimetype != FORM:
		body = outcome("not-supported", _("A search by POST sends its parameters as {0}").format(FORM))
		raise HTTPException(response=fhir_response(415, body, kind=kind))
	if frappe.get_request_header("Authorization"):
		try:
			frappe.auth.validate_auth()
		except (frappe.AuthenticationError, frappe.InvalidAuthorizationToken):
			frappe.clear_messages()
			body = outcome(
				"login", _("The credential was not accepted: use the API key of a Register API Client")
			)
			raise HTTPException(response=fhir_response(401, body, kind=kind)) from None
	if refusal:
		raise HTTPException(response=fhir_response(*refusal, kind=kind))


class FHIRRenderer(BaseRenderer):
	"""/fhir/R4/...: the FHIR R4 directory (IHE mCSD) for Register API Clients
	(services/interoperability/fhir). A page renderer, since Frappe routes all of /api/ to its own
	endpoints."""

	def can_render(self) -> bool:
		return in_directory(self.path)

	def render(self) -> Response:
		path = self.path[len(fhir.BASE_PATH.strip("/")) :]
		args = frappe.request.args
		if frappe.request.method == "POST":
			# The same search as the GET: the URL's parameters and the body's (R4 http.html#search).
			path = path.strip("/").removesuffix("/_search")
			args = CombinedMultiDict([frappe.request.args, frappe.request.form])
		kind, _refusal = negotiate(frappe.request)  # refused before routing (check_fhir_request)
		try:
			status, body = fhir.handle(path, args)
			return fhir_response(status, body, kind=kind)
		except Exception:
			# Whatever went wrong, a FHIR client gets an OperationOutcome, not Frappe's HTML error page.
			error = frappe.log_error(title="FHIR directory")
			frappe.local.flags.commit = True  # the error log, as the access log, outlives a GET
			body = outcome(
				"exception",
				_("The directory could not answer; the error is logged as {0}").format(error.name),
			)
			return fhir_response(500, body, kind=kind)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def verify_licence(number: str | None = None, iin: str | None = None, surname: str | None = None) -> dict:
	"""Is this specialist certificate valid? By its number, with the holder's IIN and surname to match if
	given; for hospitals and the public, rate-limited per client address and per IIN, with no IIN, birth
	date or address."""
	for value, label in ((number, _("Certificate number")), (iin, _("IIN")), (surname, _("Surname"))):
		checks.check_text_argument(value, label)
	return licence.verify(number, iin, surname)
