"""Register Import cells as HR offices and their software write them: Excel serial dates and date cells,
1C date-times, identifiers with an apostrophe or group spaces, coded values in every shipped language."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from profregister.domain import import_cells as cells
from profregister.domain import register_import as ri
from profregister.domain.errors import DomainError
from profregister.domain.identifiers import make_bin, make_iin

TODAY = date(2026, 12, 3)
IIN = next(i for i in (make_iin(date(1985, 4, 12), "Male", n) for n in range(100)) if i)
BIN = next(b for b in (make_bin(date(2010, 5, 1), n) for n in range(100)) if b)
RU = {"Male": "Мужской", "Female": "Женский", "Kazakhstan": "Казахстан", "Nurse": "Медицинская сестра"}
KK = {"Male": "Ер", "Female": "Әйел", "Kazakhstan": "Қазақстан", "Nurse": "Мейіргер"}
LOOKUPS = {
	key: cells.code_lookup(values, [RU, KK], cells.ABBREVIATIONS.get(key))
	for key, values in {
		"sex": [("Male",), ("Female",)],
		"citizenship": [("Kazakhstan", "kz", "Kazakhstan"), ("Kyrgyzstan", "kg", "Kyrgyzstan")],
		"position": [("Nurse", "Nurse")],
		"specialty": [("Nursing", "N01", "Nursing")],
	}.items()
}
REFS = ri.References(
	entities={BIN},
	codes=LOOKUPS,
	max_rate=1.5,
	min_age_at_hire=16,
	max_days_ahead=92,
	max_certificate_years=10,
)
HEADER = ["ИИН", "Фамилия", "Имя", "Пол", "Дата рождения", "Гражданство", "БИН", "Должность", "Ставка",
	"Дата приёма", "Адрес проживания"]  # fmt: skip


def read(**changes):
	values = {"ИИН": IIN, "Фамилия": "Сейітов", "Имя": "Айдос", "Пол": "М", "Дата рождения": "12.04.1985",
		"Гражданство": "РК", "БИН": BIN, "Должность": "Медицинская сестра", "Ставка": "1", "Дата приёма":
		"01.09.2019", "Адрес проживания": "г. Астана, ул. Абая, 10", **changes}  # fmt: skip
	mapping, problems = ri.map_headers(HEADER)
	assert problems == []
	return ri.read_row([values[h] for h in HEADER], mapping, REFS, TODAY)


def problems_of(**changes) -> dict:
	return {p.column: (p.message, p.args) for p in read(**changes)[1]}


def test_excel_serial_dates_and_date_cells():
	assert cells.parse_date(43831) == cells.parse_date(43831.0) == date(2020, 1, 1)
	assert cells.parse_date("44075") == date(2020, 9, 1)
	assert cells.parse_date(datetime(2020, 9, 1)) == date(2020, 9, 1)
	for not_a_date in (2020, "2020", 123, 1_000_000):
		with pytest.raises(DomainError) as caught:
			cells.parse_date(not_a_date)
		assert caught.value.message == cells.NOT_A_DATE


def test_1c_date_times_with_a_zero_time_only():
	assert cells.parse_date("01.09.2020 0:00:00") == date(2020, 9, 1)
	assert cells.parse_date("2020-09-01 00:00") == cells.parse_date("2020-09-01T00:00:00") == date(2020, 9, 1)
	for timed in ("01.09.2020 14:30:00", datetime(2020, 9, 1, 8, 0), 43831.5):
		with pytest.raises(DomainError) as caught:
			cells.parse_date(timed)
		assert caught.value.message == cells.TIME_OF_DAY


def test_identifiers_as_typed():
	assert cells.identifier("'" + IIN) == IIN
	assert cells.identifier(f"{BIN[:4]} {BIN[4:8]}\u00a0{BIN[8:]}") == BIN
	assert cells.identifier(f"{BIN[:6]}\u202f{BIN[6:]}") == BIN
	assert cells.identifier(float("012345678901")) == "012345678901"
	assert cells.parse_number("'1 000,5") == 1000.5


def test_apostrophes():
	assert cells.unquoted("'=1+1") == "=1+1"
	assert cells.unquoted("'0012") == "0012"
	assert cells.unquoted("'Мейір'") == "'Мейір'"


@pytest.mark.parametrize(
	"key, typed, stored",
	[
		("sex", "М", "Male"),
		("sex", "ж", "Female"),
		("sex", "Е", "Male"),
		("sex", "Ә", "Female"),
		("sex", "муж.", "Male"),
		("sex", "ЖЕН", "Female"),
		("sex", "Әйел", "Female"),
		("sex", "F", "Female"),
		("sex", "мужской", "Male"),
		("citizenship", "Казахстан", "Kazakhstan"),
		("citizenship", "Қазақстан", "Kazakhstan"),
		("citizenship", "РК", "Kazakhstan"),
		("citizenship", "KZ", "Kazakhstan"),
		("citizenship", "республика  казахстан", "Kazakhstan"),
		("position", "МЕДИЦИНСКАЯ СЕСТРА", "Nurse"),
		("position", "Мейіргер", "Nurse"),
		("specialty", "n01", "Nursing"),
	],
)
def test_codes_names_and_abbreviations_in_every_language(key, typed, stored):
	assert cells.find_code(LOOKUPS[key], typed) == stored


def test_abbreviations_only_of_values_the_register_holds():
	assert cells.find_code(LOOKUPS["citizenship"], "РФ") is None  # no Russian Federation in this register
	assert cells.find_code(cells.code_lookup([("Ёлка",)]), "елка") == "Ёлка"


def test_the_nearest_allowed_value_is_named():
	assert cells.closest_code(LOOKUPS["citizenship"], "Казакстан") == "Kazakhstan"
	assert cells.closest_code(LOOKUPS["position"], "Медсестра") == "Nurse"
	assert cells.closest_code(LOOKUPS["position"], "Astrologer") is None
	error = cells.unknown_code(LOOKUPS["citizenship"], "Казакстан")
	assert (error.message, error.args_) == (
		"{0} is not known to the register: did you mean {1}?",
		("Казакстан", "Kazakhstan"),
	)


def test_a_russian_row_as_an_hr_office_types_it():
	values, problems = read(
		ИИН="'" + IIN,
		БИН=f"{BIN[:4]}\u00a0{BIN[4:8]}\u00a0{BIN[8:]}",
		Фамилия="Сейіт" + "o" + "в",  # a Latin o
		**{"Дата рождения": 31149.0, "Дата приёма": "01.09.2019 0:00:00", "Ставка": "'1,0"},
		**{"Адрес проживания": "г. Астана,\r\nул. Абая, 10"},
	)
	assert problems == []
	assert (values["iin"], values["bin"], values["last_name"]) == (IIN, BIN, "Сейітов")
	assert (values["sex"], values["citizenship"], values["position"]) == ("Male", "Kazakhstan", "Nurse")
	assert (values["date_of_birth"], values["start_date"]) == (date(1985, 4, 12), date(2019, 9, 1))
	assert values["residence_address"] == "г. Астана,\nул. Абая, 10"


def test_cells_refused_name_the_cell_and_the_fix():
	assert problems_of(**{"Дата приёма": "01.09.2019 9:00:00"})["start_date"][0] == cells.TIME_OF_DAY
	assert problems_of(Гражданство="Казакстан")["citizenship"][1] == ("Казакстан", "Kazakhstan")
	assert problems_of(Имя="Ай\nдос")["first_name"][0] == "contains control characters"
	assert (
		problems_of(Имя="Ivan\u043e\u0432")["first_name"][0] == "mixes Latin and Cyrillic letters in one word"
	)
	assert problems_of(Пол="'=1+1")["sex"][0] == "could run as a spreadsheet formula"
	assert problems_of(Фамилия="'=1+1")["last_name"][0] == "could run as a spreadsheet formula"


def test_an_order_number_a_spreadsheet_stored_as_a_float():
	mapping, _problems = ri.map_headers([*HEADER, "Номер приказа"])
	values, _problems = ri.read_row([IIN, "Сейітов", "Айдос", None, None, None, BIN, "Nurse", 1.0,
		"01.09.2019", None, 15.0], mapping, REFS, TODAY)  # fmt: skip
	assert values["order_number"] == "15"


@given(st.dates(min_value=date(1927, 6, 1), max_value=date(2150, 1, 1)))
def test_every_serial_is_its_date(day):
	serial = (day - cells.EXCEL_EPOCH).days
	assert cells.parse_date(serial) == cells.parse_date(float(serial)) == cells.parse_date(str(serial)) == day
	assert cells.parse_date(day.strftime("%d.%m.%Y 0:00:00")) == day
