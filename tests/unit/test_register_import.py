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
	# The shipped Regulatory Parameters' values.
	max_rate=1.5,
	min_age_at_hire=16,
	max_days_ahead=92,
	max_certificate_years=10,
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
	for header in (["IIN", "Surname", "Name", "BIN", "Position", "Start date", "rate"],
		["жсн", "ТЕГІ", "Аты", "БСН", "Лауазымы", "Қабылданған  күні", "Мөлшерлеме"],
		["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Дата приема", "Ставка"]):  # fmt: skip
		mapping, problems = ri.map_headers(header)
		assert problems == [], header
		assert set(mapping.values()) == {
			"iin",
			"last_name",
			"first_name",
			"bin",
			"position",
			"start_date",
			"rate",
		}


def test_header_problems_name_the_column():
	_mapping, problems = ri.map_headers(
		["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Дата приёма", "Ставка", "Shoe size", "ИИН"]
	)
	assert [(p.message, p.args) for p in problems] == [
		("Unknown column {0}: it is not imported", ("Shoe size",)), ("Column {0} appears twice", ("ИИН",))]  # fmt: skip
	mapping, problems = ri.map_headers(["ИИН", "Фамилия", "Ошибки"])
	assert list(mapping) == [0, 1]
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
	cells = [*row(), "KZ1", "Nursing", "01.02.2022", "01.02.2042"]
	assert "certificate_valid_until" in problem_columns(read(cells, header)[1])
	cells = [*row(), "KZ1", None, "01.02.2022", None]
	assert {"certificate_specialty"} <= set(problem_columns(read(cells, header)[1]))


def test_an_iin_a_spreadsheet_took_for_a_number():
	iin = next(i for i in (make_iin(date(2001, 4, 12), "Female", n) for n in range(100)) if i)
	assert iin.startswith("0")
	values, problems = read(row(ИИН=int(iin), **{"Дата рождения": "12.04.2001", "Дата приёма": "01.09.2019"}))
	assert values["iin"] == iin and "iin" not in problem_columns(problems)


def test_dates_from_spreadsheets_and_text():
	assert ri.parse_date(datetime(2020, 1, 2, 0, 0)) == date(2020, 1, 2)
	assert ri.parse_date("2.1.2020") == ri.parse_date("2020-01-02") == date(2020, 1, 2)
	for bad in ("31.02.2020", "2020.01.02", "yesterday"):
		with pytest.raises(DomainError):
			ri.parse_date(bad)


def test_duplicates_in_the_file_point_at_the_first():
	first = ri.FirstRows()
	assert [first.earlier(iin, n) for n, iin in enumerate(["a", "b", "a", None, "b", "a"], 2)] == [
		None, None, 2, None, 3, 2]  # fmt: skip
	# Read again (a resumed run), a row is not its own duplicate.
	assert first.earlier("a", 2) is None


def clean(**changes):
	values, problems = read(row(**changes))
	assert problems == []
	return values


def held(values, status="Active"):
	worker = {"name": "HW-1", "status": status, "full_name": "Сейітова Айгүл", **values}
	worker.pop("bin")
	job = {"name": "EMP-1", "is_main": 1, "healthcare_entity": BIN, "start_date": values["start_date"],
		"end_date": None, "position": "Nurse", "specialty": "Nursing", "rate": 1.0}  # fmt: skip
	return ri.Held(worker, [job])


def test_a_new_worker_is_four_inserts_with_what_the_iin_says():
	values = clean()
	changes, problems = ri.plan(values, None)
	assert problems == [] and ri.kind(changes) == "new"
	assert [(c.doctype, c.name) for c in changes] == [("Health Worker", None), ("Employment", None)]
	assert changes[0].values["date_of_birth"] == date(1985, 4, 12) and changes[0].values["sex"] == "Female"
	assert changes[1].values["healthcare_entity"] == BIN and changes[1].values["is_main"] == 1


def test_the_same_row_again_changes_nothing():
	values = clean()
	assert ri.plan(values, held(values)) == ([], [])


def test_a_correction_updates_only_what_changed():
	values = clean()
	stored = held(values)
	changes, problems = ri.plan(clean(Фамилия="Ахметова", Ставка="0.5"), stored)
	assert problems == [] and ri.kind(changes) == "update"
	assert [(c.doctype, c.name, c.values, c.before) for c in changes] == [
		("Health Worker", "HW-1", {"last_name": "Ахметова"}, {"last_name": "Сейітова"}),
		("Employment", "EMP-1", {"rate": 0.5}, {"rate": 1.0})]  # fmt: skip


def test_conflicts_and_overlaps_against_the_register():
	values = clean()
	stored = held(values)
	_changes, problems = ri.plan(clean(Фамилия="Петров", Имя="Иван"), stored)
	assert problem_columns(problems) == ["last_name"]
	stored.worker["date_of_birth"] = date(1985, 4, 13)
	assert problem_columns(ri.plan(values, stored)[1]) == ["date_of_birth"]
	# A new main job while the stored one is open overlaps it.
	_changes, problems = ri.plan(clean(**{"Дата приёма": "01.09.2022"}), held(values))
	assert problem_columns(problems) == ["start_date"] and problems[0].args[0] == "EMP-1"


def test_a_blocked_record_takes_only_a_certificate():
	values = clean()
	_changes, problems = ri.plan(clean(Фамилия="Ахметова"), held(values, "Blocked"))
	assert [p.column for p in problems] == [None]
	assert ri.plan(values, held(values, "Blocked")) == ([], [])
