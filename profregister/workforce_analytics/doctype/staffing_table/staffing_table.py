# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import flt, formatdate


class StaffingTable(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		approved_fte: DF.Float
		effective_from: DF.Date
		healthcare_entity: DF.Link
		order_reference: DF.Data | None
		position: DF.Link
		region: DF.Link | None
		specialty: DF.Link | None

	# end: auto-generated types
	def validate(self):
		# An empty link from the desk is "" and from imports NULL: one "no specialty" line, not two.
		self.specialty = self.specialty or None
		if flt(self.approved_fte) <= 0:
			frappe.throw(
				_("Approved FTE must be greater than zero"),
				title=_("Invalid approved FTE"),
			)
		self.validate_unique_line()

	def validate_unique_line(self):
		duplicate = frappe.db.exists(
			"Staffing Table",
			{
				"healthcare_entity": self.healthcare_entity,
				"position": self.position,
				"specialty": self.specialty or ("is", "not set"),
				"effective_from": self.effective_from,
				"name": ("!=", self.name or ""),
			},
		)
		if duplicate:
			frappe.throw(
				_(
					"Staffing table row {0} already approves {1} ({2}) at {3} from {4}: change that row instead"
				).format(
					duplicate,
					self.position,
					self.specialty or _("No specialty"),
					self.healthcare_entity,
					formatdate(self.effective_from),
				),
				exc=frappe.DuplicateEntryError,
				title=_("Duplicate staffing table row"),
			)


def on_doctype_update():
	# The row of a line, unique by date, and the Staffing Need report read these columns in this order.
	frappe.db.add_index(
		"Staffing Table",
		["healthcare_entity", "position", "specialty", "effective_from", "approved_fte"],
		index_name="staffing_line",
	)
	# The report joins each staffing line to its employments: this index covers that join (and its
	# date test and rates), so the join never reads the Employment rows themselves.
	frappe.db.add_index(
		"Employment",
		["healthcare_entity", "position", "specialty", "start_date", "end_date", "rate"],
		index_name="staffing_line",
	)
