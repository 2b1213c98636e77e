"""pytz as Frappe 15 pins it (2023.3) still has Asia/Almaty at UTC+6: the app points it at the system's
current tz database, and only at one that pytz reads correctly."""

import os
from datetime import datetime, timezone
from pathlib import Path

import pytest
import pytz
import tzdata

from profregister import timekeeping

SUMMER_2025 = datetime(2025, 6, 1, tzinfo=timezone.utc)
SUMMER_2023 = datetime(2023, 6, 1, tzinfo=timezone.utc)


@pytest.fixture
def fresh_pytz(monkeypatch):
	monkeypatch.delenv("PYTZ_TZDATADIR", raising=False)
	pytz._tzinfo_cache.clear()
	yield
	pytz._tzinfo_cache.clear()


def offset_hours(moment):
	return moment.astimezone(pytz.timezone("Asia/Almaty")).utcoffset().total_seconds() / 3600


def test_pytz_as_frappe_pins_it_is_an_hour_ahead(fresh_pytz, monkeypatch):
	monkeypatch.setattr(timekeeping.zoneinfo, "TZPATH", ())
	assert timekeeping.use_current_tz_data() is None
	assert pytz.__version__ == "2023.3"
	assert offset_hours(SUMMER_2025) == 6


def test_almaty_is_utc_plus_5_since_march_2024(fresh_pytz):
	offset_hours(SUMMER_2025)  # a zone built from pytz's own copy before the switch is forgotten
	assert timekeeping.use_current_tz_data() == os.environ["PYTZ_TZDATADIR"]
	assert offset_hours(SUMMER_2025) == 5
	assert offset_hours(SUMMER_2023) == 6


def test_slim_zone_files_are_refused(fresh_pytz, monkeypatch):
	# PyPI's tzdata is compiled slim: pytz would read it as UTC.
	slim = str(Path(tzdata.__file__).parent / "zoneinfo")
	monkeypatch.setattr(timekeeping.zoneinfo, "TZPATH", (slim,))
	assert timekeeping.use_current_tz_data() is None


def test_a_directory_without_the_zone_is_refused(fresh_pytz, monkeypatch, tmp_path):
	monkeypatch.setattr(timekeeping.zoneinfo, "TZPATH", (str(tmp_path),))
	assert timekeeping.use_current_tz_data() is None


def test_an_operators_choice_is_kept(fresh_pytz, monkeypatch, tmp_path):
	monkeypatch.setenv("PYTZ_TZDATADIR", str(tmp_path))
	assert timekeeping.use_current_tz_data() == str(tmp_path)


def unpacked_offset(packed: str, moment: datetime) -> int:
	"""The UTC offset in minutes of a packed zone at a moment, as moment-timezone's unpack reads it."""
	digit = timekeeping.BASE60.index

	def number(text: str) -> int:
		value = sum(digit(c) * 60**i for i, c in enumerate(reversed(text.lstrip("-"))))
		return -value if text.startswith("-") else value

	_name, _abbrs, offsets, indices, untils = packed.split("|")
	ends, total = [], 0
	for until in untils.split():
		total += number(until)
		ends.append(total * 60)
	period = next((i for i, end in enumerate(ends) if moment.timestamp() < end), len(ends))
	return -number(offsets.split()[digit(indices[period])])


def test_the_desk_gets_almaty_as_the_system_has_it():
	"""Packed as moment-timezone reads it: UTC+6 before 1 March 2024 (Almaty time), UTC+5 since."""
	packed = timekeeping.moment_packed("Asia/Almaty")
	assert packed.startswith("Asia/Almaty|")
	assert unpacked_offset(packed, SUMMER_2023) == 360
	assert unpacked_offset(packed, datetime(2024, 2, 29, 17, 59, tzinfo=timezone.utc)) == 360
	assert unpacked_offset(packed, datetime(2024, 2, 29, 18, 0, tzinfo=timezone.utc)) == 300
	assert unpacked_offset(packed, SUMMER_2025) == 300
	# A zone without changes since 1970, and one the system does not know.
	assert unpacked_offset(timekeeping.moment_packed("Asia/Kolkata"), SUMMER_2025) == 330
	assert timekeeping.moment_packed("Mars/Olympus") is None
