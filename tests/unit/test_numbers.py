from profregister.domain.numbers import desk_number_format, format_number, unit_after, unit_per


def test_kazakh_and_russian_group_with_a_space_and_use_a_decimal_comma():
	for lang in ("ru", "kk", "kk-KZ"):
		assert format_number(5117, lang) == "5\u00a0117"
		assert format_number(5117.5, lang) == "5\u00a0117,5"
		assert format_number(1234567.891, lang) == "1\u00a0234\u00a0567,89"


def test_needless_zeros_are_dropped():
	assert format_number(20.0, "ru") == "20"
	assert format_number(0.5, "kk") == "0,5"
	assert format_number(None, "ru") == "0"
	assert format_number(2.004, "ru") == "2"


def test_other_languages_are_written_the_english_way():
	assert format_number(5117.25, "en") == "5,117.25"
	assert format_number(20, None) == "20"


def test_negative_numbers_keep_their_sign():
	assert format_number(-180, "ru") == "-180"
	assert format_number(-0.001, "ru") == "0"


def test_kazakh_and_russian_users_get_a_desk_format_with_a_decimal_comma():
	assert desk_number_format("ru", "#,###.##") == "# ###,##"
	assert desk_number_format("kk-KZ", "#,###.##") == "# ###,##"
	assert desk_number_format("en", "#,###.##") == "#,###.##"
	assert desk_number_format(None, "#.###,##") == "#.###,##"


def test_russian_units_agree_with_the_number():
	said = {n: unit_after(n, "day", "ru") for n in (1, 2, 5, 11, 21, 22, 25, 112, 0, 1.5)}
	assert said == {1: "день", 2: "дня", 5: "дней", 11: "дней", 21: "день", 22: "дня", 25: "дней",
		112: "дней", 0: "дней", 1.5: "дня"}  # fmt: skip
	assert unit_after(30, "hour", "ru") == "часов"
	assert unit_after(50, "test questions", "ru") == "тестовых вопросов"
	assert unit_per("week", "ru") == "неделю"


def test_kazakh_keeps_the_singular_after_a_numeral():
	assert unit_after(2, "day", "kk") == "күн"
	assert unit_after(30, "hour", "kk") == "сағат"
	assert unit_after(50, "test questions", "kk") == "тест сұрағы"
	assert unit_per("week", "kk") == "апта"


def test_english_units_and_unknown_ones():
	assert (unit_after(1, "hour", "en"), unit_after(2, "hour", "en")) == ("hour", "hours")
	assert unit_per("hour", "en") == "hour"
	assert unit_after(2, "lecture", "ru") is None
	assert unit_after(2, "hour", "de") is None
