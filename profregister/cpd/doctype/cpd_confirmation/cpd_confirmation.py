# Copyright (c) 2026, profregister developers
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from profregister.access.gate import NATIONAL_ROLES, has_role_on
from profregister.services.cpd import confirmation

# Who confirms an employee's results: their entity's HR and head, or a national role.
EMPLOYER_ROLES = ("HR Specialist", "HR Chief", "Head of Healthcare Entity", *NATIONAL_ROLES)
# Who signs at each step of the workflow, when, and the full name the form prints (rule 10, Appendix 2).
SIGNATURES = {
	"Checked": ("checked_by", "checked_on", None),
	"Signed by HR Chief": ("hr_chief", "hr_chief_signed_on", "hr_chief_name"),
	"Confirmed": ("head", "head_signed_on", "head_name"),
}


class CPDConfirmation(Document):
	# begin: auto-generated types
	# This code is auto-generated. Do not modify anything in this block.

	from typing import TYPE_CHECKING

	if TYPE_CHECKING:
		from frappe.types import DF

		from profregister.cpd.doctype.cpd_confirmation_employment.cpd_confirmation_employment import (
			CPDConfirmationEmployment,
		)
		from profregister.cpd.doctype.cpd_confirmation_result.cpd_confirmation_result import (
			CPDConfirmationResult,
		)

		additional_competences_cu: DF.Float
		additional_education_cu: DF.Float
		amended_from: DF.Link | None
		checked_by: DF.Link | None
		checked_on: DF.Datetime | None
		confirmation_date: DF.Date
		declared_specialty: DF.Link
		full_name: DF.Data | None
		head: DF.Link | None
		head_name: DF.Data | None
		head_signed_on: DF.Datetime | None
		health_worker: DF.Link
		healthcare_entity: DF.Link | None
		hr_chief: DF.Link | None
		hr_chief_name: DF.Data | None
		hr_chief_signed_on: DF.Datetime | None
		labour_activity: DF.Table[CPDConfirmationEmployment]
		non_formal_education_cu: DF.Float
		period_from: DF.Date | None
		period_to: DF.Date | None
		place_of_work: DF.Data | None
		position: DF.Data | None
		postgraduate_education: DF.SmallText | None
		qualification_category: DF.Data | None
		qualification_framework_level: DF.Data | None
		refusal_reason: DF.SmallText | None
		region: DF.Link | None
		results: DF.Table[CPDConfirmationResult]
		self_confirmed: DF.Check
		specialty_service_days: DF.Int
		specialty_service_months: DF.Int
		specialty_service_years: DF.Int
		total_credit_units: DF.Float
		total_service_days: DF.Int
		total_service_months: DF.Int
		total_service_years: DF.Int
		verification_code: DF.Data | None
		workflow_state: DF.Link | None

	# end: auto-generated types
	def before_insert(self):
		confirmation.check_eligible(self)
		self.verification_code = frappe.generate_hash(length=12).upper()

	def validate(self):
		# Items 1-11 follow the register and the evidence until the document is confirmed, then freeze.
		if self.docstatus == 0:
			confirmation.fill(self)
		self.check_worker_account()
		self.record_signature()
		if self.workflow_state == "Refused" and not (self.refusal_reason or "").strip():
			frappe.throw(
				_(
					"Give the reason for the refusal: the evidence and the requirement it does not meet (rule 11)"
				),
				title=_("Refusal"),
			)

	def check_worker_account(self):
		"""A worker's own account changes their confirmation only as a private practitioner: everyone
		else's results are confirmed by their employer (rule 2)."""
		if self.self_confirmed or frappe.session.user == "Administrator" or self.flags.ignore_permissions:
			return
		if not has_role_on(self, EMPLOYER_ROLES) and has_role_on(self, ("Health Worker",)):
			frappe.throw(
				_("Your CPD results are confirmed by your employer's HR service and head"),
				frappe.PermissionError,
				title=_("CPD confirmation"),
			)

	def record_signature(self):
		if not self.has_value_changed("workflow_state") or self.workflow_state not in SIGNATURES:
			return
		user_field, time_field, name_field = SIGNATURES[self.workflow_state]
		self.set(user_field, frappe.session.user)
		self.set(time_field, now_datetime())
		if name_field:
			# The practitioner signs as the person the form is about.
			name = self.full_name if self.self_confirmed else frappe.utils.get_fullname(frappe.session.user)
			self.set(name_field, name)
