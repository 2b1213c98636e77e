"""Reporting periods: months and quarters, and the day a submission for a period is due (rules 6, 7)."""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True)
class Period:
	start: date
	end: date  # inclusive
	label: str


def month(year: int, number: int) -> Period:
	return Period(
		date(year, number, 1),
		date(year, number, calendar.monthrange(year, number)[1]),
		f"{year}-{number:02d}",
	)


def quarter(year: int, number: int) -> Period:
	first = month(year, 3 * number - 2)
	return Period(first.start, month(year, 3 * number).end, f"{year} Q{number}")


def month_of(day: date) -> Period:
	return month(day.year, day.month)


def quarter_of(day: date) -> Period:
	return quarter(day.year, (day.month - 1) // 3 + 1)


def previous(period: Period, of=month_of) -> Period:
	"""The month (or, with of=quarter_of, the quarter) before `period`."""
	return of(period.start - timedelta(days=1))


def following_quarters(day: date, count: int) -> list[Period]:
	"""The `count` quarters after the one containing `day`."""
	quarters, current = [], quarter_of(day)
	for _ in range(count):
		current = quarter_of(current.end + timedelta(days=1))
		quarters.append(current)
	return quarters


def due_date(period: Period, due_day: int) -> date:
	"""Day `due_day` of the month after the period (the 10th for rule 6), clamped to that month."""
	following = period.end + timedelta(days=1)
	return following.replace(day=min(due_day, calendar.monthrange(following.year, following.month)[1]))
