from datetime import date

from profregister.domain import nhwa


def indicator(measure: str, occupations=(), end_reasons=()) -> nhwa.Indicator:
	return nhwa.Indicator("X", 1, "test", measure, measure, tuple(occupations), tuple(end_reasons))


FACTS = nhwa.Facts(
	people={
		("2211", "Astana", "Female", "25-34"): 30,
		("2212", "Astana", "Male", "45-54"): 10,
		("2221", "Astana", "Female", "35-44"): 50,
		("2221", "Mangystau Region", "Female", "35-44"): 10,
	},
	places={
		("2211", "State", "Polyclinic"): 30,
		("2212", "Private", "Hospital"): 10,
		("2221", "State", "Hospital"): 60,
	},
	fte={("2211", "Astana"): 32.5, ("2221", "Astana"): 49.75},
	entries={"2211": 4, "2221": 6},
	exits={("2211", "Retirement"): 1, ("2221", "Transfer"): 9, ("2221", "Death"): 2},
	start_stock={"2211": 50, "2221": 30},
	population={"Kazakhstan": 20_000_000, "Astana": 1_600_000},
	country="Kazakhstan",
	national=True,
)


def by(rows, group):
	return {r["category"]: r for r in rows if r["occupation"] == group}


def test_groups_count_sub_codes():
	assert nhwa.in_group("3221", "322") and not nhwa.in_group("3221", "222")
	assert nhwa.in_group("2212", "221") and not nhwa.in_group("2221", "221") and nhwa.in_group("2221", "")


def test_headcount_and_fte_by_occupation():
	rows = nhwa.compute([indicator("Headcount"), indicator("FTE")], FACTS)
	headcount = {r["occupation"]: r["value"] for r in rows if r["unit"] == "persons"}
	assert headcount == {"": 100, "221": 40, "222": 60, "322": 0, "2261": 0, "2262": 0, "3213": 0}
	fte = {r["occupation"]: r["value"] for r in rows if r["unit"] == "FTE"}
	assert fte[""] == 82.25 and fte["221"] == 32.5


def test_density_only_with_a_sourced_population():
	rows = nhwa.compute([indicator("Density per 10,000 population", ["221", ""])], FACTS)
	everyone = by(rows, "")
	assert everyone["Kazakhstan"]["value"] == 0.05  # 100 of 20 million
	assert everyone["Astana"]["value"] == round(90 * 10000 / 1_600_000, 2)
	assert everyone["Mangystau Region"]["value"] is None
	assert everyone["Mangystau Region"]["note"] == "No sourced population estimate"
	assert everyone["Mangystau Region"]["numerator"] == 10
	# A user who does not see the country gets no country line.
	regional = nhwa.Facts(**{**FACTS.__dict__, "national": False})
	assert "Kazakhstan" not in by(nhwa.compute([indicator("Density per 10,000 population")], regional), "")
	# A district's department sees part of its region: the region's population is not its denominator.
	district = nhwa.Facts(**{**FACTS.__dict__, "national": False, "partial": {"Astana"}})
	astana = by(nhwa.compute([indicator("Density per 10,000 population")], district), "")["Astana"]
	assert (astana["value"], astana["note"]) == (None, "Only part of the region is in view")


def test_shares_add_up_to_the_whole():
	for measure in nhwa.SHARE_BREAKDOWNS:
		rows = by(nhwa.compute([indicator(measure)], FACTS), "")
		assert round(sum(r["value"] for r in rows.values()), 1) == 100.0, measure
	sex = by(nhwa.compute([indicator("Share by sex")], FACTS), "")
	assert (sex["Female"]["numerator"], sex["Female"]["denominator"], sex["Female"]["value"]) == (
		90,
		100,
		90.0,
	)


def test_flows_count_the_listed_end_reasons_only():
	rows = nhwa.compute(
		[indicator("Entries"), indicator("Involuntary exits", end_reasons=["Death", "Dismissal"]),
			indicator("Voluntary exits", end_reasons=["Retirement"])],
		FACTS,
	)  # fmt: skip
	total = {r["indicator"].measure: r for r in rows if r["occupation"] == ""}
	assert total["Entries"]["numerator"] == 10
	assert total["Involuntary exits"]["numerator"] == 2  # a transfer is no exit
	# Rates per 100 of the stock at the start of the year (80), not of today's (100).
	assert (total["Voluntary exits"]["denominator"], total["Voluntary exits"]["value"]) == (80, 1.25)
	assert total["Entries"]["value"] == 12.5


def test_age_bands():
	limits = nhwa.age_band_limits(date(2026, 12, 3))
	assert limits[0] == (date(2001, 12, 3), "Under 25")
	assert limits[-1] == (None, "65 and over")
