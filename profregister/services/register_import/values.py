"""The allowed values of a Register Import's coded columns: read from the register once per run, and
looked up by code, by their name in every language the app ships, or by a common abbreviation
(domain/import_cells.code_lookup); also listed on the template's second sheet."""

import csv
from functools import lru_cache

import frappe
from frappe import _
from frappe.translate import get_full_dict

from profregister.domain import import_cells

SHIPPED_LANGUAGES = ("ru", "kk")
# The Select fields whose options a coded column takes.
OPTIONS = {
	"sex": ("Health Worker", "sex"),
	"id_document_type": ("Health Worker", "id_document_type"),
	"education_level": ("Health Worker Education", "education_level"),
	"end_reason": ("Employment", "end_reason"),
}


@lru_cache(maxsize=4)
def shipped(lang: str) -> dict[str, str]:
	"""The app's own translations (profregister/translations/<lang>.csv). Read directly: in Frappe's
	merged dictionary Frappe's own entries win for some words (its country names stay English)."""
	path = frappe.get_app_path("profregister", "translations", f"{lang}.csv")
	with open(path, newline="", encoding="utf-8") as f:
		return {row[0]: row[1] for row in csv.reader(f) if len(row) > 1 and row[1]}


def label(value: str, lang: str) -> str:
	"""A stored value as the user reads it: the app's translation, else Frappe's."""
	if lang not in SHIPPED_LANGUAGES:
		return _(value, lang=lang)
	return shipped(lang).get(value) or _(value, lang=lang)


def coded_values() -> dict[str, list[tuple]]:
	"""Column key → (value, *its other names) of each allowed value: the reference doctypes' names and
	codes, and the Select options."""

	def options(doctype: str, field: str):
		return [(o,) for o in (frappe.get_meta(doctype).get_field(field).options or "").split("\n") if o]

	return {
		"position": frappe.get_all("Position", fields=["name", "position_name"], as_list=True),
		"specialty": frappe.get_all("Specialty", fields=["name", "code", "specialty_name"], as_list=True),
		"citizenship": frappe.get_all("Country", fields=["name", "code", "country_name"], as_list=True),
		**{key: options(*field) for key, field in OPTIONS.items()},
	}


def lookups() -> dict[str, dict[str, str]]:
	"""Column key → {normalised name: value}, built once per run: a row then costs a dict look-up."""
	translations = [
		*(shipped(lang) for lang in SHIPPED_LANGUAGES),
		*(get_full_dict(lang) for lang in SHIPPED_LANGUAGES),
	]
	return {
		key: import_cells.code_lookup(values, translations, import_cells.ABBREVIATIONS.get(key))
		for key, values in coded_values().items()
	}
