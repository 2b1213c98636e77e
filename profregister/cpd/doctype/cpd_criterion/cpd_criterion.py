# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from profregister.services.cpd import credit_units as cpd


class CPDCriterion(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		authorship_limit: DF.Int
		chapter: DF.Literal["Additional education", "Non-formal education", "Additional competences"]
		condition: DF.SmallText | None
		criterion_name: DF.Data
		description: DF.SmallText | None
		enabled: DF.Check
		min_duration_months: DF.Int
		number: DF.Int
		required_evidence: DF.SmallText | None
		requires_threshold_result: DF.Check

	# end: auto-generated types
	def autoname(self):
		# "01".."21" sort as the rows of Appendix 1.
		self.name = f"{int(self.number):02d}"

	def validate(self):
		if not 1 <= int(self.number or 0) <= 99:
			frappe.throw(_("Criterion number must be between 1 and 99"))
		if (self.authorship_limit or 0) < 0 or (self.min_duration_months or 0) < 0:
			frappe.throw(_("Limits cannot be negative"))

	def on_update(self):
		cpd.clear_cache()
