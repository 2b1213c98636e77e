"""Licence verification for hospitals and the public: is this specialist certificate valid?

By the certificate's number, which the public register shows anyway; the holder's IIN and surname may
be added, together, to check that the certificate is theirs. IIN and surname alone are refused: they
would tell anyone whether an IIN (which encodes a birth date and sex) belongs to a registered person.
The answer names the holder, the specialty, the issuer, the validity and the state (valid, in the notice
period, expired, blocked), never an IIN, a birth date or an address. It is rate-limited on the real
client address and, whoever asks, per IIN asked about (a keyed hash of it), and written to the Register
Access Log with a keyed hash of what was typed.
"""

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.utils import getdate, today

from profregister.access import limits
from profregister.domain import certificates as certificate_rules
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.interoperability import fhir
from profregister.services.interoperability.fhir.handler import keyed_hash
from profregister.services.platform.parameters import get_parameter

LIMIT, WINDOW_SECONDS = 60, 60
TARGET_LIMIT, TARGET_WINDOW = "licence_check_target_limit", "licence_check_target_window_minutes"
STATES = {
	"valid": "Valid",
	"notice": "Valid, expires within the notice period",
	"expired": "Expired",
	"blocked": "Blocked",
}


def check_arguments(number: str, iin: str, surname: str):
	"""A translated 417 naming the field: the number always, the IIN and the surname only together."""
	if not number:
		frappe.throw(
			_("{0} is required").format(_("Certificate number")),
			frappe.ValidationError,
			title=_("Licence check"),
		)
	if bool(iin) != bool(surname):
		frappe.throw(
			_("{0} is required").format(_("Surname") if iin else _("IIN")),
			frappe.ValidationError,
			title=_("Licence check"),
		)


def refuse_over_limits(iin: str):
	"""429 beyond the checks allowed from this address, or about this IIN from any address."""
	if limits.over_limit("licence", LIMIT, WINDOW_SECONDS):
		fhir.log("verify", "Specialist Certificate", 0, 429)
		frappe.throw(
			_("Too many checks from your address: try again in a minute."),
			frappe.RateLimitExceededError,
			title=_("Licence check"),
		)
	if iin:
		window = int(get_parameter(TARGET_WINDOW)) * 60
		if limits.over_target_limit("licence-iin", keyed_hash(iin), int(get_parameter(TARGET_LIMIT)), window):
			fhir.log("verify", "Specialist Certificate", 0, 429)
			frappe.throw(
				_("Too many checks of this {0}: try again later.").format(_("IIN")),
				frappe.RateLimitExceededError,
				title=_("Licence check"),
			)


def verify(number: str | None, iin: str | None, surname: str | None) -> dict:
	number, iin, surname = ((v or "").strip() for v in (number, iin, surname))
	check_arguments(number, iin, surname)
	refuse_over_limits(iin)
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
	query = query.where(certificate.certificate_number == number)
	if iin:
		query = query.where(worker.iin == iin).where(worker.last_name == surname)
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
