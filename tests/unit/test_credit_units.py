import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.credit_units import (
	CHAPTERS,
	UNITS,
	Evidence,
	Rate,
	RuleSet,
	criteria_from_records,
	progress,
	rule_set_on,
	rule_sets_from_records,
	summarise,
	validate,
	value,
	variants,
	window,
)
from profregister.domain.errors import DomainError

D = date
TODAY = D(2026, 11, 22)
SETUP_DATA = Path(__file__).resolve().parents[2] / "profregister" / "setup_data"


def _load(name: str):
	return json.loads((SETUP_DATA / name).read_text())


RULE_SETS = rule_sets_from_records(_load("cpd_rule_sets.json"))
CRITERIA = {criterion.number: criterion for criterion in criteria_from_records(_load("cpd_criteria.json"))}
DEFAULT = RULE_SETS[0]


def evidence(criterion=1, variant="", unit="hour", quantity=1, **changes) -> Evidence:
	start, end = changes.pop("date_from", D(2024, 3, 1)), changes.pop("date_to", D(2024, 3, 1))
	return Evidence(criterion, variant, unit, quantity, start, end, **changes)


def check(item: Evidence, today: date = TODAY) -> float:
	return validate(item, CRITERIA[item.criterion], RULE_SETS, today).credit_units


# (criterion, variant, unit, quantity, expected CU), worked out by hand from Appendix 1.
DEFAULT_TABLE = [
	(1, "", "hour", 72, 72),
	(1, "", "credit", 2, 60),
	(2, "Regional / city", "week", 2, 72),
	(2, "Republican", "week", 1, 36),
	(2, "International", "week", 2, 144),
	(3, "", "hour", 8, 8),
	(3, "", "credit", 1, 30),
	(4, "", "hour", 1, 0.5),
	(4, "", "hour", 3, 1.5),
	(5, "", "item", 1, 30),
	(6, "Regional / city", "day", 2, 10),
	(6, "Regional / city", "report", 1, 20),
	(6, "Republican", "day", 3, 30),
	(6, "Republican", "report", 1, 50),
	(6, "International", "day", 2, 80),
	(6, "International", "report", 1, 100),
	(7, "Monograph", "item", 1, 300),
	(7, "Manual or guidelines", "item", 2, 200),
	(8, "", "item", 1, 200),
	(9, "", "item", 3, 90),
	(10, "", "item", 2, 30),
	(11, "Q1", "item", 1, 300),
	(11, "Q2", "item", 1, 200),
	(11, "Q3", "item", 2, 200),
	(11, "Q4", "item", 1, 70),
	(12, "Republican patent", "item", 1, 120),
	(12, "Foreign patent", "item", 1, 300),
	(13, "", "item", 2, 10),
	(14, "", "year", 2, 20),
	(15, "", "year", 1, 10),
	(16, "", "item", 1, 100),
	(17, "Regional", "item", 1, 10),
	(17, "Republican", "item", 1, 30),
	(17, "International", "item", 1, 100),
	(18, "", "item", 1, 100),
	(19, "", "year", 1, 20),
	(20, "", "item", 3, 150),
	(21, "", "test questions", 50, 10),
	(21, "", "test questions", 120, 20),  # 2 whole blocks of 50
	(21, "", "test questions", 49, 0),
	(21, "", "clinical scenarios", 10, 10),
	(21, "", "clinical scenarios", 9, 0),
	(21, "", "clinical scenarios", 25, 20),
]


def test_shipped_data_is_complete():
	assert sorted(CRITERIA) == list(range(1, 22))
	assert {c.chapter for c in CRITERIA.values()} == set(CHAPTERS)
	assert all(rate.unit in UNITS for rate in DEFAULT.rates)
	assert {rate.criterion for rate in DEFAULT.rates} == set(CRITERIA)
	# Every rate of the default table is exercised below.
	assert {(r.criterion, r.variant, r.unit) for r in DEFAULT.rates} == {row[:3] for row in DEFAULT_TABLE}
	assert (CRITERIA[7].authorship_limit, CRITERIA[9].authorship_limit) == (1, 3)
	assert CRITERIA[18].min_duration_months == 12 and CRITERIA[5].requires_threshold_result


