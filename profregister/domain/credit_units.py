"""CPD credit units (order DSM-283/2020, Appendix 1): rates in force, evidence checks, window, totals."""

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from profregister.domain.certificates import add_months
from profregister.domain.errors import DomainError, _

CHAPTERS = ("Additional education", "Non-formal education", "Additional competences")
UNITS = ("hour", "credit", "day", "week", "report", "item", "year", "test questions", "clinical scenarios")
TRANSLATION_NOT_NEEDED = ("Kazakh", "Russian")


@dataclass(frozen=True)
class Criterion:
	number: int
	chapter: str
	authorship_limit: int = 0  # 0: any author counts
	min_duration_months: int = 0
	requires_threshold_result: bool = False


@dataclass(frozen=True)
class Rate:
	criterion: int
	variant: str
	unit: str
	per_quantity: float
	credit_units: float


@dataclass(frozen=True)
class RuleSet:
	name: str
	effective_from: date
	effective_to: date | None
	rates: tuple[Rate, ...]


@dataclass(frozen=True)
class Evidence:
	criterion: int
	variant: str
	unit: str
	quantity: float
	date_from: date
	date_to: date
	author_position: int | None = None
	number_of_authors: int | None = None
	result_at_or_above_threshold: bool = False
	document_language: str = "Russian"
	has_translation: bool = False
	has_attachment: bool = True


@dataclass(frozen=True)
class Valuation:
	credit_units: float
	rule_set: str
	# Why: the rate applied and the block it counts in (1 CU per hour; 30 CU per 50 test questions).
	rate: float = 0.0
	per_quantity: float = 1.0
	# Why it earns nothing although a rate applies (domain/cpd_providers.py); empty when it counts.
	reason: str = ""


@dataclass(frozen=True)
class Window:
	start: date
	end: date

	def contains(self, day: date) -> bool:
		return self.start <= day <= self.end


@dataclass(frozen=True)
class Summary:
	by_criterion: dict[int, float]
	by_chapter: dict[str, float]
	total: float


def _as_date(value: date | str | None) -> date | None:
	return date.fromisoformat(value) if isinstance(value, str) else value


def criteria_from_records(records: Iterable[Mapping]) -> list[Criterion]:
	"""Criteria from plain dicts: the shipped JSON or CPD Criterion rows."""
	return [
		Criterion(
			number=int(record["number"]),
			chapter=record["chapter"],
			authorship_limit=int(record.get("authorship_limit") or 0),
			min_duration_months=int(record.get("min_duration_months") or 0),
			requires_threshold_result=bool(int(record.get("requires_threshold_result") or 0)),
		)
		for record in records
	]


def rule_sets_from_records(records: Iterable[Mapping]) -> list[RuleSet]:
	"""Rule sets from plain dicts; a rate's criterion may be the number or the record name "01".."21"."""
	return [
		RuleSet(
			name=record["rule_set_name"],
			effective_from=_as_date(record["effective_from"]),
			effective_to=_as_date(record.get("effective_to")),
			rates=tuple(
				Rate(
					criterion=int(rate["criterion"]),
					variant=rate.get("variant") or "",
					unit=rate["unit"],
					per_quantity=float(rate.get("per_quantity") or 1),
					credit_units=float(rate["credit_units"]),
				)
				for rate in record["rates"]
			),
		)
		for record in records
	]


def activity_date(evidence: Evidence) -> date:
	"""The day the activity ended or the document was issued: it decides the rates and the window."""
	return evidence.date_to


def rule_set_on(rule_sets: Iterable[RuleSet], on_date: date) -> RuleSet:
	in_force = [
		rule_set
		for rule_set in rule_sets
		if rule_set.effective_from <= on_date
		and (rule_set.effective_to is None or on_date <= rule_set.effective_to)
	]
	if not in_force:
		raise DomainError(_("No CPD rule set is in force on {0}"), on_date)
	return max(in_force, key=lambda rule_set: rule_set.effective_from)


def variants(rule_set: RuleSet, criterion: int) -> list[tuple[str, str]]:
	return [(rate.variant, rate.unit) for rate in rule_set.rates if rate.criterion == criterion]


