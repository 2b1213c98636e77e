"""Register Import of files as HR offices produce them, each uploaded over HTTP as the desk uploads it:
an Excel workbook with a title row, date cells, serial dates and numbers stored as floats; CSVs in
Windows-1251, UTF-8 with a BOM and UTF-16 ("Unicode text"); a 1C export. Reference values in Russian
and Kazakh, look-alike letters in names, and error files that go back in."""

import codecs
import csv
import io
from datetime import date, datetime

import frappe
from openpyxl import Workbook, load_workbook

from profregister.domain.import_cells import EXCEL_EPOCH
from profregister.services.register_import.read import template
from profregister.tests.factories import CleanTestCase, link_user_to_entity, make_entity, make_user, new_iin
from profregister.tests.rest import api_token, rest
from profregister.tests.test_register_import import counts, error_rows, fresh_iins, run

RU = ["ИИН", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "Гражданство",
	"Документ, удостоверяющий личность", "Адрес проживания", "БИН", "Должность", "Специальность", "Ставка",
	"Дата приёма", "Номер приказа", "Дата приказа"]  # fmt: skip
KK = ["ЖСН", "Тегі", "Аты", "Жынысы", "Азаматтығы", "Тұратын мекенжайы", "БСН", "Лауазымы", "Мамандығы",
	"Мөлшерлеме", "Қабылданған күні"]  # fmt: skip
LATIN_O, LATIN_A, LATIN_I = "o", "A", "i"


def serial(day: date) -> float:
	return float((day - EXCEL_EPOCH).days)


def csv_text(header: list, rows: list[list], delimiter: str, title: list[str] = ()) -> str:
	out = io.StringIO()
	for line in title:
		out.write(line + "\r\n")
	writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
	writer.writerow(header)
	writer.writerows(rows)
	return out.getvalue()


def xlsx(rows: list[list]) -> bytes:
	book = Workbook()
	for row in rows:
		book.active.append(row)
	out = io.BytesIO()
	book.save(out)
	return out.getvalue()


