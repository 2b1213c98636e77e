"""Field history written in bulk (services/register/field_history) is the Version a form's save writes
for the same change: the form's timeline loads it and reads it alike."""

import json
from datetime import date

import frappe
from frappe.desk.form.load import get_versions

from profregister.services.register import field_history
from profregister.tests.factories import CleanTestCase, make_entity, make_worker, new_iin


class TestFieldHistory(CleanTestCase):
	def setUp(self):
		self.entity = make_entity("Astana").name

	def written(self, versions: field_history.Versions) -> dict:
		(name,) = (row["name"] for row in versions.rows)
		versions.write()
		return json.loads(frappe.db.get_value("Version", name, "data"))

	def test_a_change_is_recorded_as_a_save_records_it(self):
		worker = make_worker(self.entity, place_of_birth="Astana")
		worker.append("education", {"education_level": "Technical and vocational", "institution": "Колледж"})
		worker.save(ignore_permissions=True)
		before = frappe.get_doc("Health Worker", worker.name)
		worker.update(
			{
				"place_of_birth": "Караганда",
				"id_document_type": "Identity card",
				"id_document_issue_date": "2020-01-02",
			}
		)
		worker.education[0].institution = "Медуниверситет"
		worker.append("education", {"education_level": "Higher", "institution": "КазНМУ"})
		worker.save(ignore_permissions=True, ignore_version=False)
		saved = json.loads(
			frappe.get_last_doc(
				"Version", filters={"ref_doctype": "Health Worker", "docname": worker.name}
			).data
		)
		new_row = frappe.db.get_value("Health Worker Education", worker.education[1].name, "*", as_dict=True)

		versions = field_history.Versions()
		# As a set-based write knows the change: values as stored, in no particular order.
		versions.changed(
			"Health Worker",
			worker.name,
			[[f, before.get(f), worker.get(f)] for f in ("id_document_issue_date", "place_of_birth", "id_document_type",
				"education_level")],
			added=[("education", new_row)],
			row_changed=[("education", 0, worker.education[0].name, [["institution", "Колледж", "Медуниверситет"]])],
		)  # fmt: skip
		written = self.written(versions)

		self.assertEqual(written, as_recorded(saved))
		# Values as the form shows them, as a save records them.
		changed = {field: (old, new) for field, old, new in written["changed"]}
		self.assertEqual(changed["id_document_issue_date"], (None, frappe.format(date(2020, 1, 2), "Date")))
		# The form's timeline loads both, and reads both the same way.
		loaded = [as_recorded(json.loads(v.data)) for v in get_versions(worker)]
		self.assertEqual(loaded.count(written), 2)

	def test_a_record_made_by_an_importer_is_recorded_as_a_save_records_it(self):
		reference = {"doctype": "Register Import", "docname": "RI-TEST", "label": "RI-TEST"}
		worker = frappe.get_doc({"doctype": "Health Worker", "iin": new_iin(date(1985, 4, 12), "Female"),
			"last_name": "Testova", "first_name": "Aigerim", "current_entity": self.entity})  # fmt: skip
		worker.flags.updater_reference = reference
		worker.insert(ignore_permissions=True)
		saved = json.loads(frappe.get_last_doc("Version", filters={"docname": worker.name}).data)

		versions = field_history.Versions(updater_reference=reference)
		versions.created("Health Worker", worker.name)
		written = self.written(versions)

		self.assertEqual(written.keys(), saved.keys())
		self.assertEqual({**written, "creation": None}, {**saved, "creation": None})

	def test_nothing_shown_is_nothing_recorded(self):
		versions = field_history.Versions()
		versions.changed("Health Worker", "HW-NONE", [["place_of_birth", "Astana", "Astana"]])
		versions.changed("Health Worker", "HW-NONE", [])
		self.assertEqual(versions.rows, [])


def as_recorded(data: dict) -> dict:
	"""A Version's data without the state of a form's new row while it was saved (not of the record)."""
	for _table, row in data["added"]:
		row.pop("__unsaved", None)
	return data
