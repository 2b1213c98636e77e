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

from profregister.domain.fhir.bundle import outcome
from profregister.services.interoperability import fhir, licence
from profregister.services.platform import checks

# RFC 9110: a 401 names how to authenticate, a 405 what is allowed. Frappe takes an API key as
# `Authorization: token key:secret`, or as Basic with the key and secret.
CHALLENGE = 'Token realm="FHIR directory", Basic realm="FHIR directory"'
ALLOWED = "GET, HEAD"
FORM = "application/x-www-form-urlencoded"


def fhir_response(status: int, body: dict, headers: dict | None = None) -> Response:
	return Response(
		json.dumps(body, ensure_ascii=False, default=str),
		status=status,
		content_type="application/fhir+json; charset=utf-8",
		headers={
			"Cache-Control": "no-store",
			**(headers or {}),
			**({"WWW-Authenticate": CHALLENGE} if status == 401 else {}),
		},
	)


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
	method it does not serve is a 405 and a credential that fails is a 401, each an OperationOutcome
	with its header, not Frappe's HTML pages."""
	request = frappe.local.request
	if not in_directory(request.path):
		return
	searching = is_post_search(request.path)
	if request.method not in ("GET", "HEAD") and not (searching and request.method == "POST"):
		body = outcome(
			"not-supported", _("The directory is read-only: {0} is not allowed").format(request.method)
		)
		allowed = "GET, HEAD, POST" if searching else ALLOWED
		raise HTTPException(response=fhir_response(405, body, {"Allow": allowed}))
	if request.method == "POST" and request.mimetype != FORM:
		body = outcome("not-supported", _("A search by POST sends its parameters as {0}").format(FORM))
		raise HTTPException(response=fhir_response(415, body))
	if frappe.get_request_header("Authorization"):
		try:
			frappe.auth.validate_auth()
		except (frappe.AuthenticationError, frappe.InvalidAuthorizationToken):
			frappe.clear_messages()
			body = outcome(
				"login", _("The credential was not accepted: use the API key of a Register API Client")
			)
			raise HTTPException(response=fhir_response(401, body)) from None


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
		status, body = fhir.handle(path, args)
		return fhir_response(status, body)


@frappe.whitelist(allow_guest=True, methods=["GET"])
def verify_licence(number: str | None = None, iin: str | None = None, surname: str | None = None) -> dict:
	"""Is this specialist certificate valid? By its number, with the holder's IIN and surname to match if
	given; for hospitals and the public, rate-limited per client address and per IIN, with no IIN, birth
	date or address."""
	for value, label in ((number, _("Certificate number")), (iin, _("IIN")), (surname, _("Surname"))):
		checks.check_text_argument(value, label)
	return licence.verify(number, iin, surname)
