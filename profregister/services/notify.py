"""Desk notifications and emails written in bulk, for jobs that notify thousands of people at once.

Frappe's per-document path (Notification Log insert → email) costs several queries per message; a
national job must not. Everything here is inserted in the caller's transaction, so a job that
commits per batch sends each batch's messages exactly once, also when it is re-run after a crash.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import frappe
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.email.email_body import get_email
from frappe.utils import escape_html, get_url_to_form, now_datetime


@dataclass(frozen=True)
class Message:
	"""One event for one user. `text` renders the message in a language (the recipient's)."""

	user: str
	doctype: str
	name: str
	text: Callable[[str], str]


def recipients_by_entity(entities: set[str], functions: tuple[str, ...]) -> dict[str, list[str]]:
	"""Enabled users listed on each entity with one of the functions (one query)."""
	if not entities:
		return {}
	link, user = frappe.qb.DocType("Healthcare Entity User"), frappe.qb.DocType("User")
	rows = (
		frappe.qb.from_(link)
		.join(user)
		.on(user.name == link.user)
		.select(link.parent, link.user)
		.where(link.parenttype == "Healthcare Entity")
		.where(link.parent.isin(list(entities)))
		.where(link.function.isin(list(functions)))
		.where(user.enabled == 1)
	).run()
	found = defaultdict(list)
	for entity, email in rows:
		found[entity].append(email)
	return found


def fallback_recipients(entities: set[str]) -> dict[str, tuple[str, list[str]]]:
	"""For entities with nobody to tell: (entity name, users) of the regional health department of the
	entity's region, or else the Register Administrators. A notice is never marked sent unread."""
	if not entities:
		return {}
	rows = frappe.get_all(
		"Healthcare Entity",
		filters={"name": ("in", list(entities))},
		fields=["name", "entity_name", "region"],
	)
	link, user = frappe.qb.DocType("Region Health Department User"), frappe.qb.DocType("User")
	regional = defaultdict(list)
	for region, email in (
		frappe.qb.from_(link)
		.join(user)
		.on(user.name == link.user)
		.select(link.parent, link.user)
		.where(link.parenttype == "Region")
		.where(link.parent.isin(list({row.region for row in rows}) or [""]))
		.where(user.enabled == 1)
	).run():
		regional[region].append(email)
	administrators = enabled_users_with_role("Register Administrator")
	return {row.name: (row.entity_name, regional.get(row.region) or administrators) for row in rows}


def enabled_users_with_role(role: str) -> list[str]:
	has_role, user = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	return (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.parenttype == "User")
		.where(has_role.role == role)
		.where(user.enabled == 1)
		.where(user.name.notin(["Administrator", "Guest"]))
	).run(pluck=True)


def enabled(users: set[str]) -> set[str]:
	return (
		set(frappe.get_all("User", filters={"name": ("in", list(users)), "enabled": 1}, pluck="name"))
		if users
		else set()
	)


def send(messages: list[Message], email_subject: Callable[[str, int], str]):
	"""A Notification Log per message and one email per user listing that user's messages.

	`email_subject(language, count)` gives the email's subject.
	"""
	if not messages:
		return
	users = {m.user for m in messages}
	language = dict(
		frappe.get_all("User", filters={"name": ("in", list(users))}, fields=["name", "language"], as_list=1)
	)
	default_language = frappe.db.get_default("lang") or "en"

	def render(message: Message) -> str:
		return message.text(language.get(message.user) or default_language)

	now = now_datetime()
	base = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	logs = [
		{
			**base,
			"name": frappe.generate_hash(length=12),
			"subject": render(m),
			"for_user": m.user,
			"type": "Alert",
			"document_type": m.doctype,
			"document_name": m.name,
			"from_user": "Administrator",
			"read": 0,
		}
		for m in messages
	]
	_bulk_insert("Notification Log", logs)
	frappe.db.set_value("Notification Settings", {"name": ("in", list(users))}, "seen", 0)
	for user in users:
		frappe.publish_realtime("notification", user=user, after_commit=True)
	_queue_emails(messages, render, language, default_language, email_subject, base)


def _queue_emails(messages, render, language, default_language, email_subject, base):
	account = EmailAccount.find_outgoing()
	if not account:
		# Desk notifications still reach everyone; email needs an outgoing account set up by the administrator.
		return
	unsubscribed = set(
		frappe.get_all(
			"Email Unsubscribe",
			filters={"email": ("in", list({m.user for m in messages})), "global_unsubscribe": 1},
			pluck="email",
		)
	)
	# The stand-in account of a muted site has a bare sender and no address.
	sender = account.default_sender if account.get("email_id") else account.get("sender")
	by_user = defaultdict(list)
	for message in messages:
		if message.user not in unsubscribed:
			by_user[message.user].append(message)

	queue, recipients = [], []
	for user, own in by_user.items():
		lang = language.get(user) or default_language
		subject = email_subject(lang, len(own))
		items = "".join(
			f'<li><a href="{get_url_to_form(m.doctype, m.name)}">{escape_html(render(m))}</a></li>'
			for m in own
		)
		mail = get_email(
			recipients=[user], sender=sender, subject=subject,
			formatted=f"<ul>{items}</ul>", email_account=account,
		)  # fmt: skip
		mail.set_message_id(None, is_notification=True)
		name = frappe.generate_hash(length=12)
		queue.append(
			{
				**base,
				"name": name,
				"sender": mail.sender,
				"message": mail.as_string(),
				"message_id": mail.msg_root["Message-Id"].strip(" <>"),
				"status": "Not Sent",
				"priority": 1,
				"reference_doctype": own[0].doctype,
				"attachments": "[]",
				"email_account": account.name if account.is_exists_in_db() else None,
			}
		)
		recipients.append(
			{
				**base,
				"name": frappe.generate_hash(length=12),
				"parent": name,
				"parenttype": "Email Queue",
				"parentfield": "recipients",
				"idx": 1,
				"recipient": user,
				"status": "Not Sent",
			}
		)
	_bulk_insert("Email Queue", queue)
	_bulk_insert("Email Queue Recipient", recipients)


def _bulk_insert(doctype: str, rows: list[dict]):
	if rows:
		fields = list(rows[0])
		frappe.db.bulk_insert(doctype, fields, [[row[f] for f in fields] for row in rows], chunk_size=5000)
