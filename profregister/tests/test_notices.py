"""Notices go through Frappe's mechanisms: Email Templates the administrator words, each user's
Notification Settings, never a disabled user, and never nobody."""

import json
import re
from datetime import date
from pathlib import Path
from unittest.mock import patch

import frappe

from profregister.services.analytics import submissions
from profregister.services.certificates import lifecycle as certificates
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_district,
	make_entity,
	make_user,
	make_worker,
)


def unique(prefix: str, *roles: str) -> str:
	return make_user(f"{prefix}.{frappe.generate_hash(length=6)}@example.com", *roles)


def notification_settings(user: str, **values):
	settings = frappe.get_doc("Notification Settings", user)
	settings.update(values)
	settings.save(ignore_permissions=True)


class TestNotices(CleanTestCase):
	def run_job(self, day: date):
		with self.freeze_time(day), patch.dict(frappe.flags, mute_emails=True):
			return certificates.process(day)

	def told(self, worker: str) -> dict[str, str]:
		return dict(
			frappe.get_all(
				"Notification Log",
				filters={"document_name": worker},
				fields=["for_user", "subject"],
				as_list=True,
			)
		)

	def mailed(self, *users: str) -> set[str]:
		return set(
			frappe.get_all("Email Queue Recipient", filters={"recipient": ("in", users)}, pluck="recipient")
		)

	def test_notification_settings_and_disabled_users(self):
		entity = make_entity().name
		everything, no_email, switched_off, disabled = (
			unique(name, "HR Specialist") for name in ("all", "noemail", "off", "disabled")
		)
		for user in (everything, no_email, switched_off, disabled):
			link_user_to_entity(user, entity)
		notification_settings(no_email, enable_email_notifications=0)
		notification_settings(switched_off, enabled=0)
		frappe.db.set_value("User", disabled, "enabled", 0)
		worker = make_worker(entity)
		make_certificate(worker.name, date(2022, 7, 1), date(2027, 7, 20))
		self.run_job(date(2027, 5, 25))
		self.assertEqual(set(self.told(worker.name)), {everything, no_email})
		self.assertEqual(self.mailed(everything, no_email, switched_off, disabled), {everything})

	def test_hr_who_switched_notices_off_is_not_somebody_told(self):
		district = make_district("Astana")
		regional = unique("settings.region")
		link_user_to_region(regional, district)
		entity = make_entity(district).name
		hr = unique("settings.hr", "HR Specialist")
		link_user_to_entity(hr, entity)
		notification_settings(hr, enabled=0)
		worker = make_worker(entity)
		make_certificate(worker.name, date(2022, 7, 1), date(2027, 7, 21))
		self.run_job(date(2027, 5, 25))
		told = self.told(worker.name)
		self.assertEqual(set(told), {regional})
		self.assertIn("No HR user is linked to", told[regional])

	def test_wording_is_the_administrators_in_each_language(self):
		entity = make_entity().name
		english, russian, kazakh = (unique(f"wording.{lang}", "HR Specialist") for lang in "abc")
		for user, lang in ((english, "en"), (russian, "ru"), (kazakh, "kk")):
			link_user_to_entity(user, entity)
			frappe.db.set_value("User", user, "language", lang)
		template = frappe.get_doc("Email Template", certificates.NOTICE_TEMPLATE)
		# The job commits per batch: the shipped wording is put back whatever happens.
		self.addCleanup(
			_restore, template.name, {"subject": template.subject, "response_html": template.response_html}
		)
		template.response_html = "Renew {{ certificate_number }} for {{ full_name }} by {{ valid_until }}"
		template.subject = "{{ count }} to renew"
		template.save(ignore_permissions=True)
		frappe.get_doc(
			{
				"doctype": "Email Template",
				"name": f"{certificates.NOTICE_TEMPLATE} (kk)",
				"subject": "{{ count }} куәлік",
				"use_html": 1,
				"response_html": "Куәлік {{ certificate_number }}: {{ full_name }}",
			}
		).insert(ignore_permissions=True)
		worker = make_worker(entity, last_name="O'Neil")
		cert = make_certificate(worker.name, date(2022, 7, 1), date(2027, 7, 22))
		self.run_job(date(2027, 5, 25))
		told = self.told(worker.name)
		self.assertEqual(
			told[english], f"Renew {cert.certificate_number} for {_escaped_name(worker)} by 22.07.2027"
		)
		self.assertEqual(told[kazakh], f"Куәлік {cert.certificate_number}: {_escaped_name(worker)}")
		# No Russian variant: the edited template, its English words as written by the administrator.
		self.assertTrue(told[russian].startswith("Renew "))
		self.assertIn("O&apos;Neil", told[english])
		subjects = frappe.get_all(
			"Email Queue",
			filters={"reference_name": worker.name},
			pluck="message",
		)
		self.assertTrue(any("1 to renew" in message for message in subjects))

	def test_shipped_wording_is_russian_and_kazakh(self):
		entity = make_entity().name
		russian = unique("shipped.ru", "HR Specialist")
		link_user_to_entity(russian, entity)
		frappe.db.set_value("User", russian, "language", "ru")
		worker = make_worker(entity)
		make_certificate(worker.name, date(2022, 7, 1), date(2027, 7, 23))
		self.run_job(date(2027, 5, 25))
		self.assertIn("Срок действия сертификата", self.told(worker.name)[russian])

	def test_reminder_falls_back_to_the_registrar(self):
		registrar = unique("reminder.registrar", "Register Administrator")
		# Other tests' jobs commit: start from no submission for the period.
		frappe.db.delete("Coordinator Submission", {"period_start": date(2031, 2, 1)})
		# As if no coordinator could be told.
		with self.freeze_time(date(2031, 3, 8)), patch.object(submissions, "COORDINATOR", "Nobody's Role"):
			doc = frappe.get_doc(
				{
					"doctype": "Coordinator Submission",
					"period_type": "Monthly",
					"period_start": date(2031, 2, 1),
				}
			).insert(ignore_permissions=True)
			submissions.remind(date(2031, 3, 8))
		self.assertTrue(
			frappe.db.exists("Notification Log", {"document_name": doc.name, "for_user": registrar})
		)
		self.assertTrue(frappe.db.get_value("Coordinator Submission", doc.name, "reminder_sent_on"))


def _restore(name: str, shipped: dict):
	frappe.db.rollback()
	frappe.db.set_value("Email Template", name, shipped)
	frappe.db.delete("Email Template", f"{name} (kk)")
	frappe.db.commit()


def _escaped_name(worker) -> str:
	return frappe.utils.escape_html(worker.full_name)


class TestShippedWording(CleanTestCase):
	def test_every_shipped_phrase_is_translated(self):
		from frappe.translate import get_translations_from_csv

		shipped = (
			Path(frappe.get_app_path("profregister")) / "setup_data" / "email_templates.json"
		).read_text()
		phrases = set()
		for template in json.loads(shipped):
			phrases |= set(
				re.findall(r'_\("((?:[^"\\]|\\.)*)"\)', template["subject"] + template["response_html"])
			)
		self.assertEqual(len(phrases), 22)
		for lang in ("ru", "kk"):
			translated = get_translations_from_csv(lang, "profregister")
			self.assertEqual(sorted(phrases - set(translated)), [], lang)
