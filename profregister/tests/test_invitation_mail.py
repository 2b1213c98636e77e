"""The invitation reaches the worker in their language: the email goes through the site's outgoing Email
Account to the local mail sink (scripts/lib.sh start_mail_sink; the site's `mail_sink` config says
where), and its set-password link works over HTTP on the served site. Where mail does not reach, HR copies the link:
only HR who may invite the worker, and only for an account not yet in use."""

import email
import email.policy
import mailbox
import re
from datetime import date

import frappe
import requests
from frappe import _
from frappe.utils.data import sha256_hash

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

INVITE = "/api/method/profregister.api.invite_worker"
COPY_LINK = "/api/method/profregister.api.invitation_link"
SET_PASSWORD = re.compile(r"https?://[^\s\"'<>()\[\]]+/update-password\?key=[A-Za-z0-9]+")


def mail_sink() -> dict:
	config = frappe.conf.get("mail_sink") or {}
	if not config.get("port") or not config.get("maildir"):
		raise AssertionError("no mail sink: scripts/test starts one and sets the site's mail_sink config")
	return config


def sends_to_sink(port: int, suffix: str):
	"""The site's default outgoing Email Account sends to the sink: a demo site's already does (tools/dev
	mail.py), any other is not replaced; a site without one gets one for the class."""
	default = frappe.db.get_value(
		"Email Account", {"default_outgoing": 1, "enable_outgoing": 1}, ["name", "smtp_server", "smtp_port"]
	)
	if default:
		assert tuple(default[1:]) == ("127.0.0.1", str(port)), (
			f"the default outgoing account {default[0]} is not the sink's"
		)
		return
	frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": f"Mail sink {suffix}",
			"email_id": f"register.{suffix}@test.profregister.kz",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "127.0.0.1",
			"smtp_port": str(port),
			"no_smtp_authentication": 1,
		}
	).insert(ignore_permissions=True)


def send_queued_to(recipient: str):
	"""Send what the site queues for `recipient` through SMTP, as the scheduler's flush would."""
	queued = frappe.get_all("Email Queue Recipient", filters={"recipient": recipient}, pluck="parent")
	frappe.flags.testing_email = True  # Frappe's tests otherwise keep mail from the SMTP server
	frappe.local.outgoing_email_account = {}  # the request's cache may name an account of another test
	try:
		for name in queued:
			frappe.get_doc("Email Queue", name).send()
	finally:
		frappe.flags.testing_email = False
	frappe.db.commit()


def received_by(maildir: str, recipient: str) -> list[email.message.EmailMessage]:
	box = mailbox.Maildir(maildir, create=False)
	kept = (email.message_from_bytes(box.get_bytes(key), policy=email.policy.default) for key in box.keys())
	return [message for message in kept if recipient in (message["X-RcptTo"] or "")]