def value(evidence: Evidence, rule_sets: Iterable[RuleSet]) -> Valuation:
	rule_set = rule_set_on(rule_sets, activity_date(evidence))
	key = (evidence.criterion, evidence.variant, evidence.unit)
	rate = next((r for r in rule_set.rates if (r.criterion, r.variant, r.unit) == key), None)
	if rate is None:
		offered = variants(rule_set, evidence.criterion)
		listed = ", ".join(f"{variant} ({unit})" if variant else unit for variant, unit in offered) or "—"
		if not evidence.variant and all(offered_variant for offered_variant, _unit in offered):
			raise DomainError(
				_("Criterion {0} needs a variant; choose one of: {1}"), evidence.criterion, listed
			)
		raise DomainError(
			_("Criterion {0} has no rate for variant {1} in unit {2} in rule set {3}; offered: {4}"),
			evidence.criterion,
			evidence.variant or "—",
			evidence.unit,
			rule_set.name,
			listed,
		)
	# The rate is per block (50 test questions, 10 clinical scenarios): a partial block earns nothing.
	units = math.floor(evidence.quantity / rate.per_quantity) if rate.per_quantity > 1 else evidence.quantity
	return Valuation(
		max(0.0, round(units * rate.credit_units, 2)), rule_set.name, rate.credit_units, rate.per_quantity
	)


def validate(
	evidence: Evidence, criterion: Criterion, rule_sets: Iterable[RuleSet], today: date
) -> Valuation:
	"""Rule 11: refuse evidence that does not meet the criterion's requirements, saying which."""
	e = evidence
	if not e.has_attachment:
		raise DomainError(_("Attach the supporting document"))
	if e.quantity <= 0:
		raise DomainError(_("Quantity must be greater than zero"))
	if e.date_from > e.date_to:
		raise DomainError(_("Start date {0} is after end date {1}"), e.date_from, e.date_to)
	if e.date_to > today:
		raise DomainError(_("End date {0} is in the future"), e.date_to)

	days = (e.date_to - e.date_from).days + 1
	most, message = {
		"hour": (24 * days, _("At most {0} hours fit into the period {1} – {2}")),
		"day": (days, _("At most {0} days fit into the period {1} – {2}")),
		"week": (math.ceil(days / 7), _("At most {0} weeks fit into the period {1} – {2}")),
	}.get(e.unit, (None, ""))
	if most is not None and e.quantity > most:
		raise DomainError(message, most, e.date_from, e.date_to)

	limit = criterion.authorship_limit
	if limit:
		if not e.author_position or e.author_position < 1:
			raise DomainError(
				_("Criterion {0} requires the author's position in the list of authors"), e.criterion
			)
		if e.number_of_authors is not None and e.number_of_authors < e.author_position:
			raise DomainError(
				_("Author position {0} is beyond the number of authors {1}"),
				e.author_position,
				e.number_of_authors,
			)
		if e.author_position > limit:
			if limit == 1:
				raise DomainError(_("Criterion {0} counts only the first or sole author"), e.criterion)
			raise DomainError(_("Criterion {0} counts only the first {1} authors"), e.criterion, limit)

	months = criterion.min_duration_months
	if months and add_months(e.date_from, months) - timedelta(days=1) > e.date_to:
		raise DomainError(
			_("Criterion {0} requires at least {1} months of activity; the evidence covers {2} – {3}"),
			e.criterion,
			months,
			e.date_from,
			e.date_to,
		)
	if criterion.requires_threshold_result and not e.result_at_or_above_threshold:
		raise DomainError(_("Criterion {0} counts only a result at or above the threshold"), e.criterion)
	if e.document_language not in TRANSLATION_NOT_NEEDED and not e.has_translation:
		raise DomainError(
			_("A document in {0} needs a notarised translation into Kazakh or Russian"), e.document_language
		)
	return value(e, rule_sets)


def window(confirmation_date: date, years: int) -> Window:
	"""Rule 6, "over the past 5 years": exactly `years` years ending on the confirmation date, both inclusive."""
	return Window(add_months(confirmation_date, -12 * years) + timedelta(days=1), confirmation_date)


def summarise(rows: Iterable[tuple[int, float]], criteria: Iterable[Criterion]) -> Summary:
	"""Rule 9: the result is the sum over the three chapters; every criterion and chapter gets a line."""
	chapter_of = {criterion.number: criterion.chapter for criterion in criteria}
	by_criterion = dict.fromkeys(chapter_of, 0.0)
	for number, credit_units in rows:
		if number not in chapter_of:
			raise DomainError(_("Unknown CPD criterion {0}"), number)
		by_criterion[number] += credit_units
	by_chapter = dict.fromkeys(CHAPTERS, 0.0)
	for number, credit_units in by_criterion.items():
		by_chapter[chapter_of[number]] += credit_units
	return Summary(
		{number: round(cu, 2) for number, cu in by_criterion.items()},
		{chapter: round(cu, 2) for chapter, cu in by_chapter.items()},
		round(sum(by_chapter.values()), 2),
	)


def progress(total: float, threshold: float) -> float:
	"""Percent of the threshold reached, 0 to 100 (a threshold of 0 is reached by anything)."""
	if threshold <= 0:
		return 100.0
	return round(min(100.0, max(0.0, total * 100 / threshold)), 1)
