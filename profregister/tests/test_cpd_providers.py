"""Accredited CPD providers over real HTTP: the CU of evidence from an organisation not on the list, the
list's load from a file with a dry run, and who may keep and read the list."""

import io
import json
import random
from datetime import date

import frappe

from profregister.domain.identifiers import make_bin
from profregister.services.portal.pages import my_cpd
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_employment,
	make_entity,
	make_evidence,
	make_user,
	make_worker,
)
from profregister.tests.rest import api_token, rest

API = "/api/method/profregister.api."
RESOURCE = "/api/resource/Accredited CPD Provider"


def new_provider_bin() -> str:
	while True:
		value = make_bin(date(2002, 7, 1), random.randrange(100000))
		if value and not frappe.db.exists("Accredited CPD Provider", value):
			return value


def make_provider(valid_from: date, valid_to: date | None = None, **fields) -> str:
	return (
		frappe.get_doc(
			{
				"doctype": "Accredited CPD Provider",
				"bin": new_provider_bin(),
				"name_ru": "Национальный научный центр",
				"name_kk": "Ұлттық ғылыми орталық",
				"accreditation_body": "IAAR",
				"valid_from": valid_from,
				"valid_to": valid_to,
				**fields,
			}
		)
		.insert(ignore_permissions=True)
		.name
	)


def csv_file(*rows) -> tuple:
	lines = ["BIN;Наименование;Атауы;Аккредитационный орган;Действует с;Действует по", *rows]
	return (io.BytesIO("\n".join(lines).encode()), "perechen.csv")


