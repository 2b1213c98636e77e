"""Register Import on a real site: dry run, commit, re-run, corrections with history, resume after a
crash, the scope gate, files in three languages and a 10,000-row file with bad rows of every kind."""

import csv
import io
import json
from datetime import date, timedelta
from unittest.mock import patch

import frappe
from openpyxl import Workbook, load_workbook

from profregister.domain.identifiers import make_iin, parse_iin
from profregister.services.platform import jobs
from profregister.services.register_import import run as register_import
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	link_user_to_region,
	make_certificate,
	make_employment,
	make_entity,
	make_user,
	make_worker,
	new_bin,
	remove_workers,
)
from profregister.tests.rest import api_token, rest

HEADER = ["IIN", "Surname", "Name", "Patronymic", "Date of birth", "BIN", "Position", "Specialty", "Rate",
	"Start date", "Order number", "Certificate number", "Certificate specialty", "Certificate issued by",
	"Certificate issue date", "Certificate valid until", "Education level", "Educational institution",
	"Diploma number"]  # fmt: skip
_serials: set[str] = set()


def fresh_iins(count: int, born: date = date(1990, 3, 7)) -> list[str]:
	"""IINs no worker holds yet, different on every call (the site keeps other tests' workers); from
	`born` on, as many birth days as it takes."""
	found, day = [], born
	while len(found) < count:
		candidates = [
			i for i in (make_iin(day, "Female", n) for n in range(10000)) if i and i not in _serials
		]
		taken = set(frappe.get_all("Health Worker", filters={"iin": ("in", candidates)}, pluck="iin"))
		found += [i for i in candidates if i not in taken][: count - len(found)]
		day += timedelta(days=1)
	_serials.update(found)
	return found


def person(iin: str, entity: str, n: int = 0, **changes) -> dict:
	return {
		"IIN": iin, "Surname": "Иманова", "Name": f"Дана{chr(0x430 + n % 20)}", "Patronymic": "Ериковна",
		"Date of birth": parse_iin(iin).date_of_birth.strftime("%d.%m.%Y"), "BIN": entity, "Position": "Nurse", "Specialty": "Nursing", "Rate": "1",
		"Start date": "01.09.2020", "Order number": f"{n}-K", "Certificate number": f"KZ-{iin}",
		"Certificate specialty": "Сестринское дело", "Certificate issued by": "НЦНПО",
		"Certificate issue date": "01.02.2022", "Certificate valid until": "01.02.2027",
		"Education level": "Technical and vocational", "Educational institution": "Медколледж Астаны",
		"Diploma number": f"D{n}", **changes,
	}  # fmt: skip


def csv_bytes(rows: list[dict], header=HEADER) -> bytes:
	out = io.StringIO()
	writer = csv.writer(out, delimiter=";")
	writer.writerow(header)
	for row in rows:
		writer.writerow([row.get(h, "") for h in header])
	return out.getvalue().encode("utf-8-sig")


def new_import(user: str, content: bytes, entity: str | None = None, name: str = "workers.csv") -> str:
	"""A Register Import of `content` made by `user`, as the desk makes one (their upload, then the form)."""
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		file = frappe.get_doc(
			{"doctype": "File", "file_name": name, "content": content, "is_private": 1}
		).insert(ignore_permissions=True)
		return (
			frappe.get_doc({"doctype": "Register Import", "import_file": file.file_url, "healthcare_entity": entity})
			.insert()
			.name
		)  # fmt: skip
	finally:
		frappe.set_user(previous)


def run(name: str, user: str, commit: bool = False):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		register_import.run(name, commit)
	finally:
		frappe.set_user(previous)
	return frappe.get_doc("Register Import", name)


def counts(doc) -> dict:
	return {k: doc.get(f) for k, f in register_import.COUNTS.items()}


def error_rows(doc) -> dict[str, str]:
	"""IIN (first cell) → problems, from the error file."""
	content = frappe.get_doc("File", {"file_url": doc.error_file}).get_content()
	if doc.error_file.endswith(".xlsx"):
		sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
		rows = [list(r) for r in sheet.iter_rows(values_only=True)]
	else:
		text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
		header = text.split("\n", 1)[0]
		rows = list(
			csv.reader(io.StringIO(text), delimiter=";" if header.count(";") > header.count(",") else ",")
		)
	return {str(r[0] or ""): r[-1] for r in rows[1:]}


