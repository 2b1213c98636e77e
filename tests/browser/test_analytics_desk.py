"""The National Coordinator runs the monthly report and submits the month's figures in the desk."""

import random

import pytest
import requests
from conftest import ARTIFACTS, BASE_URL, PASSWORD, login


@pytest.fixture(scope="module")
def coordinator(admin):
	email = f"coordinator.{random.randrange(10**6)}@analytics.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "National", "last_name": "Coordinator", "new_password": PASSWORD,
			"send_welcome_email": 0, "roles": [{"role": "National Coordinator"}]},
	).raise_for_status()  # fmt: skip
	return email


def test_coordinator_runs_the_monthly_report(page, coordinator):
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
