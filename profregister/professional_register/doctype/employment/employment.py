# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_years, escape_html, flt, formatdate, getdate, nowdate

from profregister.domain.employment import Period, validate_period
from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform.errors import call
from profregister.services.platform.parameters import get_parameter
from profregister.services.register import transfer
from profregister.services.register.calendar import entry_compliance
from profregister.services.register.documents import changed_fields
from profregister.services.register.placement import refresh_worker_placement

END_FIELDS = {"end_date", "end_reason", "end_order_number", "end_order_date"}


class Employment(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		department: DF.Data | None
		end_date: DF.Date | None
		end_order_date: DF.Date | None
		end_order_number: DF.Data | None
		end_reason: DF.Literal["", "Dismissal", "Transfer", "Retirement", "Emigration", "Death", "Other"]
		entity_bin: DF.Data | None
		entry_working_days: DF.Int
		health_worker: DF.Link
		healthcare_entity: DF.Link
		is_main: DF.Check
		late_entry: DF.Check
		order_date: DF.Date | None
		order_number: DF.Data | None
		position: DF.Link
		rate: DF.Float
		region: DF.Link | None
		specialty: DF.Link | None
		start_date: DF.Date
		worker_name: DF.Data | None

	# end: auto-generated types
	def validate(self):
		self.validate_worker_not_blocked()
		call(validate_period, getdate(self.start_date), self.end_date and getdate(self.end_date))
		if self.end_date and not self.end_reason:
			frappe.throw(_("Give the reason the employment ended"), title=_("End reason"))
		if flt(self.rate) <= 0:
			frappe.throw(_("Rate (FTE) must be greater than zero"))
		self.validate_plausible()
		if self.is_main:
			self.validate_no_overlapping_main()
		if self.is_new():
			self.set_entry_compliance()

	def validate_plausible(self):
		"""Bounds an administrator sets as Regulatory Parameters: no 1,000,000 FTE, no hire in 2076."""
		today = getdate(nowdate())
		largest = get_parameter("max_employment_rate_fte", today)
		if flt(self.rate) > largest:
			frappe.throw(
				_("Rate (FTE) {0} is above the largest plausible rate of one employment, {1}").format(
					flt(self.rate), largest
				),
				title=_("Implausible value"),
			)
		start = getdate(self.start_date)
		ahead = get_parameter("max_entry_days_ahead", today)
		if self.has_value_changed("start_date") and (start - today).days > ahead:
			frappe.throw(
				_("Start date {0} is more than {1} days ahead").format(formatdate(start), int(ahead)),
				title=_("Implausible value"),
			)
		born = frappe.db.get_value("Health Worker", self.health_worker, "date_of_birth")
		youngest = int(get_parameter("min_working_age_years", today))
		if born and start < add_years(getdate(born), youngest):
			frappe.throw(
				_("Start date {0} is before the worker was {1} years old").format(
					formatdate(start), youngest
				),
				title=_("Implausible value"),
			)

	def validate_worker_not_blocked(self):
		# The record as stored now: the nightly job blocks with a bulk UPDATE that no cache sees.
		worker = frappe.get_doc("Health Worker", self.health_worker)
		if worker.status != "Blocked":
			return
		if self.is_new():
			certificates.throw_if_blocked(worker, _("A new employment cannot be entered"))
		# Ending the employment stays possible: the worker may leave while blocked.
		if changed_fields(self) - END_FIELDS:
			certificates.throw_if_blocked(worker, _("Only the end of the employment can be entered"))

	def validate_no_overlapping_main(self):
		"""One main job at a time. A hire by IIN ends the worker's main job at another entity
		(services/register/transfer.py, rule 4.1); any other overlap is refused with the way forward."""
		period = Period(getdate(self.start_date), self.end_date and getdate(self.end_date))
		clashes = [
			other
			for other in frappe.get_all(
				"Employment",
				filters={"health_worker": self.health_worker, "is_main": 1, "name": ("!=", self.name or "")},
				fields=["name", "healthcare_entity", "entity_name", "start_date", "end_date"],
				order_by="start_date",
			)
			if period.overlaps(Period(getdate(other.start_date), other.end_date and getdate(other.end_date)))
		]
		if not clashes:
			return
		self.flags.transfer_from = transfer.previous_job(self, clashes)
		if self.flags.transfer_from:
			return
		clash = clashes[0]
		# Named by its employer and dates, not by a record the user may not be able to open.
		frappe.throw(
			_(
				"The worker's main employment at {0} ({1} – {2}) overlaps this one: end it first, or enter this one as a secondary job (untick Main place of work)."
			).format(
				frappe.bold(escape_html(clash.entity_name or clash.healthcare_entity)),
				formatdate(clash.start_date),
				formatdate(clash.end_date) if clash.end_date else _("open"),
			),
			title=_("Overlapping main employment"),
		)

	def set_entry_compliance(self):
		"""Rule 8: working days between the start and the entry, against the deadline in force on entry."""
		[(self.entry_working_days, self.late_entry)] = entry_compliance(
			[getdate(self.start_date)], getdate(nowdate())
		)

	def after_insert(self):
		if self.flags.transfer_from:
			transfer.complete(self, self.flags.transfer_from)

	def on_update(self):
		refresh_worker_placement(self.health_worker)

	def after_delete(self):
		refresh_worker_placement(self.health_worker)
