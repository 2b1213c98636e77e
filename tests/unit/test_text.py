from hypothesis import given
from hypothesis import strategies as st

from profregister.domain.text import (
	BIDI,
	CYRILLIC_LOOKALIKES,
	FORMULA_START,
	LATIN_LOOKALIKES,
	NUMBER_LIKE,
	_is_cyrillic,
	clean_name,
	escape_html,
	formula_problem,
	name_problem,
	neutralised,
	text_problem,
)

MIXED = "mixes Latin and Cyrillic letters in one word"
XSS = ["<svg/onload=alert(1)>", '["<img src=x onerror=alert(1)>"]', '["<svg/onload=alert(1)>", "x"]']


def test_plain_text_passes():
	assert text_problem("Order No. 15-к of 01.02.2024", 140) is None
	assert text_problem("ул. Абая, 10\nкв. 5", 4000, multiline=True) is None


def test_markup_in_either_shape_is_refused():
	for value in XSS:
		assert text_problem(value, 140)[0] == "may not contain < or >"


def test_markup_may_stand_in_a_file_url():
	assert text_problem("/private/files/a<b>.pdf", 140, markup_allowed=True) is None


def test_length_limit():
	assert text_problem("x" * 141, 140) == ("is longer than {0} characters", 140)
	assert text_problem("x" * 10_000_000, 4000, multiline=True)[1] == 4000


def test_control_and_direction_characters():
	assert text_problem("a\x07b", 140)[0] == "contains control characters"
	assert text_problem("a\nb", 140)[0] == "contains control characters"
	assert text_problem("Test\u202eova", 140)[0] == "contains control characters"


@given(st.text(min_size=1, max_size=30))
def test_any_direction_override_is_refused(prefix):
	for mark in BIDI:
		assert text_problem(prefix[:10] + mark, 140) is not None


def test_names():
	for good in ("Әлібекова", "Nurlanov", "O'Brien", "Жанна-Мария", "Abdulla ugli", "Д’Артаньян", "Ж."):
		assert name_problem(good) is None, good
	for bad in ("Ai😀gerim", "Testova2", "<b>", "a_b", "x@y"):
		assert name_problem(bad) is not None, bad


@given(st.text(alphabet=st.characters(categories=("Lu", "Ll", "Lo")), min_size=1, max_size=40))
def test_letters_of_any_script_are_names(name):
	# A word of Latin and Cyrillic letters that no look-alike explains is the one name refused.
	assert name_problem(name) in (None, (MIXED,))
	if not any(map(_is_cyrillic, name)):
		assert name_problem(name) is None


def test_the_control_pattern_is_the_unicode_category():
	import unicodedata

	from profregister.domain.text import CONTROL

	for code in range(0x10000):
		c = chr(code)
		assert bool(CONTROL.search(c)) == (unicodedata.category(c) == "Cc" or c in BIDI), hex(code)


FORMULAS = ["=1+1", "-1+1", "+1+1", "@SUM(A1:A2)", "=0+HYPERLINK(\"http://x\")", "-0+cmd|' /C calc'!A0",
	"'=1+1", " =1+1", "\t=1+1", "=cmd|x"]  # fmt: skip
DATA = ["- a note after a dash", "+ plus", "+7 701 123 45 67", "-5", "+3.5", "1-2", "Order -1+1", "ok"]


def test_formulas_are_refused_where_they_come_in():
	for value in FORMULAS:
		assert text_problem(value, 140, multiline=True) == ("could run as a spreadsheet formula",), value
	for value in DATA:
		assert formula_problem(value) is None, value


def test_cells_a_spreadsheet_would_run_go_out_as_text():
	for value in ["=1+1", "-1+1", "@SUM(A1)", "\t=1", "+cmd|x", "- a note", " =1+1"]:
		assert neutralised(value) == "'" + value, value
	for value in ["+7 701 123 45 67", "-5", "text", "", None, 5, -1.5]:
		assert neutralised(value) == value, value


def test_names_are_stored_clean():
	assert clean_name("  Ким   Ли ") == "Ким Ли"
	assert clean_name("И\u0306ван") == "Йван"  # a decomposed Й is one letter
	assert clean_name("Ай\u200bгерім\u200f") == "Айгерім"
	for none in ("-", "—", ".", " - ", None, ""):
		assert clean_name(none) == ""


