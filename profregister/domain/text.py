"""What a stored text may contain: plain text of bounded length, no markup, no control characters or
direction overrides; person names letters only. Returns the problem (an English message, translated
where it is raised) or None."""

import unicodedata

from profregister.domain.errors import _

# Bidirectional overrides and isolates reorder what a reader sees (U+202A-U+202E, U+2066-U+2069).
BIDI = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
NAME_PUNCTUATION = frozenset(" -'’.")
LINE_BREAKS = frozenset("\n\r\t")


def text_problem(
	value: str, limit: int, multiline: bool = False, markup_allowed: bool = False
) -> tuple | None:
	"""(message, *arguments) of the first problem with `value`, or None."""
	if len(value) > limit:
		return (_("is longer than {0} characters"), limit)
	allowed = LINE_BREAKS if multiline else frozenset()
	if any((unicodedata.category(c) == "Cc" and c not in allowed) or c in BIDI for c in value):
		return (_("contains control characters"),)
	if not markup_allowed and ("<" in value or ">" in value):
		return (_("may not contain < or >"),)
	return None


def name_problem(value: str) -> tuple | None:
	"""Person names: letters of any script, combining marks, spaces, hyphens, apostrophes and dots."""
	if not all(unicodedata.category(c)[0] in "LM" or c in NAME_PUNCTUATION for c in value):
		return (_("may contain only letters, spaces, hyphens and apostrophes"),)
	return None
