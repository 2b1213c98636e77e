# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from profregister.domain.identifiers import check_digit, make_iin
from profregister.tests.factories import make_entity, make_user, make_worker, new_iin


class TestHealthWorker(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity().name

	def new(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "Health Worker",
				"last_name": "Omarova",
				"first_name": "Dana",
				"current_entity": self.entity,
				**fields,
			}
		)

	def assert_refused(self, fragment: str, **fields):
		before = frappe.db.count("Health Worker")
		with self.assertRaisesRegex(frappe.ValidationError, fragment):
			self.new(**fields).insert()
		self.assertEqual(frappe.db.count("Health Worker"), before)

	def test_fills_birth_date_and_sex_from_iin(self):
		worker = self.new(iin=new_iin(date(1979, 12, 31), "Male"), patronymic="Serikovich").insert()
		self.assertEqual(worker.date_of_birth, date(1979, 12, 31))
		self.assertEqual(worker.sex, "Male")
		self.assertEqual(worker.full_name, "Omarova Dana Serikovich")
		self.assertEqual(worker.status, "Active")

	def test_invalid_iins(self):
		self.assert_refused("12 digits", iin="12345")
		self.assert_refused("12 digits", iin="85041240A001")
		valid = new_iin()
		self.assert_refused("check digit", iin=valid[:11] + str((int(valid[11]) + 1) % 10))
		impossible = next(
			f + str(d) for f in (f"8502304{n:04d}" for n in range(100)) if (d := check_digit(f)) is not None
		)
		self.assert_refused("impossible date", iin=impossible)

	def test_birth_date_and_sex_must_agree(self):
		iin = new_iin(date(1990, 6, 1), "Female")
		self.assert_refused("Date of birth", iin=iin, date_of_birth=date(1990, 6, 2))
		self.assert_refused("Sex", iin=iin, sex="Male")

	def test_birth_in_the_future(self):
		iin = next(i for i in (make_iin(date(2030, 1, 15), "Male", s) for s in range(100)) if i)
		self.assert_refused("future", iin=iin)

	def test_duplicate_iin(self):
		worker = make_worker(self.entity)
		with self.assertRaises(frappe.DuplicateEntryError):
			self.new(iin=worker.iin).insert()

	def test_history_is_kept(self):
		worker = make_worker(self.entity)
		worker.place_of_birth = "Karaganda"
		worker.save(ignore_version=False)  # the test runner skips versions unless told otherwise
		versions = frappe.get_all("Version", filters={"ref_doctype": "Health Worker", "docname": worker.name})
		self.assertTrue(versions)

	def test_only_administrator_deletes(self):
		worker = make_worker(self.entity)
		registrar = make_user(
			"registrar.delete@test.profregister.kz", "Register Administrator", "System Manager"
		)
		with self.set_user(registrar), self.assertRaises(frappe.PermissionError):
			frappe.delete_doc("Health Worker", worker.name)
		self.assertTrue(frappe.db.exists("Health Worker", worker.name))
		frappe.delete_doc("Health Worker", worker.name)
		self.assertFalse(frappe.db.exists("Health Worker", worker.name))
