"""Stored time and published time (domain/fhir/clock.py): the conversion Frappe stores with, both ways."""

from datetime import datetime, timezone

import pytz
from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.fhir.bundle import history
from profregister.domain.fhir.clock import to_instant, to_stored
from profregister.domain.fhir.search import date_range


def frappe_stores(moment: datetime, zone: str) -> datetime:
	"""frappe.utils.convert_utc_to_timezone, as now_datetime() stores `modified`."""
	return moment.astimezone(pytz.timezone(zone)).replace(tzinfo=None)


def test_a_stored_timestamp_is_published_as_the_utc_instant_frappe_stored():
	moment = datetime(2026, 12, 6, 7, 30, 15, 250400, tzinfo=timezone.utc)
	for zone in ("Asia/Almaty", "Asia/Tokyo", "UTC", "America/New_York"):
		assert to_instant(frappe_stores(moment, zone), zone) == "2026-12-06T07:30:15.250Z", zone


def test_an_unknown_zone_is_utc_as_in_frappe():
	assert to_instant(datetime(2026, 12, 6, 7, 30), "Nowhere/Atlantis") == "2026-12-06T07:30:00.000Z"
	assert to_stored(datetime(2026, 12, 6, 7, 30, tzinfo=timezone.utc), "Nowhere/Atlantis") == datetime(
		2026, 12, 6, 7, 30
	)


def test_a_clients_instant_is_the_stored_time_it_means():
	_prefix, start, _end = date_range("2026-12-06T12:30:15+05:00", "_since")
	assert to_stored(start, "Asia/Tokyo") == datetime(2026, 12, 6, 16, 30, 15)
	assert to_stored(datetime(2026, 12, 6, 12, 30), "Asia/Tokyo") == datetime(2026, 12, 6, 12, 30)
	# Beyond years 1 to 9999 once converted: the first or the last moment there is.
	_prefix, first, _end = date_range("0001-01-01T00:00:00+14:00", "_since")
	_prefix, last, _end = date_range("9999-12-31T23:59:59-14:00", "_since")
	assert to_stored(first, "Asia/Almaty") == datetime.min
	assert to_stored(last, "Asia/Almaty") == datetime.max


@given(
	st.datetimes(datetime(2006, 1, 1), datetime(2100, 1, 1)), st.sampled_from(["Asia/Almaty", "Asia/Tokyo"])
)
def test_both_ways_agree(moment, zone):
	"""Publishing then reading back gives the stored time, to the published millisecond."""
	published = datetime.fromisoformat(to_instant(moment, zone).replace("Z", "+00:00"))
	assert to_stored(published, zone) == moment.replace(microsecond=moment.microsecond // 1000 * 1000)
	assert frappe_stores(published, zone) == to_stored(published, zone)


def test_history_entries_carry_their_moment():
	bundle = history(
		"b",
		"s",
		[
			{
				"resource_type": "PractitionerRole",
				"id": "EMP-2",
				"method": "PUT",
				"last_modified": "2026-12-06T07:30:00.000Z",
			},
			{"resource_type": "PractitionerRole", "id": "EMP-1", "method": "DELETE"},
		],
		None,
	)
	assert bundle["entry"][0]["response"] == {"status": "200 OK", "lastModified": "2026-12-06T07:30:00.000Z"}
	assert bundle["entry"][1]["response"] == {"status": "204 No Content"}
