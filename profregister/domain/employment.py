"""Employment periods: validity, overlap of main jobs, and which job is a worker's current one."""

from dataclasses import dataclass
from datetime import date

from profregister.domain.errors import DomainError, _


@dataclass(frozen=True)
class Period:
	start: date
	end: date | None = None  # None: still employed
	ref: str | None = None

	def overlaps(self, other: "Period") -> bool:
		return self.start <= (other.end or date.max) and other.start <= (self.end or date.max)

	def contains(self, day: date) -> bool:
		return self.start <= day <= (self.end or date.max)


def validate_period(start: date | None, end: date | None):
	if not start:
		raise DomainError(_("Start date is required"))
	if end and end < start:
		raise DomainError(_("End date {0} is before start date {1}"), end, start)


def find_overlap(period: Period, others: list[Period]) -> Period | None:
	return next((other for other in others if period.overlaps(other)), None)


def current_main(periods: list[Period], today: date) -> tuple[Period | None, bool]:
	"""The main job that defines the worker's place of work, and whether it is held today.

	The one held today wins; otherwise the latest one, so a dismissed worker stays in the scope of
	their last employer.
	"""
	if not periods:
		return None, False
	held = [p for p in periods if p.contains(today)]
	if held:
		return max(held, key=lambda p: p.start), True
	# Not yet started jobs count as current: the worker is hired, the entry is made in advance.
	future = [p for p in periods if p.start > today]
	if future:
		return min(future, key=lambda p: p.start), True
	return max(periods, key=lambda p: (p.end or date.max, p.start)), False
