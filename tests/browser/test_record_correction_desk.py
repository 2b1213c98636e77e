"""The HR of a worker's entity invites the worker to the register and accepts the worker's request to
correct their record, in the desk."""

import random
from datetime import date

from conftest import ARTIFACTS, BASE_URL, PASSWORD, login, poll, valid_iin


def test_hr_accepts_a_correction(page, admin, hr_user):
	iin = valid_iin(date(1991, 7, 15), "Female")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={
			"iin": iin,
			"last_name": "Testova",
			"first_name": "Aigerim",
			"current_entity": hr_user["entity"],
		},
	)
	worker.raise_for_status()
	worker = worker.json()["data"]["name"]
	request = admin.post(
		f"{BASE_URL}/api/resource/Record Correction Request",
		json={"health_worker": worker, "field": "Surname", "proposed_value": "Ахметова"},
	)
	request.raise_for_status()
	name = request.json()["data"]["name"]

	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/record-correction-request/{name}")
	page.get_by_role("button", name="Accept").click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	request_url = f"{BASE_URL}/api/resource/Record Correction Request/{name}"
	poll(lambda: admin.get(request_url).json()["data"]["status"], until=lambda status: status == "Accepted")
	page.screenshot(path=str(ARTIFACTS / "record-correction-accepted.png"))
	saved = admin.get(f"{BASE_URL}/api/resource/Health Worker/{worker}").json()["data"]
	assert saved["last_name"] == "Ахметова"
	decided = admin.get(f"{BASE_URL}/api/resource/Record Correction Request/{name}").json()["data"]
	assert (decided["status"], decided["decided_by"]) == ("Accepted", hr_user["email"])


def test_hr_invites_a_worker(page, admin, hr_user):
	iin = valid_iin(date(1993, 2, 11), "Male")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Serikov", "first_name": "Arman", "current_entity": hr_user["entity"]},
	)
	worker.raise_for_status()
	worker = worker.json()["data"]["name"]
	email = f"arman.{random.randrange(10**6)}@test.profregister.kz"

	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/health-worker/{worker}")
	page.get_by_role("button", name="Invite to the register").click()
	dialog = page.locator(".modal.show")
	dialog.locator('input[data-fieldname="email"]').fill(email)
	dialog.get_by_role("button", name="Send invitation").click()
	poll(
		lambda: admin.get(f"{BASE_URL}/api/resource/Health Worker/{worker}").json()["data"].get("user"),
		until=lambda user: user == email,
	)
	page.screenshot(path=str(ARTIFACTS / "worker-invited.png"))
	assert admin.get(f"{BASE_URL}/api/resource/Health Worker/{worker}").json()["data"]["user"] == email
