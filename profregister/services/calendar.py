from functools import lru_cache

from profregister.domain.working_days import WorkingCalendar, kazakhstan_calendar


@lru_cache(maxsize=8)
def working_calendar(first_year: int, last_year: int) -> WorkingCalendar:
	return kazakhstan_calendar(range(first_year, last_year + 1))
