"""Numbers as a reader writes them: Kazakh and Russian group thousands with a space and use a decimal
comma (20 and 5 117,5, where "20.000" and "5,117.00" read as thousands); other languages the English
way. Needless trailing zeros are dropped: a total of credit units is 20, not 20.000."""

# A no-break space, so that a number never wraps between its groups.
GROUP = "\u00a0"
SEPARATORS = {"kk": (GROUP, ","), "ru": (GROUP, ",")}
ENGLISH = (",", ".")


def format_number(value, lang: str | None, places: int = 2) -> str:
	"""`value` rounded to `places` decimals, written for `lang` ("ru", "kk-KZ", "en", ...)."""
	number = round(float(value or 0), places)
	whole, _, fraction = f"{abs(number):,.{places}f}".partition(".")
	fraction = fraction.rstrip("0")
	group, point = SEPARATORS.get((lang or "").split("-")[0].lower(), ENGLISH)
	text = whole.replace(",", group) + (point + fraction if fraction else "")
	return "-" + text if number < 0 else text
