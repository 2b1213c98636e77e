"""Register Import rows checked by the domain rules the forms use, headers in any of three languages."""

from datetime import date, datetime

import pytest

from profregister.domain import register_import as ri
from profregister.domain.errors import DomainError
from profregister.domain.identifiers import make_bin, make_iin

TODAY = date(2026, 12, 3)
IIN = next(i for i in (make_iin(date(1985, 4, 12), "Female", n) for n in range(100)) if i)
BIN = next(b for b in (make_bin(date(2010, 5, 1), n) for n in range(100)) if b)
REFS = ri.References(
	entities={BIN},
	codes={
		"position": {"nurse": "Nurse", "медицинская сестра": "Nurse", "мейіргер": "Nurse", "n01": "Nurse"},
		"specialty": {"nursing": "Nursing", "сестринское дело": "Nursing"},
		"sex": {"female": "Female", "женский": "Female", "әйел": "Female", "male": "Male"},
	},
)
HEADER_RU = [
	"ИИН",
	"Фамилия",
	"Имя",
	"Пол",
	"Дата рождения",
	"БИН",
	"Должность",
	"Специальность",
	"Ставка",
	"Дата приёма",
]


def row(**changes):
	values = {"ИИН": IIN, "Фамилия": "Сейітова", "Имя": "Айгүл", "Пол": "женский", "Дата рождения": "12.04.1985",
		"БИН": BIN, "Должность": "Медицинская сестра", "Специальность": "Сестринское дело", "Ставка": "1,0",
		"Дата приёма": "01.09.2019", **changes}  # fmt: skip
	return [values[h] for h in HEADER_RU]


def read(cells, header=HEADER_RU):
	mapping, problems = ri.map_headers(header)
	assert problems == []
	return ri.read_row(cells, mapping, REFS, TODAY)


def problem_columns(problems):
	return sorted((p.column or "") for p in problems)


def test_headers_in_any_language_and_case():
	for header in (["IIN", "Surname", "Name", "BIN", "Position", "Start date"],
		["жсн", "ТЕГІ", "Аты", "БСН", "Лауазымы", "Қабылданған  күні"],
		["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Дата приема"]):  # fmt: skip
		mapping, problems = ri.map_headers(header)
		assert problems == [], header
		assert set(mapping.values()) == {"iin", "last_name", "first_name", "bin", "position", "start_date"}


def test_header_problems_name_the_column():
	_mapping, problems = ri.map_headers(
		["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Дата приёма", "Shoe size", "ИИН"]
	)
	assert [(p.message, p.args) for p in problems] == [
		("Unknown column {0}", ("Shoe size",)), ("Column {0} appears twice", ("ИИН",))]  # fmt: skip
	_mapping, problems = ri.map_headers(["ИИН", "Фамилия"])
	assert {p.args for p in problems} >= {("Name",), ("BIN",), ("Position",), ("Start date",)}
	assert (
		ri.map_headers(["a", None, 5])[1][-1].message
		== "The sheet has no header row with the template's columns"
	)


def test_a_good_row_is_clean_and_coded():
	values, problems = read(row())
	assert problems == []
	assert values["position"] == "Nurse" and values["specialty"] == "Nursing" and values["sex"] == "Female"
	assert values["rate"] == 1.0 and values["start_date"] == date(2019, 9, 1)


@pytest.mark.parametrize(
	"changes, column",
	[
		({"ИИН": IIN[:-1] + str((int(IIN[-1]) + 1) % 10)}, "iin"),
		({"Дата рождения": "13.04.1985"}, "date_of_birth"),
		({"Пол": "male"}, "sex"),
		({"БИН": next(b for b in (make_bin(date(2011, 1, 1), n) for n in range(100)) if b)}, "bin"),
		({"Специальность": "Astrology"}, "specialty"),
		({"Дата приёма": "2019/09/01"}, "start_date"),
		({"Дата приёма": "01.09.2030"}, "start_date"),
		({"Дата приёма": "01.09.1995"}, "start_date"),
		({"Фамилия": "=HYPERLINK('x')"}, "last_name"),
		({"Фамилия": "<b>Bold</b>"}, "last_name"),
		({"Имя": ""}, "first_name"),
		({"Ставка": "abc"}, "rate"),
		({"Ставка": "7"}, "rate"),
	],
)
def test_every_bad_cell_is_named(changes, column):
	_values, problems = read(row(**changes))
	assert column in problem_columns(problems), problems


def test_certificate_dates_and_completeness():
	header = [
		*HEADER_RU,
		"Номер сертификата",
		"Специальность сертификата",
		"Дата выдачи сертификата",
		"Сертификат действителен до",
	]
	cells = [*row(), "KZ1", "Nursing", "01.02.2022", "01.02.2021"]
	assert "certificate_valid_until" in problem_columns(read(cells, header)[1])
	cells = [*row(), "KZ1", None, "01.02.2022", None]
	assert {"certificate_specialty"} <= set(problem_columns(read(cells, header)[1]))


def test_dates_from_spreadsheets_and_text():
	assert ri.parse_date(datetime(2020, 1, 2, 0, 0)) == date(2020, 1, 2)
	assert ri.parse_date("2.1.2020") == ri.parse_date("2020-01-02") == date(2020, 1, 2)
	for bad in ("31.02.2020", "2020.01.02", "yesterday"):
		with pytest.raises(DomainError):
			ri.parse_date(bad)


def test_duplicates_in_the_file_point_at_the_first():
	assert ri.duplicates_in_file(["a", "b", "a", None, "b", "a"]) == {2: 0, 4: 1, 5: 0}


def test_changes_against_the_register():
	stored = {"last_name": "Old", "first_name": "Айгүл"}
	assert ri.changes({"last_name": "New", "first_name": "Айгүл"}, stored) == {"last_name": ("Old", "New")}
	assert ri.changes({"last_name": "Old", "first_name": "Айгүл"}, stored) == {}
	assert ri.changes({"last_name": "New"}, None) == {"last_name": (None, "New")}
