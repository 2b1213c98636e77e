"""Stored time and published time, one conversion both ways.

Frappe stores naive timestamps (modified, creation) in the system time zone as pytz computes it
(frappe.utils.convert_utc_to_timezone: `astimezone(pytz.timezone(zone))`, UTC when pytz does not know the
zone). pytz's tables may differ from the standard library's: the 2023.3 that Frappe 15 pins has Asia/Almaty
at UTC+6, Kazakhstan's clock before 1 March 2024, unless profregister.timekeeping pointed pytz at the
system's tz database. The directory converts with pytz too, so that whichever tables wrote a timestamp, the
instant published is the moment the record changed, and a client's instant meets the stored time it
means. It publishes in UTC.
"""

from datetime import datetime

import pytz


def _zone(name: str):
	try:
		return pytz.timezone(name)
	except pytz.UnknownTimeZoneError:  # as Frappe: an unknown zone leaves the time in UTC
		return pytz.utc


def to_instant(stored: datetime, zone: str) -> str:
	"""A stored timestamp as a FHIR instant in UTC, to the millisecond (R4 datatypes.html#instant)."""
	moment = _zone(zone).localize(stored) if stored.tzinfo is None else stored
	return moment.astimezone(pytz.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_stored(moment: datetime, zone: str) -> datetime:
	"""A client's moment as Frappe would have stored it: naive, in the system zone. A moment without an
	offset is taken as already in the server's time. Moments whose conversion leaves years 1 to 9999
	are the first or the last moment there is."""
	if moment.tzinfo is None:
		return moment
	try:
		return moment.astimezone(_zone(zone)).replace(tzinfo=None)
	except OverflowError:
		return datetime.min if moment.year == 1 else datetime.max
