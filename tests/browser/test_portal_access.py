"""Who looked at my record (/cpd/access) on a phone, in Kazakh and in Russian: HR of the worker's entity
opens the worker's form in the desk, and the worker, signed in to their portal, finds that read under
"Who looked": their own HR, the form, today, without the official's name."""

import random

import pytest
from conftest import ARTIFACTS, BASE_URL, PASSWORD, bench_execute
from test_portal import PHONE, registered_worker, signed_in, translate


@pytest.mark.parametrize("lang", ["kk", "ru"], ids=["kk-390x844", "ru-390x844"])
def test_worker_sees_who_looked(browser, admin, hr_user, lang):
	shots = f"portal-access-{lang}-{PHONE['width']}"
	hr = signed_in(hr_user["email"])
	worker = registered_worker(admin, hr_user["entity"])
	email = f"access.{random.randrange(10**7)}@test.profregister.kz"
	hr.post(
		f"{BASE_URL}/api/method/profregister.api.invite_worker",
		data={"health_worker": worker, "email": email},
	).raise_for_status()
	link = bench_execute(f'frappe.get_doc("User", "{email}").reset_password')
	assert "/update-password?key=" in link
	link = BASE_URL + link[link.index("/update-password") :]

	# HR of the worker's entity opens the worker's form in the desk: one read in the trail.
	hr.get(
		f"{BASE_URL}/api/method/frappe.desk.form.load.getdoc",
		params={"doctype": "Health Worker", "name": worker},
	).raise_for_status()

	context = browser.new_context(viewport=PHONE, locale=f"{lang}-KZ")
	page = context.new_page()
	page.set_default_timeout(20_000)
	try:
		page.goto(link)
		page.locator("#new_password").press_sequentially(PASSWORD)
		page.locator("#confirm_password").press_sequentially(PASSWORD)
		page.click(".btn-update:enabled")
		page.wait_for_url("**/cpd")
		page.locator(f'.cpd-languages button[data-lang="{lang}"]').click()
		page.wait_for_function(
			f"document.querySelector('.cpd-languages [aria-current]').dataset.lang === '{lang}'"
		)

		# The navigation at the bottom of the phone leads to "Who looked".
		page.locator('.cpd-nav a[href="/cpd/access"]').click()
		page.wait_for_url("**/cpd/access")
		assert page.locator(".cpd-nav a[aria-current]").inner_text() == translate("Who looked", lang)
		assert page.locator("h1").inner_text() == translate("Who looked", lang)
		assert page.locator("#cpd-access h2").inner_text() == translate("Who looked at my record", lang)
		assert page.locator("#cpd-access-none").count() == 0

		# HR's reads of the day are one line: the entity, its HR, the form; no official's name.
		line = page.locator('#cpd-access li.cpd-access[data-own-hr="1"]')
		assert line.count() == 1
		text = line.inner_text()
		assert "Browser Test Polyclinic" in text
		assert translate("HR of your healthcare entity", lang) in text
		assert translate("Form", lang) in text
		assert hr_user["email"] not in page.content()
		# Fits the phone: nothing scrolls sideways.
		assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
		page.screenshot(path=str(ARTIFACTS / f"{shots}.png"), full_page=True)
	finally:
		context.close()