class TestCPDProviders(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run = frappe.generate_hash(length=6)
		cls.entity = make_entity("Astana").name
		cls.worker = make_worker(cls.entity).name
		make_employment(cls.worker, cls.entity, date(2019, 9, 1))
		# On the list from 2025; the accreditation expired on 30 June 2026.
		cls.provider = make_provider(date(2025, 1, 1), date(2026, 6, 30))
		cls.users = {
			"hr": make_user(f"hr.cpdp.{run}@test.profregister.kz"),
			"registrar": make_user(f"registrar.cpdp.{run}@test.profregister.kz", "Register Administrator"),
			"unlinked": make_user(f"unlinked.cpdp.{run}@test.profregister.kz", "HR Specialist"),
		}
		link_user_to_entity(cls.users["hr"], cls.entity, "HR Specialist")
		cls.tokens = {key: api_token(user) for key, user in cls.users.items()}
		frappe.db.commit()

	def evidence(self, date_from: date, date_to: date, **fields):
		doc = make_evidence(self.worker, date_from=date_from, date_to=date_to, profile_matches=1, **fields)
		doc.verify()
		return doc

	def test_cu_of_a_provider_not_on_the_list_on_the_date_are_none_with_the_reason(self):
		expired = self.evidence(date(2026, 7, 6), date(2026, 7, 10), provider=self.provider)
		listed = self.evidence(date(2026, 3, 2), date(2026, 3, 6), provider=self.provider)
		before = self.evidence(date(2025, 12, 1), date(2025, 12, 31), organiser="Курсы «А»")
		self.assertEqual((expired.credit_units, listed.credit_units, before.credit_units), (0, 36, 36))
		self.assertIn("was not on the list", expired.credit_units_reason)
		self.assertEqual(listed.organiser_not_listed, 0)
		self.assertEqual((before.organiser_not_listed, before.credit_units_reason), (1, ""))
		frappe.db.commit()
		form = rest("GET", f"/api/resource/CPD Evidence/{expired.name}", self.tokens["hr"])
		self.assertEqual(form.json["data"]["credit_units"], 0, form.get_data(as_text=True)[:300])
		self.assertIn("was not on the list", form.json["data"]["credit_units_reason"])
		# The one computation HR's check, the portal and Appendix 2 read.
		computed = rest("POST", API + "get_worker_credit_units", self.tokens["hr"],
			data={"health_worker": self.worker, "on_date": "2026-12-01"})  # fmt: skip
		result = computed.json["message"]
		rows = {row["name"]: row for row in result["evidence"]}
		self.assertEqual(rows[expired.name]["credit_units"], 0)
		self.assertIn("was not on the list", rows[expired.name]["reason"])
		self.assertEqual(rows[listed.name]["reason"], "")
		self.assertEqual(result["by_criterion"]["1"], 72)
		# The worker's portal says why, where it says what each piece earned.
		timeline = {row["name"]: row for row in my_cpd(self.worker, date(2026, 12, 1))["timeline"]}
		self.assertIn("was not on the list", timeline[expired.name]["why"])

	def test_a_free_text_organiser_is_refused_from_the_start_date(self):
		values = {"health_worker": self.worker, "criterion": "01", "unit": "hour", "quantity": 12,
			"title": "Курс", "organiser": "Не из перечня", "date_from": "2026-02-02", "date_to": "2026-02-03",
			"document_language": "Russian", "attachment": "/private/files/x.pdf"}  # fmt: skip
		preview = rest(
			"POST", API + "preview_credit_units", self.tokens["hr"], data={"values": json.dumps(values)}
		)
		self.assertIn("Accredited provider", preview.json["message"]["problem"])
		with self.assertRaisesRegex(frappe.ValidationError, "Accredited provider"):
			make_evidence(self.worker, date_from=date(2026, 2, 2), date_to=date(2026, 2, 3), title="Курс")
		self.assertFalse(frappe.db.exists("CPD Evidence", {"health_worker": self.worker, "title": "Курс"}))
		# A draft from a listed provider, its provider taken away over the REST API: refused, unchanged.
		draft = make_evidence(
			self.worker, date_from=date(2026, 2, 2), date_to=date(2026, 2, 3), provider=self.provider
		)
		frappe.db.commit()
		response = rest(
			"PUT", f"/api/resource/CPD Evidence/{draft.name}", self.tokens["hr"], json={"provider": None}
		)
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:300])
		self.assertIn("Accredited provider", response.get_data(as_text=True))
		self.assertEqual(frappe.db.get_value("CPD Evidence", draft.name, "provider"), self.provider)
		expired = {**values, "provider": self.provider, "date_from": "2026-07-06", "date_to": "2026-07-07"}
		preview = rest(
			"POST", API + "preview_credit_units", self.tokens["hr"], data={"values": json.dumps(expired)}
		)
		self.assertEqual(preview.json["message"]["credit_units"], 0, preview.get_data(as_text=True)[:300])
		self.assertIn("was not on the list", preview.json["message"]["reason"])

	def test_a_change_of_the_list_judges_the_stored_cu_again_from_the_start_date(self):
		provider = make_provider(date(2025, 1, 1))
		before = make_evidence(
			self.worker, date_from=date(2025, 11, 3), date_to=date(2025, 11, 7), provider=provider
		)
		after = make_evidence(
			self.worker, date_from=date(2026, 4, 6), date_to=date(2026, 4, 10), provider=provider
		)
		doc = frappe.get_doc("Accredited CPD Provider", provider)
		doc.valid_to = date(2025, 12, 31)
		doc.save()  # a test revalues in the same process (services/cpd/credit_units.request_revaluation)
		fields = ["credit_units", "credit_units_reason"]
		self.assertEqual(frappe.db.get_value("CPD Evidence", before.name, fields), (36, ""))
		units, reason = frappe.db.get_value("CPD Evidence", after.name, fields)
		self.assertEqual(units, 0)
		self.assertIn("was not on the list", reason)

	def test_the_list_loads_from_a_file_after_a_dry_run(self):
		stored = make_provider(date(2025, 1, 1))
		new = new_provider_bin()
		frappe.db.commit()
		rows = (f"{new};НИИ «Б»;ҒЗИ «Б»;ECAQA;01.02.2026;", f"{stored};Национальный научный центр;"
			"Ұлттық ғылыми орталық;IAAR;01.01.2025;31.12.2026")  # fmt: skip
		dry = rest("POST", API + "load_cpd_providers", self.tokens["registrar"],
			data={"dry_run": "1", "file": csv_file(*rows)})  # fmt: skip
		self.assertEqual(dry.status_code, 200, dry.get_data(as_text=True)[:300])
		self.assertEqual(
			dry.json["message"], {"dry_run": 1, "inserted": [new], "updated": [stored], "unchanged": 0}
		)
		self.assertFalse(frappe.db.exists("Accredited CPD Provider", new))
		self.assertIsNone(frappe.db.get_value("Accredited CPD Provider", stored, "valid_to"))
		done = rest(
			"POST", API + "load_cpd_providers", self.tokens["registrar"], data={"file": csv_file(*rows)}
		)
		self.assertEqual(done.json["message"]["inserted"], [new], done.get_data(as_text=True)[:300])
		frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("Accredited CPD Provider", new, "name_kk"), "ҒЗИ «Б»")
		self.assertEqual(
			str(frappe.db.get_value("Accredited CPD Provider", stored, "valid_to")), "2026-12-31"
		)

	def test_a_bad_row_saves_nothing(self):
		good, bad = new_provider_bin(), new_provider_bin()
		response = rest("POST", API + "load_cpd_providers", self.tokens["registrar"],
			data={"file": csv_file(f"{good};A;;IAAR;01.01.2026;", f"{bad};=HYPERLINK(\"x\");;IAAR;01.01.2026;")})  # fmt: skip
		self.assertEqual(response.status_code, 417, response.get_data(as_text=True)[:300])
		self.assertIn("Row 3, Name (ru)", response.get_data(as_text=True))
		self.assertFalse(frappe.db.exists("Accredited CPD Provider", {"name": ("in", [good, bad])}))

	def test_only_the_register_administrator_keeps_the_list(self):
		one = f"{RESOURCE}/{self.provider}"
		self.assertEqual(rest("GET", one, self.tokens["hr"]).status_code, 200)
		self.assertEqual(rest("PUT", one, self.tokens["hr"], json={"name_ru": "X"}).status_code, 403)
		created = rest("POST", RESOURCE, self.tokens["hr"], json={"bin": new_provider_bin(), "name_ru": "X",
			"accreditation_body": "X", "valid_from": "2026-01-01"})  # fmt: skip
		self.assertEqual(created.status_code, 403)
		load = rest("POST", API + "load_cpd_providers", self.tokens["hr"], data={"file": csv_file()})
		self.assertEqual(load.status_code, 403)
		self.assertEqual(rest("GET", one, self.tokens["unlinked"]).status_code, 403)
		listed = rest("GET", RESOURCE, self.tokens["unlinked"], query_string={"limit_page_length": 0})
		self.assertEqual(listed.json.get("data") or [], [])
		kept = rest("PUT", one, self.tokens["registrar"], json={"source": "Перечень МЗ РК"})
		self.assertEqual(kept.status_code, 200, kept.get_data(as_text=True)[:300])
		frappe.db.rollback()
		self.assertNotEqual(frappe.db.get_value("Accredited CPD Provider", self.provider, "name_ru"), "X")
