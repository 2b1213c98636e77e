"""The site's side of domain/fhir/clock.py: the system time zone Frappe writes timestamps in. Every
instant the directory publishes (meta.lastUpdated, history entries) or reads (_lastUpdated, _since)
passes here."""

from datetime import datetime

from frappe.utils import get_system_timezone

from profregister.domain.fhir.clock import to_instant, to_stored


def published(stored: datetime) -> str:
	"""A stored timestamp as the instant the directory publishes."""
	return to_instant(stored, get_system_timezone())


def stored(moment: datetime) -> datetime:
	"""A requested moment as the database stores timestamps."""
	return to_stored(moment, get_system_timezone())
