import json

import frappe
from frappe.model import no_value_fields
from frappe.utils import cstr, flt, getdate, now_datetime

from profregister.services.platform.bulk import literal

NUMERIC = {"Int", "Float", "Currency", "Percent", "Check"}


def changed_fields(doc) -> set[str]:
	"""Fields whose value differs from the saved one, compared by type (form dates come as strings)."""
	before = doc.get_doc_before_save()
	if not before:
		return set()

	def normal(df, value):
		if df.fieldtype in NUMERIC:
			return flt(value)
		if df.fieldtype == "Date":
			return getdate(value) if value else None
		return cstr(value)

	return {
		df.fieldname
		for df in doc.meta.fields
		if df.fieldtype not in no_value_fields
		and normal(df, doc.get(df.fieldname)) != normal(df, before.get(df.fieldname))
	}


def update_many(doctype: str, updates: dict[str, dict]):
	"""One UPDATE for many records, each with its own values (a CASE per field), `modified` stamped."""
	if not updates:
		return
	by_field: dict[str, list] = {}
	for name, values in updates.items():
		for field, value in values.items():
			by_field.setdefault(field, []).extend((name, value))
	sets, params = ["`modified` = %s", "`modified_by` = %s"], [now_datetime(), frappe.session.user]
	for field, pairs in by_field.items():
		whens = " ".join(["when %s then %s"] * (len(pairs) // 2))
		sets.append(f"`{field}` = case `name` {whens} else `{field}` end")
		params += pairs
	names = list(updates)
	frappe.db.sql(
		f"update `tab{doctype}` set {', '.join(sets)} where `name` in ({', '.join(['%s'] * len(names))})",
		[*params, *names],
	)


def update_each(
	doctype: str, updates: dict[str, dict], same: dict | None = None, only_if: dict | None = None
) -> int:
	"""One UPDATE for many records, each with its own text values (`updates`: name -> {field: value},
	the same fields for all) and `same` values for all, of the records that still hold the `only_if`
	values; returns how many it changed.
	The values come as one JSON document joined by name (JSON_TABLE): a CASE per field would scan its
	whole list for every row, and a derived table of thousands of SELECTs costs its parse."""
	if not updates:
		return 0
	fields = list(next(iter(updates.values())))
	document = json.dumps([[name, *(values[f] for f in fields)] for name, values in updates.items()])
	# The table's own collation, so that the join reads the primary key.
	text = "character set utf8mb4 collate utf8mb4_unicode_ci"
	columns = ", ".join(
		[f"`name` varchar(140) {text} path '$[0]'"]
		+ [f"`{f}` longtext {text} path '$[{n}]'" for n, f in enumerate(fields, start=1)]
	)
	sets = [f"t.`{f}` = v.`{f}`" for f in fields] + [
		f"t.`{f}` = {literal(v)}" for f, v in (same or {}).items()
	]
	conditions = "".join(f" and t.`{f}` = {literal(v)}" for f, v in (only_if or {}).items())
	frappe.db.sql(
		f"""update `tab{doctype}` t join json_table(%s, '$[*]' columns({columns})) v on v.`name` = t.`name`
		{conditions} set {", ".join(sets)}""",
		(document,),
	)
	return frappe.db._cursor.rowcount
