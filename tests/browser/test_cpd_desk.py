"""Certificates, CPD evidence and the Appendix 2 confirmation in the desk, by the people who use them."""

import random
from datetime import date, timedelta
from urllib.parse import quote

import pytest
import requests
from conftest import ADMIN_PASSWORD, ARTIFACTS, BASE_URL, PASSWORD, login, site_today, valid_bin, valid_iin
from playwright.sync_api import expect

rng = random.Random()


def session_of(email: str) -> requests.Session:
	session = requests.Session()
	session.post(f"{BASE_URL}/api/method/login", data={"usr": email, "pwd": PASSWORD}).raise_for_status()
	return session


@pytest.fixture(scope="module")
def staff(admin):
	"""An entity with its HR specialist, HR chief and head, and a worker with a job, a certificate and evidence."""
	bin_ = valid_bin(date(2011, 6, 1))
	users = {}
	for function in ("HR Specialist", "HR Chief", "Head of Healthcare Entity"):
		email = f"{function.split()[0].lower()}.{rng.randrange(10**6)}@cpd.profregister.kz"
		admin.post(
			f"{BASE_URL}/api/resource/User",
			json={"email": email, "first_name": function, "last_name": "Browser", "new_password": PASSWORD,
				"send_welcome_email": 0},
		).raise_for_status()  # fmt: skip
		users[function] = email
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={"entity_name": "CPD Browser Hospital", "bin": bin_, "region": "Astana",
			"users": [{"user": email, "function": function} for function, email in users.items()]},
	).raise_for_status()  # fmt: skip
	iin = valid_iin(date(1979, 7, 14), "Male")
	worker = admin.post(
		f"{BASE_URL}/api/resource/Health Worker",
		json={"iin": iin, "last_name": "Nurlanov", "first_name": "Daulet", "patronymic": "Serikovich",
			"current_entity": bin_},
	).json()["data"]["name"]  # fmt: skip
	admin.post(
		f"{BASE_URL}/api/resource/Employment",
		json={"health_worker": worker, "healthcare_entity": bin_, "position": "Nurse", "specialty": "Nursing",
			"start_date": "2016-03-01", "is_main": 1, "rate": 1, "order_number": "31-K", "order_date": "2016-03-01"},
	).raise_for_status()  # fmt: skip
	valid_until = (site_today() + timedelta(days=30)).isoformat()
	admin.post(
		f"{BASE_URL}/api/resource/Specialist Certificate",
		json={"health_worker": worker, "certificate_number": f"B{rng.randrange(10**7)}", "specialty": "Nursing",
			"issuing_body": "NCIE", "issue_date": "2021-12-01", "valid_until": valid_until},
	).raise_for_status()  # fmt: skip
	upload = admin.post(
		f"{BASE_URL}/api/method/upload_file",
		files={"file": ("course.pdf", f"%PDF-1.4 course {rng.random()}".encode(), "application/pdf")},
		data={"is_private": 1},
	)
	upload.raise_for_status()
	evidence = admin.post(
		f"{BASE_URL}/api/resource/CPD Evidence",
		json={"health_worker": worker, "criterion": "01", "unit": "hour", "quantity": 36,
			"title": "Infection control in inpatient care", "organiser": "Astana Medical University",
			"date_from": "2025-04-07", "date_to": "2025-04-12", "document_language": "Russian",
			"attachment": upload.json()["message"]["file_url"]},
	)  # fmt: skip
	evidence.raise_for_status()
	return {"entity": bin_, "worker": worker, "evidence": evidence.json()["data"]["name"], **users}


def test_hr_sees_upcoming_expiry_in_the_report(page, staff):
	login(page, staff["HR Specialist"], PASSWORD)
	page.goto(f"{BASE_URL}/app/query-report/Certificate Expiry?healthcare_entity={staff['entity']}&view=List")
	row = page.locator(".dt-row", has_text="Nurlanov Daulet Serikovich")
	row.wait_for()
	assert "Upcoming" in row.inner_text()
	page.screenshot(path=str(ARTIFACTS / "certificate-expiry-report.png"))


def test_hr_verifies_evidence(page, admin, staff):
	login(page, staff["HR Specialist"], PASSWORD)
	page.goto(f"{BASE_URL}/app/cpd-evidence/{staff['evidence']}")
	# One dialog asks for what verification needs: the profile match, then Verify.
	page.get_by_role("button", name="Verify").click()
	page.locator('.modal.show input[data-fieldname="profile_matches"]').check()
	page.locator(".modal.show .btn-primary").click()
	page.wait_for_selector(".indicator-pill:has-text('Verified')")
	page.screenshot(path=str(ARTIFACTS / "cpd-evidence-verified.png"))
	saved = admin.get(f"{BASE_URL}/api/resource/CPD Evidence/{staff['evidence']}").json()["data"]
	assert (saved["status"], saved["credit_units"], saved["verified_by"]) == (
		"Verified",
		36,
		staff["HR Specialist"],
	)


def apply_action(page, action: str):
	page.get_by_role("button", name="Actions").click()
	page.locator(".dropdown-menu.show .dropdown-item", has_text=action).click()


