from datetime import date, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.employment import Period
from profregister.domain.service_length import Span, length, merge

D = date
ON = D(2026, 11, 22)


def test_single_closed_period():
	assert length([Period(D(2020, 1, 1), D(2020, 12, 31))], ON) == Span(1, 0, 0)
	assert length([Period(D(2020, 1, 15), D(2020, 2, 14))], ON) == Span(0, 1, 0)
	assert length([Period(D(2020, 1, 1), D(2020, 1, 1))], ON) == Span(0, 0, 1)
	assert length([Period(D(2010, 3, 10), D(2016, 7, 24))], ON) == Span(6, 4, 15)


def test_month_end_and_leap_years():
	assert length([Period(D(2021, 1, 31), D(2021, 2, 27))], ON) == Span(0, 0, 28)
	assert length([Period(D(2021, 1, 31), D(2021, 2, 28))], ON) == Span(0, 1, 0)
	assert length([Period(D(2020, 1, 31), D(2020, 2, 29))], ON) == Span(0, 1, 0)
	assert length([Period(D(2020, 2, 29), D(2021, 2, 28))], ON) == Span(1, 0, 0)
	assert length([Period(D(2020, 2, 29), D(2024, 2, 28))], ON) == Span(4, 0, 0)
	assert length([Period(D(2019, 2, 1), D(2019, 2, 28))], ON) == Span(0, 1, 0)
	assert length([Period(D(2020, 2, 1), D(2020, 2, 28))], ON) == Span(0, 0, 28)


def test_open_period_closes_on_date():
	assert length([Period(D(2020, 11, 22))], ON) == Span(6, 0, 1)
	assert length([Period(D(2020, 11, 23), ref="now")], ON) == Span(6, 0, 0)
	# An end after on_date is cut to it, and a job starting after it is not counted yet.
	assert length([Period(D(2020, 11, 23), D(2030, 1, 1)), Period(D(2026, 11, 23))], ON) == Span(6, 0, 0)
	assert merge([Period(D(2026, 11, 23))], ON) == []


def test_overlapping_jobs_count_once():
	main = Period(D(2015, 1, 1), D(2020, 12, 31), "main")
	part_time = Period(D(2018, 1, 1), D(2022, 12, 31), "combination")
	assert merge([part_time, main], ON) == [Period(D(2015, 1, 1), D(2022, 12, 31))]
	assert length([main, part_time], ON) == Span(8, 0, 0)
	assert length([main, Period(D(2016, 1, 1), D(2016, 6, 30))], ON) == Span(6, 0, 0)


def test_gap_is_not_counted():
	jobs = [Period(D(2015, 1, 1), D(2015, 12, 31)), Period(D(2017, 3, 1), D(2017, 5, 31))]
	assert merge(jobs, ON) == [Period(D(2015, 1, 1), D(2015, 12, 31)), Period(D(2017, 3, 1), D(2017, 5, 31))]
	assert length(jobs, ON) == Span(1, 3, 0)


def test_adjacent_periods_join():
	jobs = [Period(D(2020, 1, 1), D(2020, 1, 14)), Period(D(2020, 1, 15), D(2020, 2, 29))]
	assert merge(jobs, ON) == [Period(D(2020, 1, 1), D(2020, 2, 29))]
	assert length(jobs, ON) == Span(0, 2, 0)


def test_days_carry_into_months_and_years():
	twenty_days = [Period(D(2020, 1, 1), D(2020, 1, 20)), Period(D(2020, 6, 1), D(2020, 6, 20))]
	assert length(twenty_days, ON) == Span(0, 1, 10)
	eleven_months_twenty_days = [Period(D(2019, 1, 1), D(2019, 12, 20))]
	assert length([*eleven_months_twenty_days, Period(D(2021, 3, 1), D(2021, 3, 10))], ON) == Span(1, 0, 0)


def test_empty():
	assert merge([], ON) == []
	assert length([], ON) == Span(0, 0, 0)


DAYS = st.dates(D(2019, 1, 1), D(2021, 12, 31))


@st.composite
def periods(draw):
	start = draw(DAYS)
	end = draw(st.none() | st.dates(start, D(2021, 12, 31)))
	return Period(start, end, draw(st.sampled_from(["a", "b", None])))


def _days(periods, on_date):
	"""The days worked up to on_date, both ends inclusive."""
	ends = [(p.start, min(p.end or on_date, on_date)) for p in periods]
	return {start + timedelta(n) for start, end in ends for n in range((end - start).days + 1)}


@given(st.lists(periods(), max_size=6), DAYS, st.randoms())
def test_union_properties(jobs, on_date, random):
	merged = merge(jobs, on_date)
	# The union covers exactly the days worked, so never more than the jobs' days summed.
	assert _days(merged, on_date) == _days(jobs, on_date)
	assert sum(len(_days([p], on_date)) for p in merged) <= sum(len(_days([p], on_date)) for p in jobs)
	assert all(a.end + timedelta(1) < b.start for a, b in pairwise(merged))
	assert merge(merged, on_date) == merged
	shuffled = random.sample(jobs, len(jobs))
	assert merge(shuffled, on_date) == merged
	assert length(shuffled + jobs, on_date) == length(merged, on_date) == length(jobs, on_date)
