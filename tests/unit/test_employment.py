from datetime import date

import pytest

from profregister.domain.employment import Period, current_main, find_overlap, validate_period
from profregister.domain.errors import DomainError

D = date


def test_period_validation():
	validate_period(D(2020, 1, 1), None)
	validate_period(D(2020, 1, 1), D(2020, 1, 1))
	with pytest.raises(DomainError, match="before start"):
		validate_period(D(2020, 1, 2), D(2020, 1, 1))
	with pytest.raises(DomainError, match="required"):
		validate_period(None, None)


def test_overlap_edges():
	job = Period(D(2020, 1, 1), D(2020, 12, 31), "A")
	assert find_overlap(Period(D(2021, 1, 1)), [job]) is None
	assert find_overlap(Period(D(2020, 12, 31)), [job]) == job
	assert find_overlap(Period(D(2019, 1, 1), D(2019, 12, 31)), [job]) is None
	assert find_overlap(Period(D(2019, 1, 1), D(2020, 1, 1)), [job]) == job
	assert find_overlap(Period(D(2019, 1, 1)), [Period(D(2025, 1, 1))]) is not None


def test_current_main():
	today = D(2026, 11, 22)
	old = Period(D(2010, 1, 1), D(2015, 6, 30), "old")
	now = Period(D(2015, 7, 1), None, "now")
	assert current_main([old, now], today) == (now, True)
	assert current_main([old], today) == (old, False)
	upcoming = Period(D(2026, 12, 1), None, "next")
	assert current_main([old, upcoming], today) == (upcoming, True)
	assert current_main([], today) == (None, False)
