"""HR invites a worker: an account that reaches only its own record, kept when the worker moves."""

from datetime import date

import frappe

from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

INVITE = "/api/method/profregister.api.invite_worker"


class TestWorkerAccounts(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.suffix = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Astana").name
		cls.hr_a = make_user(f"hr.invite.a.{cls.suffix}@test.profregister.kz")
		cls.hr_b = make_user(f"hr.invite.b.{cls.suffix}@test.profregister.kz")
		link_user_to_entity(cls.hr_a, cls.a, "HR Specialist")
		link_user_to_entity(cls.hr_b, cls.b, "HR Specialist")
		cls.tokens = {"hr_a": api_token(cls.hr_a), "hr_b": api_token(cls.hr_b)}
		frappe.db.commit()

	def test_invited_worker_reaches_their_own_record_and_keeps_it_when_moving(self):
		worker = make_worker(self.a, first_name="Дана", last_name="Иманова").name
		make_employment(worker, self.a, date(2018, 9, 1), date(2026, 11, 30), end_reason="Transfer")
		colleague = make_worker(self.a).name
		frappe.db.commit()
		email = f"Dana.{self.suffix}@test.profregister.kz"
		refused = rest("POST", INVITE, self.tokens["hr_b"], data={"health_worker": worker, "email": email})
		self.assertEqual(refused.status_code, 403, "another entity's HR")
		response = rest("POST", INVITE, self.tokens["hr_a"], data={"health_worker": worker, "email": email})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		frappe.db.commit()
		account = email.lower()
		self.assertEqual(frappe.db.get_value("Health Worker", worker, "user"), account)
		self.assertEqual(set(frappe.get_roles(account)) - {"All", "Guest", "Desk User"}, {"Health Worker"})
		# Frappe's welcome email carries a link to set the password (sent through the site's outgoing
		# Email Account, which the test site has none of): the link's key is made.
		self.assertTrue(frappe.db.get_value("User", account, "reset_password_key"), "the set-password link")
		self.assertEqual(rest("POST", INVITE, self.tokens["hr_a"], data={"health_worker": worker,
			"email": f"other.{self.suffix}@test.profregister.kz"}).status_code, 417, "one account per worker")  # fmt: skip

		token = api_token(account)
		frappe.db.commit()
		self.assertEqual(rest("GET", f"/api/resource/Health Worker/{worker}", token).status_code, 200)
		self.assertEqual(rest("GET", f"/api/resource/Health Worker/{colleague}", token).status_code, 403)
		# Hired at B: the record moves, the account stays and still reaches it.
		make_employment(worker, self.b, date(2026, 12, 1))
		frappe.db.commit()
		self.assertEqual(
			frappe.db.get_value("Health Worker", worker, ["current_entity", "user"]), (self.b, account)
		)
		self.assertEqual(rest("GET", f"/api/resource/Health Worker/{worker}", token).status_code, 200)

	def test_bad_invitations_change_nothing(self):
		worker = make_worker(self.a).name
		taken = make_user(f"taken.{self.suffix}@test.profregister.kz")
		frappe.db.commit()
		for email in ("not an email", taken, "Administrator"):
			response = rest(
				"POST", INVITE, self.tokens["hr_a"], data={"health_worker": worker, "email": email}
			)
			self.assertEqual(response.status_code, 417, (email, response.get_data(as_text=True)[:200]))
		frappe.db.commit()
		self.assertIsNone(frappe.db.get_value("Health Worker", worker, "user"))
