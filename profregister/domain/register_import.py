"""Register Import, frappe-free: one row per worker with their main employment, certificate and highest
education (rule 8). Headers are accepted in Kazakh, Russian or English; every row is checked by the same
domain rules as the forms, and its problems are reported per column (English messages with {0}-style
placeholders, translated where they are shown). Nothing here reads the database: what the register
already holds is passed in as `References`."""

from dataclasses import dataclass, field
from datetime import date

from profregister.domain.employment import Period, find_overlap
from profregister.domain.errors import DomainError, _
from profregister.domain.identifiers import check_person_against_iin, parse_iin, validate_bin
from profregister.domain.import_cells import (
	find_code,
	identifier,
	normal,
	parse_date,
	parse_number,
	unknown_code,
	unquoted,
)
from profregister.domain.text import CONTROL, clean_name, clean_name_problem, formula_problem, text_problem


@dataclass(frozen=True)
class Column:
	key: str
	headers: tuple[str, str, str]  # en, ru, kk
	kind: str = "text"  # text, name, date, number, iin, bin, code
	mandatory: bool = False
	multiline: bool = False  # line breaks allowed, as the form's field allows them


COLUMNS = (
	Column("iin", ("IIN", "ИИН", "ЖСН"), "iin", True),
	Column("last_name", ("Surname", "Фамилия", "Тегі"), "name", True),
	Column("first_name", ("Name", "Имя", "Аты"), "name", True),
	Column("patronymic", ("Patronymic", "Отчество", "Әкесінің аты"), "name"),
	Column("sex", ("Sex", "Пол", "Жынысы"), "code"),
	Column("date_of_birth", ("Date of birth", "Дата рождения", "Туған күні"), "date"),
	Column("place_of_birth", ("Place of birth", "Место рождения", "Туған жері")),
	Column("citizenship", ("Citizenship", "Гражданство", "Азаматтығы"), "code"),
	Column("id_document_type", ("Identity document", "Документ, удостоверяющий личность", "Жеке басын куәландыратын құжат"), "code"),
	Column("id_document_number", ("Document number", "Номер документа", "Құжат нөмірі")),
	Column("id_document_issuer", ("Issued by", "Кем выдан", "Кім берген")),
	Column("id_document_issue_date", ("Date of issue", "Дата выдачи", "Берілген күні"), "date"),
	Column("residence_address", ("Address of residence", "Адрес проживания", "Тұратын мекенжайы"), multiline=True),
	Column("registration_address", ("Address of registration", "Адрес регистрации", "Тіркелген мекенжайы"), multiline=True),
	Column("bin", ("BIN", "БИН", "БСН"), "bin", True),
	Column("position", ("Position", "Должность", "Лауазымы"), "code", True),
	Column("specialty", ("Specialty", "Специальность", "Мамандығы"), "code"),
	Column("rate", ("Rate", "Ставка", "Мөлшерлеме"), "number", True),
	Column("start_date", ("Start date", "Дата приёма", "Қабылданған күні"), "date", True),
	Column("order_number", ("Order number", "Номер приказа", "Бұйрық нөмірі")),
	Column("order_date", ("Order date", "Дата приказа", "Бұйрық күні"), "date"),
	Column("end_date", ("End date", "Дата увольнения", "Жұмыстан шыққан күні"), "date"),
	Column("end_reason", ("End reason", "Причина увольнения", "Жұмыстан шығу себебі"), "code"),
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
# Columns given together or not at all.
CERTIFICATE = (
	"certificate_number",
	"certificate_specialty",
	"certificate_issuer",
	"certificate_issue_date",
	"certificate_valid_until",
)
EDUCATION = ("education_level", "institution")
# Where each column is stored: the worker, their main employment, certificate and education row.
WORKER_FIELDS = {
	key: key
	for key in (
		"iin", "last_name", "first_name", "patronymic", "sex", "date_of_birth", "place_of_birth",
		"citizenship", "id_document_type", "id_document_number", "id_document_issuer",
		"id_document_issue_date", "residence_address", "registration_address",
	)
}  # fmt: skip
EMPLOYMENT_FIELDS = {"bin": "healthcare_entity", "position": "position", "specialty": "specialty",
	"rate": "rate", "start_date": "start_date", "order_number": "order_number", "order_date": "order_date",
	"end_date": "end_date", "end_reason": "end_reason"}  # fmt: skip
CERTIFICATE_FIELDS = {"certificate_number": "certificate_number", "certificate_specialty": "specialty",
	"certificate_issuer": "issuing_body", "certificate_issue_date": "issue_date",
	"certificate_valid_until": "valid_until"}  # fmt: skip
EDUCATION_FIELDS = {"education_level": "education_level", "institution": "institution",
	"education_document_number": "document_number", "education_document_date": "document_date"}  # fmt: skip
END = ("end_date", "end_reason")
# The form's limit of a multiline text (services/platform/checks.MAX_MULTILINE).
MULTILINE_LIMIT = 4000
NAME_LIMIT = 140

HEADERS = {normal(header): column.key for column in COLUMNS for header in column.headers}
# The column an error file adds: accepted, and ignored, when the corrected file comes back.
PROBLEMS_HEADERS = ("Problems", "Ошибки", "Қателер")
UNKNOWN_COLUMN = _("Unknown column {0}: it is not imported")


@dataclass(frozen=True)
class Problem:
	column: str | None  # a column key, or None for the row (or the file)
	message: str
	args: tuple = ()


@dataclass
class References:
	"""What the register holds, for the checks that look it up: entity BINs, and codes and names (in
	any language, normalised) of positions, specialties and the other coded values, to their names."""

	entities: set[str]
	codes: dict[str, dict[str, str]]
	# Plausibility bounds: the Regulatory Parameters in force, the same the forms check against.
	max_rate: float
	min_age_at_hire: int
	max_days_ahead: int
	max_certificate_years: int
	# Cells seen before (positions, specialties and dates repeat down a file): looked up once.
	known: dict = field(default_factory=dict, repr=False)


def map_headers(header: list) -> tuple[dict[int, str], list[Problem]]:
	"""Column index → key. An unknown, repeated or missing mandatory column is a problem of the file."""
	mapping, problems, seen = {}, [], set()
	for index, cell in enumerate(header):
		if cell is None or not str(cell).strip():
			continue
		key = HEADERS.get(normal(cell))
		if key is None and normal(cell) in {normal(h) for h in PROBLEMS_HEADERS}:
			continue
		if key is None:
			problems.append(Problem(None, UNKNOWN_COLUMN, (str(cell).strip(),)))
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
			cell = _cell(BY_KEY[key], value, refs)
		except DomainError as err:
			problems.append(Problem(key, err.message, err.args_))
			continue
		if cell == "":  # a lone dash or dot for "none"
			if BY_KEY[key].mandatory:
				problems.append(Problem(key, _("is required")))
			continue
		values[key] = cell
	return values, problems + _row_rules(values, refs, today)


def _cell(column: Column, value, refs: References):
	if column.kind == "date":
		if isinstance(value, str):
			found = refs.known.get(("date", value))
			if found is None:
				found = refs.known[("date", value)] = parse_date(value)
			return found
		return parse_date(value)
	if column.kind == "number":
		return parse_number(value)
	if column.kind == "iin":
		return parse_iin(identifier(value)).iin
	if column.kind == "bin":
		return validate_bin(identifier(value))
	if isinstance(value, float) and value.is_integer():
		value = int(value)  # a number a spreadsheet stored as a float: an order number 15, not 15.0
	text = unquoted(str(value).strip())
	if column.kind == "code":
		return _code(column, text, refs)
	if column.kind == "name":
		return _name(text)
	if column.multiline:
		text = text.replace("\r\n", "\n")
	problem = text_problem(text, MULTILINE_LIMIT if column.multiline else 140, multiline=column.multiline)
	if problem:
		raise DomainError(problem[0], *problem[1:])
	return text


def _name(text: str) -> str:
	"""A name as `clean_name` stores it; refused as the form refuses it (a line break too), checked
	without a second look at a plain name."""
	problem = formula_problem(text)
	if problem is None and (len(text) > NAME_LIMIT or CONTROL.search(text)):
		problem = text_problem(text, NAME_LIMIT)
	name = clean_name(text)
	problem = problem or clean_name_problem(name)
	if problem:
		raise DomainError(problem[0], *problem[1:])
	return name


def _code(column: Column, text: str, refs: References) -> str:
	"""A coded value by code, name in any shipped language or abbreviation; else a problem naming the
	nearest allowed value (remembered too: a wrong value repeats down a file)."""
	codes = column.key.removeprefix("certificate_")
	found = refs.known.get((codes, text))
	if found is None:
		lookup = refs.codes.get(codes, {})
		found = find_code(lookup, text)
		if found is None:
			problem = text_problem(text, 140)
			found = DomainError(*problem) if problem else unknown_code(lookup, text)
		refs.known[(codes, text)] = found
	if isinstance(found, DomainError):
		raise DomainError(found.message, *found.args_)
	return found


def _row_rules(values: dict, refs: References, today: date) -> list[Problem]:
	"""The rules across a row's cells, in the order the error file lists their problems."""
	return [
		*_person_rules(values, refs, today),
		*_plausibility_rules(values, refs, today),
		*_incomplete_groups(values),
	]


def _person_rules(values: dict, refs: References, today: date) -> list[Problem]:
	"""The IIN agrees with the date of birth and sex given, and the worker was of working age when hired."""
	if "iin" not in values:
		return []
	problems = []
	info = parse_iin(values["iin"])
	for column, born, sex in (
		("date_of_birth", values.get("date_of_birth"), None),
		("sex", None, values.get("sex")),
	):
		try:
			check_person_against_iin(info, born, sex, today)
		except DomainError as err:
			problems.append(Problem(column, err.message, err.args_))
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
	return problems


def _plausibility_rules(values: dict, refs: References, today: date) -> list[Problem]:
	"""The row against the register and the bounds in force: a registered entity, no date too far ahead
	or in the future, a rate within bounds, a plausible certificate period, an end after the start."""
	problems = []
	if values.get("bin") and values["bin"] not in refs.entities:
		problems.append(
			Problem("bin", _("No healthcare entity with BIN {0} is registered"), (values["bin"],))
		)
	start = values.get("start_date")
	if start and (start - today).days > refs.max_days_ahead:
		problems.append(Problem("start_date", _("is more than {0} days ahead"), (refs.max_days_ahead,)))
	for key in (
		"order_date",
		"certificate_issue_date",
		"id_document_issue_date",
		"education_document_date",
	):
		if values.get(key) and values[key] > today:
			problems.append(Problem(key, _("is in the future")))
	if "rate" in values and not 0 < values["rate"] <= refs.max_rate:
		problems.append(Problem("rate", _("must be more than 0 and at most {0}"), (refs.max_rate,)))
	problems += _certificate_period(values, refs)
	end = values.get("end_date")
	if start and end and end < start:
		problems.append(Problem("end_date", _("is before the start date")))
	return problems


def _certificate_period(values: dict, refs: References) -> list[Problem]:
	issued, valid_until = values.get("certificate_issue_date"), values.get("certificate_valid_until")
	if not (issued and valid_until):
		return []
	if valid_until <= issued:
		return [Problem("certificate_valid_until", _("is not after the date of issue"))]
	if _add_years(issued, refs.max_certificate_years) < valid_until:
		return [
			Problem(
				"certificate_valid_until",
				_("is more than {0} years after the date of issue"),
				(refs.max_certificate_years,),
			)
		]
	return []


def _incomplete_groups(values: dict) -> list[Problem]:
	"""The first missing column of each group given in part (the end, the certificate, the education)."""
	problems = []
	for group, message in (
		(END, _("is required with the end date")),
		(CERTIFICATE, _("is required with the other certificate columns")),
		(EDUCATION, _("is required with the other education columns")),
	):
		given = [key for key in group if key in values]
		if given and len(given) < len(group):
			problems.append(Problem(next(key for key in group if key not in values), message))
	return problems


def _add_years(day: date, years: int) -> date:
	try:
		return day.replace(year=day.year + years)
	except ValueError:  # 29 February
		return day.replace(year=day.year + years, day=28)


class FirstRows:
	"""The first row of each IIN in a file read as a stream: a later row with the same IIN is a duplicate."""

	def __init__(self):
		self.rows: dict[str, int] = {}

	def earlier(self, iin: str | None, row: int) -> int | None:
		"""The earlier row with this IIN, or None (and this row becomes the first)."""
		if not iin:
			return None
		first = self.rows.setdefault(iin, row)
		return first if first != row else None


@dataclass
class Held:
	"""What the register holds for one IIN: the worker, their employments, certificates and education."""

	worker: dict
	employments: list[dict] = field(default_factory=list)
	certificates: list[dict] = field(default_factory=list)
	education: list[dict] = field(default_factory=list)


@dataclass
class Change:
	"""One record the row inserts (`name` None) or updates: new values, and the stored ones they replace."""

	doctype: str
	name: str | None
	values: dict
	before: dict = field(default_factory=dict)


def plan(values: dict, held: Held | None) -> tuple[list[Change], list[Problem]]:
	"""The inserts and updates a clean row makes: nothing when the register already says the same. An
	empty cell leaves what the register holds; the IIN is the key of the worker, the entity and start
	date of the employment, the number of the certificate, the diploma number (or level and institution)
	of the education."""
	worker = _pick(values, WORKER_FIELDS)
	employment = _pick(values, EMPLOYMENT_FIELDS)
	certificate = _pick(values, CERTIFICATE_FIELDS)
	education = _pick(values, EDUCATION_FIELDS)
	if held is None:
		return _new_worker(values["iin"], worker, employment, certificate, education), []

	problems = conflicts(values, held.worker)
	job, overlap = _employment_change(held.employments, employment)
	problems += overlap
	changes = [_update("Health Worker", held.worker, worker), job]
	if certificate:
		changes.append(_certificate_change(held.certificates, certificate))
	if education:
		changes.append(_education_change(held.education, education))
	changes = [c for c in changes if c.name is None or c.values]
	if held.worker.get("status") == "Blocked" and any(c.doctype != "Specialist Certificate" for c in changes):
		problems.append(Problem(None, _("The record is blocked: only a renewed certificate can be entered")))
	return changes, problems


def _new_worker(iin: str, worker: dict, employment: dict, certificate: dict, education: dict) -> list[Change]:
	"""A worker the register does not hold: date of birth and sex from the IIN unless given."""
	info = parse_iin(iin)
	worker.setdefault("date_of_birth", info.date_of_birth)
	worker.setdefault("sex", info.sex)
	changes = [
		Change("Health Worker", None, worker),
		Change("Employment", None, {**employment, "is_main": 1}),
	]
	changes += [Change(d, None, v) for d, v in (("Specialist Certificate", certificate),
		("Health Worker Education", education)) if v]  # fmt: skip
	return changes


def _employment_change(employments: list[dict], employment: dict) -> tuple[Change, list[Problem]]:
	"""The stored employment at the same entity from the same date, updated; else a new main employment,
	with a problem if it overlaps another."""
	same_job = _match(employments, lambda j: (j["healthcare_entity"], j["start_date"]),
		(employment["healthcare_entity"], employment["start_date"]))  # fmt: skip
	if same_job:
		return _update("Employment", same_job, employment), []
	period = Period(employment["start_date"], employment.get("end_date"))
	clash = find_overlap(
		period,
		[Period(j["start_date"], j.get("end_date"), j["name"]) for j in employments if j.get("is_main")],
	)
	problems = []
	if clash:
		problems.append(Problem("start_date", _("overlaps main employment {0} from {1}: end it first"),
			(clash.ref, clash.start.strftime("%d.%m.%Y"))))  # fmt: skip
	return Change("Employment", None, {**employment, "is_main": 1}), problems


def _certificate_change(certificates: list[dict], certificate: dict) -> Change:
	same = _match(certificates, lambda c: normal(c["certificate_number"]),
		normal(certificate["certificate_number"]))  # fmt: skip
	if same:
		return _update("Specialist Certificate", same, certificate)
	return Change("Specialist Certificate", None, certificate)


def _education_change(rows: list[dict], education: dict) -> Change:
	"""Matched by diploma number when the row gives one, else by level and institution."""
	key = ("document_number", normal(education["document_number"])) if education.get("document_number") \
		else ("level", (education["education_level"], normal(education["institution"])))  # fmt: skip

	def education_key(row):
		if key[0] == "document_number":
			return ("document_number", normal(row.get("document_number")))
		return ("level", (row.get("education_level"), normal(row.get("institution"))))

	same = _match(rows, education_key, key)
	if same:
		return _update("Health Worker Education", same, education)
	return Change("Health Worker Education", None, education)


def conflicts(values: dict, stored: dict) -> list[Problem]:
	"""A row that cannot be the stored person: another date of birth, or both names different at once
	(a marriage changes a surname, a correction a name; both together is a wrong IIN)."""
	problems = []
	born = values.get("date_of_birth")
	if born and stored.get("date_of_birth") and born != stored["date_of_birth"]:
		problems.append(Problem("date_of_birth", _("differs from the register's record of this IIN")))
	if (
		values.get("last_name")
		and values.get("first_name")
		and normal(values["last_name"]) != normal(stored.get("last_name"))
		and normal(values["first_name"]) != normal(stored.get("first_name"))
	):
		problems.append(
			Problem(
				"last_name",
				_("Surname and name both differ from the register's record of this IIN ({0})"),
				(stored.get("full_name") or "",),
			)
		)
	return problems


def kind(changes: list[Change]) -> str:
	"""new, update or unchanged: how the row is counted."""
	if any(c.doctype == "Health Worker" and c.name is None for c in changes):
		return "new"
	return "update" if changes else "unchanged"


def _pick(values: dict, fields: dict) -> dict:
	return {target: values[key] for key, target in fields.items() if key in values}


def _match(rows: list[dict], key, wanted) -> dict | None:
	return next((row for row in rows if key(row) == wanted), None)


def _update(doctype: str, stored: dict, values: dict) -> Change:
	changed = {f: v for f, v in values.items() if not _same(stored.get(f), v)}
	return Change(doctype, stored["name"], changed, {f: stored.get(f) for f in changed})


def _same(stored, new) -> bool:
	if isinstance(new, float) or isinstance(stored, float):
		return stored is not None and abs(float(stored) - float(new)) < 1e-9
	if isinstance(new, str):
		return (stored or "") == new
	return stored == new
