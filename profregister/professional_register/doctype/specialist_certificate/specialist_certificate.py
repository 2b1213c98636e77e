# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import add_years, formatdate, getdate, nowdate

from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform.parameters import get_parameter


class SpecialistCertificate(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		attachment: DF.Attach | None
		certificate_number: DF.Data
		expiry_notice_sent_on: DF.Date | None
		for_clinical_practice: DF.Check
		health_worker: DF.Link
		healthcare_entity: DF.Link | None
		issue_date: DF.Date
		issuing_body: DF.Data
		region: DF.Link | None
		specialty: DF.Link
		valid_until: DF.Date
		worker_name: DF.Data | None

	# end: auto-generated types
	def validate(self):
		if getdate(self.valid_until) < getdate(self.issue_date):
			frappe.throw(
				_("Valid until {0} is before the issue date {1}").format(
					formatdate(self.valid_until), formatdate(self.issue_date)
				),
				title=_("Invalid certificate dates"),
			)
		today = getdate(nowdate())
		if getdate(self.issue_date) > today:
			frappe.throw(
				_("Issue date {0} is in the future").format(formatdate(self.issue_date)),
				title=_("Invalid certificate dates"),
			)
		longest = int(get_parameter("max_certificate_validity_years", today))
		if getdate(self.valid_until) > add_years(getdate(self.issue_date), longest):
			frappe.throw(
				_("A certificate valid for more than {0} years is implausible").format(longest),
				title=_("Invalid certificate dates"),
			)

	def on_update(self):
		previous = (self.get_doc_before_save() or frappe._dict()).get("specialty")
		self.is_latest = int(
			self.name in certificates.mark_latest(self.health_worker, {self.specialty, previous})
		)
		certificates.on_certificate_saved(self)

	def after_delete(self):
		certificates.mark_latest(self.health_worker, {self.specialty})


def on_doctype_update():
	# The daily job and the reports select the latest certificates by validity dates; the place columns
	# make the forecast's and the expiry summary's counts index-only (the narrower index it replaces is
	# a prefix of it).
	frappe.db.add_index(
		"Specialist Certificate",
		["for_clinical_practice", "is_latest", "valid_until", "region", "healthcare_entity", "specialty"],
		"latest_validity_index",
	)
	frappe.db.sql_ddl(
		"alter table `tabSpecialist Certificate` drop index if exists for_clinical_practice_is_latest_valid_until_index"
	)
	# The FHIR directory's updates (ITI-91) read certificates changed since a moment in (modified,
	# holder) order, a page at a time: with this index a page is a range read, not a sort of the day.
	frappe.db.add_index("Specialist Certificate", ["modified", "health_worker"], "modified_holder_index")
