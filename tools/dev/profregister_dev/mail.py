"""The local mail path of a development or demo site: the site's default outgoing Email Account sends
through the mail sink of scripts/lib.sh (aiosmtpd on 127.0.0.1, no authentication, no TLS), which keeps
every message in a Maildir instead of delivering it; `mail` reads them there.

The sink's port and Maildir come from the site's `mail_sink` config ({"port": ..., "maildir": ...},
set by scripts/bootstrap and scripts/test), else port 2525 and the bench's `mail` folder."""

import email
import email.message
import email.policy
import mailbox
import os
import re
import socket

import frappe
from frappe.utils import get_bench_path

ACCOUNT = "Professional Register"
SENDER = "noreply@demo.profregister.kz"
DEFAULT_PORT = 2525
LINK = re.compile(r"https?://[^\s\"'<>()\[\]]+")


def sink() -> tuple[int, str]:
	"""The sink's port and Maildir for this site."""
	config = frappe.conf.get("mail_sink") or {}
	return int(config.get("port") or DEFAULT_PORT), config.get("maildir") or os.path.join(
		get_bench_path(), "mail"
	)


def configure_outgoing(port: int | None = None) -> dict:
	"""The site's default outgoing Email Account, pointing at the sink; saved only when it differs, so a
	second run changes nothing. Frappe checks the connection when it saves: the sink must be up."""
	port = port or sink()[0]
	values = {
		"email_id": SENDER,
		"enable_outgoing": 1,
		"default_outgoing": 1,
		"enable_incoming": 0,
		"smtp_server": "127.0.0.1",
		"smtp_port": str(port),
		"use_tls": 0,
		"use_ssl_for_outgoing": 0,
		"no_smtp_authentication": 1,
		"awaiting_password": 0,
	}
	name = frappe.db.get_value("Email Account", {"email_id": SENDER})
	doc = frappe.get_doc("Email Account", name) if name else frappe.new_doc("Email Account")
	if name and all(str(doc.get(field) or 0) == str(value) for field, value in values.items()):
		return {"email_account": doc.name, "port": port, "changed": False}
	if not accepts(port):
		frappe.throw(f"No mail sink answers on 127.0.0.1:{port}: start it (scripts/lib.sh start_mail_sink)")
	doc.update(values)
	doc.email_account_name = doc.email_account_name or ACCOUNT
	doc.save(ignore_permissions=True)
	frappe.db.commit()
	return {"email_account": doc.name, "port": port, "changed": True}


def accepts(port: int) -> bool:
	try:
		socket.create_connection(("127.0.0.1", port), timeout=2).close()
	except OSError:
		return False
	return True


def flush():
	"""Send what the site's email queue holds now, as the scheduler would within minutes."""
	from frappe.email.queue import flush as flush_queue

	flush_queue()
	frappe.db.commit()


def messages(maildir: str) -> list[tuple[str, email.message.EmailMessage]]:
	"""(id, message) of every message the sink kept, in the order it received them."""
	if not os.path.isdir(maildir):
		return []
	box = mailbox.Maildir(maildir, create=False)
	kept = sorted((box.get_message(key).get_date(), key) for key in box.keys())
	return [
		(key, email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)) for _, key in kept
	]


def text_of(message: email.message.EmailMessage) -> str:
	body = message.get_body(preferencelist=("plain", "html"))
	return body.get_content() if body else ""


def links_in(message: email.message.EmailMessage) -> list[str]:
	"""The links of the message (its plain text, else its HTML), each once, in order."""
	return list(dict.fromkeys(LINK.findall(text_of(message))))


def list_mail(last: int = 10) -> str:
	"""The newest `last` messages: id, date, recipient, subject and links, after sending what waits."""
	flush()
	maildir = sink()[1]
	kept = messages(maildir)[-last:]
	if not kept:
		return f"No mail in {maildir}"
	lines = []
	for key, message in reversed(kept):
		lines.append(f"{key}  {message['Date']}  to {message['To']}  {message['Subject']}")
		lines.extend(f"    {link}" for link in links_in(message))
	return "\n".join(lines)


def show_mail(key: str) -> str:
	"""One message: its headers, its text and its links."""
	maildir = sink()[1]
	found = dict(messages(maildir)).get(key)
	if not found:
		frappe.throw(f"No message {key} in {maildir}")
	headers = "\n".join(f"{name}: {found[name]}" for name in ("Date", "From", "To", "Subject") if found[name])
	links = "\n".join(links_in(found))
	return f"{headers}\n\n{text_of(found).strip()}\n\nLinks:\n{links}"
