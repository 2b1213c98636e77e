from datetime import date

from profregister.domain.occupations import EDUCATION_LEVELS, LevelRule, highest_level, rules_in_force


def test_the_highest_level_of_a_worker():
	assert highest_level(["Technical and vocational", "Higher"]) == "Higher"
	assert (
		highest_level(["Postgraduate: residency", "Higher", "General secondary"]) == "Postgraduate: residency"
	)
	assert highest_level(["Technical and vocational", "unknown"]) == "Technical and vocational"
	assert highest_level([]) is None and highest_level([None, ""]) is None


def test_levels_follow_the_form_options():
	assert EDUCATION_LEVELS[0] == "General secondary" and len(set(EDUCATION_LEVELS)) == 7


def test_rules_in_force_on_a_day():
	rules = [
		LevelRule("2221", "Technical and vocational", "3221", date(2016, 1, 1)),
		LevelRule("2221", "Technical and vocational", "3229", date(2027, 1, 1)),
		LevelRule("2262", "Technical and vocational", "3213", date(2016, 1, 1)),
	]
	assert rules_in_force(rules, date(2026, 12, 31)) == {
		("2221", "Technical and vocational"): "3221",
		("2262", "Technical and vocational"): "3213",
	}
	assert rules_in_force(rules, date(2027, 1, 1))[("2221", "Technical and vocational")] == "3229"
	assert rules_in_force(rules, date(2015, 12, 31)) == {}
