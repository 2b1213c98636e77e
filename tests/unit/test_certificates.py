from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.certificates import (
	add_months,
	is_valid,
	notice_date,
	notice_due,
	notice_horizon,
	state,
)


@pytest.mark.parametrize(
	"valid_until, expected",
	[
		(date(2027, 4, 30), date(2027, 2, 28)),
		(date(2028, 4, 30), date(2028, 2, 29)),
		(date(2027, 5, 31), date(2027, 3, 31)),
		(date(2027, 3, 15), date(2027, 1, 15)),
		(date(2027, 1, 31), date(2026, 11, 30)),
		(date(2027, 2, 1), date(2026, 12, 1)),
	],
)
def test_notice_date_clamps_to_month_end(valid_until, expected):
	assert notice_date(valid_until, 2) == expected


def test_valid_on_last_day_expired_next_day():
	assert is_valid(date(2027, 1, 10), date(2027, 1, 10))
	assert not is_valid(date(2027, 1, 10), date(2027, 1, 11))


def test_notice_due_window():
	valid_until = date(2027, 4, 30)
	assert not notice_due(valid_until, 2, date(2027, 2, 27))
	assert notice_due(valid_until, 2, date(2027, 2, 28))
	assert notice_due(valid_until, 2, valid_until)
	assert not notice_due(valid_until, 2, valid_until + timedelta(days=1))


def test_add_months_across_years():
	assert add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
	assert add_months(date(2027, 1, 15), -13) == date(2025, 12, 15)


@given(
	today=st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 12, 31)),
	offset=st.integers(min_value=0, max_value=140),
	months=st.integers(min_value=1, max_value=6),
)
def test_horizon_is_exact(today, offset, months):
	# A job selecting valid_until in [today, horizon] picks exactly the certificates whose notice is due.
	valid_until = today + timedelta(days=offset)
	assert notice_due(valid_until, months, today) == (valid_until <= notice_horizon(today, months))


@pytest.mark.parametrize(
	("valid_until", "blocked", "expected"),
	[
		(date(2027, 6, 1), False, ("valid", 180)),
		(date(2027, 2, 4), False, ("valid", 63)),
		(date(2027, 2, 3), False, ("notice", 62)),
		(date(2026, 12, 3), False, ("notice", 0)),
		(date(2026, 12, 2), False, ("expired", -1)),
		(date(2026, 12, 2), True, ("blocked", -1)),
		(date(2027, 6, 1), True, ("blocked", 180)),
	],
)
def test_state_told_to_the_worker(valid_until, blocked, expected):
	assert state(valid_until, 2, date(2026, 12, 3), blocked) == expected
