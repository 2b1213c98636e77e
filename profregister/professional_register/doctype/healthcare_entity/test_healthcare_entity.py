# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from profregister.tests.factories import link_user_to_entity, make_entity, make_user, new_bin


class TestHealthcareEntity(FrappeTestCase):
	def test_invalid_bin(self):
		valid = new_bin()
		for bad, fragment in (
			("1234", "12 digits"),
			("0103400ABCDE", "12 digits"),
			(valid[:11] + str((int(valid[11]) + 1) % 10), "check digit"),
		):
			with self.assertRaisesRegex(frappe.ValidationError, fragment):
				make_entity(bin=bad)
			self.assertFalse(frappe.db.exists("Healthcare Entity", bad))

	def test_duplicate_bin(self):
		entity = make_entity()
		with self.assertRaises(frappe.DuplicateEntryError):
			make_entity(bin=entity.bin)

	def test_linking_user_gives_role_and_scope(self):
		entity = make_entity()
		user = make_user("hr.link@test.profregister.kz")
		link_user_to_entity(user, entity.name, "HR Chief")
		self.assertIn("HR Chief", frappe.get_roles(user))
		self.assertTrue(
			frappe.db.exists(
				"User Permission", {"user": user, "allow": "Healthcare Entity", "for_value": entity.name}
			)
		)
		entity.reload()
		entity.users = []
		entity.save()
		self.assertFalse(
			frappe.db.exists(
				"User Permission", {"user": user, "allow": "Healthcare Entity", "for_value": entity.name}
			)
		)
