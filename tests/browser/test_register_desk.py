"""An HR specialist registers a worker in the desk; the server fills and checks the data."""

import random
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login

from profregister.domain.identifiers import make_iin


def fill(page, fieldname: str, value: str):
	page.locator(f'.frappe-control[data-fieldname="{fieldname}"] input').first.fill(value)


def new_worker_form(page):
	page.goto(f"{BASE_URL}/app/health-worker/new")
	page.wait_for_selector('.frappe-control[data-fieldname="iin"] input')


def test_hr_registers_worker(page, admin, hr_user):
	login(page, hr_user["email"], PASSWORD)
	# A fresh serial each run: the IIN must be new to the register.
	iin = next(
		i for i in (make_iin(date(1988, 2, 29), "Female", random.randrange(10000)) for _ in range(100)) if i
	)
	new_worker_form(page)
	# The entity comes from the user's scope: the HR specialist cannot pick another one.
	entity = page.locator('.frappe-control[data-fieldname="current_entity"] input').first
	assert entity.input_value() == "Browser Test Polyclinic"  # links show the entity's title
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
