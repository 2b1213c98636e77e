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
