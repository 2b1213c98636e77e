"""Notices of the register's jobs: desk alerts and emails through Frappe's own mechanisms, in bulk.

The wording is Frappe's standard *Email Template* records, shipped by the app and edited by the
administrator in the desk (a template named "<name> (<language>)" overrides it for that language).
Each template's Response is one event's line (a desk alert, and an item of the email); its Subject is
the email's subject, with `count` lines. Users are told only as their Notification Settings allow,
and disabled users never. A user with more of one batch's events than a `Digest` allows gets one alert
and one email that give the count and link to the list, so a national catch-up writes a row per user,
not per event. Desk alerts are Notification Log rows written in bulk (a national job must
not pay several queries per message); emails go through `frappe.sendmail`, one per user per batch.
Everything is written in the caller's transaction, so a job that commits per batch tells each
batch's people exactly once, also when it is re-run after a crash.
"""

from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from typing import NamedTuple

import frappe
from frappe import _
from frappe.email.doctype.email_account.email_account import EmailAccount
from frappe.utils import escape_html, get_url, get_url_to_form, now_datetime, strip_html

from profregister.services.platform import bulk


class Message(NamedTuple):
	"""One event for one user; `context` holds the template's values, stored ones already escaped;
	`note(language)` an optional sentence (HTML) put before the event's line. A tuple: a national job
	makes 80,000 of them a run, and a frozen dataclass costs several times as much to build."""

	user: str
	doctype: str
	name: str
	context: dict
	note: Callable[[str], str] | None = None


@dataclass(frozen=True)
class Digest:
	"""Events beyond `threshold` for one user in one batch are told together: one alert with the count
	that opens `link` (a list that the user's scope narrows), and an email showing the first `threshold`
	lines and a link to the rest."""

	link: str
	threshold: int


def _reachable_query(query, user):
	"""Only users who may be told: enabled, and notifications not switched off in their Notification
	Settings (no settings row means Frappe's defaults, which are on)."""
	settings = frappe.qb.DocType("Notification Settings")
	return (
		query.left_join(settings)
		.on(settings.name == user.name)
		.where(user.enabled == 1)
		.where(settings.enabled.isnull() | (settings.enabled == 1))
	)


def recipients_by_entity(entities: set[str], functions: tuple[str, ...]) -> dict[str, list[str]]:
	"""Reachable users listed on each entity with one of the functions (one query)."""
	if not entities:
		return {}
	link, user = frappe.qb.DocType("Healthcare Entity User"), frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(link)
		.join(user)
		.on(user.name == link.user)
		.select(link.parent, link.user)
		.where(link.parenttype == "Healthcare Entity")
		.where(link.parent.isin(list(entities)))
		.where(link.function.isin(list(functions)))
	)
	found = defaultdict(list)
	for entity, email in _reachable_query(query, user).run():
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
	query = (
		frappe.qb.from_(link)
		.join(user)
		.on(user.name == link.user)
		.select(link.parent, link.user)
		.where(link.parenttype == "Region")
		.where(link.parent.isin(list({row.region for row in rows}) or [""]))
	)
	regional = defaultdict(list)
	for region, email in _reachable_query(query, user).run():
		regional[region].append(email)
	administrators = reachable_users_with_role("Register Administrator")
	return {row.name: (row.entity_name, regional.get(row.region) or administrators) for row in rows}


def reachable_users_with_role(role: str) -> list[str]:
	has_role, user = frappe.qb.DocType("Has Role"), frappe.qb.DocType("User")
	query = (
		frappe.qb.from_(has_role)
		.join(user)
		.on(user.name == has_role.parent)
		.select(user.name)
		.distinct()
		.where(has_role.parenttype == "User")
		.where(has_role.role == role)
		.where(user.user_type == "System User")
		.where(user.name.notin(["Administrator", "Guest"]))
	)
	return sorted(_reachable_query(query, user).run(pluck=True))


def reachable_users(users: set[str]) -> set[str]:
	if not users:
		return set()
	user = frappe.qb.DocType("User")
	query = frappe.qb.from_(user).select(user.name).where(user.name.isin(list(users)))
	return set(_reachable_query(query, user).run(pluck=True))


def tell_worker(health_worker: str, doctype: str, name: str, context: dict, template: str):
	"""An event about one record for the worker it concerns, through their account if they have one."""
	user = frappe.db.get_value("Health Worker", health_worker, "user")
	if user and reachable_users({user}):
		send([Message(user, doctype, name, context)], template)


def send(messages: list[Message], template: str, digest: Digest | None = None):
	"""A desk alert per message and one email per user listing that user's messages, worded by the
	Email Template `template` in each user's language; a user with more messages than `digest` allows
	gets one alert and one email with the count."""
	if not messages:
		return
	profile = _profiles({m.user for m in messages})
	default_language = frappe.db.get_default("lang") or "en"
	by_user = defaultdict(list)
	for m in messages:
		by_user[m.user].append(m)
	digested = {user for user, own in by_user.items() if digest and len(own) > digest.threshold}
	lines = _Lines(_Wording(template), profile, default_language)
	_alert([m for m in messages if m.user not in digested], lines)
	if digested:
		_alert_digests({user: by_user[user] for user in digested}, lines, digest)
	_email(by_user, digested, digest, lines)


