import frappe
from frappe import _

from profregister.tests.factories import CleanTestCase, make_entity

# Messages the extractor must find, each with how the path it finds it in ends: Python, a form script,
# DocType JSON, a workflow and a web page.
EXTRACTED = (
	("No HR user is linked to {0}.", ".py"),
	("Filters may only name fields of {0}", ".py"),
	("Decline the correction", ".js"),
	("Blocked since", "DocType: Health Worker"),
	("Client address", "DocType: Register Access Log"),
	("Confirmed", "Workflow: CPD Confirmation"),
	("Corrections of my record", ".html"),
)
# Desk labels the test must read: a workspace's title, a card, a shortcut, a number card and a chart.
DESK_LABELS = {
	"Register Administration",
	"Reference data",
	"Regulatory Parameter",
	"Blocked Health Workers",
	"Hires and Departures",
}


class TestTranslations(CleanTestCase):
	def tearDown(self):
		frappe.local.lang = "en"

	def test_russian_and_kazakh_are_shipped(self):
		self.assertTrue(frappe.db.get_value("Language", "kk", "enabled"))
		for lang, expected in (("ru", "ИИН"), ("kk", "ЖСН")):
			frappe.local.lang = lang
			frappe.local.lang_full_dict = None
			self.assertEqual(_("IIN"), expected)

	def test_domain_errors_are_translated(self):
		frappe.local.lang = "ru"
		frappe.local.lang_full_dict = None
		entity = make_entity().name
		with self.assertRaises(frappe.ValidationError) as caught:
			frappe.get_doc(
				{
					"doctype": "Health Worker",
					"iin": "12345",
					"last_name": "A",
					"first_name": "B",
					"current_entity": entity,
				}
			).insert()
		message = str(caught.exception)
		self.assertIn("ИИН", message)
		self.assertNotIn("IIN", message)

	def test_every_message_of_the_app_is_translated(self):
		from frappe.translate import get_messages_for_app, get_translations_from_csv

		sources = {}
		for path, message, *_rest in get_messages_for_app("profregister"):
			# Frappe lists its navbar under every app; Frappe translates it.
			if not (path or "").startswith("Navbar:"):
				sources.setdefault(message, set()).add(path or "")
		messages = set(sources)
		# An extractor that finds nothing, or misses a kind of source, would leave nothing to check.
		self.assertGreater(len(messages), 600)
		for message, source in EXTRACTED:
			self.assertTrue(
				any(path.endswith(source) for path in sources.get(message, ())), f"{message!r} from {source}"
			)
		for lang in ("ru", "kk"):
			shipped = get_translations_from_csv(lang, "profregister")
			self.assertEqual(sorted(messages - set(shipped)), [], lang)

	def test_every_label_of_the_desk_is_translated(self):
		"""Workspaces, their cards, shortcuts and links, number cards and charts: Frappe's extractor does
		not read them, and Frappe ships no Kazakh."""
		import glob
		import json

		from frappe.translate import get_translations_from_csv

		app = frappe.get_app_path("profregister")
		labels = set()
		for path in glob.glob(f"{app}/*/workspace/*/*.json"):
			workspace = json.load(open(path))
			labels |= {
				workspace["title"],
				*(row["label"] for row in workspace["links"] + workspace["shortcuts"]),
			}
		for path in glob.glob(f"{app}/*/number_card/*/*.json") + glob.glob(
			f"{app}/*/dashboard_chart/*/*.json"
		):
			card = json.load(open(path))
			labels.add(card.get("label") or card["chart_name"])
		self.assertGreater(len(labels), 30)
		self.assertEqual(DESK_LABELS - labels, set())
		for lang in ("ru", "kk"):
			self.assertEqual(sorted(labels - set(get_translations_from_csv(lang, "profregister"))), [], lang)

	def test_every_piece_of_reference_data_is_translated(self):
		"""Criteria, chapters, conditions, evidence, variants, units, rule sets, workflow states, NHWA
		indicators and regions are
		shown translated at display time: each needs its ru and kk row."""
		import json
		from pathlib import Path

		from frappe.translate import get_translations_from_csv

		data = Path(frappe.get_app_path("profregister"))
		strings = set()
		for criterion in json.loads((data / "setup_data" / "cpd_criteria.json").read_text()):
			strings |= {
				criterion[f]
				for f in ("criterion_name", "chapter", "condition", "required_evidence", "description")
			}
		for rule_set in json.loads((data / "setup_data" / "cpd_rule_sets.json").read_text()):
			strings.add(rule_set["rule_set_name"])
			strings |= {rate["variant"] for rate in rule_set["rates"] if rate["variant"]}
			strings |= {rate["unit"] for rate in rule_set["rates"]}
		for state in json.loads((data / "fixtures" / "workflow_state.json").read_text()):
			strings.add(state["workflow_state_name"])
		strings.add("Appendix 2 - Confirmation of CPD results")
		# The NHWA report shows its indicators and regions translated.
		strings |= {
			i["indicator_name"]
			for i in json.loads((data / "setup_data" / "nhwa_indicators.json").read_text())
		}
		strings |= {r["region_name"] for r in json.loads((data / "setup_data" / "regions.json").read_text())}
		self.assertGreater(len(strings), 90)
		for lang in ("ru", "kk"):
			self.assertEqual(sorted(strings - set(get_translations_from_csv(lang, "profregister"))), [], lang)

	def test_frappes_own_desk_speaks_kazakh(self):
		"""Frappe ships no Kazakh: the app ships its most-seen desk strings."""
		frappe.local.lang = "kk"
		frappe.local.lang_full_dict = None
		for source in ("Save", "New", "Search or type a command", "Logout", "Filter", "Not Saved"):
			self.assertNotEqual(_(source), source, source)
		frappe.local.lang = "ru"
		frappe.local.lang_full_dict = None
		self.assertEqual(_("New {0}").format(_("Employment")), "Новая запись: Трудоустройство")

	def test_criteria_are_found_and_shown_in_the_users_language(self):
		"""A Russian or Kazakh search of the criterion link finds it by its translated name (CPD Criterion is
		a translated doctype: its link titles show in the user's language)."""
		from frappe.desk.search import search_link

		self.assertTrue(frappe.get_meta("CPD Criterion").translated_doctype)
		for lang, text in (("ru", "Цикл повышения"), ("kk", "Біліктілікті арттыру")):
			frappe.local.lang = lang
			frappe.local.lang_full_dict = None
			found = search_link("CPD Criterion", text)
			self.assertIn("01", [row["value"] for row in found], lang)
