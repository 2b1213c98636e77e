"""Rule 14.4-14.5: notice before expiry, block on expiry, unblock on renewal; the Certificate Expiry report."""

from datetime import date
from unittest.mock import patch

import frappe
from frappe.desk.form.load import get_additional_timeline_content

from profregister.professional_register.report.certificate_expiry import certificate_expiry
from profregister.services.certificates import lifecycle as certificates
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_district,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	set_parameter,
)


def notices(worker: str) -> int:
	return frappe.db.count("Notification Log", {"document_type": "Health Worker", "document_name": worker})


def status_changes(worker: str) -> list[tuple]:
	"""The worker's status events, which the reports count: (from, to, date, certificate), sorted."""
	fields = ["from_status", "to_status", "change_date", "certificate"]
	rows = frappe.get_all("Health Worker Status Change", {"health_worker": worker}, fields, as_list=True)
	return sorted(map(tuple, rows))


class TestCertificateLifecycle(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity()
		cls.hr = make_user("lifecycle.hr@example.com", "HR Specialist")
		link_user_to_entity(cls.hr, cls.entity.name)

	def worker_with_certificate(self, valid_until: date, **fields):
		worker = make_worker(self.entity.name, **fields)
		cert = make_certificate(worker.name, date(valid_until.year - 5, 1, 1), valid_until)
		return worker, cert

	def run_job(self, day: date) -> dict:
		# Muted: emails are queued (and checked) but never leave the test site.
		with self.freeze_time(day), patch.dict(frappe.flags, mute_emails=True):
			return certificates.process(day)

	def test_notice_once_from_the_clamped_date(self):
		worker_user = make_user(f"lifecycle.worker.{frappe.generate_hash(length=6)}@example.com")
		worker, cert = self.worker_with_certificate(date(2027, 4, 30), user=worker_user)
		self.run_job(date(2027, 2, 27))
		self.assertEqual(notices(worker.name), 0)
		self.run_job(date(2027, 2, 28))
		logs = frappe.get_all(
			"Notification Log", filters={"document_name": worker.name}, pluck="for_user", order_by="for_user"
		)
		self.assertEqual(logs, sorted([self.hr, worker_user]))
		subject = frappe.db.get_value("Notification Log", {"document_name": worker.name}, "subject")
		self.assertIn(cert.certificate_number, subject)
		self.assertIn("30.04.2027", subject)
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", cert.name, "expiry_notice_sent_on"),
			date(2027, 2, 28),
		)
		self.assertTrue(frappe.db.exists("Email Queue Recipient", {"recipient": self.hr}))
		self.assertEqual(frappe.db.count("Email Queue Recipient", {"recipient": worker_user}), 1)
		self.run_job(date(2027, 3, 1))
		self.assertEqual(notices(worker.name), 2)

	def test_notice_month_end_and_catch_up(self):
		worker, cert = self.worker_with_certificate(date(2027, 5, 31))
		self.run_job(date(2027, 3, 30))
		self.assertEqual(notices(worker.name), 0)
		# The job did not run on 31 March: the next run catches up.
		self.run_job(date(2027, 4, 2))
		self.assertEqual(notices(worker.name), 1)
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", cert.name, "expiry_notice_sent_on"),
			date(2027, 4, 2),
		)

	def test_nobody_at_the_entity_falls_back_to_the_region_then_the_registrar(self):
		district, lonely = make_district("Astana"), make_district("Astana")
		regional = make_user(f"fallback.region.{frappe.generate_hash(length=6)}@example.com")
		link_user_to_region(regional, district)
		registrar = make_user(
			f"fallback.registrar.{frappe.generate_hash(length=6)}@example.com", "Register Administrator"
		)
		for region, told in ((district, regional), (lonely, registrar)):
			worker = make_worker(make_entity(region).name)
			make_certificate(worker.name, date(2022, 6, 1), date(2027, 6, 30))
			self.run_job(date(2027, 5, 2))
			subjects = frappe.get_all(
				"Notification Log", filters={"document_name": worker.name, "for_user": told}, pluck="subject"
			)
			self.assertEqual(len(subjects), 1, region)
			self.assertIn("No HR user is linked to", subjects[0])
			self.assertTrue(
				frappe.db.get_value(
					"Specialist Certificate", {"health_worker": worker.name}, "expiry_notice_sent_on"
				)
			)

	def test_no_notice_when_renewed(self):
		worker, _cert = self.worker_with_certificate(date(2027, 4, 30))
		with self.freeze_time(date(2027, 1, 10)):
			make_certificate(worker.name, date(2027, 1, 10), date(2032, 1, 9))
		self.run_job(date(2027, 3, 15))
		self.assertEqual(notices(worker.name), 0)

	def test_block_on_the_day_after_expiry_once(self):
		worker, cert = self.worker_with_certificate(date(2027, 3, 10))
		self.run_job(date(2027, 3, 10))
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Active")
		self.run_job(date(2027, 3, 11))
		blocked = frappe.get_doc("Health Worker", worker.name)
		self.assertEqual(
			(blocked.status, blocked.blocked_since, blocked.blocking_certificate),
			("Blocked", date(2027, 3, 11), cert.name),
		)
		self.assertIn("10.03.2027", blocked.block_reason)
		# The block's history is its event, shown in the form's timeline (no Version per worker).
		timeline = get_additional_timeline_content("Health Worker", worker.name)
		self.assertEqual([item["icon"] for item in timeline], ["lock"])
		self.assertIn("10.03.2027", timeline[0]["content"])
		versions = frappe.db.count("Version", {"ref_doctype": "Health Worker", "docname": worker.name})
		block = [("Active", "Blocked", date(2027, 3, 11), cert.name)]
		self.assertEqual(status_changes(worker.name), block)
		self.assertTrue(
			frappe.db.exists(
				"Notification Log", {"document_name": worker.name, "subject": ("like", "%blocked%")}
			)
		)
		self.run_job(date(2027, 3, 12))
		versions_after = frappe.db.count("Version", {"ref_doctype": "Health Worker", "docname": worker.name})
		self.assertEqual(versions_after, versions)
		self.assertEqual(len(get_additional_timeline_content("Health Worker", worker.name)), 1)
		self.assertEqual(status_changes(worker.name), block)
		self.assertEqual(notices(worker.name), 2)  # the notice of 10 March and the block

	def test_many_events_for_one_user_are_one_digest(self):
		"""More blocks than the digest threshold (a Regulatory Parameter) for one HR user in a run: one
		alert with the count that opens the blocked list, one email with the first lines; each worker
		with an account still gets their own alert."""
		entity = make_entity()
		hr = make_user(f"lifecycle.digest.{frappe.generate_hash(length=6)}@example.com", "HR Specialist")
		link_user_to_entity(hr, entity.name)
		worker_user = make_user(f"lifecycle.worker.{frappe.generate_hash(length=6)}@example.com")
		workers = [make_worker(entity.name, **({"user": worker_user} if n == 0 else {})) for n in range(4)]
		for worker in workers:
			make_certificate(worker.name, date(2022, 1, 1), date(2027, 3, 10))
		set_parameter(self, certificates.DIGEST_THRESHOLD, date(2027, 1, 1), 3)
		with patch.object(frappe, "sendmail") as sendmail:
			self.run_job(date(2027, 3, 11))
		alerts = frappe.get_all(
			"Notification Log", filters={"for_user": hr}, fields=["subject", "link", "document_name"]
		)
		self.assertEqual(len(alerts), 1)
		self.assertIn("4", alerts[0].subject)
		self.assertEqual((alerts[0].link, alerts[0].document_name), (certificates.BLOCKED_LIST, None))
		own = frappe.get_all("Notification Log", filters={"for_user": worker_user}, pluck="document_name")
		self.assertEqual(own, [workers[0].name])
		(to_hr,) = [c.kwargs for c in sendmail.call_args_list if c.kwargs["recipients"] == [hr]]
		self.assertEqual(to_hr["message"].count("<li>"), 4)  # three lines and "1 more in the list"
		self.assertIn("1 more in the list", to_hr["message"])
		self.assertIn("4", to_hr["subject"])

	def test_renewal_unblocks_at_once(self):
		worker, lapsed = self.worker_with_certificate(date(2026, 1, 10))
		self.run_job(date(2026, 11, 22))
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Blocked")
		with self.freeze_time(date(2026, 11, 22)):
			renewal = make_certificate(worker.name, date(2026, 11, 20), date(2031, 11, 19))
			renewal.reload().save()  # saved again: the record is unblocked once
		renewed = frappe.get_doc("Health Worker", worker.name)
		self.assertEqual(
			(renewed.status, renewed.blocked_since, renewed.blocking_certificate), ("Active", None, None)
		)
		last = frappe.get_last_doc(
			"Version", filters={"ref_doctype": "Health Worker", "docname": worker.name}
		)
		self.assertIn(["status", "Blocked", "Active"], frappe.parse_json(last.data)["changed"])
		self.run_job(date(2026, 11, 23))
		self.assertEqual(
			status_changes(worker.name),
			[
				("Active", "Blocked", date(2026, 11, 22), lapsed.name),
				("Blocked", "Active", date(2026, 11, 22), renewal.name),
			],
		)

	def test_renewal_of_another_specialty_keeps_the_block(self):
		worker, _cert = self.worker_with_certificate(date(2026, 1, 10))
		self.run_job(date(2026, 11, 22))
		with self.freeze_time(date(2026, 11, 22)):
			make_certificate(worker.name, date(2026, 11, 20), date(2031, 11, 19), specialty="Surgery")
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Blocked")

	def test_blocked_record_edits_refused(self):
		worker, _cert = self.worker_with_certificate(date(2026, 1, 10))
		job = make_employment(worker.name, self.entity.name, date(2020, 1, 9))
		self.run_job(date(2026, 11, 22))
		worker.reload()
		worker.place_of_birth = "Almaty"
		with self.assertRaisesRegex(frappe.ValidationError, "is blocked since"):
			worker.save()
		self.assertFalse(frappe.db.get_value("Health Worker", worker.name, "place_of_birth"))
		with self.assertRaisesRegex(frappe.ValidationError, "A new employment cannot be entered"):
			make_employment(worker.name, self.entity.name, date(2026, 11, 1), is_main=0, rate=0.5)
		job.reload()
		job.position = "Head nurse"
		with self.assertRaisesRegex(frappe.ValidationError, "Only the end of the employment"):
			job.save()
		job.reload()
		job.update({"end_date": date(2026, 11, 21), "end_reason": "Dismissal"})
		job.save()
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Blocked")


