"""Working days of Kazakhstan: weekends and public holidays are off (rule 8: entry within 3 working days)."""

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

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
		"""Working days d with start < d <= end: how many working days an entry made on `end` took.
		Counted, not walked: an import computes it for 100,000 hires of decades ago."""
		if end <= start:
			return 0

		def between(days: list[date]) -> int:
			return bisect_right(days, end) - bisect_right(days, start)

		return (
			_weekdays_to(end) - _weekdays_to(start)
			- between(self._weekdays_off)
			+ between(self._weekends_worked)
		)  # fmt: skip

	@cached_property
	def _weekdays_off(self) -> list[date]:
		return sorted(d for d in self.days_off if d.weekday() < 5 and d not in self.working_weekends)

	@cached_property
	def _weekends_worked(self) -> list[date]:
		return sorted(d for d in self.working_weekends if d.weekday() >= 5)


def _weekdays_to(day: date) -> int:
	"""Monday to Friday from 1 January of year 1 (a Monday) to `day`, inclusive."""
	weeks, rest = divmod(day.toordinal(), 7)
	return 5 * weeks + min(rest, 5)


def kazakhstan_calendar(
	years: Iterable[int], extra_days_off: Iterable[date] = (), working_weekends: Iterable[date] = ()
) -> WorkingCalendar:
	public = holidays.country_holidays("KZ", years=list(years))
	return WorkingCalendar(frozenset(public) | frozenset(extra_days_off), frozenset(working_weekends))
