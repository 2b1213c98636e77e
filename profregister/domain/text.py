"""What a stored text may contain: plain text of bounded length, no markup, no control characters or
direction overrides; person names letters only. Returns the problem (an English message, translated
where it is raised) or None."""

import re
import unicodedata

from profregister.domain.errors import _

NAME_PUNCTUATION = frozenset(" -'’.")
# Control characters (category Cc), and bidirectional overrides and isolates, which reorder what a
# reader sees (U+202A-U+202E, U+2066-U+2069); line breaks and tabs are allowed in multiline text.
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(BIDI)) + "]")
CONTROL_BUT_BREAKS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f" + "".join(sorted(BIDI)) + "]")
_WITHOUT_PUNCTUATION = str.maketrans("", "", "".join(NAME_PUNCTUATION))
# Spreadsheet formulas (OWASP, CSV injection): Excel, LibreOffice and Google Sheets evaluate a cell that
# starts with one of these; an apostrophe in front keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Signed numbers and phone numbers start the same way but call nothing.
NUMBER_LIKE = re.compile(r"^[+\-]?[\d\s().,/\-]*$")


def text_problem(
	value: str, limit: int, multiline: bool = False, markup_allowed: bool = False
) -> tuple | None:
	"""(message, *arguments) of the first problem with `value`, or None."""
	if len(value) > limit:
		return (_("is longer than {0} characters"), limit)
	if (CONTROL_BUT_BREAKS if multiline else CONTROL).search(value):
		return (_("contains control characters"),)
	if not markup_allowed and ("<" in value or ">" in value):
		return (_("may not contain < or >"),)
	return formula_problem(value)


def formula_problem(value: str) -> tuple | None:
	"""A value a spreadsheet would run as a formula is refused where it comes in: `=1+1`, `-1+1`,
	`@SUM(…)`, `+cmd|…`, also behind the apostrophe an error file puts in front of a refused one. A sign
	followed by a space (`- a note`) is prose, a signed or phone number is data."""
	text = value.strip()
	if text.startswith("'"):
		text = text[1:].lstrip()
	if not text.startswith(FORMULA_START) or NUMBER_LIKE.match(text):
		return None
	if text[0] in "+-" and text[1:2] == " ":
		return None
	return (_("could run as a spreadsheet formula"),)


def neutralised(value):
	"""A cell as the app writes it to a spreadsheet (error files, exports): text a spreadsheet would
	run as a formula gets an apostrophe in front; anything else is written as it is."""
	if (
		isinstance(value, str)
		and value.lstrip(" ").startswith(FORMULA_START)
		and not NUMBER_LIKE.match(value)
	):
		return "'" + value
	return value


def name_problem(value: str) -> tuple | None:
	"""Person names, as `clean_name` leaves them: letters of any script, combining marks, spaces,
	hyphens, apostrophes and dots, with at least one letter (`Ким . Сергеевич` is no name)."""
	value = clean_name(value)
	letters = value.translate(_WITHOUT_PUNCTUATION)
	if not value or letters.isalpha():  # letters only: the common case, without a look at each one
		return None
	if not letters:
		return (_("must contain a letter"),)
	if not all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in value):
		return (_("may contain only letters, spaces, hyphens and apostrophes"),)
	return None


# Zero-width characters and direction marks that a copy from a web page or a PDF leaves in a name:
# unseen, they would make one name two strings, and a search for the person would fail.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
# How a form says "none" (a patronymic): empty, not part of the full name.
NO_VALUE = frozenset({"-", "–", "—", "."})


def clean_name(value: str | None) -> str:
	"""A person's name as it is stored: Unicode NFC (a decomposed Й is one letter), without invisible
	characters, single spaces; a lone dash or dot is empty."""
	text = " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", value or "")).split())
	return "" if text in NO_VALUE else text
