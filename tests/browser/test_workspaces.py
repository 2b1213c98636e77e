"""Each audience lands on its own workspace with live figures; the worker form leads everywhere."""

import random
import re
from datetime import date

import pytest
from conftest import ARTIFACTS, BASE_URL, PASSWORD, login, valid_iin


@pytest.fixture
def worker(admin, hr_user):
	iin = valid_iin(date(1979, 3, 14), "Male")
	response = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Omarov", "first_name": "Daulet", "current_entity": hr_user["entity"]},
	)
	response.raise_for_status()
	return response.json()["data"]["name"]


def set_language(admin, email: str, language: str):
	admin.put(f"{BASE_URL}/api/resource/User/{email}", json={"language": language}).raise_for_status()


@pytest.mark.parametrize("viewport", [(1440, 900), (390, 844)], ids=["desktop", "phone"])
def test_hr_lands_on_the_register_with_live_figures(browser, hr_user, worker, viewport):
	context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
	page = context.new_page()
	page.set_default_timeout(20_000)
	login(page, hr_user["email"], PASSWORD)
	page.wait_for_url("**/app/professional-register")
	card = page.locator(".widget.number-widget-box", has_text="Active Health Workers")
	card.locator(".widget-content .number").wait_for()
	page.screenshot(path=str(ARTIFACTS / f"workspace-hr-{viewport[0]}.png"), full_page=True)
	assert int(card.locator(".widget-content .number").inner_text().strip()) >= 1
	# Its horizon is the administrator's parameter, read at boot: the card must still count.
	notice = page.locator(".widget.number-widget-box", has_text="Certificates in the Notice Period")
	notice.locator(".widget-content .number").wait_for()
	chart = page.locator(".widget.dashboard-widget-box", has_text="Hires and Departures")
	chart.locator("svg.frappe-chart").wait_for()
	assert page.locator(".page-title", has_text="Users").count() == 0
	# The desk reads saved times with the offset the server writes them in (UTC+5 since March 2024), so
	# a worker just saved was modified "just now", not an hour ago.
	assert page.evaluate("moment.tz('2026-06-01 12:00:00', frappe.boot.time_zone.system).utcOffset()") == 300
	modified = page.evaluate(
		"name => frappe.db.get_value('Health Worker', name, 'modified').then(r => r.message.modified)", worker
	)
	ago = page.evaluate("modified => frappe.datetime.prettyDate(modified, true)", modified)
	assert re.fullmatch(r"now|\d m", ago), ago  # an hour off reads "1 h", or nothing for the future
	context.close()


def test_russian_hr_sees_the_workspace_in_russian(page, admin, hr_user, worker):
	set_language(admin, hr_user["email"], "ru")
	try:
		login(page, hr_user["email"], PASSWORD)
		page.wait_for_url("**/app/professional-register")
		page.locator(".widget.number-widget-box", has_text="Работающие медицинские работники").wait_for()
		page.screenshot(path=str(ARTIFACTS / "workspace-hr-ru.png"), full_page=True)
		assert page.locator(".widget.number-widget-box", has_text="Active Health Workers").count() == 0
	finally:
		set_language(admin, hr_user["email"], "en")


def test_worker_form_connects_to_everything_about_the_worker(page, hr_user, worker):
	login(page, hr_user["email"], PASSWORD)
	page.goto(f"{BASE_URL}/app/health-worker/{worker}")
	links = page.locator(".form-links")
	links.wait_for()
	for doctype in ("Employment", "Specialist Certificate", "CPD Evidence", "CPD Confirmation"):
		assert links.locator(f'.document-link[data-doctype="{doctype}"]').count() == 1, doctype
	# The strip at the top: certificate validity and the CU of the window.
	page.locator(".form-dashboard .indicator", has_text="CU").wait_for()
	page.locator(".form-dashboard .indicator", has_text="certificate").wait_for()
	page.screenshot(path=str(ARTIFACTS / "worker-connections.png"), full_page=True)


# "Active Health Workers", on both workspaces.
CARD = {"ru": "Работающие медицинские работники", "kk": "Жұмыс істейтін медицина қызметкерлері"}


@pytest.fixture(scope="module")
def audiences(admin, hr_user):
	"""An HR chief and a head at the HR user's entity, a regional department and a coordinator."""
	run = random.randrange(10**6)
	made = {}
	for key, first in (
		("chief", "Chief"),
		("head", "Head"),
		("region", "Region"),
		("coordinator", "Coordinator"),
	):
		email = f"{key}.{run}@audience.profregister.kz"
		admin.post(f"{BASE_URL}/api/resource/User", json={"email": email, "first_name": first,
			"new_password": PASSWORD, "send_welcome_email": 0}).raise_for_status()  # fmt: skip
		made[key] = email
	entity = admin.get(f"{BASE_URL}/api/resource/Healthcare Entity/{hr_user['entity']}").json()["data"]
	entity["users"] += [{"user": made["chief"], "function": "HR Chief"},
		{"user": made["head"], "function": "Head of Healthcare Entity"}]  # fmt: skip
	admin.put(f"{BASE_URL}/api/resource/Healthcare Entity/{hr_user['entity']}",
		json={"users": entity["users"]}).raise_for_status()  # fmt: skip
	region = admin.get(f"{BASE_URL}/api/resource/Region/Astana").json()["data"]
	admin.put(f"{BASE_URL}/api/resource/Region/Astana",
		json={"users": [*region.get("users", []), {"user": made["region"]}]}).raise_for_status()  # fmt: skip
	admin.put(f"{BASE_URL}/api/resource/User/{made['coordinator']}",
		json={"roles": [{"role": "National Coordinator"}]}).raise_for_status()  # fmt: skip
	return made


@pytest.mark.parametrize(
	"who, lang, width, home",
	[
		("chief", "kk", 390, "professional-register"),
		("head", "ru", 1440, "professional-register"),
		("region", "kk", 1440, "workforce-analytics"),
		("coordinator", "ru", 390, "workforce-analytics"),
		("coordinator", "kk", 1440, "workforce-analytics"),
	],
)
def test_each_audience_lands_home_in_its_language(browser, admin, audiences, who, lang, width, home):
	set_language(admin, audiences[who], lang)
	context = browser.new_context(viewport={"width": width, "height": 844 if width < 800 else 900})
	page = context.new_page()
	page.set_default_timeout(20_000)
	login(page, audiences[who], PASSWORD)
	page.wait_for_url(f"**/app/{home}")
	card = page.locator(".widget.number-widget-box", has_text=CARD[lang])
	card.locator(".widget-content .number").wait_for()
	page.screenshot(path=str(ARTIFACTS / f"home-{who}-{lang}-{width}.png"), full_page=True)
	context.close()