class TestCertificateExpiryReport(CleanTestCase):
	def test_figures_and_scope(self):
		entity = make_entity("Shymkent")
		day = date(2026, 11, 22)

		def worker(valid_until, **fields):
			w = make_worker(entity.name, **fields)
			make_certificate(w.name, date(valid_until.year - 5, 1, 1), valid_until)
			return w

		worker(date(2026, 12, 20))  # upcoming
		worker(date(2027, 1, 22))  # upcoming: the last day of the notice period
		worker(date(2027, 1, 23))  # valid, not listed
		worker(date(2026, 6, 1))  # blocked by the job
		dismissed = worker(date(2026, 5, 1))  # expired, not blocked: dismissed workers are not blocked
		frappe.db.set_value("Health Worker", dismissed.name, "status", "Dismissed")
		renewed = worker(date(2026, 10, 1))  # renewed: the old certificate is not a concern
		make_certificate(renewed.name, date(2026, 9, 1), date(2031, 8, 31))
		with self.freeze_time(day):
			certificates.process(day)
			_columns, rows, _message, _chart, summary = certificate_expiry.execute(
				{
					"healthcare_entity": entity.name,
					"from_date": date(2025, 1, 1),
					"to_date": date(2027, 12, 31),
					"view": "List",
				}
			)
			self.assertEqual(
				[(row.state, str(row.valid_until)) for row in rows],
				[
					("Expired", "2026-05-01"),
					("Blocked", "2026-06-01"),
					("Upcoming", "2026-12-20"),
					("Upcoming", "2027-01-22"),
				],
			)
			self.assertEqual(
				{s["label"]: s["value"] for s in summary}, {"Upcoming": 2, "Expired": 1, "Blocked": 1}
			)
			blocked = certificate_expiry.execute(
				{"healthcare_entity": entity.name, "state": "Blocked", "view": "List"}
			)[1]
			self.assertEqual(len(blocked), 1)

			other_hr = make_user("expiry.report.hr@example.com", "HR Specialist")
			link_user_to_entity(other_hr, make_entity("Astana").name)
			with self.set_user(other_hr):
				self.assertEqual(
					certificate_expiry.execute({"healthcare_entity": entity.name, "view": "List"})[1], []
				)
			own_hr = make_user("expiry.report.own@example.com", "HR Specialist")
			link_user_to_entity(own_hr, entity.name)
			with self.set_user(own_hr):
				self.assertEqual(
					len(certificate_expiry.execute({"from_date": date(2025, 1, 1), "view": "List"})[1]), 4
				)
