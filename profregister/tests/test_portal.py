"""The health worker's portal (/cpd) over real HTTP: accounts, evidence handed in and checked by HR,
corrections, the private practitioner's confirmation and its PDF, and nothing of anyone else's."""

import io
import json
import re
from datetime import date
from unittest.mock import patch

import frappe
from frappe.utils import add_days, today

from profregister.access import links
from profregister.services.portal import pages as portal
from profregister.tests.factories import (
	TEST_PROVIDER,
	CleanTestCase,
	accredited_provider,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest, signed_in

API = "/api/method/profregister.api."
PASSWORD = "Portal-2026!"


def pdf_upload(name: str = "certificate.pdf", content: bytes | None = None):
	return (io.BytesIO(content or f"%PDF-1.4 portal {frappe.generate_hash()}".encode()), name)


def evidence_form(**fields) -> dict:
	return {
		"criterion": "01",
		"unit": "hour",
		"quantity": "12",
		"title": f"Course {frappe.generate_hash(length=8)}",
		"provider": TEST_PROVIDER,
		"organiser": "Kazakh Medical University",
		"date_from": "2026-03-02",
		"date_to": "2026-03-03",
		"document_language": "Russian",
		"attachment": pdf_upload(),
		**fields,
	}


class PortalTestCase(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		accredited_provider()  # the organiser of the evidence handed in (evidence_form)

	def assertShows(self, html: str, text: str, shown: bool = True):
		"""Whether a page shows `text`, failing with the text only (a page is 300 kB)."""
		self.assertEqual(text in html, shown, f"{'missing' if shown else 'shown'}: {text}")


class TestPortal(PortalTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.run_id = frappe.generate_hash(length=6)
		cls.entity = make_entity("Astana").name
		cls.other_entity = make_entity("Astana").name
		cls.worker = make_worker(cls.entity, last_name="Ахметова", first_name="Айгерим").name
		make_employment(cls.worker, cls.entity, date(2019, 9, 1))
		make_certificate(cls.worker, date(2022, 1, 10), add_days(today(), 30))
		cls.other = make_worker(cls.other_entity, place_of_birth=f"Secret {cls.run_id}").name
		make_employment(cls.other, cls.other_entity, date(2019, 9, 1))
		cls.other_evidence = make_evidence(cls.other, title=f"Foreign course {cls.run_id}")
		cls.hr = make_user(f"hr.portal.{cls.run_id}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.account = f"aigerim.{cls.run_id}@test.profregister.kz"
		with patch("frappe.sendmail"):
			links.invite_worker(frappe.get_doc("Health Worker", cls.worker), cls.account)
		cls.tokens = {"worker": api_token(cls.account), "hr": api_token(cls.hr)}
		frappe.db.commit()

	def page(self, path: str, token: str | None = None):
		return rest("GET", path, token or self.tokens["worker"])

	def post(self, method: str, data: dict, token: str | None = None):
		return rest("POST", API + method, token or self.tokens["worker"], data=data)

	def test_the_invited_account_is_a_website_user_whose_home_is_the_portal(self):
		self.assertEqual(frappe.db.get_value("User", self.account, "user_type"), "Website User")
		with self.set_user(self.account):
			from frappe.website.utils import get_home_page

			self.assertEqual(get_home_page(), "cpd")
		# The desk is not theirs; the portal is, and shows them by name.
		self.assertNotEqual(self.page("/app/health-worker").status_code, 200)
		for path in ("/cpd", "/cpd/record", "/cpd/evidence", "/cpd/confirmations"):
			response = self.page(path)
			self.assertEqual(response.status_code, 200, path)
			self.assertShows(response.get_data(as_text=True), "Ахметова Айгерим")
		# A guest is sent to log in; an account with no worker gets no portal.
		guest = rest("GET", "/cpd", None)
		self.assertIn(guest.status_code, (301, 302, 303, 307), guest.status_code)
		self.assertIn("/login", guest.headers["Location"])
		self.assertEqual(self.page("/cpd", self.tokens["hr"]).status_code, 403)

	def test_evidence_from_the_portal_through_the_hr_check(self):
		form = evidence_form(health_worker=self.other)  # the request does not choose the worker
		response = rest("POST", API + "hand_in_evidence", self.tokens["worker"], data=form)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[-500:])
		frappe.db.commit()
		name = response.json["message"]
		stored = frappe.get_doc("CPD Evidence", name)
		self.assertEqual(
			(stored.health_worker, stored.status, stored.credit_units), (self.worker, "Draft", 12)
		)
		file = frappe.get_all(
			"File",
			filters={"file_url": stored.attachment},
			fields=["is_private", "attached_to_doctype", "attached_to_name"],
		)
		self.assertIn(
			{"is_private": 1, "attached_to_doctype": "CPD Evidence", "attached_to_name": name}, file
		)
		html = self.page("/cpd").get_data(as_text=True)
		self.assertShows(html, stored.title)
		self.assertShows(html, f'data-evidence="{name}" data-status="Draft"')

		verified = self.post("verify_evidence", {"name": name, "profile_matches": 1}, self.tokens["hr"])
		self.assertEqual(verified.status_code, 200, verified.get_data(as_text=True)[:300])
		frappe.db.commit()
		html = self.page("/cpd").get_data(as_text=True)
		self.assertShows(html, f'data-evidence="{name}" data-status="Verified"')
		# What it earned and why: the rate and the rule set it was valued by.
		self.assertRegex(html, r"12 hours × 1 CU per hour = 12 CU \(DSM-283/2020")
		self.assertEqual(
			frappe.db.get_value(
				"Notification Log", {"for_user": self.account, "document_name": name}, "for_user"
			),
			self.account,
		)
		# Checked evidence is not withdrawn.
		self.assertEqual(self.post("withdraw_evidence", {"name": name}).status_code, 417)

	def test_a_rejected_piece_is_handed_in_again_with_the_same_file(self):
		"""The PDF HR rejected is attached again, in Russian: a new draft of the same evidence, its file
		shared with the rejected record, which keeps its own; HR's reason is on the form."""
		content = f"%PDF-1.4 again {frappe.generate_hash()}".encode()
		values = evidence_form(title="Курс с ошибкой в часах", attachment=pdf_upload(content=content))
		first = self.post("hand_in_evidence", values)
		self.assertEqual(first.status_code, 200, first.get_data(as_text=True)[:300])
		rejected = first.json["message"]
		frappe.db.commit()
		reason = "Количество часов не совпадает с сертификатом «A & B»"
		refused = self.post("reject_evidence", {"name": rejected, "reason": reason}, self.tokens["hr"])
		self.assertEqual(refused.status_code, 200, refused.get_data(as_text=True)[:300])
		frappe.db.commit()

		form = self.page(f"/cpd/evidence?again={rejected}&_lang=ru").get_data(as_text=True)
		self.assertShows(form, 'id="cpd-rejection"')
		self.assertShows(form, "Кадровая служба вернула эти документы на исправление")
		self.assertShows(form, frappe.utils.escape_html(reason))
		self.assertShows(form, reason, False)
		self.assertShows(self.page("/cpd/evidence").get_data(as_text=True), 'id="cpd-rejection"', False)

		again = self.post(
			"hand_in_evidence",
			{**values, "quantity": "10", "attachment": pdf_upload(content=content), "_lang": "ru"},
		)
		self.assertEqual(again.status_code, 200, again.get_data(as_text=True)[:300])
		frappe.db.commit()
		name = again.json["message"]
		url = frappe.db.get_value("CPD Evidence", rejected, "attachment")
		self.assertEqual(
			frappe.db.get_value("CPD Evidence", name, ["attachment", "status", "credit_units"]),
			(url, "Draft", 10),
		)
		self.assertEqual(
			{(f.attached_to_name, f.is_private) for f in frappe.get_all("File", filters={"file_url": url},
				fields=["attached_to_name", "is_private"])},
			{(rejected, 1), (name, 1)},
		)  # fmt: skip
		# While it awaits the check, the same file is not counted twice.
		twice = self.post("hand_in_evidence", evidence_form(attachment=pdf_upload(content=content)))
		self.assertEqual(twice.status_code, 409, twice.get_data(as_text=True)[:300])

	def test_the_bytes_of_another_workers_evidence_are_refused_naming_nothing(self):
		foreign = frappe.get_doc("File", {"file_url": self.other_evidence.attachment}).get_content()
		foreign = foreign.encode() if isinstance(foreign, str) else foreign  # Frappe decodes text
		files_before = frappe.db.count("File")
		response = self.post("hand_in_evidence", evidence_form(attachment=pdf_upload(content=foreign)))
		self.assertEqual(response.status_code, 409, response.get_data(as_text=True)[:300])
		self.assertShows(response.get_data(as_text=True), self.other_evidence.name, False)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("File"), files_before)
		# A bare URL of another worker's file is still refused (access/files.py).
		borrowed = rest("POST", "/api/method/upload_file", self.tokens["worker"],
			data={"file_url": self.other_evidence.attachment, "is_private": 1})  # fmt: skip
		self.assertNotEqual(borrowed.status_code, 200)

	def test_the_worker_withdraws_a_draft_and_hands_a_rejected_piece_in_again(self):
		draft = self.post("hand_in_evidence", evidence_form())
		self.assertEqual(draft.status_code, 200, draft.get_data(as_text=True)[:300])
		name = draft.json["message"]
		self.assertEqual(self.post("withdraw_evidence", {"name": name}).status_code, 200)
		frappe.db.commit()
		self.assertFalse(frappe.db.exists("CPD Evidence", name))

		rejected = self.post("hand_in_evidence", evidence_form(title="Курс для повтора")).json["message"]
		frappe.db.commit()
		self.post("reject_evidence", {"name": rejected, "reason": "Нет печати"}, self.tokens["hr"])
		frappe.db.commit()
		html = self.page("/cpd").get_data(as_text=True)
		self.assertShows(html, "Нет печати")
		again = self.page(f"/cpd/evidence?again={rejected}").get_data(as_text=True)
		self.assertShows(again, 'value="Курс для повтора"')
		self.assertShows(again, 'required value="12"')  # a whole quantity, as typed: not "12.0"
		# Another worker's evidence fills nothing in.
		foreign = self.page(f"/cpd/evidence?again={self.other_evidence.name}").get_data(as_text=True)
		self.assertShows(foreign, self.other_evidence.title, False)

	def test_the_timeline_comes_a_page_at_a_time(self):
		"""More evidence than a page: the newest page first, the older on the next, the totals of all;
		a page that is not a number is a 4xx, never a 500."""
		worker = make_worker(self.entity).name
		account = f"pages.{self.run_id}@test.profregister.kz"
		with patch("frappe.sendmail"):
			links.invite_worker(frappe.get_doc("Health Worker", worker), account)
		titles = [f"Paged course {n:03d} {self.run_id}" for n in range(portal.TIMELINE_PAGE + 3)]
		for n, title in enumerate(titles):
			day = add_days("2024-01-01", n)
			make_evidence(worker, title=title, date_from=day, date_to=day, quantity=6)
		token = api_token(account)
		frappe.db.commit()
		first = self.page("/cpd", token).get_data(as_text=True)
		self.assertEqual(first.count('data-evidence="'), portal.TIMELINE_PAGE)
		self.assertShows(first, titles[-1])
		self.assertShows(first, titles[0], False)
		self.assertShows(first, 'href="/cpd?page=2"')
		second = self.page("/cpd?page=2", token).get_data(as_text=True)
		self.assertEqual(second.count('data-evidence="'), 3)
		self.assertShows(second, titles[0])
		for bad in ("abc", "0", "1e9"):
			response = self.page(f"/cpd?page={bad}", token)
			self.assertTrue(400 <= response.status_code < 500, (bad, response.status_code))

	def test_bad_hand_ins_are_refused_by_field_and_leave_nothing(self):
		before = frappe.db.count("CPD Evidence", {"health_worker": self.worker})
		files_before = frappe.db.count("File")
		cases = [
			(evidence_form(attachment=pdf_upload("virus.exe")), "PDF, JPG or PNG"),
			(
				{k: v for k, v in evidence_form().items() if k != "attachment"},
				"Attach the supporting document",
			),
			(evidence_form(quantity="lots"), "Quantity"),
			(evidence_form(date_to="2026-02-01"), "after end date"),
			(evidence_form(document_language="English"), "notarised translation"),
			(evidence_form(criterion="99"), "99"),
		]
		for form, expected in cases:
			response = rest("POST", API + "hand_in_evidence", self.tokens["worker"], data=form)
			body = response.get_data(as_text=True)
			self.assertIn(response.status_code, (400, 403, 404, 409, 417), (expected, body[:300]))
			self.assertIn(expected, json.dumps(response.json, ensure_ascii=False), expected)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("CPD Evidence", {"health_worker": self.worker}), before)
		self.assertEqual(frappe.db.count("File"), files_before, "a refused hand-in leaves no file")

	def test_the_worker_requests_a_correction_and_sees_it_decided(self):
		response = rest(
			"POST",
			API + "request_correction",
			self.tokens["worker"],
			data={"field": "Place of birth", "proposed_value": "Караганда", "document": pdf_upload()},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		frappe.db.commit()
		name = response.json["message"]
		request = frappe.get_doc("Record Correction Request", name)
		self.assertEqual((request.health_worker, request.status), (self.worker, "Open"))
		self.assertTrue(request.document.startswith("/private/files/"))
		self.assertIn(
			f'data-correction="{name}" data-status="Open"', self.page("/cpd/record").get_data(as_text=True)
		)
		self.assertEqual(self.post("accept_correction", {"name": name}, self.tokens["hr"]).status_code, 200)
		frappe.db.commit()
		html = self.page("/cpd/record").get_data(as_text=True)
		self.assertShows(html, f'data-correction="{name}" data-status="Accepted"')
		self.assertShows(html, "Караганда")
		self.assertEqual(frappe.db.get_value("Health Worker", self.worker, "place_of_birth"), "Караганда")

	def test_record_shows_certificates_with_days_to_expiry(self):
		html = self.page("/cpd/record").get_data(as_text=True)
		self.assertRegex(html, r'data-state="notice"')
		self.assertIn("30", re.search(r'data-state="notice">(.*?)</li>', html, re.S).group(1))
		self.assertShows(html, f"Secret {self.run_id}", False)

	def test_the_language_is_the_workers_choice(self):
		from frappe.utils.password import update_password

		update_password(self.account, PASSWORD)
		self.assertEqual(self.post("set_portal_language", {"lang": "xx"}).status_code, 417)
		# HR cannot set a language through the portal: it is for worker accounts.
		self.assertEqual(self.post("set_portal_language", {"lang": "kk"}, self.tokens["hr"]).status_code, 403)
		for lang in ("kk", "ru"):
			self.assertEqual(self.post("set_portal_language", {"lang": lang}).status_code, 200)
			frappe.db.commit()
			self.assertEqual(frappe.db.get_value("User", self.account, "language"), lang)
			expected = frappe._("Hand in evidence", lang=lang)
			self.assertNotEqual(expected, "Hand in evidence")
			(page,) = signed_in(self.account, PASSWORD, ["/cpd"])
			self.assertShows(page.get_data(as_text=True), expected)

	def test_notices_to_a_worker_link_to_the_portal(self):
		from profregister.services.notices import notify

		context = {"status": "Verified", "title": "Курс", "credit_units": "12", "reason": ""}
		sent = {}
		with patch.dict(frappe.flags, mute_emails=True), patch("frappe.sendmail") as sendmail:
			for user in (self.account, self.hr):
				notify.send([notify.Message(user, "CPD Evidence", "CPDE-1", context)], "CPD Evidence Checked")
				sent[user] = sendmail.call_args.kwargs["message"]
		self.assertIn(frappe.utils.get_url("/cpd"), sent[self.account])
		self.assertNotIn("/app/", sent[self.account])
		self.assertIn("/app/cpd-evidence/CPDE-1", sent[self.hr], "a desk user still gets the form")

	def test_an_employee_confirms_nothing_of_their_own(self):
		response = self.post("confirm_own_results", {"declared_specialty": "Nursing"})
		self.assertEqual(response.status_code, 403)
		self.assertShows(
			self.page("/cpd/confirmations").get_data(as_text=True), 'id="cpd-self-confirm"', False
		)


class TestPortalPractitioner(PortalTestCase):
	"""A private practitioner confirms their own results in the portal and downloads Appendix 2."""

	def test_the_practitioner_confirms_and_downloads_the_form(self):
		run_id = frappe.generate_hash(length=6)
		practice = make_entity(entity_name="ИП Жумабаева", ownership="Private")
		worker = make_worker(practice.name, last_name="Жумабаева", first_name="Сауле").name
		make_employment(worker, practice.name, date(2019, 3, 1))
		practice.update({"is_private_practice": 1, "practitioner": worker})
		practice.save(ignore_permissions=True)
		evidence = make_evidence(worker).name
		frappe.db.set_value("CPD Evidence", evidence, {"status": "Verified", "profile_matches": 1})
		account = f"saule.{run_id}@test.profregister.kz"
		make_user(account)
		doc = frappe.get_doc("Health Worker", worker)
		doc.user = account
		doc.save(ignore_permissions=True)
		clinic = make_entity().name
		other = make_worker(clinic).name
		make_employment(other, clinic, date(2019, 3, 1))
		foreign = frappe.get_doc(
			{"doctype": "CPD Confirmation", "health_worker": other, "declared_specialty": "Nursing"}
		).insert(ignore_permissions=True)
		frappe.db.set_value("CPD Confirmation", foreign.name, "workflow_state", "Confirmed")
		token = api_token(account)
		frappe.db.commit()
		self.assertShows(
			rest("GET", "/cpd/confirmations", token).get_data(as_text=True), 'id="cpd-self-confirm"'
		)
		response = rest("POST", API + "confirm_own_results", token, data={"declared_specialty": "Nursing"})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[-500:])
		frappe.db.commit()
		name = response.json["message"]
		saved = frappe.get_doc("CPD Confirmation", name)
		self.assertEqual(
			(saved.workflow_state, saved.self_confirmed, saved.head, saved.health_worker),
			("Confirmed", 1, account, worker),
		)
		html = rest("GET", "/cpd/confirmations", token).get_data(as_text=True)
		self.assertShows(html, f'data-confirmation="{name}" data-state="Confirmed"')
		pdf = rest("GET", API + f"confirmation_pdf?name={name}", token)
		self.assertEqual(pdf.status_code, 200, pdf.get_data()[:300])
		self.assertTrue(pdf.get_data().startswith(b"%PDF"))
		self.assertEqual(pdf.headers["Content-Type"], "application/pdf")
		# Another's confirmed form and a name that does not exist are refused alike.
		for probe in (foreign.name, f"{name}x"):
			self.assertEqual(rest("GET", API + f"confirmation_pdf?name={probe}", token).status_code, 403)
