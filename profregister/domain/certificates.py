"""Certificate for clinical practice: validity, the notice period before expiry (rule 14.4-14.5)."""

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
	"""Calendar months, clamped to the month's end: 31 May minus 2 months = 31 March, 30 April minus 2 = 28/29 Feb."""
	month_index = day.year * 12 + day.month - 1 + months
	year, month = divmod(month_index, 12)
	month += 1
	return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def is_valid(valid_until: date, day: date) -> bool:
	"""A certificate valid until D is valid on D and expired on D + 1."""
	return day <= valid_until


def notice_date(valid_until: date, notice_months: int) -> date:
	return add_months(valid_until, -notice_months)


def notice_due(valid_until: date, notice_months: int, today: date) -> bool:
	return notice_date(valid_until, notice_months) <= today and is_valid(valid_until, today)


def notice_horizon(today: date, notice_months: int) -> date:
	"""The latest valid-until date whose notice is due today, so a job can select by a date range.

	On the last day of a month the clamping makes the whole target month due (28 Feb → up to 30 April).
	"""
	if (today + timedelta(days=1)).month != today.month:
		target = add_months(today.replace(day=1), notice_months)
		return target.replace(day=calendar.monthrange(target.year, target.month)[1])
	return add_months(today, notice_months)


def state(valid_until: date, notice_months: int, today: date, blocked: bool = False) -> tuple[str, int]:
	"""What the worker is told of a certificate: (blocked | expired | notice | valid, days to expiry;
	negative once expired). A blocking certificate is blocked whatever its dates."""
	days = (valid_until - today).days
	if blocked:
		return "blocked", days
	if not is_valid(valid_until, today):
		return "expired", days
	return ("notice" if notice_due(valid_until, notice_months, today) else "valid"), days
