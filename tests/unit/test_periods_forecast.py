from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.forecast import project_stock, retirement_date
from profregister.domain.periods import (
	due_date,
	following_quarters,
	month,
	month_of,
	previous,
	quarter,
	quarter_of,
)


def test_month_and_quarter_bounds():
	assert month(2028, 2) == month_of(date(2028, 2, 17))
	assert (month(2028, 2).start, month(2028, 2).end) == (date(2028, 2, 1), date(2028, 2, 29))
	assert (quarter(2026, 4).start, quarter(2026, 4).end, quarter(2026, 4).label) == (
		date(2026, 10, 1), date(2026, 12, 31), "2026 Q4",
	)  # fmt: skip
	assert quarter_of(date(2027, 5, 31)) == quarter(2027, 2)


def test_previous_periods():
	assert previous(month(2027, 1)) == month(2026, 12)
	assert previous(quarter(2027, 1), of=quarter_of) == quarter(2026, 4)


def test_following_quarters():
	assert [q.label for q in following_quarters(date(2026, 11, 22), 5)] == [
		"2027 Q1", "2027 Q2", "2027 Q3", "2027 Q4", "2028 Q1",
	]  # fmt: skip


def test_due_date_is_the_tenth_of_the_next_month():
	assert due_date(month(2026, 12), 10) == date(2027, 1, 10)
	assert due_date(quarter(2027, 1), 10) == date(2027, 4, 10)
	assert due_date(month(2027, 1), 31) == date(2027, 2, 28)


def test_retirement_date():
	assert retirement_date(date(1964, 2, 29), 63) == date(2027, 2, 28)
	assert retirement_date(date(1966, 8, 31), 61.5) == date(2028, 2, 29)


def test_projection_is_linear_in_the_net_flow():
	assert project_stock(1000, 120, 80, 4) == [1010, 1020, 1030, 1040]
	assert project_stock(10, 0, 100, 2) == [0, 0]


@given(
	stock=st.integers(0, 10**6),
	inflow=st.integers(0, 10**5),
	outflow=st.integers(0, 10**5),
	quarters=st.integers(1, 8),
)
def test_projection_never_negative_and_monotonic(stock, inflow, outflow, quarters):
	projected = project_stock(stock, inflow, outflow, quarters)
	assert len(projected) == quarters and min(projected) >= 0
	assert projected == sorted(projected, reverse=outflow > inflow)