def test_a_name_has_a_letter():
	assert name_problem(". .") == ("must contain a letter",)
	assert name_problem("-") is None  # "none": stored empty
	assert name_problem("Ай\u200bгерім") is None  # cleaned, not refused
	assert name_problem("O'Brien-Smith") is None


def test_latin_look_alikes_in_a_cyrillic_name_are_folded():
	latin_o, latin_a, latin_i = "o", "A", "i"
	assert clean_name(f"Иван{latin_o}в") == "Иванов"
	assert clean_name(f"{latin_a}йгерім") == "Айгерім"
	assert clean_name(f"Әл{latin_i}бек") == "Әлібек"  # the Kazakh i
	assert clean_name("Жанна-Mария") == "Жанна-Мария"
	assert clean_name("Сa Иванов") == "Са Иванов"  # a word of look-alikes follows the rest of the name
	assert clean_name("Nurlan\u043ev") == "Nurlanov"  # and back: a Cyrillic o in a Latin name
	assert name_problem(f"Иван{latin_o}в") is None


def test_a_word_of_both_scripts_is_refused():
	assert name_problem("Ivan\u043e\u0432") == (MIXED,)  # v has no Cyrillic look-alike, in no more than Ivan
	assert name_problem("Ivanov Иванов") is None  # a word in each script: a transliteration, allowed


CYRILLIC = "АБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯабвгдежзийклмнопрстуфхцчшщъыьэюяӘәҒғҚқҢңӨөҰұҮүҺһІі"
DISTINCT_CYRILLIC = "".join(c for c in CYRILLIC if c not in CYRILLIC_LOOKALIKES)
LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
DISTINCT_LATIN = "".join(c for c in LATIN if c not in LATIN_LOOKALIKES)


@given(
	st.text(alphabet=CYRILLIC, min_size=1, max_size=20),
	st.sampled_from(DISTINCT_CYRILLIC),
	st.lists(st.booleans(), min_size=21, max_size=21),
)
def test_a_cyrillic_word_with_any_latin_look_alikes_folds_back(word, distinct, swaps):
	word = word + distinct
	typed = "".join(
		LATIN_LOOKALIKES[CYRILLIC_LOOKALIKES.index(c)] if c in CYRILLIC_LOOKALIKES and swap else c
		for c, swap in zip(word, swaps, strict=False)
	)
	assert clean_name(typed) == word
	assert name_problem(typed) is None


@given(
	st.text(alphabet=LATIN, min_size=1, max_size=20),
	st.sampled_from(DISTINCT_LATIN),
	st.lists(st.booleans(), min_size=21, max_size=21),
)
def test_a_latin_word_with_any_cyrillic_look_alikes_folds_back(word, distinct, swaps):
	word = distinct + word
	typed = "".join(
		CYRILLIC_LOOKALIKES[LATIN_LOOKALIKES.index(c)] if c in LATIN_LOOKALIKES and swap else c
		for c, swap in zip(word, swaps, strict=False)
	)
	assert clean_name(typed) == word


@given(st.text(max_size=40))
def test_clean_name_is_idempotent(value):
	assert clean_name(clean_name(value)) == clean_name(value)


@given(st.text(max_size=40))
def test_neutralised_cells_never_start_a_formula(value):
	out = neutralised(value)
	assert neutralised(out) == out
	assert not out.lstrip(" ").startswith(FORMULA_START) or NUMBER_LIKE.match(out)
	assert out in (value, "'" + value)


@given(st.sampled_from(FORMULA_START), st.text(max_size=20))
def test_a_formula_stays_refused_behind_an_apostrophe(start, rest):
	value = start + rest
	if formula_problem(value):
		assert formula_problem(neutralised(value)) == formula_problem(value)


@given(st.text())
def test_escape_html_is_frappes(value):
	"""The fast escape gives what frappe.utils.escape_html gives (its table, applied per character)."""
	table = {"&": "&amp;", '"': "&quot;", "'": "&apos;", ">": "&gt;", "<": "&lt;"}
	assert escape_html(value) == "".join(table.get(c, c) for c in value)