@pytest.mark.parametrize(("criterion", "variant", "unit", "quantity", "expected"), DEFAULT_TABLE)
def test_default_rates(criterion, variant, unit, quantity, expected):
	item = evidence(
		criterion,
		variant,
		unit,
		quantity,
		date_from=D(2020, 1, 1),
		date_to=D(2024, 3, 1),
		author_position=1,
		result_at_or_above_threshold=True,
	)
	valuation = value(item, RULE_SETS)
	assert valuation.credit_units == expected
	assert valuation.rule_set == "DSM-283/2020 Appendix 1"
	assert check(item) == expected
	# The valuation says why: the rate times the whole blocks of the quantity (the portal shows it).
	blocks = quantity // valuation.per_quantity if valuation.per_quantity > 1 else quantity
	assert round(blocks * valuation.rate, 2) == expected


def test_loader_accepts_numbers_and_padded_names():
	record = {"rule_set_name": "x", "effective_from": D(2021, 1, 1), "effective_to": "2022-12-31"}
	rates = [
		{"criterion": "07", "unit": "item", "credit_units": "5"},
		{"criterion": 8, "unit": "item", "credit_units": 1},
	]
	(rule_set,) = rule_sets_from_records([{**record, "rates": rates}])
	assert rule_set.effective_to == D(2022, 12, 31)
	assert rule_set.rates[0] == Rate(7, "", "item", 1.0, 5.0)
	assert rule_set.rates[1].criterion == 8
	assert variants(DEFAULT, 11) == [("Q1", "item"), ("Q2", "item"), ("Q3", "item"), ("Q4", "item")]


@pytest.mark.parametrize(
	("item", "message"),
	[
		(evidence(has_attachment=False), "Attach the supporting document"),
		(evidence(quantity=0), "greater than zero"),
		(evidence(quantity=-1), "greater than zero"),
		(evidence(date_from=D(2024, 3, 2)), "after end date"),
		(evidence(date_to=D(2026, 11, 23)), "in the future"),
		(evidence(quantity=49, date_from=D(2024, 3, 1), date_to=D(2024, 3, 2)), "At most 48 hours"),
		(evidence(6, "Republican", "day", 3, date_to=D(2024, 3, 2)), "At most 2 days"),
		(evidence(2, "Republican", "week", 3, date_to=D(2024, 3, 14)), "At most 2 weeks"),
		(evidence(8, "", "item"), "author's position"),
		(evidence(8, "", "item", author_position=0), "author's position"),
		(evidence(9, "", "item", author_position=3, number_of_authors=2), "beyond the number of authors"),
		(
			evidence(7, "Monograph", "item", author_position=2),
			"Criterion 7 counts only the first or sole author",
		),
		(evidence(10, "", "item", author_position=4), "Criterion 10 counts only the first 3 authors"),
		(
			evidence(17, "Regional", "item", date_from=D(2023, 3, 2), date_to=D(2024, 2, 29)),
			"Criterion 17 requires at least 12 months of activity; the evidence covers 2023-03-02 – 2024-02-29",
		),
		(evidence(5, "", "item"), "at or above the threshold"),
		(evidence(document_language="English"), "A document in English needs a notarised translation"),
		(evidence(11, "", "item"), r"Criterion 11 needs a variant; choose one of: Q1 \(item\), Q2"),
		(evidence(11, "Q5", "item"), "Criterion 11 has no rate for variant Q5 in unit item"),
		(evidence(4, "", "credit"), "Criterion 4 has no rate for variant — in unit credit.*offered: hour"),
	],
)
def test_validation_errors(item, message):
	with pytest.raises(DomainError, match=message):
		check(item)


def test_validation_limits_are_inclusive():
	assert check(evidence(quantity=48, date_to=D(2024, 3, 2))) == 48
	assert check(evidence(6, "Republican", "day", 2, date_to=D(2024, 3, 2))) == 20
	# 8 days reach into a second week.
	assert check(evidence(2, "Republican", "week", 2, date_to=D(2024, 3, 8))) == 72
	assert check(evidence(9, "", "item", author_position=3, number_of_authors=3)) == 30
	assert check(evidence(7, "Monograph", "item", author_position=1, number_of_authors=1)) == 300
	assert check(evidence(document_language="English", has_translation=True)) == 1
	assert check(evidence(document_language="Kazakh")) == 1
	assert check(evidence(date_to=TODAY, date_from=TODAY)) == 1
	# 12 months end the day before the same date a year later; 29 February counts as 28 February.
	assert check(evidence(17, "Republican", "item", date_from=D(2023, 3, 1), date_to=D(2024, 2, 29))) == 30
	assert check(evidence(18, "", "item", date_from=D(2024, 2, 29), date_to=D(2025, 2, 27))) == 100


