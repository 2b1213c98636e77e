"""Integration tests leave the site as they found it: every test class of the app cleans up after itself
(CleanTestCase), and a class that commits rows of every kind, through a job's commits too, leaves the
counts of the register's tables as they were, run after run."""

import importlib
import pkgutil
import unittest
from datetime import date, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase

import profregister.tests
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

COUNTED = ("Health Worker", "Employment", "Specialist Certificate", "CPD Evidence", "User",
	"Healthcare Entity", "Version", "Health Worker Status Change", "File")  # fmt: skip


def counts() -> dict[str, int]:
	frappe.db.rollback()  # what is committed
	return {doctype: frappe.db.count(doctype) for doctype in COUNTED}


class TestCleanRuns(CleanTestCase):
	def test_every_test_class_of_the_app_cleans_up(self):
		left = []
		for module in pkgutil.iter_modules(profregister.tests.__path__, "profregister.tests."):
			if module.name.rsplit(".", 1)[-1].startswith("test_"):
				for value in vars(importlib.import_module(module.name)).values():
					if (
						isinstance(value, type)
						and value.__module__ == module.name
						and issubclass(value, FrappeTestCase)
						and not issubclass(value, CleanTestCase)
					):
						left.append(f"{value.__module__}.{value.__name__}")
		self.assertEqual(left, [], "test classes that are not CleanTestCase")

	def test_a_class_that_commits_leaves_nothing_behind(self):
		before, during = counts(), []

		class Committing(CleanTestCase):
			@classmethod
			def setUpClass(cls):
				super().setUpClass()
				entity = make_entity().name
				link_user_to_entity(
					make_user(f"hr.clean.{frappe.generate_hash(length=6)}@example.com"), entity
				)
				cls.worker = make_worker(entity).name
				cls.job = make_employment(cls.worker, entity, date(2015, 1, 1)).name
				make_certificate(cls.worker, date(2024, 1, 1), date(2029, 1, 1))
				make_evidence(cls.worker)
				frappe.db.commit()

			def test_a_dismissal_committed(self):
				# The placement saves the worker with its Version and records the status change.
				job = frappe.get_doc("Employment", self.job)
				job.update({"end_date": date.today() - timedelta(days=1), "end_reason": "Dismissal"})
				job.save()
				frappe.db.commit()
				during.append(counts())

		for _run in range(2):
			result = unittest.TestResult()
			unittest.defaultTestLoader.loadTestsFromTestCase(Committing).run(result)
			self.assertTrue(result.wasSuccessful(), result.errors + result.failures)
			self.assertEqual(counts(), before)
		# Not vacuous: each run had committed rows in every table counted.
		for committed in during:
			self.assertEqual([d for d in COUNTED if committed[d] <= before[d]], [])
