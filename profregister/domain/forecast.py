"""Quarterly forecast (rule 7): retirement dates and a projection of the stock from trailing flows."""

from datetime import date

from profregister.domain.certificates import add_months


def retirement_date(born: date, age_years: float) -> date:
	"""The day the worker reaches `age_years` (fractions in months: 63.5 = 63 years 6 months)."""
	return add_months(born, round(age_years * 12))


def project_stock(stock: int, inflow_12m: int, outflow_12m: int, quarters: int) -> list[int]:
	"""Linear projection: the stock changes each quarter by a quarter of the last 12 months' net flow.

	Stated in the report as the method; never below zero.
	"""
	net_per_quarter = (inflow_12m - outflow_12m) / 4
	return [max(0, round(stock + k * net_per_quarter)) for k in range(1, quarters + 1)]
