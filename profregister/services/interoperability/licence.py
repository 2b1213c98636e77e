"""Licence verification for hospitals and the public: is this specialist certificate valid?

By the certificate's number, or by the holder's IIN and surname together (an IIN alone says nothing:
anyone may know one). The answer names the holder, the specialty, the issuer, the validity and the state
(valid, in the notice period, expired, blocked), never an IIN, a birth date or an address; it is
rate-limited on the real client address and written to the Register Access Log.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, today

from profregister.access import limits
from profregister.domain import certificates as certificate_rules
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.interoperability import fhir
from profregister.services.platform.parameters import get_parameter

LIMIT, WINDOW_SECONDS = 60, 60
STATES = {
	"valid": "Valid",
	"notice": "Valid, expires within the notice period",
	"expired": "Expired",
	"blocked": "Blocked",
}


def verify(number: str | None, iin: str | None, surname: str | None) -> dict:
	number, iin, surname = ((v or "").strip() for v in (number, iin, surname))
	if not number and not (iin and surname):
		frappe.throw(
			_("Give the certificate number, or the IIN and the surname of its holder"),
			frappe.ValidationError,
			title=_("Licence check"),
		)
	if limits.over_limit("licence", LIMIT, WINDOW_SECONDS):
		fhir.log("verify", "Specialist Certificate", 0, 429)
		raise frappe.RateLimitExceededError(_("Too many checks from your address: try again in a minute."))
	certificate, worker = DocType("Specialist Certificate"), DocType("Health Worker")
	query = (
		frappe.qb.from_(certificate)
		.join(worker)
		.on(worker.name == certificate.health_worker)
		.select(
			certificate.name,
			certificate.certificate_number,
			certificate.specialty,
			certificate.issuing_body,
			certificate.issue_date,
			certificate.valid_until,
			worker.full_name,
			worker.blocking_certificate,
		)
		.orderby(certificate.valid_until, order=frappe.qb.desc)
		.limit(20)
	)
	if number:
		query = query.where(certificate.certificate_number == number)
	else:
		query = (
			query.where(worker.iin == iin)
			.where(worker.last_name == surname)
			.where(certificate.is_latest == 1)
		)
	rows = query.run(as_dict=True)
	day = getdate(today())
	notice = int(get_parameter(NOTICE_MONTHS, day))
	licences = []
	for row in rows:
		state = certificate_rules.state(
			getdate(row.valid_until), notice, day, row.blocking_certificate == row.name
		)[0]
		licences.append(
			{
				"certificate_number": row.certificate_number,
				"holder": row.full_name,
				"specialty": _(row.specialty),
				"issuer": row.issuing_body,
				"issued_on": str(row.issue_date) if row.issue_date else None,
				"valid_until": str(row.valid_until),
				"status": state,
				"status_text": _(STATES[state]),
			}
		)
	fhir.log("verify", "Specialist Certificate", len(licences), 200)
	return {"found": bool(licences), "checked_on": str(day), "licences": licences}