def test_window_boundaries():
	five_years = window(D(2026, 11, 22), 5)
	assert (five_years.start, five_years.end) == (D(2021, 11, 23), D(2026, 11, 22))
	assert not five_years.contains(D(2021, 11, 22))
	assert five_years.contains(D(2021, 11, 23))
	assert five_years.contains(D(2026, 11, 22))
	assert not five_years.contains(D(2026, 11, 23))
	leap = window(D(2028, 2, 29), 5)
	assert (leap.start, leap.end) == (D(2023, 3, 1), D(2028, 2, 29))
	assert not leap.contains(D(2023, 2, 28))
	assert window(D(2025, 2, 28), 1).start == D(2024, 2, 29)


def test_rule_set_change_mid_window():
	second = RuleSet(
		"Amended",
		D(2024, 7, 1),
		None,
		(Rate(4, "", "hour", 1, 1), *(r for r in DEFAULT.rates if r.criterion != 4)),
	)
	first = replace(DEFAULT, effective_to=D(2024, 6, 30))
	sets = [first, second]
	before = value(evidence(4, quantity=4, date_from=D(2024, 6, 30), date_to=D(2024, 6, 30)), sets)
	after = value(evidence(4, quantity=4, date_from=D(2024, 7, 1), date_to=D(2024, 7, 1)), sets)
	assert (before.credit_units, before.rule_set) == (2, "DSM-283/2020 Appendix 1")
	assert (after.credit_units, after.rule_set) == (4, "Amended")
	# An open-ended older set is overtaken by the later one.
	assert rule_set_on([DEFAULT, second], D(2025, 1, 1)).name == "Amended"


def test_no_rule_set_in_force():
	with pytest.raises(DomainError, match="No CPD rule set is in force on 2020-12-31"):
		value(evidence(date_from=D(2020, 12, 31), date_to=D(2020, 12, 31)), RULE_SETS)
	ended = replace(DEFAULT, effective_to=D(2022, 12, 31))
	with pytest.raises(DomainError, match="No CPD rule set"):
		rule_set_on([ended], D(2023, 1, 1))


def test_summary_lists_every_criterion_and_chapter():
	summary = summarise([(1, 72), (4, 1.5), (11, 300), (11, 70), (21, 10)], CRITERIA.values())
	assert summary.by_criterion[11] == 370 and summary.by_criterion[2] == 0.0
	assert len(summary.by_criterion) == 21
	assert summary.by_chapter == {
		"Additional education": 72,
		"Non-formal education": 1.5,
		"Additional competences": 380,
	}
	assert summary.total == 453.5
	with pytest.raises(DomainError, match="Unknown CPD criterion 22"):
		summarise([(22, 1)], CRITERIA.values())


@given(
	quantity=st.floats(min_value=0.01, max_value=1e6, allow_nan=False),
	per_quantity=st.sampled_from([1, 10, 50]),
	credit_units=st.floats(min_value=0, max_value=1000, allow_nan=False),
)
def test_credit_units_never_negative(quantity, per_quantity, credit_units):
	rule_set = RuleSet("x", D(2020, 1, 1), None, (Rate(1, "", "item", per_quantity, credit_units),))
	assert value(evidence(1, "", "item", quantity), [rule_set]).credit_units >= 0


ROWS = st.lists(
	st.tuples(st.integers(1, 21), st.decimals(0, 1000, places=2).map(float)),
	max_size=40,
)


@given(ROWS, ROWS)
def test_summary_totals_agree_and_add_up(first, second):
	summary = summarise(first + second, CRITERIA.values())
	assert summary.total == pytest.approx(sum(cu for _, cu in first + second), abs=0.01)
	assert summary.total == pytest.approx(sum(summary.by_chapter.values()), abs=0.01)
	assert summary.total == pytest.approx(sum(summary.by_criterion.values()), abs=0.01)
	parts = summarise(first, CRITERIA.values()).total + summarise(second, CRITERIA.values()).total
	assert summary.total == pytest.approx(parts, abs=0.01)


@pytest.mark.parametrize(
	("total", "threshold", "expected"),
	[(0, 100, 0.0), (50, 100, 50.0), (100, 100, 100.0), (250, 100, 100.0), (33.33, 100, 33.3), (5, 0, 100.0)],
)
def test_progress_toward_the_threshold(total, threshold, expected):
	assert progress(total, threshold) == expected
