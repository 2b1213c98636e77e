"""Working days of Kazakhstan: weekends and public holidays are off (rule 8: entry within 3 working days)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays


@dataclass(frozen=True)
class WorkingCalendar:
	days_off: frozenset[date] = field(default_factory=frozenset)
	# Saturdays or Sundays that a government decree turned into working days.
	working_weekends: frozenset[date] = field(default_factory=frozenset)

	def is_working_day(self, day: date) -> bool:
		if day in self.working_weekends:
			return True
		return day.weekday() < 5 and day not in self.days_off

	def working_days_after(self, start: date, end: date) -> int:
		"""Working days d with start < d <= end: how many working days an entry made on `end` took."""
		count, day = 0, start + timedelta(days=1)
		while day <= end:
			count += self.is_working_day(day)
			day += timedelta(days=1)
		return count


def kazakhstan_calendar(
	years: Iterable[int], extra_days_off: Iterable[date] = (), working_weekends: Iterable[date] = ()
) -> WorkingCalendar:
	public = holidays.country_holidays("KZ", years=list(years))
	return WorkingCalendar(frozenset(public) | frozenset(extra_days_off), frozenset(working_weekends))
