"""The ISCO-08 occupation of a worker or an employment as one CASE, from the catalogues (Specialty and
Position carry the code) and the ISCO Level Rules in force (domain/occupations.py says why): the NHWA
counts and the summary tables (summaries.py) both group by it."""

import frappe
from frappe.utils import getdate, today
from pypika.terms import Case

from profregister.access.gate import request_cache
from profregister.domain.occupations import GENERALIST_CODES, LevelRule, rules_in_force


def occupation_case(position_field, specialty_field, level_field=None, day=None):
	"""A generalist position's code, else the specialty's, else the position's; for a worker whose
	highest education (`level_field`) a rule names, the code of that level."""
	codes = _catalogues()
	levels = level_codes(getdate(day or today())) if level_field is not None else {}
	case = Case()
	for code in GENERALIST_CODES:
		if code in codes["Position"]:
			case = case.when(position_field.isin(codes["Position"][code]), code)
	for doctype, column in (("Specialty", specialty_field), ("Position", position_field)):
		for code, names in sorted(codes[doctype].items()):
			for level_code, at_levels in sorted(levels.get(code, {}).items()):
				case = case.when(column.isin(names) & level_field.isin(sorted(at_levels)), level_code)
			case = case.when(column.isin(names), code)
	return case.else_("")


CACHES = ("profregister_isco_catalogues", "profregister_isco_levels")


def forget():
	"""A catalogue code or a level rule changed: the next CASE reads them again."""
	for name in CACHES:
		setattr(frappe.local, name, None)


def _catalogues() -> dict:
	# Read once per request or job: a recount builds the CASE several times.
	cache = request_cache(CACHES[0])
	if "codes" not in cache:
		cache["codes"] = {doctype: _names_by_code(doctype) for doctype in ("Specialty", "Position")}
	return cache["codes"]


def level_codes(day) -> dict[str, dict[str, list[str]]]:
	"""Catalogue code → level code → the education levels counted under it, by the rules of the day."""
	cache = request_cache(CACHES[1])
	if day not in cache:
		cache[day] = _level_codes(day)
	return cache[day]


def _level_codes(day) -> dict[str, dict[str, list[str]]]:
	rules = [
		LevelRule(r.isco_08.strip(), r.education_level, r.level_code.strip(), getdate(r.effective_from))
		for r in frappe.get_all(
			"ISCO Level Rule", fields=["isco_08", "education_level", "level_code", "effective_from"]
		)
	]
	found: dict[str, dict[str, list[str]]] = {}
	for (code, level), level_code in rules_in_force(rules, day).items():
		found.setdefault(code, {}).setdefault(level_code, []).append(level)
	return found


def _names_by_code(doctype: str) -> dict[str, list[str]]:
	by_code: dict[str, list[str]] = {}
	for row in frappe.get_all(doctype, filters={"isco_08": ("is", "set")}, fields=["name", "isco_08"]):
		by_code.setdefault(row.isco_08.strip(), []).append(row.name)
	return by_code
