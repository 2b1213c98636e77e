# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from profregister.access.gate import API_CLIENT_ROLE


class RegisterAPIClient(Document):
	"""A system that reads the register (a hospital information system, the e-health platform): its scope,
	and the account its API key belongs to. The account holds only the client role, which opens no desk
	and no doctype: the FHIR and verification APIs read its scope from this record (fails closed)."""

	def validate(self):
		if self.scope != "Region":
			self.region = None
		if self.scope == "Verification only":
			self.personal_data = 0

	def after_insert(self):
		# Any name (Cyrillic too) is fine for the client; the account's address is a generated one.
		email = f"api-client-{frappe.generate_hash(length=10)}@api.profregister.kz"
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": self.client_name[:60],
				"send_welcome_email": 0,
				"roles": [{"role": API_CLIENT_ROLE}],
			}
		).insert(ignore_permissions=True)  # the administrator's own act; the account has no password
		self.db_set("user", email)

	def on_update(self):
		if self.user:
			frappe.db.set_value("User", self.user, "enabled", int(bool(self.enabled)))

	def on_trash(self):
		if self.user:
			frappe.db.set_value("User", self.user, {"enabled": 0, "api_key": None})

	@frappe.whitelist()
	def generate_secret(self) -> str:
		"""A new API secret, shown once; the previous one stops working."""
		self.check_permission("write")
		user = frappe.get_doc("User", self.user)
		user.api_key = user.api_key or frappe.generate_hash(length=15)
		secret = frappe.generate_hash(length=15)
		user.api_secret = secret
		user.save(ignore_permissions=True)
		self.db_set({"api_key": user.api_key, "secret_issued_on": now_datetime()})
		frappe.msgprint(_("Copy the secret now: it is not shown again."), alert=True)
		return f"{user.api_key}:{secret}"
