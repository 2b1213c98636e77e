"""A health worker's whole journey through their portal (/cpd), on a phone and on a desktop, in Kazakh
and in Russian: invited by HR, sets a password, hands in evidence, HR rejects it in the desk with a
reason, the worker hands it in again with the same file, sees it verified, downloads the confirmed
Appendix 2."""

import random
from datetime import date, timedelta

import pytest
import requests
from conftest import ARTIFACTS, BASE_URL, PASSWORD, poll, site_today, valid_bin, valid_iin
from journeys import (  # noqa: F401 (DESKTOP and PHONE: the other portal tests import them from here)
	DESKTOP,
	IN_EACH_LANGUAGE_AND_WIDTH,
	PHONE,
	desk_page,
	entity_with_hr,
	page_action,
	translate,
)
from playwright.sync_api import expect


def signed_in(email: str) -> requests.Session:
	session = requests.Session()
	session.post(f"{BASE_URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}).raise_for_status()
	return session


@pytest.fixture(scope="module")
def provider(admin) -> str:
	"""An organiser on the ministry's list of accredited providers: criterion 1 evidence dated from 2026
	earns CU only from one (domain/cpd_providers.py)."""
	bin_ = valid_bin(date(2001, 2, 1))
	admin.post(
		f"{BASE_URL}/api/resource/Accredited CPD Provider",
		json={"bin": bin_, "name_ru": "Казахский медицинский университет", "accreditation_body": "IAAR",
			"valid_from": "2000-01-01"},
	).raise_for_status()  # fmt: skip
	return bin_


def registered_worker(admin, entity: str) -> str:
	"""A nurse of the HR's entity with a main employment and a certificate, as HR would enter them."""
	rng = random.Random()
	iin = valid_iin(date(1990, 5, 17), "Female")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Нұрланова", "first_name": "Әсел", "current_entity": entity},
	)
	worker.raise_for_status()
	name = worker.json()["data"]["name"]
	admin.post(
		f"{BASE_URL}/api/resource/Employment",
		json={"health_worker": name, "healthcare_entity": entity, "position": "Nurse", "specialty": "Nursing",
			"rate": 1, "start_date": "2019-03-01"},
	).raise_for_status()  # fmt: skip
	admin.post(
		f"{BASE_URL}/api/resource/Specialist Certificate",
		json={"health_worker": name, "certificate_number": f"KZ-{rng.randrange(10**8)}", "specialty": "Nursing",
			"issuing_body": "НЦНЭ", "issue_date": "2022-01-10",
			"valid_until": (site_today() + timedelta(days=40)).isoformat()},
	).raise_for_status()  # fmt: skip
	return name


def confirm_as_employer(admin, worker: str) -> str:
	"""HR checks, the HR chief signs, the head confirms (the administrator holds every role)."""
	doc = admin.post(
		f"{BASE_URL}/api/resource/CPD Confirmation",
		json={"health_worker": worker, "declared_specialty": "Nursing"},
	)
	doc.raise_for_status()
	doc = doc.json()["data"]
	for action in ("Check", "Sign", "Confirm"):
		step = admin.post(
			f"{BASE_URL}/api/method/frappe.model.workflow.apply_workflow",
			json={"doc": doc, "action": action},
		)
		step.raise_for_status()
		doc = step.json()["message"]
	assert doc["workflow_state"] == "Confirmed"
	return doc["name"]


REASONS = {
	"kk": "Сертификатта 12 емес, 10 сағат көрсетілген",
	"ru": "В сертификате указано 10 часов, а не 12",
}


