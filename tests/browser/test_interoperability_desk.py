"""The Register Administrator issues an API client its key in the desk, the client reads the FHIR
directory with it; the National Coordinator runs the NHWA Indicators report and downloads its CSV."""

import random

import requests
from conftest import ADMIN_PASSWORD, ARTIFACTS, BASE_URL, PASSWORD, login


def test_administrator_issues_an_api_key_that_reads_the_directory(page, admin):
	name = f"Hospital HIS {random.randrange(10**6)}"
	login(page, "Administrator", ADMIN_PASSWORD)
	page.goto(f"{BASE_URL}/app/register-api-client/new")
	page.wait_for_function("window.cur_frm && cur_frm.doc.doctype === 'Register API Client'")
	page.evaluate(
		f"cur_frm.set_value('client_name', {name!r}).then(() => cur_frm.set_value('scope', 'Verification only'))"
	)
	page.keyboard.press("Control+s")
	page.wait_for_url("**/app/register-api-client/Hospital*")
	page.get_by_role("button", name="Issue API secret").click()
	page.locator(".modal.show").get_by_role("button", name="Yes").click()
	dialog = page.locator(".modal.show").filter(has_text="API key and secret")
	dialog.wait_for()
	token = dialog.locator('[data-fieldname="token"] .control-value').inner_text().strip()
	page.screenshot(path=str(ARTIFACTS / "api-client-secret.png"))
	assert ":" in token

	fhir = requests.Session()
	fhir.headers["Authorization"] = f"token {token}"
	statement = fhir.get(f"{BASE_URL}/fhir/R4/metadata")
	assert statement.status_code == 200 and statement.json()["resourceType"] == "CapabilityStatement"
	# A verification client searches by identifier and gets a Bundle; it may not browse.
	found = fhir.get(
		f"{BASE_URL}/fhir/R4/Practitioner",
		params={"identifier": "https://profregister.kz/fhir/sid/specialist-certificate|NONE"},
	)
	assert found.status_code == 200 and found.json()["resourceType"] == "Bundle"
	assert fhir.get(f"{BASE_URL}/fhir/R4/Organization").status_code == 403
	logged = admin.get(
		f"{BASE_URL}/api/resource/Register Access Log",
		params={"filters": f'[["client", "=", "{name}"]]', "fields": '["interaction", "status_code"]'},
	).json()["data"]
	assert {"interaction": "search", "status_code": 403} in logged


def test_coordinator_runs_the_nhwa_report(page, admin):
	email = f"coordinator.nhwa.{random.randrange(10**6)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "Coordinator", "new_password": PASSWORD, "send_welcome_email": 0,
			"roles": [{"role": "National Coordinator"}]},
	).raise_for_status()  # fmt: skip
	login(page, email, PASSWORD)
	page.goto(f"{BASE_URL}/app/query-report/NHWA Indicators")
	page.locator(".dt-row").first.wait_for()
	assert page.locator(".dt-cell__content", has_text="1-03").count() > 0
	page.screenshot(path=str(ARTIFACTS / "nhwa-report.png"), full_page=True)
	assert page.get_by_role("button", name="NHWA CSV").is_visible()
	# The CSV in the coordinator's session: the request the button opens.
	response = page.context.request.get(
		f"{BASE_URL}/api/method/profregister.api.nhwa_indicators_csv?year=2025"
	)
	assert response.status == 200
	assert (
		response.text()
		.splitlines()[0]
		.startswith("indicator_code,module,edition,code_status,indicator,occupation_isco")
	)
