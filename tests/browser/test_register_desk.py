"""An HR specialist registers a worker in the desk; the server fills and checks the data."""

import json
import random
from datetime import date, timedelta

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login, site_today, valid_iin
from journeys import (
	IN_EACH_LANGUAGE_AND_WIDTH,
	day,
	desk_page,
	entity_with_hr,
	open_bell,
	page_action,
	translate,
)
from playwright.sync_api import expect


def fill(page, fieldname: str, value: str):
	page.locator(f'.frappe-control[data-fieldname="{fieldname}"] input').first.fill(value)


def new_worker_form(page):
	page.goto(f"{BASE_URL}/app/health-worker/new")
	page.wait_for_selector('.frappe-control[data-fieldname="iin"] input')


def test_hr_registers_worker(page, admin, hr_user):
	login(page, hr_user["email"], PASSWORD)
	# A fresh serial each run: the IIN must be new to the register.
	iin = valid_iin(date(1988, 2, 29), "Female")
	new_worker_form(page)
	# The entity comes from the user's scope: the HR specialist cannot pick another one.
	entity = page.locator('.frappe-control[data-fieldname="current_entity"] input').first
	# The default and then its title arrive after the form shows: wait for them (links show the title).
	expect(entity).to_have_value("Browser Test Polyclinic")
	fill(page, "iin", iin)
	fill(page, "last_name", "Seitkali")
	fill(page, "first_name", "Aruzhan")
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/health-worker/HW-*")
	page.screenshot(path=str(ARTIFACTS / "health-worker-saved.png"))

	name = page.url.rstrip("/").split("/")[-1]
	saved = admin.get(f"{BASE_URL}/api/resource/Health Worker/{name}").json()["data"]
	assert (saved["date_of_birth"], saved["sex"], saved["current_entity"]) == (
		"1988-02-29",
		"Female",
		hr_user["entity"],
	)
	assert saved["full_name"] == "Seitkali Aruzhan"


def test_invalid_iin_is_refused_with_a_clear_message(page, admin, hr_user):
	login(page, hr_user["email"], PASSWORD)
	before = admin.get(
		f"{BASE_URL}/api/method/frappe.client.get_count", params={"doctype": "Health Worker"}
	).json()["message"]
	new_worker_form(page)
	fill(page, "iin", "880229412345")
	fill(page, "last_name", "Invalid")
	fill(page, "first_name", "Number")
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show .msgprint")
	dialog.wait_for()
	page.screenshot(path=str(ARTIFACTS / "health-worker-invalid-iin.png"))
	assert "check digit" in dialog.inner_text()
	after = admin.get(
		f"{BASE_URL}/api/method/frappe.client.get_count", params={"doctype": "Health Worker"}
	).json()["message"]
	assert after == before


def test_blocked_record_is_read_only_with_its_reason_on_top(page, admin, hr_user):
	from conftest import bench_execute

	iin = valid_iin(date(1975, 6, 2), "Male")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Kasymov", "first_name": "Arman", "current_entity": hr_user["entity"]},
	).json()["data"]["name"]
	number = f"EXP{random.randrange(10**6)}"
	admin.post(
		f"{BASE_URL}/api/resource/Specialist Certificate",
		json={"health_worker": worker, "certificate_number": number, "specialty": "Nursing",
			"issuing_body": "NCIE", "issue_date": "2019-01-10", "valid_until": "2024-01-09"},
	).raise_for_status()  # fmt: skip
	bench_execute("profregister.services.certificates.lifecycle.run_daily")
	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/health-worker/{worker}")
	reason = page.locator(".form-message.red")
	reason.wait_for()
	assert number in reason.inner_text() and "09.01.2024" in reason.inner_text()
	assert page.get_by_role("button", name="Add new certificate").is_visible()
	assert not page.locator(".primary-action:visible", has_text="Save").count()
	page.screenshot(path=str(ARTIFACTS / "health-worker-blocked.png"))


