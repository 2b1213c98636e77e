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
	return None


def name_problem(value: str) -> tuple | None:
	"""Person names: letters of any script, combining marks, spaces, hyphens, apostrophes and dots."""
	letters = value.translate(_WITHOUT_PUNCTUATION)
	if not letters or letters.isalpha():  # letters only: the common case, without a look at each one
		return None
	if not all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in value):
		return (_("may contain only letters, spaces, hyphens and apostrophes"),)
	return None
