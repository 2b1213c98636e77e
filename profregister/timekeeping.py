"""True time whatever tz data Frappe ships.

Frappe 15 pins pytz 2023.3, in which Asia/Almaty is still UTC+6; Kazakhstan has kept UTC+5 since
1 March 2024, so every `modified` and `creation` would be written an hour ahead. pytz reads its zone
files from PYTZ_TZDATADIR when that is set: this points it at the system's tz database, which the
operating system's tzdata package keeps current. Frappe-free; run when the app is imported, before
any request or job writes a timestamp.
"""

import os
import zoneinfo
from datetime import datetime, timezone

import pytz

# Instants on both sides of Kazakhstan's change: a directory must agree on both.
PROBES = (datetime(2024, 1, 15, tzinfo=timezone.utc), datetime(2025, 6, 1, tzinfo=timezone.utc))
PROBE_ZONE = "Asia/Almaty"


def use_current_tz_data() -> str | None:
	"""Point pytz at the first system tz directory it reads exactly as the standard library does,
	and forget zones it already built from its own copy. Returns the directory, or None."""
	if os.environ.get("PYTZ_TZDATADIR"):
		return os.environ["PYTZ_TZDATADIR"]
	for directory in zoneinfo.TZPATH:
		if _pytz_reads_like_stdlib(directory):
			os.environ["PYTZ_TZDATADIR"] = directory
			pytz._tzinfo_cache.clear()
			return directory
	return None


def _pytz_reads_like_stdlib(directory: str) -> bool:
	"""A 'slim' zone file (zic -b slim) carries no data in the part pytz reads: pytz would then say
	UTC. Such a directory, or one without the zone, is refused."""
	path = os.path.join(directory, *PROBE_ZONE.split("/"))
	if not os.path.isfile(path):
		return False
	try:
		with open(path, "rb") as data:
			zone = pytz.tzfile.build_tzinfo(PROBE_ZONE, data)
		with open(path, "rb") as data:
			reference = zoneinfo.ZoneInfo.from_file(data, key=PROBE_ZONE)
	except (OSError, ValueError):
		return False
	return all(
		moment.astimezone(zone).utcoffset() == moment.astimezone(reference).utcoffset() for moment in PROBES
	)
