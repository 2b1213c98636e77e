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


# The desk writes numbers by Frappe's number format; these are the ones of its list (System Settings)
# that write as format_number does. A user of kk or ru gets theirs whatever the system's is.
DESK_FORMATS = {"kk": "# ###,##", "ru": "# ###,##"}


def desk_number_format(lang: str | None, system_format: str) -> str:
	return DESK_FORMATS.get(_language(lang), system_format)


def _language(lang: str | None) -> str:
	return (lang or "").split("-")[0].lower()


# A unit after a number (CPD Rate.unit): Russian takes one of three forms by the number; Kazakh keeps
# the singular after any numeral ("2 күн", never "2 күндер"); English one or other. The last Russian
# form is the one "per" takes ("за неделю"). Units not listed are left to the caller's translation.
UNITS = {
	"hour": {"en": ("hour", "hours"), "kk": ("сағат",), "ru": ("час", "часа", "часов", "час")},
	"credit": {"en": ("credit", "credits"), "kk": ("кредит",), "ru": ("кредит", "кредита", "кредитов", "кредит")},
	"day": {"en": ("day", "days"), "kk": ("күн",), "ru": ("день", "дня", "дней", "день")},
	"week": {"en": ("week", "weeks"), "kk": ("апта",), "ru": ("неделя", "недели", "недель", "неделю")},
	"report": {"en": ("report", "reports"), "kk": ("баяндама",),
		"ru": ("доклад", "доклада", "докладов", "доклад")},
	"item": {"en": ("item", "items"), "kk": ("дана",), "ru": ("единица", "единицы", "единиц", "единицу")},
	"year": {"en": ("year", "years"), "kk": ("жыл",), "ru": ("год", "года", "лет", "год")},
	"test questions": {"en": ("test question", "test questions"), "kk": ("тест сұрағы",),
		"ru": ("тестовый вопрос", "тестовых вопроса", "тестовых вопросов", "тестовый вопрос")},
	"clinical scenarios": {"en": ("clinical scenario", "clinical scenarios"), "kk": ("клиникалық сценарий",),
		"ru": ("клинический сценарий", "клинических сценария", "клинических сценариев", "клинический сценарий")},
}  # fmt: skip


def plural_index(count, lang: str | None) -> int:
	"""Which form a word takes after `count`: Russian 0 (1, 21), 1 (2-4, 22, and any fraction) or 2
	(5-20, 0); Kazakh always 0; English 0 for exactly 1, else 1."""
	language, number = _language(lang), abs(float(count or 0))
	if language == "kk":
		return 0
	if language != "ru":
		return 0 if number == 1 else 1
	if not number.is_integer():
		return 1
	n = int(number)
	if n % 10 == 1 and n % 100 != 11:
		return 0
	return 1 if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14 else 2


def unit_after(count, unit: str, lang: str | None) -> str | None:
	"""The unit's word after `count` in `lang`, or None when the table does not know the unit or
	language."""
	forms = UNITS.get(unit, {}).get(_language(lang))
	return forms[min(plural_index(count, lang), len(forms) - 1)] if forms else None


def unit_per(unit: str, lang: str | None) -> str | None:
	"""The unit's word after "per" ("за неделю", "апта үшін", "per week"), or None as unit_after."""
	forms = UNITS.get(unit, {}).get(_language(lang))
	return (forms[3] if len(forms) == 4 else forms[0]) if forms else None