class TestRegisterImport(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run_id = frappe.generate_hash(length=6)
		cls.a, cls.b = make_entity("Astana").name, make_entity("Karaganda Region").name
		cls.hr = make_user(f"hr.import.{run_id}@test.profregister.kz")
		link_user_to_entity(cls.hr, cls.a, "HR Specialist")
		cls.registrar = make_user(f"registrar.import.{run_id}@test.profregister.kz", "Register Administrator")
		cls.regional = make_user(f"region.import.{run_id}@test.profregister.kz")
		link_user_to_region(cls.regional, "Astana")
		frappe.db.commit()

	def workers(self, iins) -> list:
		return frappe.get_all(
			"Health Worker",
			filters={"iin": ("in", list(iins))},
			fields=["name", "iin", "full_name", "current_entity", "current_position", "current_employment",
				"status", "current_region"],
		)  # fmt: skip

	def test_dry_run_commit_and_the_same_file_again(self):
		iins = fresh_iins(25)
		content = csv_bytes([person(iin, self.a, n) for n, iin in enumerate(iins)])
		name = new_import(self.hr, content)
		self.assertEqual(frappe.db.get_value("Register Import", name, "healthcare_entity"), self.a)
		doc = run(name, self.hr)
		self.assertEqual(
			(doc.status, counts(doc)), ("Checked", {"new": 25, "update": 0, "unchanged": 0, "error": 0})
		)
		self.assertEqual(self.workers(iins), [], "a dry run writes nothing")

		doc = run(name, self.hr, commit=True)
		self.assertEqual((doc.status, doc.rows_new), ("Completed", 25))
		workers = self.workers(iins)
		self.assertEqual(len(workers), 25)
		for worker in workers:
			self.assertEqual((worker.current_entity, worker.current_position, worker.status, worker.current_region),
				(self.a, "Nurse", "Active", "Astana"))  # fmt: skip
			job = frappe.get_doc("Employment", worker.current_employment)
			self.assertEqual(
				(job.healthcare_entity, job.is_main, job.region, job.entity_bin),
				(self.a, 1, "Astana", self.a),
			)
			# Entered today for a 2020 hire: late, as the form would say.
			self.assertTrue(job.late_entry and job.entry_working_days > 3)
			cert = frappe.get_all("Specialist Certificate", filters={"health_worker": worker.name},
				fields=["is_latest", "healthcare_entity", "specialty", "for_clinical_practice"])  # fmt: skip
			self.assertEqual([tuple(c.values()) for c in cert], [(1, self.a, "Nursing", 1)])
			education = frappe.get_doc("Health Worker", worker.name).education
			self.assertEqual([(e.education_level, e.institution) for e in education],
				[("Technical and vocational", "Медколледж Астаны")])  # fmt: skip
			version = json.loads(
				frappe.db.get_value(
					"Version", {"ref_doctype": "Health Worker", "docname": worker.name}, "data"
				)
			)
			self.assertEqual(version["updater_reference"]["docname"], name)
		# The form sees the record as its own: it saves without a change.
		frappe.get_doc("Health Worker", workers[0].name).save(ignore_permissions=True)

		versions = frappe.db.count("Version", {"ref_doctype": ("in", ["Health Worker", "Employment"])})
		again = new_import(self.hr, content)
		doc = run(again, self.hr)
		self.assertEqual(counts(doc), {"new": 0, "update": 0, "unchanged": 25, "error": 0})
		doc = run(again, self.hr, commit=True)
		self.assertEqual(counts(doc), {"new": 0, "update": 0, "unchanged": 25, "error": 0})
		self.assertEqual(len(self.workers(iins)), 25)
		self.assertEqual(
			frappe.db.count("Employment", {"health_worker": ("in", [w.name for w in workers])}), 25
		)
		self.assertEqual(
			frappe.db.count("Version", {"ref_doctype": ("in", ["Health Worker", "Employment"])}), versions
		)

	def test_a_correction_updates_only_what_changed_with_history(self):
		iins = fresh_iins(6)
		rows = [person(iin, self.a, n) for n, iin in enumerate(iins)]
		name = new_import(self.hr, csv_bytes(rows))
		run(name, self.hr)
		run(name, self.hr, commit=True)
		rows[1]["Surname"] = "Ахметова"
		rows[2]["Rate"] = "0,5"
		rows[3]["Certificate valid until"] = "01.02.2028"
		rows[4]["End date"], rows[4]["End reason"] = "30.11.2026", "Увольнение"
		header = [*HEADER, "End date", "End reason"]
		fixed = new_import(self.hr, csv_bytes(rows, header))
		doc = run(fixed, self.hr)
		self.assertEqual(counts(doc), {"new": 0, "update": 4, "unchanged": 2, "error": 0})
		run(fixed, self.hr, commit=True)
		by_iin = {w.iin: w for w in self.workers(iins)}
		renamed = by_iin[iins[1]]
		self.assertTrue(renamed.full_name.startswith("Ахметова"))
		version = frappe.get_all("Version", filters={"ref_doctype": "Health Worker", "docname": renamed.name},
			fields=["data"], order_by="creation desc", limit=1)[0]  # fmt: skip
		self.assertIn(["last_name", "Иманова", "Ахметова"], json.loads(version.data)["changed"])
		job = frappe.get_doc("Employment", by_iin[iins[2]].current_employment)
		self.assertEqual(job.rate, 0.5)
		self.assertTrue(frappe.db.exists("Version", {"ref_doctype": "Employment", "docname": job.name}))
		self.assertEqual(
			frappe.db.get_value(
				"Specialist Certificate", {"health_worker": by_iin[iins[3]].name}, "valid_until"
			),
			date(2028, 2, 1),
		)
		# Dismissed by the import: the status follows, and the status history has the event.
		left = by_iin[iins[4]]
		self.assertEqual(left.status, "Dismissed")
		self.assertTrue(
			frappe.db.exists(
				"Health Worker Status Change", {"health_worker": left.name, "to_status": "Dismissed"}
			)
		)
		self.assertEqual(by_iin[iins[0]].status, "Active")

	def test_a_run_killed_half_way_resumes_without_doubling(self):
		iins = fresh_iins(35)
		rows = [person(iin, self.a, n) for n, iin in enumerate(iins)]
		rows.append(dict(rows[3]))  # a duplicate after the crash point: still found as one
		name = new_import(self.hr, csv_bytes(rows))
		with patch.object(register_import, "CHUNK", 10):
			run(name, self.hr)
			frappe.flags.register_import_crash_after_row = 21
			try:
				with self.assertRaises(RuntimeError):
					run(name, self.hr, commit=True)
			finally:
				frappe.flags.register_import_crash_after_row = None
			doc = frappe.get_doc("Register Import", name)
			self.assertEqual((doc.status, doc.last_committed_row, doc.rows_new), ("Failed", 21, 20))
			self.assertEqual(len(self.workers(iins)), 20)
			doc = run(name, self.hr, commit=True)
		self.assertEqual(
			(doc.status, counts(doc)), ("Completed", {"new": 35, "update": 0, "unchanged": 0, "error": 1})
		)
		self.assertEqual(len(self.workers(iins)), 35)
		self.assertIn("5", error_rows(doc)[iins[3]])  # "already in row 5 of this file"

	def test_a_second_run_while_the_first_holds_the_lock_does_nothing(self):
		"""A run whose worker was killed lives on in its work-horse, holding the import's lock: a run
		started again meanwhile is refused and writes nothing; once the lock is free, the import runs."""
		iins = fresh_iins(3)
		name = new_import(self.hr, csv_bytes([person(iin, self.a, n) for n, iin in enumerate(iins)]))
		run(name, self.hr)
		lock = jobs.lock_name(register_import.job_id(name))
		first = frappe.db.create_connection()  # the first run's connection
		with first.cursor() as cursor:
			cursor.execute("select get_lock(%s, 0)", lock)
		self.assertTrue(register_import.job_running(name), "the first run holds the lock")
		doc = run(name, self.hr, commit=True)
		self.assertEqual((doc.status, self.workers(iins)), ("Checked", []), "the second run is refused")
		with first.cursor() as cursor:
			cursor.execute("select release_lock(%s)", lock)
		first.close()
		doc = run(name, self.hr, commit=True)
		self.assertEqual((doc.status, len(self.workers(iins))), ("Completed", 3))

	def test_the_scope_gate(self):
		elsewhere = make_worker(self.b)
		iins = fresh_iins(2)
		rows = [person(iins[0], self.b, 0), person(iins[1], self.a, 1),
			person(elsewhere.iin, self.a, 2, Surname="Testova", Name="Aigerim")]  # fmt: skip
		name = new_import(self.hr, csv_bytes(rows))
		doc = run(name, self.hr)
		self.assertEqual(counts(doc), {"new": 1, "update": 0, "unchanged": 0, "error": 2})
		errors = error_rows(doc)
		self.assertIn("BIN", errors[iins[0]])
		self.assertIn("hire them by IIN", errors[elsewhere.iin])
		self.assertNotIn(self.b, errors[elsewhere.iin])
		self.assertNotIn(elsewhere.name, errors[elsewhere.iin])

		# A regional department imports nowhere; HR cannot see another entity's import.
		with self.assertRaises(frappe.PermissionError):
			new_import(self.regional, csv_bytes(rows[:1]))
		with self.assertRaises(frappe.PermissionError):
			new_import(self.hr, csv_bytes(rows[:1]), entity=self.b)
		national = new_import(self.registrar, csv_bytes(rows))
		self.assertFalse(frappe.has_permission("Register Import", "read", national, user=self.hr))
		self.assertEqual(frappe.get_list("Register Import", filters={"name": national}, user=self.hr), [])
		doc = run(national, self.registrar)
		self.assertEqual(counts(doc), {"new": 2, "update": 1, "unchanged": 0, "error": 0})

		token = api_token(self.hr)
		frappe.db.commit()
		response = rest("GET", "/api/method/profregister.api.register_import_template?file_type=xlsx", token)
		self.assertEqual(response.status_code, 200)
		header = next(
			load_workbook(io.BytesIO(response.data), read_only=True).worksheets[0].iter_rows(values_only=True)
		)
		self.assertIn("IIN", header)
		self.assertEqual(
			rest(
				"GET", "/api/method/profregister.api.register_import_template?file_type=exe", token
			).status_code,
			417,
		)
		response = rest(
			"POST", "/api/method/profregister.api.start_register_import", token, data={"name": national}
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn(self.b, response.get_data(as_text=True))
		unchecked = new_import(self.hr, csv_bytes(rows[1:2]))
		frappe.db.commit()
		response = rest(
			"POST", "/api/method/profregister.api.start_register_import", token, data={"name": unchecked}
		)
		self.assertEqual(response.status_code, 417, "only a checked file is imported")
		regional = api_token(self.regional)
		frappe.db.commit()
		response = rest("GET", "/api/method/profregister.api.register_import_template", regional)
		self.assertEqual(response.status_code, 403)

	def test_a_blocked_record_takes_a_renewal_and_nothing_else(self):
		worker = make_worker(self.a)
		make_employment(worker.name, self.a, date(2019, 9, 1))
		lapsed = make_certificate(worker.name, date(2018, 1, 1), date(2023, 1, 1))
		# As the daily job leaves it (test_certificate_lifecycle tests the job itself).
		frappe.db.set_value("Health Worker", worker.name, {"status": "Blocked", "blocking_certificate": lapsed.name,
			"blocked_since": date(2023, 1, 2)})  # fmt: skip
		row = person(worker.iin, self.a, 0, Surname="Testova", Name="Aigerim", Patronymic="", **{
			"Start date": "01.09.2019", "Order number": "", "Certificate number": lapsed.certificate_number,
			"Certificate specialty": "Nursing", "Certificate issued by": "NCIE", "Certificate issue date": "01.01.2018",
			"Certificate valid until": "01.01.2023", "Education level": "", "Educational institution": "",
			"Diploma number": ""})  # fmt: skip
		renamed = {**row, "Surname": "Ахметова"}
		renewed = {**row, "Certificate number": "KZ-RENEWED", "Certificate issue date": "01.01.2024",
			"Certificate valid until": "01.01.2029"}  # fmt: skip
		doc = run(new_import(self.hr, csv_bytes([row])), self.hr)
		self.assertEqual(counts(doc), {"new": 0, "update": 0, "unchanged": 1, "error": 0})
		doc = run(new_import(self.hr, csv_bytes([renamed])), self.hr)
		self.assertIn("blocked", error_rows(doc)[worker.iin])
		name = new_import(self.hr, csv_bytes([renewed]))
		run(name, self.hr)
		doc = run(name, self.hr, commit=True)
		self.assertEqual(counts(doc), {"new": 0, "update": 1, "unchanged": 0, "error": 0})
		self.assertEqual(frappe.db.get_value("Health Worker", worker.name, "status"), "Active")
		self.assertEqual(
			frappe.db.get_value("Specialist Certificate", {"certificate_number": "KZ-RENEWED"}, "is_latest"),
			1,
		)

	def test_kazakh_headers_codes_and_a_spreadsheet_iin(self):
		born = date(2001, 5, 20)
		iins = fresh_iins(3, born)
		self.assertTrue(all(i.startswith("0") for i in iins))
		book = Workbook()
		sheet = book.active
		sheet.append(
			[
				"ЖСН",
				"Тегі",
				"Аты",
				"Туған күні",
				"БСН",
				"Лауазымы",
				"Мамандығы",
				"Мөлшерлеме",
				"Қабылданған күні",
			]
		)
		specialty_code = frappe.db.get_value("Specialty", "Nursing", "code")
		for iin in iins:
			sheet.append(
				[
					int(iin),
					"Сейітова",
					"Айгүл",
					born,
					int(self.a),
					"Nurse",
					specialty_code or "Nursing",
					1,
					date(2021, 9, 1),
				]
			)
		out = io.BytesIO()
		book.save(out)
		doc = run(new_import(self.hr, out.getvalue(), name="kk.xlsx"), self.hr)
		self.assertEqual(counts(doc), {"new": 3, "update": 0, "unchanged": 0, "error": 0}, doc.summary)

	def test_a_windows_1251_csv_with_commas(self):
		iin = fresh_iins(1)[0]
		header = ["ИИН", "Фамилия", "Имя", "БИН", "Должность", "Специальность", "Ставка", "Дата приёма"]
		content = (
			",".join(header)
			+ f'\r\n{iin},Иманова,Дана,{self.a},Медицинская сестра,Nursing,"0,5",01.09.2020\r\n'
		)
		doc = run(new_import(self.hr, content.encode("cp1251")), self.hr)
		self.assertEqual(counts(doc), {"new": 1, "update": 0, "unchanged": 0, "error": 0}, doc.summary)

	def test_a_file_without_its_header_is_refused_whole(self):
		iins = fresh_iins(2)
		content = csv_bytes([person(iin, self.a) for iin in iins])
		headless = content.decode("utf-8-sig").split("\r\n", 1)[1].encode()
		doc = run(new_import(self.hr, headless), self.hr)
		self.assertEqual(doc.status, "Failed")
		self.assertIn("no header row", doc.summary)
		self.assertEqual(self.workers(iins), [])

	def test_the_error_file_speaks_the_users_language(self):
		frappe.db.set_value("User", self.hr, "language", "ru")
		frappe.clear_cache(user=self.hr)
		try:
			iin = fresh_iins(1)[0]
			doc = run(
				new_import(self.hr, csv_bytes([person(iin, self.a, **{"Start date": "2020/09/01"})])), self.hr
			)
		finally:
			frappe.db.set_value("User", self.hr, "language", "en")
			frappe.clear_cache(user=self.hr)
		content = frappe.get_doc("File", {"file_url": doc.error_file}).get_content()
		text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
		self.assertIn("Ошибки", text.splitlines()[0])
		self.assertIn("Start date: 2020/09/01 — не дата (дд.мм.гггг)", text)


class TestBadInputFile(CleanTestCase):
	"""10,000 rows, 1% of them bad in every way the issue lists: each bad row is reported with its reason,
	none is written, every good row is."""

	def test_ten_thousand_rows_with_bad_ones(self):
		entity = make_entity("Astana").name
		hr = make_user(f"hr.bad.{frappe.generate_hash(length=6)}@test.profregister.kz")
		link_user_to_entity(hr, entity, "HR Specialist")
		existing = [make_worker(entity) for _ in range(9)]
		iins = fresh_iins(10_000)
		self.addCleanup(remove_workers, iins)
		rows = [person(iin, entity, n) for n, iin in enumerate(iins)]
		bad_kinds = {
			"bad check digit": ({"IIN": lambda iin: iin[:-1] + str((int(iin[-1]) + 1) % 10)}, "IIN"),
			"dob against the iin": ({"Date of birth": "01.01.1970"}, "Date of birth"),
			"unknown bin": ({"BIN": new_bin()}, "BIN"),
			"unknown specialty": ({"Specialty": "Astrology"}, "Specialty"),
			"end before start": ({"End date": "01.01.2019", "End reason": "Dismissal"}, "End date"),
			"duplicate in the file": (None, "IIN"),
			"conflict with the register": ({"IIN": lambda _iin: existing.pop().iin, "Date of birth": "", "Surname": "Петров", "Name": "Иван"}, "Surname"),
			"certificate before issue": ({"Certificate valid until": "01.01.2022"}, "Certificate valid until"),
			"formula in a name": ({"Surname": "=HYPERLINK(\"http://x\")"}, "Surname"),
			"markup in a name": ({"Name": "<img src=x onerror=alert(1)>"}, "Name"),
			"empty mandatory cell": ({"Position": ""}, "Position"),
			"wrong date format": ({"Start date": "2020.09.01"}, "Start date"),
		}  # fmt: skip
		expected = {}
		bad_rows = list(range(37, 10_000, 100))  # 1%
		for n, index in enumerate(bad_rows):
			kind, (changes, column) = list(bad_kinds.items())[n % len(bad_kinds)]
			if changes is None:
				rows[index] = dict(rows[index - 1])
			else:
				for key, value in changes.items():
					rows[index][key] = value(rows[index]["IIN"]) if callable(value) else value
			expected[index] = (kind, column)
		header = [*HEADER, "End date", "End reason", "Shoe size", "<img src=x onerror=alert(1)>"]
		content = csv_bytes(rows, header)
		name = new_import(hr, content)
		doc = run(name, hr)
		self.assertEqual(counts(doc), {"new": 9900, "update": 0, "unchanged": 0, "error": 100}, doc.summary)
		self.assertIn("Shoe size", doc.summary)
		# The form shows the notes as HTML: a header is quoted as text.
		self.assertIn("&lt;img src=x onerror=alert(1)&gt;", doc.summary)
		self.assertNotIn("<img", doc.summary)
		errors = error_rows(doc)
		self.assertEqual(len(errors), 101)  # and the notes on the unknown columns (one key, "")
		for index, (kind, column) in expected.items():
			self.assertIn(f"{column}:", errors[rows[index]["IIN"]], kind)

		doc = run(name, hr, commit=True)
		self.assertEqual((doc.status, doc.rows_new, doc.rows_error), ("Completed", 9900, 100))
		good = {rows[i]["IIN"] for i in range(10_000) if i not in expected}
		stored = set(
			frappe.get_all(
				"Health Worker", filters={"current_entity": entity, "last_name": "Иманова"}, pluck="iin"
			)
		)
		self.assertEqual(stored, good)
		self.assertEqual(
			frappe.db.count("Health Worker", {"current_entity": entity, "last_name": "Testova"}), 9
		)
		self.assertEqual(frappe.db.count("Employment", {"healthcare_entity": entity}), 9900)
		self.assertEqual(
			frappe.db.count("Specialist Certificate", {"healthcare_entity": entity, "is_latest": 1}), 9900
		)
