"""The Bureau's revision of the country's population on 1 January 2025, and the regions sourced since
(Abai and North Kazakhstan on 1 January 2026): both as shipped in setup_data/population_estimates.json."""

import json

import frappe

from profregister.install import DATA, load_master_data

COUNTRY = "Kazakhstan"
REFERENCE_DATE = "2025-01-01"
# The first release: only a record still holding it is revised, never a figure an administrator set.
FIRST_RELEASE = 20286084


def execute():
	revise_first_release()
	# Inserts the missing shipped records (the new regions among them), changes none.
	load_master_data()


def revise_first_release():
	shipped = next(
		record
		for record in json.loads((DATA / "population_estimates.json").read_text())
		if record["region"] == COUNTRY and record["reference_date"] == REFERENCE_DATE
	)
	name = frappe.db.get_value(
		"Population Estimate",
		{"region": COUNTRY, "reference_date": REFERENCE_DATE, "population": FIRST_RELEASE},
	)
	if name:
		frappe.db.set_value(
			"Population Estimate",
			name,
			{key: shipped[key] for key in ("population", "source_url", "note")},
		)