@IN_EACH_LANGUAGE_AND_WIDTH
def test_hr_hires_a_worker_registered_elsewhere_by_iin(browser, admin, lang, viewport):
	"""A transfer in from another entity (rule 4.1): the receiving HR hires by IIN, the worker's open main
	job at the previous entity ends the day before, with reason Transfer, and its HR is told."""
	tag = random.randrange(10**6)
	receiving = entity_with_hr(admin, lang, f"Қабылдаушы емхана {tag}")
	previous = entity_with_hr(admin, lang, f"Прежняя поликлиника {tag}")
	iin = valid_iin(date(1983, 9, 9), "Female")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={
			"iin": iin,
			"last_name": "Абенова",
			"first_name": "Сауле",
			"current_entity": previous["entity"],
		},
	)
	worker.raise_for_status()
	worker = worker.json()["data"]["name"]
	old = admin.post(
		f"{BASE_URL}/api/resource/Employment",
		json={"health_worker": worker, "healthcare_entity": previous["entity"], "position": "Nurse",
			"rate": 1, "start_date": "2019-03-01"},
	)  # fmt: skip
	old.raise_for_status()
	old = old.json()["data"]["name"]
	start = site_today()
	shots = f"transfer-{lang}-{viewport['width']}"

	page = desk_page(browser, viewport, lang, receiving["email"])
	try:
		hired = hire_by_iin(page, lang, iin, receiving["entity"], start, shots)
		# The receiving HR is told, in their language, that the previous job ended.
		told = translate("The main employment at {0} ended on {1} by transfer; its HR is told.", lang)
		expect(page.locator("#alert-container")).to_contain_text(
			told.format(previous["entity_name"], day(start - timedelta(days=1)))
		)
		page.screenshot(path=str(ARTIFACTS / f"{shots}-2-hired.png"))
	finally:
		page.context.close()

	ended = admin.get(f"{BASE_URL}/api/resource/Employment/{old}").json()["data"]
	assert (ended["end_date"], ended["end_reason"]) == ((start - timedelta(days=1)).isoformat(), "Transfer")
	saved = admin.get(f"{BASE_URL}/api/resource/Employment/{hired}").json()["data"]
	assert (saved["health_worker"], saved["healthcare_entity"]) == (worker, receiving["entity"])
	assert admin.get(
		f"{BASE_URL}/api/resource/Health Worker Status Change",
		params={"filters": json.dumps({"health_worker": worker, "healthcare_entity": receiving["entity"]})},
	).json()["data"], "the transfer's Status Change record"

	page = desk_page(browser, viewport, lang, previous["email"])
	try:
		previous_hr_sees_the_end(page, lang, old, start, receiving["entity_name"], shots)
	finally:
		page.context.close()


def hire_by_iin(page, lang: str, iin: str, entity: str, start: date, shots: str) -> str:
	"""The receiving HR's dialog: a reason, the IIN, who it is (never where they work), the new job."""
	page.goto(f"{BASE_URL}/app/health-worker")
	page_action(page, translate("Hire a registered worker by IIN", lang))
	dialog = page.locator(".modal.show")
	# Frappe sets cur_dialog when the modal has finished opening, not when its inputs appear.
	page.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict && cur_dialog.fields_dict.iin")
	dialog.locator('textarea[data-fieldname="purpose"]').fill(translate("Hire", lang))
	dialog.locator('input[data-fieldname="iin"]').fill(iin)
	dialog.locator('input[data-fieldname="iin"]').press("Tab")
	found = dialog.locator(".hire-found")
	expect(found).to_contain_text("Абенова Сауле")
	expect(found).to_contain_text(translate("employed now", lang))
	assert "Прежняя поликлиника" not in found.inner_text()
	page.evaluate(
		"""([entity, start]) => { cur_dialog.set_value("healthcare_entity", entity);
		cur_dialog.set_value("position", "Nurse"); cur_dialog.set_value("start_date", start); }""",
		[entity, start.isoformat()],
	)
	# Link values are checked with the server before the dialog holds them.
	page.wait_for_function(
		"""() => ['healthcare_entity', 'position', 'start_date'].every((f) => cur_dialog.get_value(f))"""
	)
	page.screenshot(path=str(ARTIFACTS / f"{shots}-1-hire-by-iin.png"))
	dialog.locator(".btn-primary").click()
	# The hire ends the previous job, writes the event and tells its HR: slow on a busy machine.
	page.wait_for_url("**/app/employment/**", timeout=60_000)
	return page.url.rstrip("/").split("/")[-1]


def previous_hr_sees_the_end(page, lang: str, old: str, start: date, receiving_name: str, shots: str):
	"""The previous entity's HR: a notice naming the new employer, and their own record, ended by
	transfer, which they may still correct."""
	notice = translate(
		"The main employment of {0} at your entity ended on {1} by transfer: {2} entered their main "
		"employment from {3}. If the worker left on another day, correct the end date.",
		lang,
	).format("Абенова Сауле", day(start - timedelta(days=1)), receiving_name, day(start))
	page.goto(f"{BASE_URL}/app/employment")
	item = open_bell(page).locator("a.notification-item", has_text=notice)
	expect(item).to_be_visible()
	page.screenshot(path=str(ARTIFACTS / f"{shots}-3-notice.png"))
	item.click()
	page.wait_for_url(f"**/app/employment/{old}")
	reason = page.locator('.frappe-control[data-fieldname="end_reason"] select')
	expect(reason).to_have_value("Transfer")
	expect(reason.locator("option:checked")).to_have_text(translate("Transfer", lang))
	end = page.locator('.frappe-control[data-fieldname="end_date"] input')
	expect(end).to_have_value(day(start - timedelta(days=1)))
	expect(end).to_be_editable()
	page.screenshot(path=str(ARTIFACTS / f"{shots}-4-previous-record.png"), full_page=True)
