# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cstr, formatdate, getdate, now_datetime

from profregister.access.gate import has_role_on
from profregister.services.notices import hr_queue, notify
from profregister.services.platform import checks

# Who decides: the HR of the worker's entity, or the register's administrators.
DECIDERS = ("HR Specialist", "HR Chief", "Register Administrator", "System Manager")
DECISION_TEMPLATE = "Record Correction Decided"


class RecordCorrectionRequest(Document):
	"""A worker's request to correct an item of their record (WHO DPI-H: review and dispute one's own
	record). The HR of their entity accepts it, which changes the record as a form save would, with
	its Version, or declines it with a reason."""

	def onload(self):
		self.set_onload("can_decide", self.status == "Open" and self.is_decider())

	def is_decider(self) -> bool:
		return frappe.session.user == "Administrator" or has_role_on(self, DECIDERS)

	def before_validate(self):
		# Made by fieldname, also when a client still names the item by its label, as requests once did
		# (those keep their label: the item is set only once).
		if self.is_new() and (df := health_worker_field(self.field)):
			self.field = df.fieldname

	def validate(self):
		if not self.is_new():
			if not self.flags.decision:
				frappe.throw(_("A correction request cannot be changed once made"), title=_("Correction"))
			return
		worker = frappe.db.get_value(
			"Health Worker", self.health_worker, ["current_entity", "current_region"], as_dict=True
		)
		self.update(
			{
				"status": "Open",
				"decided_by": None,
				"decided_on": None,
				"decline_reason": None,
				"healthcare_entity": worker.current_entity,
				"region": worker.current_region,
			}
		)
		df = self.target()
		stored = frappe.db.get_value("Health Worker", self.health_worker, df.fieldname)
		self.current_value = display(df, stored)
		if self.proposed() == (getdate(stored) if df.fieldtype == "Date" and stored else stored):
			frappe.throw(_("The record already says so"), title=_("Correction"))
		if frappe.db.exists(
			"Record Correction Request",
			{
				"health_worker": self.health_worker,
				"field": ("in", [df.fieldname, df.label]),
				"status": "Open",
			},
		):
			frappe.throw(
				_("A request to correct {0} is already open").format(_(df.label)), title=_("Correction")
			)

	def after_insert(self):
		hr_queue.correction_filed(self, field_label(self.field))

	def fieldname(self) -> str:
		return self.target().fieldname

	def target(self):
		"""The Health Worker field the request is about."""
		df = health_worker_field(self.field)
		if df is None:
			frappe.throw(_("{0} cannot be corrected by a request").format(self.field), title=_("Correction"))
		return df

	def proposed(self):
		"""The proposed value as the field stores it, checked as the form checks a value of its type."""
		df, value = self.target(), (self.proposed_value or "").strip()
		label = _(self.meta.get_label("proposed_value"))
		if df.fieldtype == "Date":
			return checks.check_date_argument(value, label)
		if df.fieldtype == "Select":
			if value not in (df.options or "").split("\n"):
				options = {_(o): o for o in (df.options or "").split("\n") if o}
				if value not in options:
					frappe.throw(
						_("{0}: choose one of {1}").format(label, ", ".join(options)), title=_("Correction")
					)
				value = options[value]
			return value
		if df.fieldtype == "Link" and not frappe.db.exists(df.options, value):
			frappe.throw(
				_("{0}: {1} is not known to the register").format(label, value), title=_("Correction")
			)
		checks.check_value(df, value)
		return value

	def accept(self):
		self.check_decider()
		worker = frappe.get_doc("Health Worker", self.health_worker)
		worker.set(self.fieldname(), self.proposed())
		# The HR's own save: the gate judges it and the record keeps its Version.
		worker.save()
		self.decide("Accepted")

	def decline(self, reason: str):
		self.check_decider()
		if not (reason or "").strip():
			frappe.throw(_("Give the reason for declining"), title=_("Correction"))
		self.decide("Declined", reason.strip())

	def check_decider(self):
		self.check_permission("write")
		if self.status != "Open":
			frappe.throw(_("The request is already {0}").format(_(self.status)), title=_("Correction"))
		if not self.is_decider():
			frappe.throw(
				_("Only the HR of the worker's entity decides on a correction"), frappe.PermissionError
			)

	def decide(self, status: str, reason: str | None = None):
		self.update(
			{
				"status": status,
				"decline_reason": reason,
				"decided_by": frappe.session.user,
				"decided_on": now_datetime(),
			}
		)
		self.flags.decision = True
		try:
			self.save()
		finally:
			self.flags.decision = False
		# The label: the template says it in the worker's language.
		context = {
			"field": field_label(self.field),
			"status": status,
			"reason": frappe.utils.escape_html(reason or ""),
		}
		notify.tell_worker(self.health_worker, self.doctype, self.name, context, DECISION_TEMPLATE)


def correctable() -> list:
	"""The Health Worker fields a request may correct: those the request's `field` offers, by fieldname."""
	meta = frappe.get_meta("Health Worker")
	offered = frappe.get_meta("Record Correction Request").get_field("field").options or ""
	return [meta.get_field(fieldname) for fieldname in offered.split("\n") if fieldname]


def health_worker_field(value: str | None):
	"""The correctable field a request names by its fieldname, or by its English label as requests made
	before fieldnames were kept name it; None for any other."""
	return next((df for df in correctable() if value in (df.fieldname, df.label)), None)


def field_label(value: str | None) -> str:
	"""The label (untranslated) of the field a request names, for whoever shows it in their language."""
	df = health_worker_field(value)
	return df.label if df else (value or "")


def display(df, value) -> str:
	if value and df.fieldtype == "Date":
		return formatdate(value)
	return cstr(value)
