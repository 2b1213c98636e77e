"""Rates, periods and thresholds are data with effective dates; this picks the one in force."""

from datetime import date

from profregister.domain.errors import DomainError, _


def value_on(rows: list[tuple[date, float]], on_date: date, parameter: str):
	"""Value of the row with the latest effective date on or before `on_date`."""
	in_force = [(effective, value) for effective, value in rows if effective <= on_date]
	if not in_force:
		raise DomainError(_("No value of parameter {0} is in force on {1}"), parameter, on_date)
	return max(in_force, key=lambda row: row[0])[1]