class TestFilesAsOfficesMakeThem(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.entity = make_entity("Astana").name
		cls.hr = make_user(f"hr.files.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.entity, "HR Specialist")
		cls.token = api_token(cls.hr)
		frappe.db.commit()

	def upload(self, content: bytes, file_name: str) -> str:
		"""The file uploaded and the Register Import made over HTTP, as the desk does it."""
		frappe.db.commit()
		response = rest("POST", "/api/method/upload_file", self.token,
			data={"file": (io.BytesIO(content), file_name), "is_private": "1"})  # fmt: skip
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		url = response.json["message"]["file_url"]
		response = rest("POST", "/api/resource/Register%20Import", self.token, json={"import_file": url})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True))
		return response.json["data"]["name"]

	def check_and_import(self, content: bytes, file_name: str, iins: list[str], expected: dict) -> dict:
		"""A dry run that writes nothing, then the import; the stored workers by IIN."""
		name = self.upload(content, file_name)
		doc = run(name, self.hr)
		self.assertEqual((doc.status, counts(doc)), ("Checked", expected), doc.error_file and error_rows(doc))
		self.assertEqual(self.stored(iins), {}, "a dry run writes nothing")
		doc = run(name, self.hr, commit=True)
		self.assertEqual((doc.status, counts(doc)), ("Completed", expected), doc.summary)
		return self.stored(iins)

	def stored(self, iins) -> dict:
		workers = frappe.get_all("Health Worker", filters={"iin": ("in", list(iins))}, fields=["*"])
		for worker in workers:
			worker.job = frappe.get_doc("Employment", worker.current_employment)
		return {w.iin: w for w in workers}

	def test_an_excel_workbook_as_excel_stores_it(self):
		# A birth day no other test of the run takes IINs from: all three IINs encode it.
		born = date(1984, 2, 11)
		iins = fresh_iins(3, born)
		rows = [
			["Список работников ГКП «Городская поликлиника № 1» на 01.12.2026"],
			[],
			RU,
			# An IIN and a BIN typed as numbers (floats), a serial date of birth, Latin look-alikes in names.
			[float(iins[0]), f"Иман{LATIN_O}ва", f"{LATIN_A}йгерім", "-", "Ж", serial(born), "Казахстан",
				"Удостоверение личности", "г. Астана,\nул. Абая, 10, кв. 5", float(self.entity), "Медицинская сестра",
				"Сестринское дело", 1.0, datetime(2020, 9, 1), 15.0, serial(date(2020, 8, 28))],
			[iins[1], "Сейітова", f"Әл{LATIN_I}бекқызы", "", "жен.", born, "Қазақстан", "Жеке куәлік", None,
				self.entity, "Мейіргер", "Мейіргер ісі", 0.5, serial(date(2021, 2, 1)), "7-к", None],
			[iins[2], "ИВАНОВА", "Ёлка", "Петровна", "F", datetime(born.year, born.month, born.day), "РК", "Passport", None,
				self.entity, "nurse", "NURSING", "1,5", "01.09.2022", None, None],
		]  # fmt: skip
		stored = self.check_and_import(
			xlsx(rows), "staff.xlsx", iins, {"new": 3, "update": 0, "unchanged": 0, "error": 0}
		)
		first, second, third = (stored[i] for i in iins)
		self.assertEqual((first.last_name, first.first_name, first.patronymic), ("Иманова", "Айгерім", None))
		self.assertEqual(first.full_name, "Иманова Айгерім")
		self.assertEqual(
			(first.sex, first.citizenship, first.id_document_type), ("Female", "Kazakhstan", "Identity card")
		)
		self.assertEqual(
			(first.residence_address, first.date_of_birth), ("г. Астана,\nул. Абая, 10, кв. 5", born)
		)
		self.assertEqual(
			(first.job.start_date, first.job.order_number, first.job.order_date, first.job.rate),
			(date(2020, 9, 1), "15", date(2020, 8, 28), 1.0),
		)
		self.assertEqual((first.job.position, first.job.specialty), ("Nurse", "Nursing"))
		self.assertEqual(
			(second.first_name, second.citizenship, second.job.start_date),
			("Әлібекқызы", "Kazakhstan", date(2021, 2, 1)),
		)
		self.assertEqual((third.first_name, third.id_document_type, third.job.rate), ("Ёлка", "Passport", 1.5))  # fmt: skip

	def test_a_windows_1251_csv_with_semicolons_commas_and_a_title(self):
		iins = fresh_iins(2)
		header = [
			"ИИН",
			"Фамилия",
			"Имя",
			"Пол",
			"Гражданство",
			"Адрес регистрации",
			"БИН",
			"Должность",
			"Ставка",
			"Дата приёма",
		]
		address = "Акмолинская обл., г. Косшы, ул. Республики, д. 5, кв. 12"
		rows = [["'" + iins[0], "Петрова", "Анна", "Ж", "РК", address, self.entity, "Медицинская сестра", "0,5", "01.09.2020"],
			[iins[1], "Смирнова", "Ольга", "жен", "Республика Казахстан", address, self.entity, "медицинская сестра", "1", "1.9.2020"]]  # fmt: skip
		text = csv_text(header, rows, ";", title=["Список сотрудников, Астана, декабрь 2026;;;"])
		stored = self.check_and_import(
			text.encode("cp1251"), "staff.csv", iins, {"new": 2, "update": 0, "unchanged": 0, "error": 0}
		)
		self.assertEqual({w.registration_address for w in stored.values()}, {address})
		self.assertEqual({(w.sex, w.citizenship) for w in stored.values()}, {("Female", "Kazakhstan")})
		self.assertEqual(stored[iins[0]].job.rate, 0.5)

	def test_a_utf8_csv_with_a_bom_commas_kazakh_values_and_a_line_break(self):
		iins = fresh_iins(2)
		bin_in_groups = f"{self.entity[:4]}\u202f{self.entity[4:8]}\u202f{self.entity[8:]}"
		rows = [[iins[0], "Сейітова", "Айгүл", "Ә", "Қазақстан", "Астана қ.,\r\nАбай к-сі, 10", bin_in_groups, "Мейіргер", "Мейіргер ісі", "1", "01.09.2020"],
			[iins[1], "Нұрланова", "Дана", "әйел", "ҚР", "", self.entity, "Мейіргер", "", "0.75", "2021-03-01"]]  # fmt: skip
		text = csv_text(KK, rows, ",")
		stored = self.check_and_import(
			codecs.BOM_UTF8 + text.encode(),
			"staff.csv",
			iins,
			{"new": 2, "update": 0, "unchanged": 0, "error": 0},
		)
		self.assertEqual(stored[iins[0]].residence_address, "Астана қ.,\nАбай к-сі, 10")
		self.assertEqual({(w.sex, w.citizenship, w.current_entity) for w in stored.values()}, {("Female", "Kazakhstan", self.entity)})  # fmt: skip

	def test_a_utf16_unicode_text_file(self):
		iins = fresh_iins(2)
		rows = [[iin, "Жақсыбекова", "Ақбота", "Ж", "Казахстан", "Астана, Есіл ауданы", self.entity, "Медицинская сестра", "Сестринское дело", "1", "01.09.2020"] for iin in iins]  # fmt: skip
		text = csv_text(KK, rows, "\t", title=["Қызметкерлер тізімі"])
		stored = self.check_and_import(
			text.encode("utf-16"), "staff.csv", iins, {"new": 2, "update": 0, "unchanged": 0, "error": 0}
		)
		self.assertEqual({w.last_name for w in stored.values()}, {"Жақсыбекова"})

	def test_a_1c_export(self):
		born = date(1979, 10, 23)
		iins = fresh_iins(3, born)
		header = ["ИИН", "Фамилия", "Имя", "Отчество", "Пол", "Дата рождения", "БИН", "Должность", "Ставка", "Дата приема", "Номер приказа", "Дата приказа"]  # fmt: skip
		bin_1c = f"{self.entity[:3]}\u00a0{self.entity[3:6]}\u00a0{self.entity[6:9]}\u00a0{self.entity[9:]}"

		def row(iin, hired="01.09.2020 0:00:00"):
			return [iin, "Кузнецова", "Мария", "Ивановна", "Жен.", f"{born:%d.%m.%Y} 0:00:00", bin_1c, "Медицинская сестра", "1,000", hired, "ЛС-15", "28.08.2020 0:00:00"]  # fmt: skip

		title = ["Выгрузка из 1С:Зарплата и управление персоналом для государственных учреждений Казахстана",
			"Дата формирования: 01.12.2026 10:15:42", ""]  # fmt: skip
		text = csv_text(header, [row(iins[0]), row(iins[1]), row(iins[2], "01.09.2020 9:30:00")], ";", title)
		name = self.upload(text.encode("cp1251"), "1c.csv")
		doc = run(name, self.hr)
		self.assertEqual(
			counts(doc),
			{"new": 2, "update": 0, "unchanged": 0, "error": 1},
			doc.error_file and error_rows(doc),
		)
		self.assertIn("Дата приема: 01.09.2020 9:30:00 has a time of day", error_rows(doc)[iins[2]])
		self.assertEqual(self.stored(iins), {})
		run(name, self.hr, commit=True)
		stored = self.stored(iins)
		self.assertEqual(set(stored), set(iins[:2]))
		job = stored[iins[0]].job
		self.assertEqual(
			(job.start_date, job.order_date, job.rate, job.order_number),
			(date(2020, 9, 1), date(2020, 8, 28), 1.0, "ЛС-15"),
		)

	def test_the_nearest_allowed_value_is_named_in_the_users_language(self):
		iin = fresh_iins(1)[0]
		rows = [
			[iin, "Петрова", "Анна", "Ж", "Казакстан", "", self.entity, "Медсестра", "", "1", "01.09.2020"]
		]
		frappe.db.set_value("User", self.hr, "language", "ru")
		frappe.clear_cache(user=self.hr)
		try:
			doc = run(self.upload(csv_text(KK, rows, ";").encode(), "staff.csv"), self.hr)
		finally:
			frappe.db.set_value("User", self.hr, "language", "en")
			frappe.clear_cache(user=self.hr)
		problems = error_rows(doc)[iin]
		self.assertIn(
			"Азаматтығы: Казакстан отсутствует в справочниках регистра: возможно, имелось в виду Казахстан?",
			problems,
		)
		self.assertIn("возможно, имелось в виду Медицинская сестра?", problems)
		# The template's second sheet lists the allowed values of each coded column, in Russian (a token
		# request carries no language: the template is asked for as the endpoint asks for it).
		_name, content = template("xlsx", "ru")
		values = load_workbook(io.BytesIO(content)).worksheets[1]
		columns = {col[0]: set(col[1:]) for col in values.iter_cols(values_only=True)}
		self.assertTrue({"Женский", "Мужской"} <= columns["Пол"])
		self.assertIn("Казахстан", columns["Гражданство"])
		self.assertIn("Медицинская сестра", columns["Должность"])
		self.assertIn("Высшее", columns["Уровень образования"])

	def test_the_form_and_rest_fold_look_alikes_too(self):
		"""One rule for every way in: a record saved over REST has its names folded as the import's."""
		payload = {"iin": new_iin(), "last_name": f"Иван{LATIN_O}ва", "first_name": f"{LATIN_A}йгерім",
			"current_entity": self.entity}  # fmt: skip
		response = rest("POST", "/api/resource/Health Worker", self.token, json=payload)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(response.json["data"]["full_name"], "Иванова Айгерім")
		payload = {**payload, "iin": new_iin(), "last_name": "Ivan\u043e\u0432"}
		response = rest("POST", "/api/resource/Health Worker", self.token, json=payload)
		self.assertIn(response.status_code, (400, 417))
		self.assertIn("Latin and Cyrillic", response.get_data(as_text=True))

	def test_an_error_file_goes_back_in(self):
		for file_type in ("csv", "xlsx"):
			with self.subTest(file_type):
				self.error_file_round_trip(file_type)

	def error_file_round_trip(self, file_type: str):
		"""Unfixed, the error file fails the same rows for the same reasons, its notes no row; fixed, it
		imports exactly the rows fixed."""
		iins = fresh_iins(5)
		header = [
			"ИИН",
			"Фамилия",
			"Имя",
			"Гражданство",
			"БИН",
			"Должность",
			"Ставка",
			"Дата приёма",
			"Размер обуви",
		]
		good = ["Иманова", "Дана", "Казахстан", self.entity, "Медицинская сестра", "1", "01.09.2020", "38"]
		rows = [[iins[0], *good], [iins[1], *good], [iins[2], *good]]
		rows[1][3] = "Казакстан"  # fixed below
		rows[2][7] = "2020/09/01"  # fixed below
		rows += [[iins[3], "=1+1", *good[1:]], [iins[4], *good]]
		rows[3][2] = "-"  # a name of no letter, and a formula in the surname: never fixed
		content = (
			csv_text(header, rows, ";").encode("cp1251") if file_type == "csv" else xlsx([header, *rows])
		)
		name = self.upload(content, f"staff.{file_type}")
		run(name, self.hr)
		doc = run(name, self.hr, commit=True)
		self.assertEqual(counts(doc), {"new": 2, "update": 0, "unchanged": 0, "error": 3})
		first = error_rows(doc)
		self.assertEqual(set(first), {iins[1], iins[2], iins[3], ""})  # "": the note on the unknown column
		errors = frappe.get_doc("File", {"file_url": doc.error_file}).get_content()
		errors = errors.encode() if isinstance(errors, str) else errors

		again = run(self.upload(errors, f"errors.{file_type}"), self.hr)
		self.assertEqual(counts(again), {"new": 0, "update": 0, "unchanged": 0, "error": 3})
		self.assertEqual(error_rows(again), first)

		fixed = self.fix(errors, file_type, {iins[1]: (3, "Казахстан"), iins[2]: (7, "01.09.2020")})
		name = self.upload(fixed, f"fixed.{file_type}")
		run(name, self.hr)
		doc = run(name, self.hr, commit=True)
		self.assertEqual(counts(doc), {"new": 2, "update": 0, "unchanged": 0, "error": 1})
		self.assertEqual(set(error_rows(doc)), {iins[3], ""})
		self.assertEqual(set(self.stored(iins)), {iins[0], iins[1], iins[2], iins[4]})

	@staticmethod
	def fix(content, file_type: str, fixes: dict) -> bytes:
		if file_type == "xlsx":
			book = load_workbook(io.BytesIO(content))
			for row in book.worksheets[0].iter_rows(min_row=2):
				if row[0].value in fixes:
					column, value = fixes[row[0].value]
					row[column].value = value
			out = io.BytesIO()
			book.save(out)
			return out.getvalue()
		text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
		rows = list(csv.reader(io.StringIO(text), delimiter=";"))
		for row in rows:
			if row and row[0] in fixes:
				column, value = fixes[row[0]]
				row[column] = value
		out = io.StringIO()
		csv.writer(out, delimiter=";").writerows(rows)
		return out.getvalue().encode("cp1251")
