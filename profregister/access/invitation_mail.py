"""The invitation email of a new worker account, in the account's language (not the inviting HR's, nor
Frappe's English welcome mail): who invites, the login, and the link that sets the password once."""

from functools import partial

import frappe
from frappe import _
from frappe.utils import escape_html

TEMPLATE = "profregister/templates/emails/worker_invitation.html"


def send(user, entity: str | None):
	"""Queue the invitation to `user` (a new User doc) from the HR of `entity`. Without an outgoing Email
	Account nothing is queued and HR is told to hand the link over (the set-password key is made
	either way, as Frappe's welcome mail makes it)."""
	link = user.reset_password()
	lang = user.language or "ru"
	translate = partial(_, lang=lang)
	html = frappe.render_template(
		TEMPLATE,
		{
			"_": translate,
			"first_name": escape_html(user.first_name or ""),
			"entity_name": escape_html(frappe.db.get_value("Healthcare Entity", entity, "entity_name") or ""),
			"login": escape_html(user.name),
			"link": escape_html(link),
		},
	)
	try:
		frappe.sendmail(
			recipients=[user.email],
			subject=translate("Your account in the Professional Register"),
			message=html,
			header=[translate("Your account in the Professional Register"), "green"],
			delayed=True,
			retry=3,
		)
	except frappe.OutgoingEmailError:
		frappe.clear_last_message()
		frappe.msgprint(
			_(
				"No outgoing email account is set up: copy the invitation link from the worker's form and hand it over."
			),
			alert=True,
		)
