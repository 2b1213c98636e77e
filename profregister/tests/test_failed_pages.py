"""A page that fails to build leaves its traceback in the Error Log for the operator, and none on the
page for the user; a refused page is no failure and leaves nothing."""

from unittest.mock import patch

import frappe
from frappe.utils import set_request
from frappe.website.serve import get_response

from profregister.tests.factories import CleanTestCase

FAULT = "the page broke here"


class TestFailedPages(CleanTestCase):
	def setUp(self):
		previous = getattr(frappe.local, "request", None)
		self.addCleanup(setattr, frappe.local, "request", previous)

	def render(self, path, fault):
		set_request(method="GET", path=path)
		with patch("frappe.website.serve.PathResolver.resolve", side_effect=fault):
			return get_response(path)

	def logged(self, path):
		frappe.db.rollback()  # what the request committed
		return frappe.get_all("Error Log", filters={"method": f"Page {path}"}, pluck="error")

	def test_a_page_that_fails_is_in_the_error_log_not_on_the_page(self):
		path = f"/cpd/failing-{frappe.generate_hash(length=6)}"
		response = self.render(path, RuntimeError(FAULT))
		self.assertEqual(response.status_code, 500)
		self.assertNotIn(FAULT, response.get_data(as_text=True))
		self.assertTrue(any(FAULT in error for error in self.logged(path)), self.logged(path))

	def test_a_refused_page_is_not_logged(self):
		path = f"/cpd/refused-{frappe.generate_hash(length=6)}"
		response = self.render(path, frappe.PermissionError(FAULT))
		self.assertEqual(response.status_code, 403)
		self.assertEqual(self.logged(path), [])
