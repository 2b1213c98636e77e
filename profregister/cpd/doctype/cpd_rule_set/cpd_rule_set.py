# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, formatdate, getdate

from profregister.services.cpd import credit_units as cpd


class CPDRuleSet(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.cpd.doctype.cpd_rate.cpd_rate import CPDRate

		effective_from: DF.Date
		effective_to: DF.Date | None
		legal_basis: DF.Data | None
		rates: DF.Table[CPDRate]
		rule_set_name: DF.Data

	# end: auto-generated types
	def validate(self):
		if self.effective_to and getdate(self.effective_to) < getdate(self.effective_from):
			frappe.throw(
				_("Effective to {0} is before effective from {1}").format(
					formatdate(self.effective_to), formatdate(self.effective_from)
				)
			)
		seen = set()
		for rate in self.rates:
			key = (rate.criterion, (rate.variant or "").strip(), rate.unit)
			if key in seen:
				frappe.throw(
					_("Row {0}: criterion {1}, variant {2}, unit {3} is listed twice").format(
						rate.idx, rate.criterion, rate.variant or "—", _(rate.unit)
					)
				)
			seen.add(key)
			rate.variant = key[1]
			if flt(rate.credit_units) < 0 or flt(rate.per_quantity) <= 0:
				frappe.throw(
					_("Row {0}: credit units cannot be negative and the quantity must be positive").format(
						rate.idx
					)
				)

	def on_update(self):
		cpd.clear_cache()
		# Evidence keeps the CU it was valued at for lists; revalue what this set now governs, from the
		# earliest date the change touches.
		before = self.get_doc_before_save()
		cpd.request_revaluation(
			min(getdate(d) for d in (self.effective_from, before and before.effective_from) if d)
		)

	def on_trash(self):
		cpd.clear_cache()
