"""Accounts of the register never become System Managers by Frappe's "there must be one" rule."""

from unittest.mock import patch

import frappe
from frappe.core.doctype.user.user import User

from profregister.tests.factories import CleanTestCase, make_user


def roles_of(user: str) -> set[str]:
	return set(frappe.get_roles(user))


class TestNoImpliedAdministrator(CleanTestCase):
	"""A fresh site administered by Administrator alone has no other System Manager: Frappe then gives
	the role to the next System User saved. Simulated here by hiding the site's other managers."""

	def setUp(self):
		frappe.db.set_single_value("System Settings", "setup_complete", 1)
		self.mark = frappe.generate_hash(length=6)
		hide = patch.object(User, "get_other_system_managers", return_value=[])
		hide.start()
		self.addCleanup(hide.stop)
		self.addCleanup(frappe.db.rollback)

	def test_frappe_rule_is_in_force_for_other_users(self):
		"""The control: without a register role, Frappe's rule applies as before."""
		user = make_user(f"plain.{self.mark}@test.profregister.kz", "Desk User")
		self.assertIn("System Manager", roles_of(user))

	def test_the_first_api_client_is_not_an_administrator(self):
		client = frappe.get_doc(
			{"doctype": "Register API Client", "client_name": f"Client {self.mark}", "scope": "National"}
		).insert(ignore_permissions=True)
		self.assertNotIn("System Manager", roles_of(client.user))

	def test_an_account_made_with_a_register_role_is_not_an_administrator(self):
		"""An account made for a register function (as the invitation and the API client make theirs)."""
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": f"hr.first.{self.mark}@test.profregister.kz",
				"first_name": "HR",
				"send_welcome_email": 0,
				"roles": [{"role": "HR Specialist"}],
			}
		).insert(ignore_permissions=True)
		self.assertEqual(user.user_type, "System User")
		self.assertNotIn("System Manager", roles_of(user.name))

	def test_a_system_manager_given_on_purpose_stays(self):
		user = make_user(
			f"admin.{self.mark}@test.profregister.kz", "Register Administrator", "System Manager"
		)
		self.assertIn("System Manager", roles_of(user))

	def test_the_first_registrar_is_not_an_administrator(self):
		"""The demo's registrar: the first desk account of a site, made with the national role."""
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": f"registrar.first.{self.mark}@test.profregister.kz",
				"first_name": "Registrar",
				"send_welcome_email": 0,
				"roles": [{"role": "Register Administrator"}],
			}
		).insert(ignore_permissions=True)
		self.assertEqual(
			roles_of(user.name) & {"Register Administrator", "System Manager"}, {"Register Administrator"}
		)
