"""Shipped positions and specialties get their ISCO-08 codes (NHWA), where an administrator set none."""

import json

import frappe

from profregister.install import DATA


def execute():
	for doctype, file, key in (
		("Position", "positions.json", "position_name"),
		("Specialty", "specialties.json", "specialty_name"),
	):
		for record in json.loads((DATA / file).read_text()):
			if record.get("isco_08") and not frappe.db.get_value(doctype, record[key], "isco_08"):
				frappe.db.set_value(doctype, record[key], "isco_08", record["isco_08"], update_modified=False)
