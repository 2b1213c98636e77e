"""Register Import, frappe-free: one row per worker with their main employment, certificate and highest
education (rule 8). Headers are accepted in Kazakh, Russian or English; every row is checked by the same
domain rules as the forms, and its problems are reported per column (English messages with {0}-style
placeholders, translated where they are shown). Nothing here reads the database: what the register
already holds is passed in as `References`."""

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from profregister.domain.errors import DomainError, _
from profregister.domain.identifiers import check_person_against_iin, parse_iin, validate_bin
from profregister.domain.text import name_problem, text_problem


@dataclass(frozen=True)
class Column:
	key: str
	headers: tuple[str, str, str]  # en, ru, kk
	kind: str = "text"  # text, name, date, number, iin, bin, code
	mandatory: bool = False


COLUMNS = (
	Column("iin", ("IIN", "ИИН", "ЖСН"), "iin", True),
	Column("last_name", ("Surname", "Фамилия", "Тегі"), "name", True),
	Column("first_name", ("Name", "Имя", "Аты"), "name", True),
	Column("patronymic", ("Patronymic", "Отчество", "Әкесінің аты"), "name"),
	Column("sex", ("Sex", "Пол", "Жынысы"), "code"),
	Column("date_of_birth", ("Date of birth", "Дата рождения", "Туған күні"), "date"),
	Column("place_of_birth", ("Place of birth", "Место рождения", "Туған жері")),
	Column("citizenship", ("Citizenship", "Гражданство", "Азаматтығы")),
	Column("id_document_type", ("Identity document", "Документ, удостоверяющий личность", "Жеке басын куәландыратын құжат"), "code"),
	Column("id_document_number", ("Document number", "Номер документа", "Құжат нөмірі")),
	Column("id_document_issuer", ("Issued by", "Кем выдан", "Кім берген")),
	Column("id_document_issue_date", ("Date of issue", "Дата выдачи", "Берілген күні"), "date"),
	Column("residence_address", ("Address of residence", "Адрес проживания", "Тұратын мекенжайы")),
	Column("registration_address", ("Address of registration", "Адрес регистрации", "Тіркелген мекенжайы")),
	Column("bin", ("BIN", "БИН", "БСН"), "bin", True),
	Column("position", ("Position", "Должность", "Лауазымы"), "code", True),
	Column("specialty", ("Specialty", "Специальность", "Мамандығы"), "code"),
	Column("rate", ("Rate", "Ставка", "Мөлшерлеме"), "number"),
	Column("start_date", ("Start date", "Дата приёма", "Қабылданған күні"), "date", True),
	Column("order_number", ("Order number", "Номер приказа", "Бұйрық нөмірі")),
	Column("order_date", ("Order date", "Дата приказа", "Бұйрық күні"), "date"),
	Column("certificate_number", ("Certificate number", "Номер сертификата", "Сертификат нөмірі")),
	Column("certificate_specialty", ("Certificate specialty", "Специальность сертификата", "Сертификат мамандығы"), "code"),
	Column("certificate_issuer", ("Certificate issued by", "Кем выдан сертификат", "Сертификатты берген орган")),
	Column("certificate_issue_date", ("Certificate issue date", "Дата выдачи сертификата", "Сертификат берілген күні"), "date"),
	Column("certificate_valid_until", ("Certificate valid until", "Сертификат действителен до", "Сертификат жарамдылық мерзімі"), "date"),
	Column("education_level", ("Education level", "Уровень образования", "Білім деңгейі"), "code"),
	Column("institution", ("Educational institution", "Учебное заведение", "Оқу орны")),
	Column("education_document_number", ("Diploma number", "Номер диплома", "Диплом нөмірі")),
	Column("education_document_date", ("Diploma date", "Дата диплома", "Диплом күні"), "date"),
)  # fmt: skip
BY_KEY = {column.key: column for column in COLUMNS}
CERTIFICATE = (
	"certificate_number",
	"certificate_specialty",
	"certificate_issue_date",
	"certificate_valid_until",
)
# A cell starting with these is a spreadsheet formula, not data (and a formula injection on export).
FORMULA = re.compile(r"^\s*[=+@\-]\s*[A-Za-z(]")
DATE_TEXT = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$|^(\d{4})-(\d{2})-(\d{2})$")


def _normal(text) -> str:
	return " ".join(str(text or "").replace("ё", "е").replace("Ё", "Е").split()).casefold()


HEADERS = {_normal(header): column.key for column in COLUMNS for header in column.headers}


@dataclass(frozen=True)
class Problem:
	column: str | None  # a column key, or None for the row (or the file)
	message: str
	args: tuple = ()


@dataclass
class References:
	"""What the register holds, for the checks that look it up: entity BINs, and codes and names (in
	any language, normalised) of positions, specialties and the other coded values, to their names."""

	entities: set[str] = field(default_factory=set)
	codes: dict[str, dict[str, str]] = field(default_factory=dict)
	max_rate: float = 2.0
	min_age_at_hire: int = 16


