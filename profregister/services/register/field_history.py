"""Field history written in bulk: the Versions of changes made by set-based statements (the Register
Import), in the very shape a form's save gives them (frappe.core.doctype.version:
get_diff and Version.for_insert), so the form's timeline and whatever else reads Versions cannot tell
them apart."""

import frappe
from frappe.core.doctype.version.version import Version
from frappe.utils import now_datetime
from frappe.utils.formatters import format_value

from profregister.services.platform import bulk

# get_diff records these field types as stored; every other value as the form shows it.
AS_STORED = ("Markdown Editor", "Text Editor", "Code", "HTML Editor")


class Versions:
	"""The Versions of one batch of writes by the session user, inserted together by `write`.
	`updater_reference` ({doctype, docname, label}) names what made the changes, as an importer's
	save names it (doc.flags.updater_reference)."""

	def __init__(self, updater_reference: dict | None = None):
		self.updater_reference = updater_reference
		self.now, self.user = now_datetime(), frappe.session.user
		self.rows: list[dict] = []
		self.creation = None
		self.positions: dict[str, dict] = {}
		# A batch repeats the same few values (a status, a day): each is formatted once.
		self.formatted: dict[tuple, str] = {}

	def changed(self, doctype: str, docname: str, changed=(), added=(), row_changed=()):
		"""A save's diff, the values given as stored: `changed` as [field, before, after], `added` as
		(table field, the row as inserted), `row_changed` as (table field, row index, row name,
		[[field, before, after], ...]). Nothing is recorded when no change shows, as a save records none."""
		meta = frappe.get_meta(doctype)
		rows_changed = []
		for table, index, name, fields in row_changed:
			if shown := self.as_shown(meta.get_field(table).options, fields):
				rows_changed.append([table, index, name, shown])
		diff = {
			"changed": self.as_shown(doctype, changed),
			"added": [[table, added_row(meta, table, row)] for table, row in added],
			"removed": [],
			"row_changed": rows_changed,
			"data_import": None,
			"updater_reference": self.updater_reference,
		}
		if diff["changed"] or diff["added"] or rows_changed:
			self.add(doctype, docname, diff)

	def created(self, doctype: str, docname: str):
		"""A record made by an importer (Version.for_insert, which Frappe records only for one)."""
		if self.creation is None:
			# The same for every record of the batch: serialised once.
			self.creation = as_json(
				{"creation": self.now, "updater_reference": self.updater_reference, "created_by": self.user},
			)
		self.rows.append(self.row(doctype, docname, self.creation))

	def write(self):
		bulk.insert_rows("Version", self.rows)
		self.rows = []

	def add(self, doctype: str, docname: str, data: dict):
		self.rows.append(self.row(doctype, docname, as_json(data)))

	def row(self, doctype: str, docname: str, data: str) -> dict:
		return {"name": frappe.generate_hash(length=12), "creation": self.now, "modified": self.now,
			"owner": self.user, "modified_by": self.user, "docstatus": 0, "ref_doctype": doctype,
			"docname": docname, "data": data}  # fmt: skip

	def as_shown(self, doctype: str, changes) -> list:
		"""[field, before, after] as get_diff records them: in the form's order, each value formatted as
		the form shows it (in the session's language); a change that shows alike is none."""
		meta = frappe.get_meta(doctype)
		if doctype not in self.positions:
			self.positions[doctype] = {df.fieldname: n for n, df in enumerate(meta.fields)}
		position = self.positions[doctype]
		shown = []
		for field, before, after in sorted(
			changes, key=lambda change: position.get(change[0], len(position))
		):
			df = meta.get_field(field)
			if before != after and df and df.fieldtype not in AS_STORED:
				before, after = (self.shown(df, v) if v else v for v in (before, after))
			if before != after:
				shown.append([field, before, after])
		return shown

	def shown(self, df, value) -> str:
		key = (df.parent, df.fieldname, value)
		if key not in self.formatted:
			self.formatted[key] = format_value(value, df=df)
		return self.formatted[key]


def added_row(meta, table: str, row: dict) -> dict:
	"""A new row of a table as get_diff records it: the whole row, as its document gives itself."""
	return frappe.get_doc({**row, "doctype": meta.get_field(table).options}).as_dict()


def as_json(data: dict) -> str:
	Version.set_impersonator(data)
	# Sorted and compact, as Frappe writes a Version's data.
	return frappe.as_json(data, indent=None, separators=(",", ":"))
