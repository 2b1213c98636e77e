from datetime import date

from profregister.domain.working_days import WorkingCalendar, kazakhstan_calendar

CAL = kazakhstan_calendar([2025, 2026])


def test_weekdays_only():
	# Monday 2026-11-02 → Thursday 2026-11-05: Tue, Wed, Thu
	assert CAL.working_days_after(date(2026, 11, 2), date(2026, 11, 5)) == 3
	# Friday → Monday: only Monday counts
	assert CAL.working_days_after(date(2026, 11, 6), date(2026, 11, 9)) == 1


def test_public_holidays_do_not_count():
	# Nauryz 21-25 March 2026 (with observed days): Friday 20 March → Friday 27 March
	assert CAL.working_days_after(date(2026, 3, 20), date(2026, 3, 27)) == 2
	# Independence Day, Wednesday 16 December 2026
	assert CAL.working_days_after(date(2026, 12, 14), date(2026, 12, 18)) == 3


def test_same_day_and_reverse():
	assert CAL.working_days_after(date(2026, 11, 2), date(2026, 11, 2)) == 0
	assert CAL.working_days_after(date(2026, 11, 5), date(2026, 11, 2)) == 0


def test_decreed_working_weekend_and_extra_day_off():
	cal = WorkingCalendar(frozenset({date(2026, 11, 3)}), frozenset({date(2026, 11, 7)}))
	assert cal.working_days_after(date(2026, 11, 2), date(2026, 11, 8)) == 4


def test_counting_agrees_with_walking_day_by_day():
	import random
	from datetime import timedelta

	calendar = kazakhstan_calendar(range(2000, 2027), working_weekends=[date(2022, 3, 5), date(2024, 5, 11)])
	odd = WorkingCalendar(calendar.days_off | {date(2022, 3, 5)}, calendar.working_weekends)
	rng = random.Random(7)
	for cal in (calendar, odd):
		for _ in range(300):
			start = date(2000, 1, 1) + timedelta(days=rng.randrange(9000))
			end = start + timedelta(days=rng.randrange(-5, 1500))
			walked = sum(
				cal.is_working_day(start + timedelta(days=n)) for n in range(1, (end - start).days + 1)
			)
			assert cal.working_days_after(start, end) == walked, (start, end)
