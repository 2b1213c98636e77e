"""Stored markup stays inert wherever it is shown: the public verification page, the Appendix 2 print,
the confirmation form and its grid, the evidence list and report view, and the association's report.

Input refuses markup (proved in the integration layer); here the values are written straight into the
database, as an old import or a direct write could leave them, in both shapes that skip Frappe's
sanitiser: plain markup and markup inside a JSON-looking value."""

from conftest import ARTIFACTS, BASE_URL, PASSWORD, bench_execute, login
from test_cpd_desk import session_of, staff  # noqa: F401 (staff is a pytest fixture)

PLAIN = "<img src=x onerror=alert('plain')>"
JSON_SHAPED = '["<svg/onload=alert(\'json\')>", "x"]'


def watch(page):
	"""Record every script dialog the page opens: a payload that runs opens one."""
	page.fired = []
	page.on("dialog", lambda dialog: (page.fired.append(dialog.message), dialog.dismiss()))
	return page


def inert(page, url: str, wait_for: str):
	fired = page.fired
	page.goto(url)
	page.wait_for_selector(wait_for)
	# Rendered and settled: every image has loaded or failed (an onerror payload would have run) and the
	# desk has no request in flight.
	page.wait_for_function(
		"() => [...document.images].every((img) => img.complete) && !window.frappe?.request?.ajax_count"
	)
	assert fired == [], f"{url}: script ran ({fired})"
	assert page.locator("img[src='x'], svg[onload]").count() == 0, url


def test_stored_markup_is_inert(browser, admin, staff):  # noqa: F811
	hr = session_of(staff["HR Specialist"])
	made = hr.post(f"{BASE_URL}/api/resource/CPD Confirmation",
		json={"health_worker": staff["worker"], "declared_specialty": "Nursing"})  # fmt: skip
	made.raise_for_status()
	confirmation = made.json()["data"]
	row = confirmation["results"][0]["name"]
	bench_execute("frappe.db.set_value", "CPD Confirmation", confirmation["name"],
		{"full_name": PLAIN, "place_of_work": JSON_SHAPED, "docstatus": 1})  # fmt: skip
	bench_execute("frappe.db.set_value", "CPD Confirmation Result", row, "criterion_name", JSON_SHAPED)
	bench_execute("frappe.db.set_value", "CPD Evidence", staff["evidence"], "title", JSON_SHAPED)
	bench_execute("frappe.db.set_value", "Health Worker", staff["worker"], "full_name", PLAIN)

	guest = browser.new_context()
	inert(
		watch(guest.new_page()),
		f"{BASE_URL}/cpd-verify?code={confirmation['verification_code']}",
		"#cpd-verify-result",
	)
	guest.close()

	context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
	page = watch(context.new_page())
	page.set_default_timeout(20_000)
	login(page, staff["HR Chief"], PASSWORD)
	name = confirmation["name"]
	inert(page, f"{BASE_URL}/printview?doctype=CPD Confirmation&name={name}"
		"&format=Appendix 2 - Confirmation of CPD results", ".appendix-2")  # fmt: skip
	inert(page, f"{BASE_URL}/app/cpd-confirmation/{name}", ".form-grid .grid-row")
	page.screenshot(path=str(ARTIFACTS / "xss-confirmation-form.png"))
	inert(page, f"{BASE_URL}/app/cpd-evidence?health_worker={staff['worker']}", ".list-row-container")
	inert(page, f"{BASE_URL}/app/cpd-evidence/view/report?health_worker={staff['worker']}", ".dt-row")
	inert(
		page,
		f"{BASE_URL}/app/query-report/Certificate Expiry?healthcare_entity={staff['entity']}&view=List",
		".dt-row",
	)
	page.screenshot(path=str(ARTIFACTS / "xss-report.png"))
	context.close()
