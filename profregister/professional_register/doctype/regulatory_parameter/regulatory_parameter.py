# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from profregister.domain.cpd_providers import PARAMETER_PREFIX
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.parameters import clear_cache


class RegulatoryParameter(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.professional_register.doctype.regulatory_parameter_value.regulatory_parameter_value import (
			RegulatoryParameterValue,
		)

		description: DF.SmallText | None
		parameter: DF.Data
		title: DF.Data
		unit: DF.Data | None
		values: DF.Table[RegulatoryParameterValue]

	# end: auto-generated types
	def validate(self):
		dates = [row.effective_from for row in self.values]
		if len(dates) != len(set(dates)):
			frappe.throw(_("Two values of {0} take effect on the same date").format(self.title))

	def on_update(self):
		clear_cache()
		if self.name.startswith(PARAMETER_PREFIX):
			# Which criteria the provider list governs, or from when, changed: the stored CU are judged
			# again from the earliest date named before or now.
			before = self.get_doc_before_save()
			rows = [*self.values, *(before.values if before else [])]
			cpd.request_revaluation(min(getdate(row.effective_from) for row in rows))
