"""The ISCO-08 occupation of a health worker: the catalogues' code (specialty, else position), with two
refinements ISCO itself makes (sources in the README):

- a generalist position keeps its code whatever the specialty: "district medical doctor" is ISCO's own
  example of 2211 generalist medical practitioners, so a district therapist with the specialty Therapy
  (2212) is still a 2211;
- the level follows the worker's education where ISCO distinguishes it: nursing and midwifery
  professionals (2221, 2222) against associate professionals (3221, 3222), pharmacists (2262) against
  pharmaceutical technicians (3213). Which code becomes which at which level is dated data (ISCO Level
  Rule) the Register Administrator keeps.
"""

from dataclasses import dataclass
from datetime import date

# Levels of education in the order of the Health Worker Education options, lowest first.
EDUCATION_LEVELS = (
	"General secondary",
	"Technical and vocational",
	"Higher",
	"Postgraduate: internship",
	"Postgraduate: residency",
	"Postgraduate: master's",
	"Postgraduate: doctorate",
)
# ISCO-08 unit groups whose positions keep their code over the specialty's.
GENERALIST_CODES = ("2211",)


def highest_level(levels) -> str | None:
	"""The highest of the levels given (unknown ones ignored), or None."""
	ranked = [EDUCATION_LEVELS.index(level) for level in levels if level in EDUCATION_LEVELS]
	return EDUCATION_LEVELS[max(ranked)] if ranked else None


@dataclass(frozen=True)
class LevelRule:
	code: str  # the catalogue's code
	education_level: str  # the worker's highest level
	level_code: str  # the code a worker of that level is counted under
	effective_from: date


def rules_in_force(rules, day: date) -> dict[tuple[str, str], str]:
	"""(catalogue code, education level) → code on the day: each pair's latest rule from on or before it."""
	found: dict[tuple[str, str], LevelRule] = {}
	for rule in sorted(rules, key=lambda r: r.effective_from):
		if rule.effective_from <= day:
			found[(rule.code, rule.education_level)] = rule
	return {key: rule.level_code for key, rule in found.items()}
