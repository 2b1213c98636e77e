"""The small things of issue 25's P3 list, in Russian and Kazakh, as a user sees them: numbers with a
decimal comma, an overdue certificate said as overdue, empty CU bounds left empty, a regional user's
reports starting in their region, workspace titles and legends not cut off, the CPD confirmation's
credit units on a phone, one indicator strip after a save, the IIN's problem said under the field, and
the public verify page naming who issued the confirmation instead of "Built on Frappe"."""

import random
from datetime import date, timedelta
from itertools import pairwise

import pytest
from conftest import ARTIFACTS, BASE_URL, PASSWORD, desk_idle, login, site_today, valid_iin
from test_portal import DESKTOP, PHONE, confirm_as_employer, registered_worker, translate

# How the NHWA report's datatable writes the first row of an indicator: the text of the given cells.
SHOWN = """([code, fields]) => {
	const report = frappe.query_report, columns = report.datatable.getColumns();
	const index = report.data.findIndex((row) => row.code === code);
	return fields.map((field) => {
		const column = columns.find((c) => c.id === field);
		const html = column.format(report.data[index][field], report.datatable.datamanager.getRow(index), column,
			report.data[index]);
		return $(html).text().trim();
	});
}"""


def new_user(admin, lang: str, roles: list[str]) -> str:
	email = f"details.{lang}.{random.randrange(10**7)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "Details", "new_password": PASSWORD, "send_welcome_email": 0,
			"language": lang, "roles": [{"role": role} for role in roles]},
	).raise_for_status()  # fmt: skip
	return email


@pytest.fixture(scope="module")
def expired_worker(admin, hr_user) -> str:
	"""A nurse whose only certificate for clinical practice expired 180 days ago."""
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": valid_iin(date(1987, 3, 4), "Female"), "last_name": "Оспанова", "first_name": "Гүлназ",
			"current_entity": hr_user["entity"]},
	)  # fmt: skip
	worker.raise_for_status()
	name = worker.json()["data"]["name"]
	admin.post(
		f"{BASE_URL}/api/resource/Specialist Certificate",
		json={"health_worker": name, "certificate_number": f"KZ-{random.randrange(10**8)}", "specialty": "Nursing",
			"issuing_body": "НЦНЭ", "issue_date": "2020-01-10",
			"valid_until": (site_today() - timedelta(days=180)).isoformat()},
	).raise_for_status()  # fmt: skip
	return name


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_numbers_and_overdue_certificates_in_the_desk(browser, admin, expired_worker, lang):
	context = browser.new_context(viewport=DESKTOP)
	page = context.new_page()
	try:
		login(page, new_user(admin, lang, ["National Coordinator", "Register Administrator"]), PASSWORD)
		# Frappe's own formatting follows the user's language: a decimal comma, a space between thousands.
		written = page.evaluate("frappe.format(5117.5, {fieldtype: 'Float', precision: 2})")
		assert "5 117,50" in written.replace("\u00a0", " ")

		page.goto(f"{BASE_URL}/app/query-report/Certificate Expiry?view=List")
		overdue = translate("{0} d. overdue", lang).replace("{0}", "180")
		page.get_by_text(overdue, exact=True).first.wait_for()
		assert not page.get_by_text("-180", exact=True).count()
		page.screenshot(path=str(ARTIFACTS / f"details-{lang}-certificate-expiry.png"))

		# A headcount is a count: no decimals, in the numerator or the value.
		page.goto(f"{BASE_URL}/app/query-report/NHWA Indicators")
		page.wait_for_function(
			"frappe.query_report && frappe.query_report.datatable && frappe.query_report.data"
		)
		shown = page.evaluate(SHOWN, ["REG-HC", ["numerator", "value"]])
		assert all(text.isdigit() for text in shown), shown
		fte = page.evaluate(SHOWN, ["REG-FTE", ["value"]])[0]
		assert "," in fte and "." not in fte, fte  # an FTE keeps its decimals, after a comma

		page.goto(f"{BASE_URL}/app/query-report/CPD Summary for Professional Associations")
		for bound in ("min_total", "max_total"):
			field = page.locator(f'.page-form [data-fieldname="{bound}"] input')
			field.wait_for()
			assert field.input_value() == ""
	finally:
		context.close()


def test_a_regional_users_reports_start_in_their_region(browser, admin):
	user = new_user(admin, "ru", [])
	region = admin.post(
		f"{BASE_URL}/api/resource/Region",
		json={"region_name": f"Район {random.randrange(10**7)}", "region_type": "District",
			"parent_region": "Astana", "users": [{"user": user}]},
	)  # fmt: skip
	region.raise_for_status()
	context = browser.new_context(viewport=DESKTOP)
	page = context.new_page()
	try:
		login(page, user, PASSWORD)
		page.goto(f"{BASE_URL}/app/query-report/Quarterly Forecast")
		page.wait_for_function("frappe.query_report && frappe.query_report.get_filter('region')")
		assert (
			page.evaluate("frappe.query_report.get_filter_value('region')") == region.json()["data"]["name"]
		)
	finally:
		context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1440x900", "390x844"])
