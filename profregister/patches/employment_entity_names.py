"""Employments show their entity's name in links (title field): filled for existing rows in one statement."""

import frappe


def execute():
	frappe.db.sql(
		"""update `tabEmployment` job join `tabHealthcare Entity` entity on entity.name = job.healthcare_entity
		set job.entity_name = entity.entity_name"""
	)
