# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from profregister.domain.identifiers import validate_bin
from profregister.services.cpd import credit_units as cpd
from profregister.services.platform.errors import call


class AccreditedCPDProvider(Document):
	"""An organisation on the ministry's list of organisations of additional education in medical
	specialties (order of 09.02.2026), kept by the Register Administrator."""

	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.cpd.doctype.accredited_cpd_provider_specialty.accredited_cpd_provider_specialty import (
			AccreditedCPDProviderSpecialty,
		)

		accreditation_body: DF.Data
		bin: DF.Data
		name_kk: DF.Data | None
		name_ru: DF.Data
		source: DF.SmallText | None
		specialties: DF.TableMultiSelect[AccreditedCPDProviderSpecialty]
		valid_from: DF.Date
		valid_to: DF.Date | None
	# end: auto-generated types

	def autoname(self):
		self.bin = (self.bin or "").strip()
		self.name = self.bin

	def validate(self):
		self.bin = call(validate_bin, self.bin, title=_("Invalid BIN"))
		if self.valid_to and getdate(self.valid_to) < getdate(self.valid_from):
			frappe.throw(
				_("{0} is before {1}").format(
					_(self.meta.get_label("valid_to")), _(self.meta.get_label("valid_from"))
				),
				title=_("Accredited CPD Provider"),
			)

	def on_update(self):
		# Evidence names a provider already on the list: only a change of its dates can change its CU.
		before = self.get_doc_before_save()
		if before and any(str(before.get(f)) != str(self.get(f)) for f in ("valid_from", "valid_to")):
			cpd.rejudge_providers()
