"""The patch of the population estimates: the country's 1 January 2025 figure is revised only while it
is the first release, and the regions sourced since are added; the NHWA report names the release."""

from datetime import date

import frappe
from frappe.utils import formatdate

from profregister.patches import population_estimates_2026 as patch
from profregister.tests.factories import CleanTestCase
from profregister.workforce_analytics.report.nhwa_indicators.nhwa_indicators import releases

REVISED = 20283399
NEW_REGIONS = {"Abai Region": 595676, "North Kazakhstan Region": 514156}
NEW_DATE = "2026-01-01"


class TestPopulationEstimatePatch(CleanTestCase):
	"""Nothing here commits: the class rolls the estimates back to what the site held."""

	def country_estimate(self, population: int, source_url: str) -> str:
		"""The country's 1 January 2025 record, holding the figure given (as an earlier version shipped it,
		or as an administrator changed it)."""
		filters = {"region": patch.COUNTRY, "reference_date": patch.REFERENCE_DATE}
		name = frappe.db.get_value("Population Estimate", filters)
		if not name:
			doc = frappe.get_doc({"doctype": "Population Estimate", **filters, "population": population,
				"source_url": source_url}).insert(ignore_permissions=True)  # fmt: skip
			return doc.name
		frappe.db.set_value(
			"Population Estimate", name, {"population": population, "source_url": source_url, "note": ""}
		)
		return name

	def without_new_regions(self):
		frappe.db.delete(
			"Population Estimate", {"region": ("in", list(NEW_REGIONS)), "reference_date": NEW_DATE}
		)

	def test_the_first_release_is_revised_and_new_regions_are_added(self):
		first = "https://en.tengrinews.kz/kazakhstan_news/population-of-kazakhstan-as-of-january-1-2025"
		name = self.country_estimate(patch.FIRST_RELEASE, first)
		self.without_new_regions()
		patch.execute()
		revised = frappe.db.get_value(
			"Population Estimate", name, ["population", "source_url", "note"], as_dict=True
		)
		self.assertEqual(revised.population, REVISED)
		self.assertIn("zakon.kz", revised.source_url)
		self.assertIn("20,286,084", revised.note)
		added = frappe.get_all(
			"Population Estimate",
			filters={"region": ("in", list(NEW_REGIONS)), "reference_date": NEW_DATE},
			fields=["region", "population", "source_url"],
		)
		self.assertEqual({row.region: row.population for row in added}, NEW_REGIONS)
		self.assertTrue(all(row.source_url for row in added))
		# Run again (a migrate after the patch), nothing doubles.
		patch.execute()
		self.assertEqual(
			frappe.db.count(
				"Population Estimate", {"region": ("in", list(NEW_REGIONS)), "reference_date": NEW_DATE}
			),
			len(NEW_REGIONS),
		)

	def test_an_administrators_figure_is_left_alone(self):
		own = "https://stat.gov.kz/"
		name = self.country_estimate(20290000, own)
		patch.execute()
		kept = frappe.db.get_value("Population Estimate", name, ["population", "source_url"], as_dict=True)
		self.assertEqual((kept.population, kept.source_url), (20290000, own))

	def test_the_report_names_the_release_it_used(self):
		self.country_estimate(patch.FIRST_RELEASE, "https://en.tengrinews.kz/")
		patch.execute()
		before_2026 = releases(date(2025, 6, 30))
		self.assertIn(formatdate("2025-01-01"), before_2026)
		self.assertIn("zakon.kz", before_2026)
		since_2026 = releases(date(2026, 6, 30))
		self.assertIn(formatdate(NEW_DATE), since_2026)
		self.assertIn("astanatimes.com", since_2026)
		self.assertNotIn("zakon.kz", since_2026)
