"""The provider rule (domain/cpd_providers.py) at its boundaries, and the ministry's list read from rows."""

import json
from datetime import date
from pathlib import Path

import pytest

from profregister.domain import cpd_providers as cp
from profregister.domain.credit_units import Valuation
from profregister.domain.errors import DomainError
from profregister.domain.identifiers import make_bin

START = date(2026, 1, 1)
RULE = cp.Governance({1: ((START, 1.0),)})
BIN = make_bin(date(2001, 3, 1), 4711)
OTHER_BIN = make_bin(date(2003, 5, 1), 815)
# Accredited from 2025, the accreditation expired on 30 June 2026.
LISTED = {BIN: cp.Accreditation(date(2025, 1, 1), date(2026, 6, 30)), OTHER_BIN: cp.Accreditation(START)}
SETUP_DATA = Path(__file__).resolve().parents[2] / "profregister" / "setup_data"


def reason(criterion: int, provider: str | None, day: date) -> str | None:
	problem = cp.judgement(RULE, criterion, provider, day, LISTED)
	return problem and problem.message


def test_an_activity_the_day_before_the_start_is_judged_as_before():
	assert reason(1, None, date(2025, 12, 31)) is None
	assert reason(1, "not-on-the-list", date(2025, 12, 31)) is None


def test_from_the_start_date_a_free_text_organiser_earns_nothing():
	assert reason(1, None, START) == cp.NOT_LISTED
	assert reason(1, None, date(2026, 11, 30)) == cp.NOT_LISTED


def test_from_the_start_date_a_listed_provider_counts():
	assert reason(1, BIN, START) is None
	assert reason(1, OTHER_BIN, date(2026, 11, 30)) is None


def test_an_accreditation_that_expired_mid_period():
	assert reason(1, BIN, date(2026, 6, 30)) is None  # its last day
	assert reason(1, BIN, date(2026, 7, 1)) == cp.NOT_ACCREDITED


def test_a_provider_before_its_accreditation_or_unknown():
	early = {OTHER_BIN: cp.Accreditation(date(2026, 3, 1))}
	assert cp.judgement(RULE, 1, OTHER_BIN, date(2026, 2, 28), early).message == cp.NOT_ACCREDITED
	assert reason(1, make_bin(date(2010, 1, 1), 1), START) == cp.NOT_ACCREDITED


def test_criteria_the_list_does_not_govern_count_as_before():
	assert reason(3, None, date(2026, 11, 30)) is None
	assert not RULE.names(3) and RULE.names(1)


def test_the_switch_can_be_turned_off_and_on_again():
	rule = cp.Governance({1: ((START, 1.0), (date(2026, 9, 1), 0.0), (date(2027, 1, 1), 1.0))})
	assert rule.governs(1, date(2026, 8, 31))
	assert not rule.governs(1, date(2026, 9, 1))
	assert rule.governs(1, date(2027, 1, 1))
	assert rule.since() == START


def test_judged_leaves_no_cu_and_says_why():
	valuation = Valuation(36.0, "DSM-283/2020", 1.0, 1.0)
	assert cp.judged(valuation, None) == valuation
	judged = cp.judged(valuation, "not listed")
	assert (judged.credit_units, judged.reason, judged.rate, judged.rule_set) == (
		0.0,
		"not listed",
		1.0,
		"DSM-283/2020",
	)


def test_governance_from_parameter_rows():
	rule = cp.governance_from_records(
		[
			{"parent": "cpd_accredited_provider_criterion_1", "effective_from": "2026-01-01", "value": 1},
			{"parent": "cpd_accredited_provider_criterion_4", "effective_from": date(2026, 5, 1), "value": 1},
			{"parent": "cpd_accredited_provider_criterion_x", "effective_from": "2026-01-01", "value": 1},
		]
	)
	assert set(rule.switches) == {1, 4}
	assert rule.governs(4, date(2026, 5, 1)) and not rule.governs(4, date(2026, 4, 30))


def test_the_shipped_parameter_governs_criterion_1_from_2026():
	shipped = json.loads((SETUP_DATA / "regulatory_parameters.json").read_text())
	rows = [
		{"parent": p["parameter"], **value}
		for p in shipped
		if p["parameter"].startswith(cp.PARAMETER_PREFIX)
		for value in p["values"]
	]
	rule = cp.governance_from_records(rows)
	assert set(rule.switches) == {1}
	assert rule.since() == START
	assert (
		"PLACEHOLDER"
		in next(p for p in shipped if p["parameter"].startswith(cp.PARAMETER_PREFIX))["description"]
	)


HEADER = ["BIN", "Наименование", "Атауы", "Орган", "С", "По"]


def rows(*body):
	return enumerate([HEADER, *body], 1)


def test_the_list_is_read_row_by_row():
	parsed = cp.parse_list(
		rows(
			[BIN, "  НИИ   кардиологии ", "Кардиология ҒЗИ", "IAAR", "01.01.2025", ""],
			[],  # an empty row is skipped
			[int(OTHER_BIN), "Университет", None, "ECAQA", 46023, "2026-12-31"],
		)
	)
	assert parsed[0] == {
		"bin": BIN,
		"name_ru": "НИИ кардиологии",
		"name_kk": "Кардиология ҒЗИ",
		"accreditation_body": "IAAR",
		"valid_from": date(2025, 1, 1),
		"valid_to": None,
	}
	assert parsed[1]["bin"] == OTHER_BIN
	assert (parsed[1]["valid_from"], parsed[1]["valid_to"]) == (START, date(2026, 12, 31))


@pytest.mark.parametrize(
	("row", "column", "problem"),
	[
		(["123", "A", "", "B", "01.01.2026", ""], "BIN", "must be exactly 12 digits"),
		([BIN, "", "", "B", "01.01.2026", ""], "Name (ru)", "the value is required"),
		([BIN, "=HYPERLINK(1)", "", "B", "01.01.2026", ""], "Name (ru)", "spreadsheet formula"),
		([BIN, "A", "", "B", "31.02.2026", ""], "Valid from", "is not a date"),
		([BIN, "A", "", "B", "01.01.2026", "31.12.2025"], "Valid to", "ends before it starts"),
		([BIN, "A", "", "", "01.01.2026", ""], "Accreditation body", "the value is required"),
	],
)
def test_a_bad_row_is_named_with_its_column(row, column, problem):
	with pytest.raises(DomainError) as caught:
		cp.parse_list(rows([OTHER_BIN, "Fine", "", "B", "01.01.2026", ""], row))
	assert caught.value.args_[:2] == (3, column)
	assert problem in str(caught.value)


def test_a_bin_twice_is_refused():
	with pytest.raises(DomainError, match=r"BIN .* is already on row 2"):
		cp.parse_list(rows([BIN, "A", "", "B", "01.01.2026", ""], [BIN, "A2", "", "B", "01.01.2026", ""]))
