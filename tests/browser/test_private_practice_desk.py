"""A private practitioner confirms their own CPD results in the desk (order of 18.12.2025)."""

import random
import time
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login

from profregister.domain.identifiers import make_bin, make_iin


def test_practitioner_confirms_own_results(page, admin):
	rng = random.Random()
	email = f"practitioner.{rng.randrange(10**6)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "Dina", "new_password": PASSWORD, "send_welcome_email": 0},
	).raise_for_status()
	practice = next(b for b in (make_bin(date(2012, 4, 1), rng.randrange(100000)) for _ in range(100)) if b)
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={"entity_name": "ИП Сапарова", "bin": practice, "region": "Astana", "ownership": "Private"},
	).raise_for_status()
	iin = next(
		i for i in (make_iin(date(1984, 9, 9), "Female", rng.randrange(10000)) for _ in range(100)) if i
	)
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={
			"iin": iin,
			"last_name": "Сапарова",
			"first_name": "Дина",
			"current_entity": practice,
			"user": email,
		},
	)
	worker.raise_for_status()
	worker = worker.json()["data"]["name"]
	admin.post(
		f"{BASE_URL}/api/resource/Employment",
		json={"health_worker": worker, "healthcare_entity": practice, "position": "Nurse", "specialty": "Nursing",
			"rate": 1, "start_date": "2019-03-01"},
	).raise_for_status()  # fmt: skip
	admin.put(
		f"{BASE_URL}/api/resource/Healthcare Entity/{practice}",
		json={"is_private_practice": 1, "practitioner": worker},
	).raise_for_status()

	login(page, email, PASSWORD)
	page.goto(f"{BASE_URL}/app/cpd-confirmation/new")
	page.wait_for_function("window.cur_frm && cur_frm.doc.doctype === 'CPD Confirmation'")
	page.evaluate(
		f"cur_frm.set_value('health_worker', '{worker}').then(() => cur_frm.set_value('declared_specialty', 'Nursing'))"
	)
	page.wait_for_timeout(500)
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/cpd-confirmation/CPDC-*")
	name = page.url.rstrip("/").split("/")[-1]
	page.get_by_role("button", name="Actions").click()
	page.locator(".dropdown-menu.show").get_by_text("Confirm", exact=True).click()
	for _ in range(40):
		saved = admin.get(f"{BASE_URL}/api/resource/CPD Confirmation/{name}").json()["data"]
		if saved["workflow_state"] == "Confirmed":
			break
		time.sleep(0.25)
	page.screenshot(path=str(ARTIFACTS / "private-practice-confirmed.png"))
	assert (saved["workflow_state"], saved["self_confirmed"], saved["head"]) == ("Confirmed", 1, email)
