"""CPD Confirmation: the Appendix 2 items from the register, the workflow, the PDF and the public check."""

import io
import json
from datetime import date
from threading import Thread
from unittest.mock import patch

import frappe
from frappe import _
from frappe.model.workflow import WorkflowTransitionError, apply_workflow
from frappe.utils import get_test_client
from pypdf import PdfReader

from profregister.domain.numbers import format_number
from profregister.services.certificates import lifecycle as certificates
from profregister.services.cpd import confirmation
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_certificate,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)

PRINT_FORMAT = "Appendix 2 - Confirmation of CPD results"
DAY = date(2026, 11, 22)


class TestCPDConfirmation(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity(entity_name="Городская поликлиника № 5")
		cls.hr = make_user("conf.hr@example.com")
		cls.chief = make_user("conf.chief@example.com")
		cls.head = make_user("conf.head@example.com")
		link_user_to_entity(cls.hr, cls.entity.name, "HR Specialist")
		link_user_to_entity(cls.chief, cls.entity.name, "HR Chief")
		link_user_to_entity(cls.head, cls.entity.name, "Head of Healthcare Entity")

	def setUp(self):
		self.worker = make_worker(
			self.entity.name, last_name="Иванова", first_name="Айгерим", patronymic="Болатовна"
		).name
		make_employment(
			self.worker, self.entity.name, date(2015, 1, 1), date(2019, 12, 31), order_number="12-к"
		)
		make_employment(
			self.worker, self.entity.name, date(2018, 1, 1), date(2020, 6, 30),
			is_main=0, rate=0.5, specialty="Surgery", position="Nurse",
		)  # fmt: skip
		make_employment(self.worker, self.entity.name, date(2020, 9, 1), order_number="88-к")

	def verified(self, **fields):
		doc = make_evidence(self.worker, profile_matches=1, **fields)
		doc.verify()
		return doc.name

	def new_confirmation(self, user=None):
		with self.freeze_time(DAY), self.set_user(user or self.hr):
			return frappe.get_doc(
				{"doctype": "CPD Confirmation", "health_worker": self.worker, "declared_specialty": "Nursing"}
			).insert()

	def test_items_from_the_register(self):
		doc = self.new_confirmation()
		self.assertEqual(doc.full_name, "Иванова Айгерим Болатовна")
		# Overlapping part-time job counted once: 01.01.2015-30.06.2020 and 01.09.2020-22.11.2026.
		self.assertEqual(
			(doc.total_service_years, doc.total_service_months, doc.total_service_days), (11, 8, 22)
		)
		# In nursing only: 2015-2019 and from 01.09.2020.
		self.assertEqual(
			(doc.specialty_service_years, doc.specialty_service_months, doc.specialty_service_days),
			(11, 2, 22),
		)
		self.assertEqual([row.order_number for row in doc.labour_activity], ["12-к", "88-к"])
		self.assertEqual(doc.place_of_work, "Городская поликлиника № 5")
		self.assertEqual((doc.period_from, doc.period_to), (date(2021, 11, 23), DAY))
		self.assertEqual(len(doc.results), 21)

	def test_results_count_verified_evidence_in_the_window(self):
		course = self.verified(quantity=72, date_from=date(2025, 2, 3), date_to=date(2025, 2, 14))
		self.verified(
			quantity=40, date_from=date(2021, 11, 15), date_to=date(2021, 11, 22)
		)  # a day too early
		webinar = self.verified(
			criterion="04", quantity=6, date_from=date(2026, 3, 2), date_to=date(2026, 3, 2)
		)
		article = self.verified(criterion="11", variant="Q3", unit="item", quantity=1, author_position=2)
		make_evidence(self.worker, quantity=100)  # not verified
		doc = self.new_confirmation()
		rows = {row.criterion: row for row in doc.results}
		self.assertEqual((rows["01"].credit_units, rows["01"].evidence), (72, course))
		self.assertEqual((rows["04"].credit_units, rows["04"].evidence), (3, webinar))
		self.assertEqual((rows["11"].credit_units, rows["11"].evidence), (100, article))
		self.assertEqual(
			(doc.additional_education_cu, doc.non_formal_education_cu, doc.additional_competences_cu),
			(72, 3, 100),
		)
		self.assertEqual(doc.total_credit_units, 175)

	def test_workflow_roles_signatures_and_freeze(self):
		self.verified(quantity=10, date_from=date(2025, 2, 3), date_to=date(2025, 2, 3))
		doc = self.new_confirmation()
		with self.freeze_time(DAY):
			with self.set_user(self.hr):
				doc = apply_workflow(doc, "Check")
				with self.assertRaises(WorkflowTransitionError):
					apply_workflow(doc, "Sign")
			with self.set_user(self.chief):
				doc = apply_workflow(doc, "Sign")
			with self.set_user(self.hr), self.assertRaises(WorkflowTransitionError):
				apply_workflow(doc, "Confirm")
			with self.set_user(self.head):
				doc = apply_workflow(doc, "Confirm")
		self.assertEqual((doc.docstatus, doc.workflow_state), (1, "Confirmed"))
		self.assertEqual((doc.checked_by, doc.hr_chief, doc.head), (self.hr, self.chief, self.head))
		self.assertTrue(doc.hr_chief_signed_on and doc.head_signed_on and doc.head_name)
		# Confirmed is frozen: new evidence does not change it.
		self.verified(quantity=50, date_from=date(2025, 5, 5), date_to=date(2025, 5, 7))
		doc.reload()
		self.assertEqual(doc.total_credit_units, 10)

	def test_refusal_needs_a_reason(self):
		doc = self.new_confirmation()
		with self.set_user(self.hr):
			doc = apply_workflow(doc, "Check")
		with self.set_user(self.chief):
			with self.assertRaisesRegex(frappe.ValidationError, "reason for the refusal"):
				apply_workflow(doc, "Refuse")
			doc.reload()
			doc.refusal_reason = "CPDE-1: the certificate does not state the hours (criterion 1)"
			doc.save()
			doc = apply_workflow(doc, "Refuse")
		self.assertEqual(doc.workflow_state, "Refused")

	def test_cancel_and_amend(self):
		doc = self.new_confirmation()
		for user, action in (
			(self.hr, "Check"),
			(self.chief, "Sign"),
			(self.head, "Confirm"),
			(self.chief, "Cancel"),
		):
			with self.freeze_time(DAY), self.set_user(user):
				doc = apply_workflow(doc, action)
		self.assertEqual((doc.docstatus, doc.workflow_state), (2, "Cancelled"))
		with self.freeze_time(DAY), self.set_user(self.hr):
			# As the desk's Amend does: a copy without the no-copy fields (state, signatures, code).
			amended = frappe.copy_doc(doc, ignore_no_copy=False)
			amended.update({"amended_from": doc.name, "docstatus": 0})
			amended.insert()
		self.assertEqual((amended.docstatus, amended.workflow_state), (0, "Draft"))
		self.assertNotEqual(amended.verification_code, doc.verification_code)

	def test_not_for_blocked_or_foreign_workers(self):
		make_certificate(self.worker, date(2020, 1, 1), date(2025, 1, 1))
		certificates.block_expired(DAY)
		with self.assertRaisesRegex(frappe.ValidationError, "A CPD confirmation cannot be started"):
			self.new_confirmation()
		other = make_entity()
		stranger = make_worker(other.name).name
		make_employment(stranger, other.name, date(2020, 1, 1))
		with (
			self.freeze_time(DAY),
			self.set_user(self.hr),
			# The scope gate refuses before any rule is checked, and names no one.
			self.assertRaises(frappe.PermissionError),
		):
			frappe.get_doc(
				{"doctype": "CPD Confirmation", "health_worker": stranger, "declared_specialty": "Nursing"}
			).insert()
		with (
			self.freeze_time(DAY),
			self.assertRaisesRegex(frappe.ValidationError, "no current main employment"),
		):
			frappe.get_doc(
				{
					"doctype": "CPD Confirmation",
					"health_worker": make_worker(other.name).name,
					"declared_specialty": "Nursing",
				}
			).insert()

	def test_pdf_in_russian(self):
		self.verified(quantity=72, date_from=date(2025, 2, 3), date_to=date(2025, 2, 14))
		self.verified(criterion="04", quantity=6, date_from=date(2026, 3, 2), date_to=date(2026, 3, 2))
		self.verified(criterion="09", unit="item", quantity=1, author_position=1)
		doc = self.new_confirmation()
		with patch.object(frappe.local, "lang", "ru"):
			pdf = frappe.get_print(doc.doctype, doc.name, print_format=PRINT_FORMAT, as_pdf=True)
		text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)

		def number(value):
			return format_number(value, "ru")

		for expected in (
			"Иванова Айгерим Болатовна",
			f"1. Дополнительное образование {number(72)}",
			f"2. Неформальное образование {number(3)}",
			f"3. Дополнительные компетенции {number(30)}",
			f"Итого результатов НПР {number(105)}",
			doc.verification_code,
		):
			self.assertIn(expected, text)
		# Every criterion by its Russian name: not one English name is printed.
		for name in frappe.get_all("CPD Criterion", pluck="criterion_name"):
			self.assertNotIn(" ".join(name.split()[:3]), text, name)

	def test_public_verification_page(self):
		doc = self.new_confirmation()
		for user, action in ((self.hr, "Check"), (self.chief, "Sign"), (self.head, "Confirm")):
			with self.freeze_time(DAY), self.set_user(user):
				doc = apply_workflow(doc, action)
		# Workflow steps change no figure: the history shows the steps, not rebuilt tables.
		for data in frappe.get_all(
			"Version", filters={"ref_doctype": doc.doctype, "docname": doc.name}, pluck="data"
		):
			changes = json.loads(data)
			self.assertEqual((changes.get("added"), changes.get("removed")), ([], []), changes)
		iin = frappe.db.get_value("Health Worker", self.worker, "iin")
		frappe.db.commit()
		page = guest_get(f"/cpd-verify?code={doc.verification_code}")
		self.assertIn("Иванова А. Б.", page)
		self.assertNotIn(iin, page)
		self.assertIn("Not found", guest_get("/cpd-verify?code=NOSUCHCODE"))
		# The page speaks the language the form was printed in, carried by the QR link.
		with patch.object(frappe.local, "lang", "kk"):
			link = confirmation.verification_url(doc.verification_code)
		self.assertIn("_lang=kk", link)
		for lang in ("kk", "ru"):
			page = guest_get(f"/cpd-verify?code={doc.verification_code}&_lang={lang}")
			self.assertIn(frappe.utils.escape_html(_("Check a CPD confirmation", lang=lang)), page)
			self.assertIn(_("Confirmed", lang=lang), page)


