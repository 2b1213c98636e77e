"""An HR specialist registers a worker in the desk; the server fills and checks the data."""

import random
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login, valid_bin, valid_iin
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


def test_hr_hires_a_worker_registered_elsewhere_by_iin(page, admin, hr_user):

	other = valid_bin(date(2012, 3, 1))
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={"entity_name": "Elsewhere Clinic", "bin": other, "region": "Astana"},
	).raise_for_status()
	iin = valid_iin(date(1983, 9, 9), "Female")
	admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Abenova", "first_name": "Saule", "current_entity": other},
	).raise_for_status()
	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/health-worker")
	page.get_by_role("button", name="Hire a registered worker by IIN").click()
	dialog = page.locator(".modal.show")
	# Frappe sets cur_dialog when the modal has finished opening, not when its inputs appear.
	page.wait_for_function("() => window.cur_dialog && cur_dialog.fields_dict && cur_dialog.fields_dict.iin")
	dialog.locator('textarea[data-fieldname="purpose"]').fill("Hire as a nurse")
	dialog.locator('input[data-fieldname="iin"]').fill(iin)
	dialog.locator('input[data-fieldname="iin"]').press("Tab")
	found = dialog.locator(".hire-found")
	found.wait_for()
	# Only the name and whether they work now: never where, nothing else of the record.
	assert "Abenova Saule" in found.inner_text() and "employed now" in found.inner_text()
	assert "Elsewhere Clinic" not in found.inner_text()
	page.evaluate(
		"""([entity]) => { cur_dialog.set_value("healthcare_entity", entity);
		cur_dialog.set_value("position", "Nurse"); cur_dialog.set_value("start_date", frappe.datetime.get_today()); }""",
		[hr_user["entity"]],
	)
	page.screenshot(path=str(ARTIFACTS / "hire-by-iin.png"))
	dialog.locator(".btn-primary").click()
	page.wait_for_url("**/app/employment/**")
