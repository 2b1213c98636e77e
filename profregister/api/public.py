"""What other systems and the public reach: the FHIR R4 directory (/fhir/R4, Register API Clients) and
the licence check (guests, rate-limited)."""

import json

import frappe
from frappe import _
from frappe.website.page_renderers.base_renderer import BaseRenderer
from werkzeug.wrappers import Response

from profregister.services.interoperability import fhir, licence
from profregister.services.platform import checks


class FHIRRenderer(BaseRenderer):
	"""/fhir/R4/...: the FHIR R4 directory (IHE mCSD) for Register API Clients
	(services/interoperability/fhir). A page renderer, since Frappe routes all of /api/ to its own
	endpoints."""

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
		checks.check_text_argument(value, label)
	return licence.verify(number, iin, surname)
