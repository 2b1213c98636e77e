# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from profregister.services.analytics import submissions


class CoordinatorSubmission(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		amended_from: DF.Link | None
		certificates_due: DF.Int
		due_date: DF.Date | None
		figures: DF.Code | None
		hired: DF.Int
		late_entries: DF.Int
		left: DF.Int
		notes: DF.SmallText | None
		on_time: DF.Check
		period_end: DF.Date | None
		period_label: DF.Data | None
		period_start: DF.Date
		period_type: DF.Literal["Monthly", "Quarterly"]
		reminder_sent_on: DF.Date | None
		retiring: DF.Int
		stock_end: DF.Int
		stock_start: DF.Int
		submitted_by: DF.Link | None
		submitted_on: DF.Datetime | None

	# end: auto-generated types
	def autoname(self):
		period = submissions.period_of(self.period_type, self.period_start)
		self.name = f"{self.period_type} {period.label}"

	def before_insert(self):
		submissions.fill(self)

	def validate(self):
		if self.is_new() and frappe.db.exists(
			"Coordinator Submission",
			{"period_type": self.period_type, "period_label": self.period_label, "docstatus": ("<", 2)},
		):
			frappe.throw(
				_("A {0} submission for {1} already exists").format(_(self.period_type), self.period_label)
			)

	def before_submit(self):
		self.submitted_on = now_datetime()
		self.submitted_by = frappe.session.user
		self.on_time = int(getdate(self.submitted_on) <= getdate(self.due_date))

	def refresh_figures(self):
		"""While in draft the coordinator may take the figures again; a submitted one never changes."""
		self.check_permission("write")
		if self.docstatus != 0:
			frappe.throw(_("A submitted submission keeps its figures"))
		submissions.fill(self)
		self.save()
