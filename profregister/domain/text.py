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
	hyphens, apostrophes and dots, with at least one letter (`Ким . Сергеевич` is no name), and no word
	that mixes Latin and Cyrillic letters beyond the look-alikes `clean_name` folds."""
	return clean_name_problem(clean_name(value))


def clean_name_problem(value: str) -> tuple | None:
	"""`name_problem` of a name `clean_name` has already cleaned."""
	letters = value.translate(_WITHOUT_PUNCTUATION)
	if value and letters.isalpha():  # letters only: the common case, without a look at each one
		return (_("mixes Latin and Cyrillic letters in one word"),) if _mixed_words(value) else None
	if not value:
		return None
	if not letters:
		return (_("must contain a letter"),)
	if not all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in value):
		return (_("may contain only letters, spaces, hyphens and apostrophes"),)
	return (_("mixes Latin and Cyrillic letters in one word"),) if _mixed_words(value) else None


# Zero-width characters and direction marks that a copy from a web page or a PDF leaves in a name:
# unseen, they would make one name two strings, and a search for the person would fail.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\ufeff]")
# How a form says "none" (a patronymic): empty, not part of the full name.
NO_VALUE = frozenset({"-", "–", "—", "."})


def clean_name(value: str | None) -> str:
	"""A person's name as it is stored: Unicode NFC (a decomposed Й is one letter), without invisible
	characters, single spaces, look-alike letters of the other script folded (`fold_scripts`); a lone
	dash or dot is empty."""
	text = " ".join(INVISIBLE.sub("", unicodedata.normalize("NFC", value or "")).split())
	return "" if text in NO_VALUE else fold_scripts(text)


# Latin letters drawn like Cyrillic ones (the Kazakh i, shha and schwa included) and back: typed on the
# other keyboard layout, or pasted, they make one name two strings, and a search for the person fails.
LATIN_LOOKALIKES = "AaBCcEeHhIiKkMOoPpTXxyƏə"
CYRILLIC_LOOKALIKES = "АаВСсЕеНһІіКкМОоРрТХхуӘә"
TO_CYRILLIC = str.maketrans(LATIN_LOOKALIKES, CYRILLIC_LOOKALIKES)
TO_LATIN = str.maketrans(CYRILLIC_LOOKALIKES, LATIN_LOOKALIKES)
WORD = re.compile(r"[^\W\d_]+")
ANY_LATIN = re.compile("[A-Za-zƏə]")


def _is_latin(c: str) -> bool:
	return c < "\u0250" or c in "Əə"


def _is_cyrillic(c: str) -> bool:
	return "\u0400" <= c <= "\u04ff"


def fold_scripts(text: str) -> str:
	"""A word of Cyrillic letters with Latin look-alikes among them (Ivanov with a Latin o, Aigerim
	with a Latin A) is written in Cyrillic, and a Latin word with Cyrillic look-alikes in Latin: the
	letters only one of the scripts has decide. A word of look-alikes only follows the rest of the
	name, else its majority, else Cyrillic. A word with letters only Latin has and letters only
	Cyrillic has is left as it is (`name_problem` refuses it)."""
	if text.isascii() or not ANY_LATIN.search(text):
		return text  # one script only: the common case, without a look at each word
	scripts = [_script(word) for word in WORD.findall(text)]
	context = next((s for s in scripts if s in ("cyrillic", "latin")), None)
	in_order = iter(scripts)  # WORD.sub meets the words in the order findall found them

	def fold(match):
		script = next(in_order)
		if script == "either":
			script = context or _majority(match[0])
		if script == "cyrillic":
			return match[0].translate(TO_CYRILLIC)
		return match[0].translate(TO_LATIN) if script == "latin" else match[0]

	return WORD.sub(fold, text)


def _script(word: str) -> str:
	"""cyrillic or latin (the letters only one script has), either (all look-alikes), mixed, or none
	(one script already, or neither)."""
	latin = [c for c in word if _is_latin(c)]
	cyrillic = [c for c in word if _is_cyrillic(c)]
	only_latin = any(c not in LATIN_LOOKALIKES for c in latin)
	only_cyrillic = any(c not in CYRILLIC_LOOKALIKES for c in cyrillic)
	if latin and cyrillic and only_latin and only_cyrillic:
		return "mixed"
	if only_cyrillic:
		return "cyrillic"
	if only_latin:
		return "latin"
	return "either" if latin and cyrillic else "none"


def _majority(word: str) -> str:
	return "latin" if sum(map(_is_latin, word)) > sum(map(_is_cyrillic, word)) else "cyrillic"


def _mixed_words(value: str) -> bool:
	"""A word with letters of both Latin and Cyrillic (after `fold_scripts`, only letters no look-alike
	explains)."""
	if value.isascii() or not ANY_LATIN.search(value):
		return False
	return any(any(map(_is_latin, w)) and any(map(_is_cyrillic, w)) for w in WORD.findall(value))


# Frappe's escape_html, character for character, at the speed of str.translate: the certificate job
# escapes three values of each of 40,000 rows, and Frappe's builds each string a character at a time.
_HTML_ESCAPES = str.maketrans({"&": "&amp;", '"': "&quot;", "'": "&apos;", ">": "&gt;", "<": "&lt;"})


def escape_html(text: str) -> str:
	return text.translate(_HTML_ESCAPES)
