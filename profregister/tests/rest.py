"""Real HTTP requests through Frappe's WSGI app, for tests and the benchmark."""

from threading import Thread
from unittest.mock import patch

import frappe
from frappe.utils import get_test_client


def api_token(user: str) -> str:
	doc = frappe.get_doc("User", user)
	secret = frappe.generate_hash(length=15)
	doc.api_key = doc.api_key or frappe.generate_hash(length=15)
	doc.api_secret = secret
	doc.save(ignore_permissions=True)
	return f"{doc.api_key}:{secret}"


def signed_in(user: str, password: str, paths: list[str]) -> list:
	"""GET each path in a browser-like session: logged in with a password, cookies kept (the session
	carries what a token does not, such as the user's language)."""
	site, result = frappe.local.site, {}

	def run():
		with patch("frappe.app.get_site_name", return_value=site):
			client = get_test_client(use_cookies=True)
			client.post("/api/method/login", data={"usr": user, "pwd": password})
			result["responses"] = [client.get(path) for path in paths]

	thread = Thread(target=run)
	thread.start()
	thread.join()
	return result["responses"]


def rest(method: str, path: str, token: str | None, **kwargs):
	"""A request through the whole request stack, in its own thread and database connection (as a
	guest without a token).

	The caller commits first: the request does not see uncommitted data.
	"""
	site, result = frappe.local.site, {}
	headers = {**kwargs.pop("headers", {}), **({"Authorization": f"token {token}"} if token else {})}

	def run():
		with patch("frappe.app.get_site_name", return_value=site):
			result["response"] = get_test_client(use_cookies=False).open(
				path, method=method, headers=headers, **kwargs
			)

	thread = Thread(target=run)
	thread.start()
	thread.join()
	return result["response"]
