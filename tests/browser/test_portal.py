"""A health worker's whole journey through their portal (/cpd), on a phone and on a desktop, in Kazakh
and in Russian: invited by HR, sets a password, hands in evidence, sees it verified, downloads the
confirmed Appendix 2."""

import csv
import random
from datetime import date, timedelta
from pathlib import Path

import pytest
import requests
from conftest import ARTIFACTS, BASE_URL, PASSWORD, bench_execute, poll, valid_bin, valid_iin

TRANSLATIONS = Path(__file__).resolve().parents[2] / "profregister" / "translations"
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1440, "height": 900}


def translate(text: str, lang: str) -> str:
	with open(TRANSLATIONS / f"{lang}.csv", encoding="utf-8") as file:
		return next((row[1] for row in csv.reader(file) if row and row[0] == text), text)


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
			"valid_until": (date.today() + timedelta(days=40)).isoformat()},
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


@pytest.mark.parametrize(
	("lang", "viewport"),
	[("kk", PHONE), ("ru", DESKTOP), ("ru", PHONE), ("kk", DESKTOP)],
	ids=["kk-390x844", "ru-1440x900", "ru-390x844", "kk-1440x900"],
)
def test_worker_journey(browser, admin, hr_user, provider, lang, viewport):
	shots = f"portal-{lang}-{viewport['width']}"
	hr = signed_in(hr_user["email"])
	worker = registered_worker(admin, hr_user["entity"])
	email = f"asel.{random.randrange(10**7)}@test.profregister.kz"

	# 1. HR invites the worker; the welcome email carries the link to set a password.
	hr.post(
		f"{BASE_URL}/api/method/profregister.api.invite_worker",
		data={"health_worker": worker, "email": email},
	).raise_for_status()
	link = bench_execute(f'frappe.get_doc("User", "{email}").reset_password')
	assert "/update-password?key=" in link
	link = BASE_URL + link[link.index("/update-password") :]

	context = browser.new_context(viewport=viewport, locale=f"{lang}-KZ")
	page = context.new_page()
	page.set_default_timeout(20_000)
	try:
		# 2. The worker sets a password and lands on their portal, not the desk.
		page.goto(link)
		# Typed, as a person does: the page checks the strength and the match on each key.
		page.locator("#new_password").press_sequentially(PASSWORD)
		page.locator("#confirm_password").press_sequentially(PASSWORD)
		page.click(".btn-update:enabled")
		page.wait_for_url("**/cpd")
		page.locator(f'.cpd-languages button[data-lang="{lang}"]').click()
		page.wait_for_function(
			f"document.querySelector('.cpd-languages [aria-current]').dataset.lang === '{lang}'"
		)
		assert page.locator("h1").inner_text() == translate("My CPD", lang)
		assert page.locator("#cpd-who").inner_text() == "Нұрланова Әсел"
		page.screenshot(path=str(ARTIFACTS / f"{shots}-1-my-cpd.png"), full_page=True)

		# 3. Hand in evidence through the guided form; the server previews the CU.
		page.locator("#cpd-hand-in").click()
		page.wait_for_url("**/cpd/evidence")
		page.select_option("#criterion", "01")
		page.wait_for_function("document.querySelector('#unit').options.length > 0")
		page.select_option("#unit", "hour")
		page.fill("#quantity", "12")
		page.fill("#title", f"Жедел жәрдем курсы {random.randrange(10**6)}")
		page.select_option("#provider", provider)
		page.fill("#date_from", "2026-03-02")
		page.fill("#date_to", "2026-03-03")
		page.set_input_files(
			"#attachment",
			{"name": "certificate.pdf", "mimeType": "application/pdf",
				"buffer": f"%PDF-1.4 portal {random.random()}".encode()},
		)  # fmt: skip
		page.wait_for_function("document.querySelector('#preview-cu').textContent.trim() === '12'")
		page.screenshot(path=str(ARTIFACTS / f"{shots}-2-hand-in.png"), full_page=True)
		page.locator("#cpd-submit").click()
		page.wait_for_url("**/cpd#cpd-timeline")
		item = page.locator('#cpd-timeline li[data-status="Draft"]')
		assert item.count() == 1
		evidence = item.get_attribute("data-evidence")
		assert translate("Awaiting the check by HR.", lang) in item.inner_text()

		# 4. HR verifies it; the worker sees it verified and what it earned.
		hr.post(
			f"{BASE_URL}/api/method/profregister.api.verify_evidence",
			data={"name": evidence, "profile_matches": 1},
		).raise_for_status()
		page.reload()
		verified = page.locator(f'#cpd-timeline li[data-evidence="{evidence}"]')
		assert verified.get_attribute("data-status") == "Verified"
		assert "= 12" in verified.locator(".cpd-why").inner_text()
		assert page.locator("#cpd-total").inner_text().startswith("12")
		page.screenshot(path=str(ARTIFACTS / f"{shots}-3-verified.png"), full_page=True)

		# The record: the certificate is in its notice period, with the days left.
		page.goto(f"{BASE_URL}/cpd/record")
		certificate = page.locator('#cpd-certificates li[data-state="notice"]')
		assert certificate.count() == 1 and "40" in certificate.inner_text()
		page.screenshot(path=str(ARTIFACTS / f"{shots}-4-record.png"), full_page=True)

		# 5. The employer confirms; the worker downloads the Appendix 2 PDF.
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