class TestInvitationMail(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.sink = mail_sink()
		cls.suffix = frappe.generate_hash(length=6)
		sends_to_sink(cls.sink["port"], cls.suffix)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Astana").name
		cls.hr_a = make_user(f"hr.mail.a.{cls.suffix}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.mail.b.{cls.suffix}@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Specialist")
		cls.regional = make_user(f"region.mail.{cls.suffix}@test.profregister.kz")
		link_user_to_region(cls.regional, "Karaganda Region")
		cls.unlinked = make_user(f"unlinked.mail.{cls.suffix}@test.profregister.kz")
		cls.tokens = {
			key: api_token(user)
			for key, user in (("hr_a", cls.hr_a), ("hr_b", cls.hr_b), ("regional", cls.regional),
				("unlinked", cls.unlinked))
		}  # fmt: skip
		frappe.db.commit()

	def invited_worker(self, name: str) -> tuple[str, str]:
		worker = make_worker(self.a, first_name=name, last_name="Сапарова").name
		make_employment(worker, self.a, date(2019, 3, 1))
		frappe.db.commit()
		account = f"{name.lower()}.{self.suffix}@test.profregister.kz"
		response = rest("POST", INVITE, self.tokens["hr_a"], data={"health_worker": worker, "email": account})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		frappe.db.commit()
		return worker, account

	def test_the_invitation_email_arrives_and_its_link_sets_the_password(self):
		worker, account = self.invited_worker("aliya")
		# The invitation only queues the mail: a mail server that is down cannot fail it halfway.
		self.assertEqual(received_by(self.sink["maildir"], account), [])
		send_queued_to(account)
		received = received_by(self.sink["maildir"], account)
		self.assertEqual(len(received), 1, "one welcome email in the sink's Maildir")
		text = received[0].get_body(preferencelist=("plain", "html")).get_content()
		link = SET_PASSWORD.search(text).group(0)
		self.assertTrue(link.startswith(frappe.utils.get_url()), link)

		page = requests.get(link, timeout=60)
		self.assertEqual(page.status_code, 200)
		# The link's key sets the password, and the worker signs in with it.
		password = f"Kz-{frappe.generate_hash(length=16)}!"
		key = link.rsplit("key=", 1)[1]
		set_password = requests.post(
			frappe.utils.get_url("/api/method/frappe.core.doctype.user.user.update_password"),
			data={"new_password": password, "key": key},
			timeout=60,
		)
		self.assertEqual(set_password.status_code, 200, set_password.text[:500])
		login = requests.post(
			frappe.utils.get_url("/api/method/login"), data={"usr": account, "pwd": password}, timeout=60
		)
		self.assertEqual(login.status_code, 200, login.text[:500])
		# An account in use gets no new link: it would let HR sign in as the worker.
		refused = rest("POST", COPY_LINK, self.tokens["hr_a"], data={"health_worker": worker})
		self.assertEqual(refused.status_code, 417, refused.get_data(as_text=True)[:500])

	def test_the_invitation_is_in_the_accounts_language_not_frappes_english(self):
		"""The account takes the inviting HR's language (kk or ru; Russian for an English-speaking HR), and
		the email its subject, greeting and link in that language."""
		for hr_language, expected in (("kk", "kk"), ("ru", "ru"), ("en", "ru")):
			frappe.db.set_value("User", self.hr_a, "language", hr_language)
			frappe.db.commit()
			_worker, account = self.invited_worker(f"lang{hr_language}")
			self.assertEqual(frappe.db.get_value("User", account, "language"), expected)
			send_queued_to(account)
			(message,) = received_by(self.sink["maildir"], account)
			self.assertEqual(
				message["Subject"], _("Your account in the Professional Register", lang=expected)
			)
			html = message.get_body(preferencelist=("html",)).get_content()
			entity = frappe.db.get_value("Healthcare Entity", self.a, "entity_name")
			for text in (
				_("Hello, {0}!", lang=expected).format(f"lang{hr_language}"),
				_("Set a password", lang=expected),
				_("Your login: {0}", lang=expected).format(f"<b>{account}</b>"),
				entity,
			):
				self.assertIn(text, html, (hr_language, text))
			for english in ("Welcome", "Complete Registration", "Your account", "Set a password"):
				self.assertNotIn(english, html + message["Subject"], hr_language)
			self.assertRegex(html, SET_PASSWORD)

	def test_hr_copies_the_link_of_their_own_worker_only(self):
		worker, account = self.invited_worker("dana")
		not_invited = make_worker(self.a).name
		frappe.db.commit()
		other_hr = rest("POST", COPY_LINK, self.tokens["hr_b"], data={"health_worker": worker})
		unknown = rest("POST", COPY_LINK, self.tokens["hr_b"], data={"health_worker": "HW-NO-SUCH"})
		self.assertEqual((other_hr.status_code, unknown.status_code), (403, 403), "as for no record at all")
		refused = [other_hr]
		for key in ("regional", "unlinked", None):
			refused.append(rest("POST", COPY_LINK, self.tokens.get(key), data={"health_worker": worker}))
			self.assertIn(refused[-1].status_code, (401, 403), key)
		for response in refused:
			self.assertNotIn(account, response.get_data(as_text=True))
			self.assertNotIn("dana", response.get_data(as_text=True).lower())
		by_get = rest("GET", COPY_LINK, self.tokens["hr_a"], query_string={"health_worker": worker})
		self.assertIn(by_get.status_code, (403, 405), "a new link takes POST")

		response = rest("POST", COPY_LINK, self.tokens["hr_a"], data={"health_worker": worker})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:500])
		link = response.json["message"]
		self.assertRegex(link, SET_PASSWORD)
		frappe.db.commit()
		self.assertEqual(
			frappe.db.get_value("User", account, "reset_password_key"),
			sha256_hash(link.rsplit("key=", 1)[1]),
			"the copied link is the account's valid one",
		)
		no_account = rest("POST", COPY_LINK, self.tokens["hr_a"], data={"health_worker": not_invited})
		self.assertEqual(no_account.status_code, 417, "no account to copy the link of")