@IN_EACH_LANGUAGE_AND_WIDTH
def test_worker_journey(browser, admin, provider, lang, viewport):
	shots = f"portal-{lang}-{viewport['width']}"
	hr_user = entity_with_hr(admin, lang, f"Емхана {random.randrange(10**6)}")
	hr = signed_in(hr_user["email"])
	worker = registered_worker(admin, hr_user["entity"])
	email = f"asel.{random.randrange(10**7)}@test.profregister.kz"

	# 1. HR invites the worker and copies the link that sets a password (the email's is the same kind).
	hr.post(
		f"{BASE_URL}/api/method/profregister.api.invite_worker",
		data={"health_worker": worker, "email": email},
	).raise_for_status()
	link = hr.post(
		f"{BASE_URL}/api/method/profregister.api.invitation_link", data={"health_worker": worker}
	).json()["message"]
	assert "/update-password?key=" in link

	context = browser.new_context(viewport=viewport, locale=f"{lang}-KZ")
	page = context.new_page()
	page.set_default_timeout(20_000)
	try:
		# 2. The worker sets a password and lands on their portal, not the desk, in their language.
		page.goto(link)
		# Typed, as a person does: the page checks the strength and the match on each key.
		page.locator("#new_password").press_sequentially(PASSWORD)
		page.locator("#confirm_password").press_sequentially(PASSWORD)
		page.click(".btn-update:enabled")
		page.wait_for_url("**/cpd")
		expect(page.locator(".cpd-languages [aria-current]")).to_have_attribute("data-lang", lang)
		assert page.locator("h1").inner_text() == translate("My CPD", lang)
		assert page.locator("#cpd-who").inner_text() == "Нұрланова Әсел"
		page.screenshot(path=str(ARTIFACTS / f"{shots}-1-my-cpd.png"), full_page=True)

		# 3. Hand in evidence through the guided form (12 hours, a slip); the server previews the CU.
		page.locator("#cpd-hand-in").click()
		page.wait_for_url("**/cpd/evidence")
		certificate = {"name": "certificate.pdf", "mimeType": "application/pdf",
			"buffer": f"%PDF-1.4 portal {random.random()}".encode()}  # fmt: skip
		title = f"Жедел жәрдем курсы {random.randrange(10**6)}"
		hand_in_first(page, provider, title, certificate, shots)
		item = page.locator('#cpd-timeline li[data-status="Draft"]')
		assert item.count() == 1
		evidence = item.get_attribute("data-evidence")
		assert translate("Awaiting the check by HR.", lang) in item.inner_text()

		# 4. HR rejects it in the desk with the reason; the worker hands it in again, the same file.
		rejects_in_the_desk(browser, viewport, lang, hr_user["email"], evidence, shots)
		evidence = hands_in_again(page, lang, evidence, title, certificate, shots)

		# 5. HR verifies it; the worker sees it verified and what it earned.
		hr.post(
			f"{BASE_URL}/api/method/profregister.api.verify_evidence",
			data={"name": evidence, "profile_matches": 1},
		).raise_for_status()
		page.reload()
		verified = page.locator(f'#cpd-timeline li[data-evidence="{evidence}"]')
		assert verified.get_attribute("data-status") == "Verified"
		assert "= 10" in verified.locator(".cpd-why").inner_text()
		assert page.locator("#cpd-total").inner_text().startswith("10")
		page.screenshot(path=str(ARTIFACTS / f"{shots}-3-verified.png"), full_page=True)

		# The record: the certificate is in its notice period, with the days left.
		page.goto(f"{BASE_URL}/cpd/record")
		certificate = page.locator('#cpd-certificates li[data-state="notice"]')
		assert certificate.count() == 1 and "40" in certificate.inner_text()
		page.screenshot(path=str(ARTIFACTS / f"{shots}-4-record.png"), full_page=True)

		# 6. The employer confirms; the worker downloads the Appendix 2 PDF.
		confirmation = confirm_as_employer(admin, worker)
		page.goto(f"{BASE_URL}/cpd/confirmations")
		row = page.locator(f'#cpd-confirmations li[data-confirmation="{confirmation}"]')
		assert row.get_attribute("data-state") == "Confirmed"
		page.screenshot(path=str(ARTIFACTS / f"{shots}-5-confirmations.png"), full_page=True)
		href = row.locator("a.cpd-pdf").get_attribute("href")
		pdf = poll(  # wkhtmltopdf is slow on a busy machine; the session is the browser's
			lambda: context.request.get(BASE_URL + href, timeout=60_000),
			until=lambda response: response.status == 200,
			timeout=180,
			every=1,
		)
		assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
		assert pdf.headers["content-type"] == "application/pdf"
	finally:
		context.close()


def hand_in_first(page, provider: str, title: str, certificate: dict, shots: str):
	page.select_option("#criterion", "01")
	page.wait_for_function("document.querySelector('#unit').options.length > 0")
	page.select_option("#unit", "hour")
	page.fill("#quantity", "12")
	page.fill("#title", title)
	page.select_option("#provider", provider)
	page.fill("#date_from", "2026-03-02")
	page.fill("#date_to", "2026-03-03")
	page.set_input_files("#attachment", certificate)
	page.wait_for_function("document.querySelector('#preview-cu').textContent.trim() === '12'")
	page.screenshot(path=str(ARTIFACTS / f"{shots}-2-hand-in.png"), full_page=True)
	page.locator("#cpd-submit").click()
	page.wait_for_url("**/cpd#cpd-timeline")


def rejects_in_the_desk(browser, viewport: dict, lang: str, email: str, evidence: str, shots: str):
	"""HR opens the handed-in evidence in the desk, in their language, and rejects it with the reason."""
	page = desk_page(browser, viewport, lang, email)
	try:
		page.goto(f"{BASE_URL}/app/cpd-evidence/{evidence}")
		page_action(page, translate("Reject", lang))
		dialog = page.locator(".modal.show")
		dialog.locator('textarea[data-fieldname="reason"]').fill(REASONS[lang])
		dialog.locator(".btn-primary", has_text=translate("Reject", lang)).click()
		expect(page.locator(".form-message.red")).to_contain_text(REASONS[lang])
		page.screenshot(path=str(ARTIFACTS / f"{shots}-2-rejected-desk.png"), full_page=True)
	finally:
		page.context.close()


def hands_in_again(page, lang: str, rejected: str, title: str, certificate: dict, shots: str) -> str:
	"""The worker reads HR's reason, opens the piece again (its values kept), corrects the quantity and
	attaches the same file; a new draft is handed in and the rejected piece stays as it was."""
	page.reload()
	item = page.locator(f'#cpd-timeline li[data-evidence="{rejected}"]')
	expect(item).to_have_attribute("data-status", "Rejected")
	expect(item.locator(".cpd-why")).to_have_text(translate("Rejected: {0}", lang).format(REASONS[lang]))
	item.get_by_role("link", name=translate("Hand in again", lang)).click()
	page.wait_for_url(f"**/cpd/evidence?again={rejected}")
	expect(page.locator("#cpd-rejection")).to_contain_text(REASONS[lang])
	assert (page.input_value("#title"), float(page.input_value("#quantity"))) == (title, 12)
	page.fill("#quantity", "10")
	page.set_input_files("#attachment", certificate)
	page.wait_for_function("document.querySelector('#preview-cu').textContent.trim() === '10'")
	page.screenshot(path=str(ARTIFACTS / f"{shots}-2-hand-in-again.png"), full_page=True)
	page.locator("#cpd-submit").click()
	page.wait_for_url("**/cpd#cpd-timeline")
	again = page.locator('#cpd-timeline li[data-status="Draft"]')
	expect(again).to_have_count(1)
	expect(page.locator(f'#cpd-timeline li[data-evidence="{rejected}"]')).to_have_attribute(
		"data-status", "Rejected"
	)
	return again.get_attribute("data-evidence")
