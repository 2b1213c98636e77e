"""WHO National Health Workforce Accounts (NHWA) from the register's counts, in plain Python.

The indicators themselves are data (NHWA Indicator: code, module, edition, measure, occupations, end
reasons), because WHO renumbered them between editions; this module knows only how each measure is
computed. Occupations are ISCO-08 codes from the Position and Specialty catalogues; a group counts its
sub-codes (221 counts 2211 and 2212). A density needs a sourced population: without one it is left
empty with a note, never estimated.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from profregister.domain.certificates import add_months
from profregister.domain.errors import _

# ISCO-08 groups NHWA reports; "" is the whole health workforce in the register.
OCCUPATION_GROUPS = (
	("", _("All health workers")),
	("221", _("Medical doctors")),
	("222", _("Nursing and midwifery professionals")),
	# College-trained nurses and midwives, most of Kazakhstan's (domain/occupations.py).
	("322", _("Nursing and midwifery associate professionals")),
	("2261", _("Dentists")),
	("2262", _("Pharmacists")),
	("3213", _("Pharmaceutical technicians and assistants")),
)
AGE_BANDS = ((25, _("Under 25")), (35, _("25-34")), (45, _("35-44")), (55, _("45-54")), (65, _("55-64")),
	(None, _("65 and over")))  # fmt: skip
# measure -> (the count it reads, the position of its category in that count's key)
SHARE_BREAKDOWNS = {
	"Share by sex": ("people", 2),
	"Share by age band": ("people", 3),
	"Share by ownership": ("places", 1),
	"Share by facility type": ("places", 2),
}
FLOW_MEASURES = ("Entries", "Voluntary exits", "Involuntary exits")


@dataclass(frozen=True)
class Indicator:
	code: str
	module: int
	edition: str
	name: str
	measure: str
	occupations: tuple = ()
	end_reasons: tuple = ()
	# Whether the code and name were read in the cited source (README: NHWA as published).
	code_status: str = "Unverified"


@dataclass
class Facts:
	"""The register's counts the indicators are computed from."""

	# (occupation, region, sex, age_band) -> active workers
	people: dict = field(default_factory=dict)
	# (occupation, ownership, entity_type) -> active workers
	places: dict = field(default_factory=dict)
	# (occupation, region) -> FTE of the employments held
	fte: dict = field(default_factory=dict)
	# occupation -> entries in the year
	entries: dict = field(default_factory=dict)
	# (occupation, end reason) -> main employments ended in the year
	exits: dict = field(default_factory=dict)
	# occupation -> main employments held on 1 January of the year (the flows' denominator)
	start_stock: dict = field(default_factory=dict)
	# region -> population (None: no sourced estimate)
	population: dict = field(default_factory=dict)
	country: str | None = None  # the region that is the whole country
	national: bool = False  # whether the figures cover the whole country (else no country line)
	partial: set = field(default_factory=set)  # regions only part of which is in the user's view


def in_group(code: str, group: str) -> bool:
	return code.startswith(group) if group else True


def age_band_limits(day: date) -> list[tuple[date | None, str]]:
	"""(latest birth date still in the band, band) for a day, youngest first: born after the limit is
	younger than the band's upper age."""
	return [(add_months(day, -12 * upper) if upper else None, label) for upper, label in AGE_BANDS]


def groups_of(indicator: Indicator) -> list[tuple[str, str]]:
	wanted = set(indicator.occupations)
	return [(code, label) for code, label in OCCUPATION_GROUPS if not wanted or code in wanted]


def compute(indicators: list[Indicator], facts: Facts) -> list[dict]:
	"""A row per indicator, occupation group and category: numerator, denominator, value, note."""
	rows = []
	for indicator in indicators:
		for group, group_label in groups_of(indicator):
			stock = {k: v for k, v in facts.people.items() if in_group(k[0], group)}
			headcount = sum(stock.values())
			base = {"indicator": indicator, "occupation": group, "occupation_label": group_label}
			for category, numerator, denominator, value, unit, note in _measure(
				indicator, facts, group, stock, headcount
			):
				rows.append({**base, "category": category, "numerator": numerator, "denominator": denominator,
					"value": value, "unit": unit, "note": note})  # fmt: skip
	return rows


def _measure(indicator: Indicator, facts: Facts, group: str, stock: dict, headcount: int):
	measure = indicator.measure
	if measure == "Headcount":
		yield _("Total"), headcount, None, headcount, _("persons"), ""
	elif measure == "FTE":
		fte = round(sum(v for (code, _region), v in facts.fte.items() if in_group(code, group)), 2)
		yield _("Total"), fte, None, fte, _("FTE"), ""
	elif measure == "Density per 10,000 population":
		by_region = defaultdict(int)
		for (_code, region, *_rest), count in stock.items():
			by_region[region] += count
		regions = sorted((set(by_region) | set(facts.population)) - {facts.country})
		if facts.country and facts.national:
			by_region[facts.country] = headcount
			regions = [facts.country, *regions]
		for region in regions:
			count, population = by_region.get(region, 0), facts.population.get(region)
			if region in facts.partial:
				yield region, count, None, None, _("per 10,000"), _("Only part of the region is in view")
			elif population:
				yield region, count, population, round(count * 10000 / population, 2), _("per 10,000"), ""
			else:
				yield region, count, None, None, _("per 10,000"), _("No sourced population estimate")
	elif measure in SHARE_BREAKDOWNS:
		counts, index = SHARE_BREAKDOWNS[measure]
		by_category = defaultdict(int)
		for key, count in getattr(facts, counts).items():
			if in_group(key[0], group):
				by_category[key[index] or _("Not stated")] += count
		for category, count in sorted(by_category.items()):
			yield category, count, headcount, _percent(count, headcount), "%", ""
	elif measure in FLOW_MEASURES:
		if measure == "Entries":
			count = sum(v for code, v in facts.entries.items() if in_group(code, group))
		else:
			reasons = set(indicator.end_reasons)
			count = sum(
				v for (code, reason), v in facts.exits.items() if in_group(code, group) and reason in reasons
			)
		# The handbook's denominator: the stock at the start of the year, not today's.
		start = sum(v for code, v in facts.start_stock.items() if in_group(code, group))
		note = _("Rate per 100 of the stock at the start of the year")
		yield _("Total"), count, start, _percent(count, start), "%", note


def _percent(part: float, whole: float) -> float | None:
	return round(part * 100 / whole, 2) if whole else None


CSV_COLUMNS = (
	"indicator_code",
	"module",
	"edition",
	"code_status",
	"indicator",
	"occupation_isco",
	"occupation",
	"category",
	"numerator",
	"denominator",
	"value",
	"unit",
	"note",
)
