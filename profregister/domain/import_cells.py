"""Cells of a Register Import as HR offices and their software write them: Excel serial dates and date
cells, 1C's date-times, identifiers typed with a leading apostrophe or in groups of digits, and coded
values by code, by name in any language the app ships, or by a common abbreviation. Frappe-free: the
services pass in the reference values and translations."""

import difflib
import re
from datetime import date, datetime, timedelta

from profregister.domain.errors import DomainError, _

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 31.12.1899 once Excel's phantom 29.02.1900 is skipped
# Five digits only: 10000 is 18.05.1927 and 99999 is 2173; a four-digit number is a year, not a date.
SERIALS = range(10_000, 100_000)
SERIAL_TEXT = re.compile(r"^\d{5}(?:[.,]0+)?$")
DATE_TEXT = re.compile(
	r"^(?:(\d{1,2})\.(\d{1,2})\.(\d{4})|(\d{4})-(\d{2})-(\d{2}))(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$"
)
# Spaces a spreadsheet or a typist puts between groups of digits: space, no-break, narrow no-break,
# figure and thin spaces.
GROUP_SPACES = str.maketrans("", "", " \u00a0\u202f\u2007\u2009")
NOT_A_DATE = _("{0} is not a date (dd.mm.yyyy)")
TIME_OF_DAY = _("{0} has a time of day: give the date only (dd.mm.yyyy)")

# Common abbreviations and other names of coded values, by column: what an HR office types for a value
# the register holds by its English name. The shipped names and translations are added at run time.
ABBREVIATIONS = {
	"sex": {
		"Male": ("М", "Муж", "Муж.", "Мужчина", "Е", "Ер", "Ер адам", "M", "Man"),
		"Female": ("Ж", "Жен", "Жен.", "Женщина", "Ә", "Әйел", "Әйел адам", "F", "W", "Woman"),
	},
	"citizenship": {
		"Kazakhstan": (
			"РК",
			"Республика Казахстан",
			"ҚР",
			"Қазақстан Республикасы",
			"KZ",
			"KAZ",
			"RK",
			"Republic of Kazakhstan",
			"Казахстан",
			"Қазақстан",
		),
		"Russian Federation": ("РФ", "Россия", "Российская Федерация", "Ресей", "RF", "Russia"),
		"Kyrgyzstan": ("Кыргызстан", "Киргизия", "Қырғызстан"),
		"Uzbekistan": ("Узбекистан", "Өзбекстан"),
	},
	"id_document_type": {
		"Identity card": ("Удостоверение", "Уд. личности", "УЛ", "Жеке куәлік", "ЖК", "ID card", "ID"),
		"Passport": ("Паспорт РК", "Паспорт", "Төлқұжат"),
		"Residence permit": ("Вид на жительство", "ВНЖ", "Ықтиярхат"),
	},
	"education_level": {
		"Technical and vocational": ("ТиПО", "ТИПО", "Среднее специальное", "Средне-специальное", "ТжКБ"),
		"Higher": ("Высшее", "Жоғары"),
	},
	"end_reason": {
		"Dismissal": ("Увольнение", "Уволен", "Уволена"),
		"Retirement": ("Пенсия", "Выход на пенсию", "Зейнетке шығу"),
		"Death": ("Смерть", "Қайтыс болды"),
	},
}


def normal(text) -> str:
	"""A value as lookups compare it: single spaces, case-folded, ё read as the plain letter."""
	return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").split()).casefold()


def code_lookup(values, translations=(), abbreviations=None) -> dict[str, str]:
	"""Normalised name → the value stored: each value under itself, its other names (a code, a
	country's name), their translations, and the column's abbreviations of the values present. Built once
	per import; a row then costs one dict look-up per cell."""
	found: dict[str, str] = {}

	def add(key, value):
		if key:
			key = normal(key)
			found.setdefault(key, value)
			found.setdefault(key.rstrip("."), value)  # «муж.» and «муж» alike

	present = set()
	for value, *aliases in values:
		present.add(value)
		for key in (value, *aliases):
			add(key, value)
			for translation in translations:
				add(translation.get(key) if key else None, value)
	for value, aliases in (abbreviations or {}).items():
		if value in present:
			for alias in aliases:
				add(alias, value)
	return found


def find_code(lookup: dict[str, str], text: str) -> str | None:
	key = normal(text)
	return lookup.get(key) or lookup.get(key.rstrip("."))


def closest_code(lookup: dict[str, str], text: str) -> str | None:
	"""The value whose name is nearest to `text`, for the error message; None when nothing is near."""
	match = difflib.get_close_matches(normal(text), list(lookup), n=1, cutoff=0.6)
	return lookup[match[0]] if match else None


def unknown_code(lookup: dict[str, str], text: str) -> DomainError:
	near = closest_code(lookup, text)
	if near is None:
		return DomainError(_("{0} is not known to the register"), text)
	return DomainError(_("{0} is not known to the register: did you mean {1}?"), text, near)


def parse_date(value) -> date:
	"""A date cell, an Excel serial number, `dd.mm.yyyy` or `yyyy-mm-dd`, with a time of 0:00 allowed
	(1C writes `01.09.2020 0:00:00`); any other time of day is refused, a date is never guessed."""
	if isinstance(value, datetime):
		if value.time() != datetime.min.time():
			raise DomainError(TIME_OF_DAY, value.strftime("%d.%m.%Y %H:%M:%S"))
		return value.date()
	if isinstance(value, date):
		return value
	if isinstance(value, int | float) and not isinstance(value, bool):
		return _serial(value, str(value))
	text = str(value).strip().lstrip("'")
	if SERIAL_TEXT.match(text):
		return _serial(float(text.replace(",", ".")), text)
	match = DATE_TEXT.match(text)
	if not match:
		raise DomainError(NOT_A_DATE, text)
	if any(int(t or 0) for t in match.groups()[6:]):
		raise DomainError(TIME_OF_DAY, text)
	day, month, year = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
	try:
		return date(int(year), int(month), int(day))
	except ValueError:
		raise DomainError(NOT_A_DATE, text) from None


def _serial(number: float, text: str) -> date:
	if number != int(number):
		raise DomainError(TIME_OF_DAY, text)
	if int(number) not in SERIALS:
		raise DomainError(NOT_A_DATE, text)
	return EXCEL_EPOCH + timedelta(days=int(number))


def identifier(value) -> str:
	"""An IIN or BIN as typed: a number a spreadsheet made of it gets its leading zeros back; a leading
	apostrophe (Excel's "keep as text") and spaces between groups of digits go."""
	if isinstance(value, str) and value.isascii() and value.isdigit():
		return value  # the common case, as it is
	if isinstance(value, int | float) and not isinstance(value, bool):
		return f"{int(value):012d}"
	return str(value).strip().lstrip("'").translate(GROUP_SPACES)


def parse_number(value) -> float:
	if isinstance(value, int | float) and not isinstance(value, bool):
		return float(value)
	try:
		return float(value)  # the common case: "1", "0.5"
	except ValueError:
		pass
	text = str(value).strip().lstrip("'").translate(GROUP_SPACES)
	try:
		return float(text.replace(",", "."))
	except ValueError:
		raise DomainError(_("{0} is not a number"), str(value).strip()) from None


def unquoted(text: str) -> str:
	"""A text cell without the apostrophe a spreadsheet user (or the app's error file) put in front to
	keep it text; a value quoted on both sides keeps its quotes."""
	if text.startswith("'") and not text.endswith("'"):
		return text[1:].lstrip()
	return text