def test_confirmation_signed_printed_and_verified(browser, staff):
	hr = session_of(staff["HR Specialist"])
	made = hr.post(
		f"{BASE_URL}/api/resource/CPD Confirmation",
		json={"health_worker": staff["worker"], "declared_specialty": "Nursing"},
	)
	made.raise_for_status()
	doc = made.json()["data"]
	hr.post(
		f"{BASE_URL}/api/method/frappe.model.workflow.apply_workflow",
		json={"doc": doc, "action": "Check"},
	).raise_for_status()

	for function, action, state in (
		("HR Chief", "Sign", "Signed by HR Chief"),
		("Head of Healthcare Entity", "Confirm", "Confirmed"),
	):
		context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
		page = context.new_page()
		page.set_default_timeout(20_000)
		login(page, staff[function], PASSWORD)
		page.goto(f"{BASE_URL}/app/cpd-confirmation/{doc['name']}")
		page.wait_for_selector(
			f".indicator-pill:has-text('Checked'), .indicator-pill:has-text('{state}'), .indicator-pill:has-text('Signed')"
		)
		apply_action(page, action)
		# Signing first says what it means, and waits for a yes (the form's before_workflow_action).
		page.locator(".modal:visible .modal-footer .btn-primary").click()
		page.wait_for_selector(f".indicator-pill:has-text('{state}')")
		page.screenshot(path=str(ARTIFACTS / f"cpd-confirmation-{action.lower()}.png"))
		if action == "Confirm":
			# Signers by their own names, never the worker's (Frappe's User link shows the record's full_name).
			for field, name in (("checked_by", "HR Specialist"), ("hr_chief", "HR Chief"),
				("head", "Head of Healthcare Entity")):  # fmt: skip
				shown = page.locator(f'.frappe-control[data-fieldname="{field}"] .control-value').inner_text()
				assert name in shown and "Nurlanov" not in shown, (field, shown)
			pdf = page.request.get(
				f"{BASE_URL}/api/method/frappe.utils.print_format.download_pdf",
				params={"doctype": "CPD Confirmation", "name": doc["name"],
					"format": "Appendix 2 - Confirmation of CPD results"},
			)  # fmt: skip
			assert pdf.ok and pdf.body().startswith(b"%PDF")
			(ARTIFACTS / "appendix-2.pdf").write_bytes(pdf.body())
		context.close()

	confirmed = (
		session_of(staff["HR Chief"])
		.get(f"{BASE_URL}/api/resource/CPD Confirmation/{doc['name']}")
		.json()["data"]
	)
	assert (confirmed["docstatus"], confirmed["total_credit_units"]) == (1, 36)
	guest = browser.new_context()
	page = guest.new_page()
	page.goto(f"{BASE_URL}/cpd-verify?code={confirmed['verification_code']}")
	result = page.locator("#cpd-verify-result")
	assert "Nurlanov D. S." in result.inner_text()
	assert "36" in result.inner_text()
	page.screenshot(path=str(ARTIFACTS / "cpd-verify.png"))
	guest.close()


def test_guided_evidence_entry(page, staff):
	"""The criterion decides the form: its variants (translated), only its units, authorship only where
	it counts, and the CU (or what is missing) before saving."""
	login(page, staff["HR Specialist"], PASSWORD)
	page.goto(f"{BASE_URL}/app/cpd-evidence/new")
	page.wait_for_selector('.frappe-control[data-fieldname="criterion"] input')
	page.wait_for_function("() => window.cur_frm && cur_frm.doctype === 'CPD Evidence' && cur_frm.is_new()")
	page.evaluate(
		"""([worker]) => { cur_frm.set_value("health_worker", worker);
		cur_frm.set_value("date_from", "2025-05-12"); cur_frm.set_value("date_to", "2025-05-13");
		cur_frm.set_value("criterion", "06"); }""",
		[staff["worker"]],
	)
	variant = page.locator('.frappe-control[data-fieldname="variant"] input')
	variant.wait_for()
	variant.click()
	options = page.locator('.frappe-control[data-fieldname="variant"] .awesomplete li')
	options.first.wait_for()
	assert "Republican" in options.all_inner_texts()
	options.filter(has_text="Republican").first.click()
	page.wait_for_function(
		"() => [...cur_frm.fields_dict.unit.$input[0].options].map(o => o.value).join() === 'day,report'"
	)
	assert not page.locator('.frappe-control[data-fieldname="author_position"]').is_visible()
	page.evaluate('() => cur_frm.set_value("quantity", 2)')
	intro = page.locator(".form-message:visible")
	intro.first.wait_for()
	page.screenshot(path=str(ARTIFACTS / "cpd-evidence-guided.png"), full_page=True)
	# Without the document the evidence earns nothing yet, and the form says so before saving.
	assert "attach" in intro.first.inner_text().lower()


def test_a_rate_edit_in_place_is_counted_first(page, admin, staff):
	"""Editing a rate of the set that values evidence asks first, with the count; cancelling saves nothing,
	and the form offers a new rule set from a date instead."""
	rule_set = "DSM-283/2020 Appendix 1"
	stored = admin.get(f"{BASE_URL}/api/resource/CPD Rule Set/{rule_set}").json()["data"]["rates"][0]
	login(page, "Administrator", ADMIN_PASSWORD)
	page.goto(f"{BASE_URL}/app/cpd-rule-set/{quote(rule_set, safe='')}")
	page.get_by_role("button", name="New rule set from date").wait_for()
	page.evaluate(
		"""([name, units]) => frappe.model.set_value("CPD Rate", name, "credit_units", units)""",
		[stored["name"], stored["credit_units"] + 5],
	)
	page.keyboard.press("Control+s")
	dialog = page.locator(".modal.show", has_text="revalues")
	dialog.wait_for()
	assert "New rule set from date" in dialog.inner_text()
	page.screenshot(path=str(ARTIFACTS / "rule-set-edit-in-place.png"))
	dialog.get_by_role("button", name="No").click()
	expect(dialog).to_be_hidden()
	now = admin.get(f"{BASE_URL}/api/resource/CPD Rule Set/{rule_set}").json()["data"]["rates"][0]
	assert now["credit_units"] == stored["credit_units"], "cancelled: nothing saved"
