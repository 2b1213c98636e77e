"""The National Coordinator runs the monthly report and submits the month's figures in the desk."""

import random
from datetime import date

import pytest
import requests
from conftest import ARTIFACTS, BASE_URL, PASSWORD, login, valid_iin


@pytest.fixture(scope="module")
def coordinator(admin):
	email = f"coordinator.{random.randrange(10**6)}@analytics.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "National", "last_name": "Coordinator", "new_password": PASSWORD,
			"send_welcome_email": 0, "roles": [{"role": "National Coordinator"}]},
	).raise_for_status()  # fmt: skip
	return email


@pytest.fixture(scope="module")
def astana_worker(admin, hr_user):
	"""A nurse in Astana since 2019: the month's report has an Astana row whatever else the site holds
	(the integration tests leave nothing behind)."""
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": valid_iin(date(1988, 2, 9), "Female"), "last_name": "Есенова", "first_name": "Дана",
			"current_entity": hr_user["entity"]},
	)  # fmt: skip
	worker.raise_for_status()
	name = worker.json()["data"]["name"]
	admin.post(
		f"{BASE_URL}/api/resource/Employment",
		json={"health_worker": name, "healthcare_entity": hr_user["entity"], "position": "Nurse",
			"specialty": "Nursing", "rate": 1, "start_date": "2019-03-01"},
	).raise_for_status()  # fmt: skip
	return name


def test_coordinator_runs_the_monthly_report(page, coordinator, astana_worker):
	login(page, coordinator, PASSWORD)
	page.goto(f"{BASE_URL}/app/query-report/Monthly Register Report")
	page.locator(".dt-row", has_text="Astana").first.wait_for()
	assert "Stock at the start" in page.locator(".report-summary").inner_text()
	# Filters keep their labels once filled; the month shown is the one just ended.
	labels = page.locator(".profregister-filter-label").all_inner_texts()
	assert "Month (any day of it)" in labels and "Group by" in labels, labels
	month = page.locator('.page-form input[data-fieldname="month"]').input_value()
	assert month.startswith("01."), month
	page.screenshot(path=str(ARTIFACTS / "monthly-register-report.png"))


def test_coordinator_submits_the_month(page, coordinator):
	session = requests.Session()
	session.post(
		f"{BASE_URL}/api/method/login", data={"usr": coordinator, "pwd": PASSWORD}
	).raise_for_status()
	period = f"20{random.randrange(40, 99)}-{random.randrange(1, 13):02d}-01"
	made = session.post(
		f"{BASE_URL}/api/resource/Coordinator Submission",
		json={"period_type": "Monthly", "period_start": period},
	)
	made.raise_for_status()
	name = made.json()["data"]["name"]
	login(page, coordinator, PASSWORD)
	page.goto(f"{BASE_URL}/app/coordinator-submission/{name}")
	page.locator('.frappe-control[data-fieldname="figures_html"] table').wait_for()
	page.get_by_role("button", name="Submit").click()
	page.locator(".modal.show .btn-primary", has_text="Yes").click()
	page.wait_for_selector(".indicator-pill:has-text('Submitted')")
	page.screenshot(path=str(ARTIFACTS / "coordinator-submission.png"))
	saved = session.get(f"{BASE_URL}/api/resource/Coordinator Submission/{name}").json()["data"]
	assert (saved["docstatus"], saved["on_time"], saved["submitted_by"]) == (1, 1, coordinator)
