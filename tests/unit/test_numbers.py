from profregister.domain.numbers import format_number


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
