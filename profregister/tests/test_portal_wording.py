"""The portal's words for handed-in evidence, over real HTTP: a piece awaiting HR's check is "handed in",
not a draft, and the quantity's unit agrees with its number (Russian "36 часов", Kazakh "36 сағат", no
plural after a numeral; issue 25)."""

from datetime import date
from unittest.mock import patch

import frappe

from profregister.access import links
from profregister.tests.factories import (
	CleanTestCase,
	make_employment,
	make_entity,
	make_evidence,
	make_worker,
)
from profregister.tests.rest import api_token, rest


class TestPortalWording(CleanTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		run_id = frappe.generate_hash(length=6)
		entity = make_entity("Astana").name
		worker = make_worker(entity).name
		make_employment(worker, entity, date(2019, 9, 1))
		cls.evidence = make_evidence(worker, quantity=36, title=f"Course {run_id}").name
		account = f"wording.{run_id}@test.profregister.kz"
		with patch("frappe.sendmail"):
			links.invite_worker(frappe.get_doc("Health Worker", worker), account)
		cls.token = api_token(account)
		frappe.db.commit()

	def item(self, lang: str) -> str:
		"""The evidence's line of the worker's timeline, in `lang`."""
		response = rest("GET", f"/cpd?_lang={lang}", self.token)
		self.assertEqual(response.status_code, 200)
		html = response.get_data(as_text=True)
		start = html.index(f'data-evidence="{self.evidence}"')
		return html[start : html.index("</li>", start)]

	def test_handed_in_evidence_is_not_called_a_draft(self):
		for lang, handed_in, draft in (
			("ru", "Подан на проверку", "Черновик"),
			("kk", "Тексеруге тапсырылды", None),
		):
			with self.subTest(lang=lang):
				item = self.item(lang)
				self.assertIn(handed_in, item)
				if draft:
					self.assertNotIn(draft, item)
		self.assertIn("Handed in", self.item("en"))

	def test_the_unit_agrees_with_its_number(self):
		self.assertIn("36 часов:", self.item("ru"))
		self.assertIn("36 сағат:", self.item("kk"))
		self.assertIn("36 hours:", self.item("en"))
