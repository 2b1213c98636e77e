"""True time whatever tz data Frappe ships.

Frappe 15 pins pytz 2023.3, in which Asia/Almaty is still UTC+6; Kazakhstan has kept UTC+5 since
1 March 2024, so every `modified` and `creation` would be written an hour ahead. pytz reads its zone
files from PYTZ_TZDATADIR when that is set: this points it at the system's tz database, which the
operating system's tzdata package keeps current. Frappe-free; run when the app is imported, before
any request or job writes a timestamp.
"""

import functools
import itertools
import os
import zoneinfo
from datetime import datetime, timedelta, timezone

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


# moment-timezone's packed numbers: base 60 in these digits (moment-timezone.js, unpack).
BASE60 = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWX"
PACKED_SPAN = (datetime(1970, 1, 1, tzinfo=timezone.utc), datetime(2038, 1, 1, tzinfo=timezone.utc))


@functools.lru_cache(maxsize=8)
def moment_packed(name: str) -> str | None:
	"""The zone as moment-timezone packs it ("name|abbrs|offsets|indices|untils"), from the system's tz
	database, 1970-2037. The desk's moment carries tz data of 2023, in which Asia/Almaty is still UTC+6:
	with it the desk reads every saved time an hour wrong ("1 hour ago" for a save just made)."""
	try:
		zone = zoneinfo.ZoneInfo(name)
	except (zoneinfo.ZoneInfoNotFoundError, ValueError):
		return None
	periods, changes = [_period(PACKED_SPAN[0], zone)], []
	moment = PACKED_SPAN[0]
	while moment < PACKED_SPAN[1]:
		following = moment + timedelta(days=1)
		if _period(following, zone) != periods[-1]:
			changes.append(_change(moment, following, zone))
			periods.append(_period(following, zone))
		moment = following
	kinds = list(dict.fromkeys(periods))
	minutes = [int(c.timestamp() // 60) for c in changes]
	untils = [minutes[0], *(b - a for a, b in itertools.pairwise(minutes))] if minutes else []
	return "|".join((
		name,
		" ".join(abbr for abbr, _offset in kinds),
		" ".join(_base60(-offset) for _abbr, offset in kinds),
		"".join(_base60(kinds.index(p)) for p in periods),
		" ".join(_base60(u) for u in untils),
	))  # fmt: skip


def _period(moment: datetime, zone) -> tuple[str, int]:
	local = moment.astimezone(zone)
	return local.tzname(), int(local.utcoffset().total_seconds() // 60)


def _change(before: datetime, after: datetime, zone) -> datetime:
	"""The first minute in (before, after] with the period of `after`."""
	period = _period(after, zone)
	while after - before > timedelta(minutes=1):
		middle = before + (after - before) / 2
		before, after = (before, middle) if _period(middle, zone) == period else (middle, after)
	return after.replace(second=0, microsecond=0)


def _base60(number: int) -> str:
	digits, rest = "", abs(number)
	while True:
		rest, digit = divmod(rest, 60)
		digits = BASE60[digit] + digits
		if not rest:
			return ("-" if number < 0 else "") + digits
