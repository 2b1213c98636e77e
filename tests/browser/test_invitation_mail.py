"""The invitation a worker can follow, on a phone and on a desktop, in Kazakh and in Russian: HR invites
them in the desk, the invitation email, in the language of the account, reaches the local mail sink
(scripts/test starts it and passes its Maildir and port: MAIL_DIR, MAIL_PORT), and the worker sets a
password from the email's link and lands on their portal. Where mail does not reach, HR copies the link
from the worker's form and hands it over."""

import email
import email.policy
import json
import mailbox
import os
import random
import re
from datetime import date

import pytest
import requests
from conftest import ARTIFACTS, BASE_URL, PASSWORD, bench_execute, login, poll, valid_iin
from journeys import IN_EACH_LANGUAGE_AND_WIDTH, PHONE, desk_page, entity_with_hr, page_action, translate
from playwright.sync_api import expect

MAIL_DIR, MAIL_PORT = os.environ.get("MAIL_DIR"), os.environ.get("MAIL_PORT")
SET_PASSWORD = re.compile(r"https?://[^\s\"'<>()\[\]]+/update-password\?key=[A-Za-z0-9]+")


@pytest.fixture(scope="module")
def outgoing(admin):
	"""The test site's default outgoing Email Account sends to the sink (Frappe connects to it on save)."""
	assert MAIL_DIR and MAIL_PORT, "scripts/test starts the mail sink and passes MAIL_DIR and MAIL_PORT"
	found = admin.get(
		f"{BASE_URL}/api/resource/Email Account",
		params={
			"filters": json.dumps({"default_outgoing": 1}),
			"fields": json.dumps(["smtp_server", "smtp_port"]),
		},
	).json()["data"]
	if found:
		assert (found[0]["smtp_server"], found[0]["smtp_port"]) == ("127.0.0.1", MAIL_PORT), found
		return
	admin.post(
		f"{BASE_URL}/api/resource/Email Account",
		json={"email_account_name": "Browser mail sink", "email_id": "register@test.profregister.kz",
			"enable_outgoing": 1, "default_outgoing": 1, "smtp_server": "127.0.0.1", "smtp_port": MAIL_PORT,
			"no_smtp_authentication": 1},
	).raise_for_status()  # fmt: skip


def new_worker(admin, entity: str, first_name: str) -> str:
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": valid_iin(date(1991, 7, 3), "Female"), "last_name": "Оспанова", "first_name": first_name,
			"current_entity": entity},
	)  # fmt: skip
	worker.raise_for_status()
	return worker.json()["data"]["name"]


def mail_to(recipient: str) -> email.message.EmailMessage | None:
	box = mailbox.Maildir(MAIL_DIR, create=False)
	for key in box.keys():
		message = email.message_from_bytes(box.get_bytes(key), policy=email.policy.default)
		if recipient in (message["X-RcptTo"] or ""):
			return message
	return None


def sets_password(browser, link: str, shots: str, viewport: dict = PHONE, lang: str = "ru"):
	"""The worker follows the link, types a password and lands on their portal."""
	context = browser.new_context(viewport=viewport, locale=f"{lang}-KZ")
	page = context.new_page()
	page.set_default_timeout(20_000)
	try:
		page.goto(link)
		page.locator("#new_password").press_sequentially(PASSWORD)
		page.locator("#confirm_password").press_sequentially(PASSWORD)
		page.screenshot(path=str(ARTIFACTS / f"{shots}-set-password.png"))
		page.click(".btn-update:enabled")
		page.wait_for_url("**/cpd")
		# The account speaks the language it was invited in: the portal opens in it.
		expect(page.locator(".cpd-languages [aria-current]")).to_have_attribute("data-lang", lang)
		expect(page.locator("h1")).to_have_text(translate("My CPD", lang))
		page.screenshot(path=str(ARTIFACTS / f"{shots}-portal.png"), full_page=True)
	finally:
		context.close()


@IN_EACH_LANGUAGE_AND_WIDTH
def test_the_worker_follows_the_invitation_email(browser, admin, outgoing, lang, viewport):
	"""HR, whose desk speaks `lang`, invites a worker; the email is in that language (not Frappe's
	English welcome mail), and its link sets the password and opens the portal."""
	shots = f"invitation-{lang}-{viewport['width']}"
	hr = entity_with_hr(admin, lang, f"Емхана {random.randrange(10**6)}")
	worker = new_worker(admin, hr["entity"], "Айгерім")
	account = f"aigerim.{random.randrange(10**7)}@test.profregister.kz"
	page = desk_page(browser, viewport, lang, hr["email"])
	try:
		page.goto(f"{BASE_URL}/app/health-worker/{worker}")
		page_action(page, translate("Invite to the register", lang))
		dialog = page.locator(".modal.show")
		dialog.locator('input[data-fieldname="email"]').fill(account)
		dialog.get_by_role("button", name=translate("Send invitation", lang)).click()
		expect(page.locator("#alert-container")).to_contain_text(
			translate("Invitation sent to {0}", lang).format(account)
		)
		page.screenshot(path=str(ARTIFACTS / f"{shots}-invited.png"))
	finally:
		page.context.close()
	# The scheduler's flush, now: the invitation only queued the email.
	bench_execute("frappe.email.queue.flush")
	message = poll(lambda: mail_to(account), until=bool)
	assert message is not None, f"no email to {account} in {MAIL_DIR}"
	assert message["Subject"] == translate("Your account in the Professional Register", lang)
	html = message.get_body(preferencelist=("html",)).get_content()
	for shown in (
		translate("Hello, {0}!", lang).format("Айгерім"),
		hr["entity_name"],
		translate("Set a password", lang),
	):
		assert shown in html, shown
	link = SET_PASSWORD.search(message.get_body(preferencelist=("plain", "html")).get_content()).group(0)
	assert link.startswith(BASE_URL), link
	sets_password(browser, link, shots, viewport, lang)
	assert requests.post(f"{BASE_URL}/api/method/login", data={"usr": account, "pwd": PASSWORD}).ok


def test_hr_copies_the_invitation_link(browser, page, admin, hr_user, outgoing):
	worker = new_worker(admin, hr_user["entity"], "Мадина")
	account = f"madina.{random.randrange(10**7)}@test.profregister.kz"
	hr = requests.Session()
	hr.post(
		f"{BASE_URL}/api/method/login", data={"usr": hr_user["email"], "pwd": PASSWORD}
	).raise_for_status()
	hr.post(
		f"{BASE_URL}/api/method/profregister.api.invite_worker",
		data={"health_worker": worker, "email": account},
	).raise_for_status()
	page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=BASE_URL)
	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/health-worker/{worker}")
	page.get_by_role("button", name="Copy invitation link").click()
	shown = page.locator(".modal.show code.invitation-link")
	link = shown.inner_text()
	assert SET_PASSWORD.fullmatch(link), link
	assert page.evaluate("navigator.clipboard.readText()") == link
	page.screenshot(path=str(ARTIFACTS / "invitation-link-copied.png"))
	sets_password(browser, link, "invitation-link")
