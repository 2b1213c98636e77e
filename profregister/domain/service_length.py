"""Length of service for the CPD confirmation form (Appendix 2): total and in the declared specialty.

Counted the way labour-record service length ("стаж") is counted in Kazakhstan and CIS practice:

- the periods are united first, so overlapping jobs (a main job and a part-time combination job)
  count once, and adjacent ones (end + 1 day == next start) join without losing or adding a day;
- each united interval, both ends inclusive, is the calendar difference from its start to its end + 1 day
  in full years, full months and remaining days: 01.01.2020-31.12.2020 is 1 y, 15.01.2020-14.02.2020
  is 1 m. A month of service starting on a day its last month lacks ends with that month, so
  31.01.2021-28.02.2021 is 1 m while 31.01.2021-27.02.2021 is 28 d, and 29.02.2020-28.02.2021 is 1 y;
- the parts are summed over the intervals, then 30 days make a month and 12 months a year.
"""

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from profregister.domain.employment import Period

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Span:
	years: int
	months: int
	days: int


def merge(periods: Iterable[Period], on_date: date) -> list[Period]:
	"""The union of the periods as of `on_date`, sorted; refs are dropped, as a union may span several jobs."""
	intervals: list[list[date]] = []
	for start, end in sorted(
		(p.start, min(p.end or on_date, on_date)) for p in periods if p.start <= on_date
	):
		if intervals and start <= intervals[-1][1] + ONE_DAY:
			intervals[-1][1] = max(intervals[-1][1], end)
		else:
			intervals.append([start, end])
	return [Period(start, end) for start, end in intervals]


def length(periods: Iterable[Period], on_date: date) -> Span:
	months = days = 0
	for period in merge(periods, on_date):
		interval_months, interval_days = _difference(period.start, period.end + ONE_DAY)
		months += interval_months
		days += interval_days
	months += days // 30
	return Span(months // 12, months % 12, days % 30)


def _difference(start: date, stop: date) -> tuple[int, int]:
	"""Full months and remaining days from `start` up to `stop`, exclusive."""
	months = (stop.year - start.year) * 12 + stop.month - start.month
	if _anniversary(start, months) > stop:
		months -= 1
	return months, (stop - _anniversary(start, months)).days


def _anniversary(start: date, months: int) -> date:
	"""`start` moved `months` ahead; a day the month lacks rolls over to the 1st of the next month.

	Equivalently, the month of service clamps its last day to the month's end: the month that
	starts on 31.01 ends on 28.02 (29.02), not in March.
	"""
	year, month = divmod(start.month - 1 + months, 12)
	year, month = start.year + year, month + 1
	last_day = monthrange(year, month)[1]
	if start.day <= last_day:
		return date(year, month, start.day)
	return date(year, month, last_day) + ONE_DAY