def guest_get(path: str) -> str:
	site, result = frappe.local.site, {}

	def run():
		with patch("frappe.app.get_site_name", return_value=site):
			result["page"] = get_test_client(use_cookies=False).get(path).get_data(as_text=True)

	thread = Thread(target=run)
	thread.start()
	thread.join()
	return result["page"]


class TestPrivatePractitioner(CleanTestCase):
	"""Order of 18.12.2025: an individual in private medical practice confirms their own CPD results;
	any other worker's results are confirmed by their employer."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.practice = make_entity(entity_name="ИП Сапарова", ownership="Private")
		cls.worker = make_worker(cls.practice.name, last_name="Сапарова", first_name="Дина").name
		make_employment(cls.worker, cls.practice.name, date(2019, 3, 1))
		cls.practice.update({"is_private_practice": 1, "practitioner": cls.worker})
		cls.practice.save(ignore_permissions=True)
		cls.account = cls.link_account(cls.worker, f"saparova.{run}@test.profregister.kz")
		# An employee of an ordinary organisation, with an account of their own.
		cls.clinic = make_entity()
		cls.employee = make_worker(cls.clinic.name).name
		make_employment(cls.employee, cls.clinic.name, date(2019, 3, 1))
		cls.employee_account = cls.link_account(cls.employee, f"employee.{run}@test.profregister.kz")
		cls.hr = make_user(f"hr.practice.{run}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.clinic.name, "HR Specialist")

	@staticmethod
	def link_account(worker: str, email: str) -> str:
		make_user(email)
		doc = frappe.get_doc("Health Worker", worker)
		doc.user = email
		doc.save(ignore_permissions=True)
		return email

	def confirmation(self, worker: str, user: str):
		with self.freeze_time(DAY), self.set_user(user):
			return frappe.get_doc(
				{"doctype": "CPD Confirmation", "health_worker": worker, "declared_specialty": "Nursing"}
			).insert()

	def test_the_practitioner_confirms_their_own_results(self):
		doc = self.confirmation(self.worker, self.account)
		self.assertEqual(doc.self_confirmed, 1)
		with self.freeze_time(DAY), self.set_user(self.account):
			doc = apply_workflow(doc, "Confirm")
		self.assertEqual((doc.docstatus, doc.workflow_state, doc.head), (1, "Confirmed", self.account))
		self.assertEqual(doc.head_name, "Сапарова Дина")
		with patch.object(frappe.local, "lang", "ru"):
			html = frappe.get_print(doc.doctype, doc.name, print_format=PRINT_FORMAT)
		self.assertIn(_("Individual engaged in private medical practice", lang="ru"), html)
		self.assertNotIn(_("Personnel management service", lang="ru"), html)

	def test_an_employee_does_not_confirm_their_own(self):
		with self.assertRaises(frappe.ValidationError):
			self.confirmation(self.employee, self.employee_account)
		doc = self.confirmation(self.employee, self.hr)
		self.assertEqual(doc.self_confirmed, 0)
		with self.freeze_time(DAY), self.set_user(self.employee_account):
			with self.assertRaises(WorkflowTransitionError):
				apply_workflow(doc, "Confirm")
			doc.reload()
			doc.declared_specialty = "Surgery"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		# Nor does the practitioner confirm anyone else's.
		with self.freeze_time(DAY), self.set_user(self.account):
			self.assertFalse(frappe.has_permission("CPD Confirmation", "read", doc.name))