def test_workspace_titles_and_chart_legend_are_whole(browser, admin, viewport):
	context = browser.new_context(viewport=viewport)
	page = context.new_page()
	try:
		login(page, new_user(admin, "kk", ["National Coordinator"]), PASSWORD)
		page.goto(f"{BASE_URL}/app/workforce-analytics")
		page.locator(".links-widget-box .link-text").first.wait_for()
		cut = page.evaluate(
			"""[...document.querySelectorAll('.links-widget-box .link-content, .number-widget-box .widget-title .ellipsis, .desk-sidebar .sidebar-item-label')]
				.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.innerText)"""
		)
		assert cut == []
		legend = page.locator(".chart-legend .legend-dataset-label")
		legend.first.wait_for()
		boxes = [legend.nth(i).bounding_box() for i in range(legend.count())]
		for left, right in pairwise(boxes):
			if abs(left["y"] - right["y"]) < 5:  # on one row: the first ends before the next one's dot
				assert left["x"] + left["width"] < right["x"] - 12
		page.screenshot(path=str(ARTIFACTS / f"details-workspace-{viewport['width']}.png"), full_page=True)
	finally:
		context.close()


def test_the_confirmation_shows_its_credit_units_on_a_phone(browser, admin, hr_user):
	worker = registered_worker(admin, hr_user["entity"])
	doc = admin.post(
		f"{BASE_URL}/api/resource/CPD Confirmation",
		json={"health_worker": worker, "declared_specialty": "Nursing"},
	)
	doc.raise_for_status()
	context = browser.new_context(viewport=PHONE)
	page = context.new_page()
	try:
		login(page, "Administrator", "admin")
		page.goto(f"{BASE_URL}/app/cpd-confirmation/{doc.json()['data']['name']}")
		cell = page.locator(
			'[data-fieldname="results"] .grid-body .grid-static-col[data-fieldname="credit_units"]'
		)
		cell.first.wait_for()
		box = cell.first.bounding_box()
		assert box["width"] > 0 and box["x"] + box["width"] <= PHONE["width"]
		page.screenshot(path=str(ARTIFACTS / "details-confirmation-390.png"), full_page=True)
	finally:
		context.close()


def test_one_indicator_strip_after_a_save_and_the_iin_said_under_its_field(browser, admin, hr_user):
	worker = registered_worker(admin, hr_user["entity"])
	context = browser.new_context(viewport=DESKTOP)
	page = context.new_page()
	try:
		login(page, "Administrator", "admin")
		page.goto(f"{BASE_URL}/app/health-worker/{worker}")
		strip = page.locator("[data-profregister-indicator]")
		strip.nth(1).wait_for()
		for _ in range(2):
			page.locator('.frappe-control[data-fieldname="place_of_birth"] input').fill(
				f"Алматы {random.randrange(10**6)}"
			)
			page.keyboard.press("Control+s")
			page.wait_for_function("!cur_frm.is_dirty()")
			desk_idle(page)
		# Two indicators (the certificate, the CU), however many refreshes the saves ran.
		assert page.evaluate("cur_frm.dashboard.stats_area_row.find('.indicator-column').length") == 2

		page.goto(f"{BASE_URL}/app/health-worker/new")
		iin = page.locator('.frappe-control[data-fieldname="iin"] input')
		iin.wait_for()
		iin.press_sequentially("123456789012")
		problem = page.locator(".profregister-iin-problem")
		problem.wait_for()
		assert problem.inner_text().strip()
		assert not page.locator(".modal.show .msgprint").count()
	finally:
		context.close()


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_the_verify_page_names_the_issuer_not_frappe(browser, admin, hr_user, lang):
	worker = registered_worker(admin, hr_user["entity"])
	name = confirm_as_employer(admin, worker)
	code = admin.get(f"{BASE_URL}/api/resource/CPD Confirmation/{name}").json()["data"]["verification_code"]
	entity = admin.get(f"{BASE_URL}/api/resource/Healthcare Entity/{hr_user['entity']}").json()["data"]
	context = browser.new_context(viewport=PHONE)
	page = context.new_page()
	try:
		page.goto(f"{BASE_URL}/cpd-verify?code={code}&_lang={lang}")
		result = page.locator("#cpd-verify-result")
		assert translate("Issued by", lang) in result.inner_text()
		assert entity["entity_name"] in result.inner_text()
		assert "Frappe" not in page.locator("body").inner_text()
		page.screenshot(path=str(ARTIFACTS / f"details-verify-{lang}.png"), full_page=True)
	finally:
		context.close()
