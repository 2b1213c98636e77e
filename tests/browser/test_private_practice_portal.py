"""A private practitioner confirms their own CPD results in their portal (order of 18.12.2025)."""

import random
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, valid_bin, valid_iin


def test_practitioner_confirms_own_results(page, admin):
	rng = random.Random()
	email = f"practitioner.{rng.randrange(10**6)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "Dina", "new_password": PASSWORD, "send_welcome_email": 0},
	).raise_for_status()
	practice = valid_bin(date(2012, 4, 1))
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={"entity_name": "ИП Сапарова", "bin": practice, "region": "Astana", "ownership": "Private"},
	).raise_for_status()
	iin = valid_iin(date(1984, 9, 9), "Female")
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

	# The practitioner's account is a Website User: the login opens their portal.
	page.goto(f"{BASE_URL}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", PASSWORD)
	page.click(".btn-login")
	page.wait_for_url("**/cpd")
	page.goto(f"{BASE_URL}/cpd/confirmations")
	page.select_option("#declared_specialty", "Nursing")
	page.locator("#cpd-self-confirm-submit").click()
	row = page.locator('#cpd-confirmations li[data-state="Confirmed"]')
	row.wait_for()
	name = row.get_attribute("data-confirmation")
	page.screenshot(path=str(ARTIFACTS / "private-practice-confirmed.png"), full_page=True)
	saved = admin.get(f"{BASE_URL}/api/resource/CPD Confirmation/{name}").json()["data"]
	assert (saved["workflow_state"], saved["self_confirmed"], saved["head"]) == ("Confirmed", 1, email)
	assert row.locator("a.cpd-pdf").count() == 1