def map_headers(header: list) -> tuple[dict[int, str], list[Problem]]:
	"""Column index → key. An unknown, repeated or missing mandatory column is a problem of the file."""
	mapping, problems, seen = {}, [], set()
	for index, cell in enumerate(header):
		if cell is None or not str(cell).strip():
			continue
		key = HEADERS.get(_normal(cell))
		if key is None:
			problems.append(Problem(None, _("Unknown column {0}"), (str(cell).strip(),)))
		elif key in seen:
			problems.append(Problem(None, _("Column {0} appears twice"), (str(cell).strip(),)))
		else:
			mapping[index] = key
			seen.add(key)
	if not seen:
		return {}, [Problem(None, _("The sheet has no header row with the template's columns"))]
	for column in COLUMNS:
		if column.mandatory and column.key not in seen:
			problems.append(Problem(None, _("The column {0} is missing"), (column.headers[0],)))
	return mapping, problems


def parse_date(value) -> date:
	if isinstance(value, datetime):
		return value.date()
	if isinstance(value, date):
		return value
	match = DATE_TEXT.match(str(value).strip())
	if not match:
		raise DomainError(_("{0} is not a date (dd.mm.yyyy)"), str(value).strip())
	day, month, year = (match[1], match[2], match[3]) if match[1] else (match[6], match[5], match[4])
	try:
		return date(int(year), int(month), int(day))
	except ValueError:
		raise DomainError(_("{0} is not a date (dd.mm.yyyy)"), str(value).strip()) from None


def parse_number(value) -> float:
	if isinstance(value, int | float) and not isinstance(value, bool):
		return float(value)
	try:
		return float(str(value).strip().replace(" ", "").replace(",", "."))
	except ValueError:
		raise DomainError(_("{0} is not a number"), str(value).strip()) from None


def read_row(
	cells: list, mapping: dict[int, str], refs: References, today: date
) -> tuple[dict, list[Problem]]:
	"""The row's values under their keys, cleaned, and every problem found (all of them, not the first)."""
	raw = {key: cells[index] if index < len(cells) else None for index, key in mapping.items()}
	values, problems = {}, []
	for key, value in raw.items():
		if value is None or (isinstance(value, str) and not value.strip()):
			if BY_KEY[key].mandatory:
				problems.append(Problem(key, _("is required")))
			continue
		try:
			values[key] = _cell(BY_KEY[key], value, refs)
		except DomainError as err:
			problems.append(Problem(key, err.message, err.args_))
	return values, problems + _row_rules(values, refs, today)


def _cell(column: Column, value, refs: References):
	if column.kind == "date":
		return parse_date(value)
	if column.kind == "number":
		return parse_number(value)
	text = str(value).strip()
	if FORMULA.match(text):
		raise DomainError(_("looks like a spreadsheet formula: {0}"), text[:40])
	if column.kind == "iin":
		return parse_iin(text).iin
	if column.kind == "bin":
		return validate_bin(text)
	problem = name_problem(text) if column.kind == "name" else text_problem(text, 140)
	if problem:
		raise DomainError(problem[0], *problem[1:])
	if column.kind == "code":
		found = refs.codes.get(column.key.removeprefix("certificate_"), {}).get(_normal(text))
		if found is None:
			raise DomainError(_("{0} is not known to the register"), text)
		return found
	return text


def _row_rules(values: dict, refs: References, today: date) -> list[Problem]:
	problems = []

	def check(column, func, *args):
		try:
			func(*args)
		except DomainError as err:
			problems.append(Problem(column, err.message, err.args_))

	if "iin" in values:
		info = parse_iin(values["iin"])
		check("date_of_birth", check_person_against_iin, info, values.get("date_of_birth"), None, today)
		check("sex", check_person_against_iin, info, None, values.get("sex"), today)
		born = values.get("date_of_birth") or info.date_of_birth
		start = values.get("start_date")
		if (
			start
			and start.year - born.year - ((start.month, start.day) < (born.month, born.day))
			< refs.min_age_at_hire
		):
			problems.append(
				Problem("start_date", _("is before the worker's {0}th birthday"), (refs.min_age_at_hire,))
			)
	if values.get("bin") and values["bin"] not in refs.entities:
		problems.append(
			Problem("bin", _("No healthcare entity with BIN {0} is registered"), (values["bin"],))
		)
	for key in (
		"start_date",
		"order_date",
		"certificate_issue_date",
		"id_document_issue_date",
		"education_document_date",
	):
		if values.get(key) and values[key] > today:
			problems.append(Problem(key, _("is in the future")))
	if "rate" in values and not 0 < values["rate"] <= refs.max_rate:
		problems.append(Problem("rate", _("must be more than 0 and at most {0}"), (refs.max_rate,)))
	issued, valid_until = values.get("certificate_issue_date"), values.get("certificate_valid_until")
	if issued and valid_until and valid_until <= issued:
		problems.append(Problem("certificate_valid_until", _("is not after the date of issue")))
	given = [key for key in CERTIFICATE if key in values]
	if given and len(given) < len(CERTIFICATE):
		missing = next(key for key in CERTIFICATE if key not in values)
		problems.append(Problem(missing, _("is required with the other certificate columns")))
	return problems


def duplicates_in_file(iins: list[str | None]) -> dict[int, int]:
	"""Row index → the index of the first row with the same IIN, for every later row."""
	first, repeated = {}, {}
	for index, iin in enumerate(iins):
		if not iin:
			continue
		if iin in first:
			repeated[index] = first[iin]
		else:
			first[iin] = index
	return repeated


def changes(values: dict, stored: dict | None) -> dict:
	"""What the row would change in the stored worker (key → (stored, new)); every value when new."""
	if stored is None:
		return {key: (None, value) for key, value in values.items()}
	return {
		key: (stored.get(key), value)
		for key, value in values.items()
		if key in stored and stored.get(key) != value
	}
