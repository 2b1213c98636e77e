from functools import lru_cache

from profregister.domain.working_days import WorkingCalendar, kazakhstan_calendar
from profregister.services.platform.parameters import get_parameter


@lru_cache(maxsize=8)
def working_calendar(first_year: int, last_year: int) -> WorkingCalendar:
	return kazakhstan_calendar(range(first_year, last_year + 1))


def entry_compliance(starts: list, entered) -> list[tuple[int, int]]:
	"""Rule 8, per start date: working days from the start to the entry, and whether that is later than
	the deadline in force on the day of entry."""
	if not starts:
		return []
	deadline = get_parameter("entry_deadline_working_days", entered)
	calendar = working_calendar(min(start.year for start in starts), entered.year)
	days = [calendar.working_days_after(start, entered) for start in starts]
	return [(n, int(n > deadline)) for n in days]