class _Lines:
	"""Each message's line, rendered when first needed: an event told to several users shares one
	context (and note), so it is rendered once per language."""

	def __init__(self, wording, profile: dict, default_language: str):
		self.wording, self.profile, self.default_language = wording, profile, default_language
		self.rendered = {}

	def language(self, user: str) -> str:
		return self.profile[user].language or self.default_language

	def __getitem__(self, m: Message) -> str:
		lang = self.language(m.user)
		key = (lang, id(m.context), id(m.note))
		if key not in self.rendered:
			line = self.wording.line(lang, m.context)
			self.rendered[key] = f"{m.note(lang)} {line}" if m.note else line
		return self.rendered[key]

	def subject(self, user: str, count: int) -> str:
		return self.wording.subject(self.language(user), count)


def _profiles(users: set[str]) -> dict:
	"""Address, language, kind of account and email preference of each user, in one query."""
	user = frappe.qb.DocType("User")
	settings = frappe.qb.DocType("Notification Settings")
	query = (
		frappe.qb.from_(user)
		.left_join(settings)
		.on(settings.name == user.name)
		.select(
			user.name,
			user.email,
			user.language,
			user.user_type,
			settings.enable_email_notifications.as_("email_on"),
		)
		.where(user.name.isin(list(users)))
	)
	return {row.name: row for row in query.run(as_dict=True)}


def _alert(messages: list[Message], lines: _Lines):
	"""Desk alerts in bulk, then one realtime nudge per user once the transaction commits."""
	_insert_alerts([_log(m.user, lines[m], m.doctype, m.name) for m in messages])


def _alert_digests(by_user: dict[str, list[Message]], lines: _Lines, digest: Digest):
	_insert_alerts(
		[
			_log(user, lines.subject(user, len(own)), own[0].doctype, None, digest.link)
			for user, own in by_user.items()
		]
	)


def _log(user: str, subject: str, doctype: str, name: str | None, link: str | None = None) -> dict:
	return {"subject": subject, "for_user": user, "type": "Alert", "document_type": doctype,
		"document_name": name, "link": link, "from_user": "Administrator", "read": 0}  # fmt: skip


def _insert_alerts(logs: list[dict]):
	if not logs:
		return
	now = now_datetime()
	base = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	bulk.insert_rows(
		"Notification Log",
		[{**base, "name": frappe.generate_hash(length=12), **log} for log in logs],
		batch_size=5000,
	)
	users = list({log["for_user"] for log in logs})
	frappe.db.set_value("Notification Settings", {"name": ("in", users)}, "seen", 0)
	for name in users:
		frappe.publish_realtime("notification", user=name, after_commit=True)


def _email(by_user: dict[str, list[Message]], digested: set[str], digest: Digest | None, lines: _Lines):
	"""One queued email per user who takes email, listing their messages with links (the first ones and
	a link to the rest for a digest)."""
	account = EmailAccount.find_outgoing()
	if not account:
		# Desk alerts still reach everyone; email needs an outgoing account set up by the administrator.
		return
	# The stand-in account of a muted site has a bare sender and no address.
	sender = account.default_sender if account.get("email_id") else account.get("sender")
	for name, own in by_user.items():
		profile = lines.profile[name]
		if profile.email_on not in (None, 1) or not profile.email:
			continue
		# A worker's own account has no desk: their links open the portal page that shows the record.
		link = portal_url if profile.user_type == "Website User" else get_url_to_form
		shown = own[: digest.threshold] if name in digested else own
		items = "".join(
			f'<li><a href="{escape_html(link(m.doctype, m.name))}">{lines[m]}</a></li>' for m in shown
		)
		if name in digested:
			more = _("{0} more in the list", lang=lines.language(name)).format(len(own) - len(shown))
			items += f'<li><a href="{escape_html(get_url(digest.link))}">{more}</a></li>'
		frappe.sendmail(
			recipients=[profile.email],
			sender=sender,
			subject=strip_html(lines.subject(name, len(own))),
			message=f"<ul>{items}</ul>",
			reference_doctype=own[0].doctype,
			reference_name=own[0].name,
			delayed=True,
		)


PORTAL_PAGES = {"CPD Evidence": "cpd", "CPD Confirmation": "cpd/confirmations"}


def portal_url(doctype: str, name: str | None = None) -> str:
	"""The worker's portal page showing a record of this doctype (their record for the rest)."""
	return get_url(f"/{PORTAL_PAGES.get(doctype, 'cpd/record')}")


class _Wording:
	"""An Email Template compiled once per language for a whole batch."""

	def __init__(self, template: str):
		self.template = template
		self.compiled = {}
		self.translated = {}

	def _get(self, lang: str):
		if lang not in self.compiled:
			fields = ["subject", "use_html", "response", "response_html"]
			doc = frappe.db.get_value(
				"Email Template", f"{self.template} ({lang})", fields, as_dict=True
			) or frappe.db.get_value("Email Template", self.template, fields, as_dict=True)
			jenv = frappe.get_jenv()
			response = doc.response_html if doc.use_html else doc.response
			self.compiled[lang] = (jenv.from_string(doc.subject or ""), jenv.from_string(response or ""))
		return self.compiled[lang]

	def line(self, lang: str, context: dict) -> str:
		with _language(lang):
			return self._get(lang)[1].render({**context, "_": self._translate}).strip()

	def _translate(self, message, lang=None, context=None):
		# A batch's lines translate the same few phrases (a sentence, the specialties) thousands of times.
		if not isinstance(message, str):
			return frappe._(message, lang, context)
		key = (frappe.local.lang, message, lang, context)
		if key not in self.translated:
			self.translated[key] = frappe._(message, lang, context)
		return self.translated[key]

	def subject(self, lang: str, count: int) -> str:
		with _language(lang):
			return self._get(lang)[0].render(count=count).strip()


@contextmanager
def _language(lang: str):
	# Templates call `_()`, which translates into frappe.local.lang.
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = previous
