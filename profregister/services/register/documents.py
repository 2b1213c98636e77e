import frappe
from frappe.model import no_value_fields
from frappe.utils import create_batch, cstr, flt, getdate, now_datetime
from pymysql.converters import escape_item, escape_string

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


def insert_rows(doctype: str, rows: list[dict], batch_size: int = 2000):
	"""Multi-row INSERTs, the values written into the statement as escaped literals (as Frappe's
	query builder writes them), a value the whole batch shares escaped once: Frappe's bulk_insert
	builds each statement through pypika, several times slower for an import of 100,000 rows."""
	if not rows:
		return
	fields = list(dict.fromkeys(f for row in rows for f in row))
	columns = ", ".join(f"`{f}`" for f in fields)
	for batch in create_batch(rows, batch_size):
		first = batch[0]
		shared = {
			f: literal(first[f]) for f in fields if all(f in row and row[f] == first[f] for row in batch)
		}
		values = ", ".join(
			"(" + ", ".join(shared[f] if f in shared else literal(row.get(f)) for f in fields) + ")"
			for row in batch
		)
		frappe.db.sql(f"insert into `tab{doctype}` ({columns}) values {values}")


def literal(value) -> str:
	"""A value as an SQL literal, escaped as the driver escapes it (strings, the common case, first)."""
	if type(value) is str:
		return "'" + escape_string(value) + "'"
	return escape_item(value, "utf8mb4")


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
):
	"""One UPDATE for many records, each with its own values (`updates`: name -> {field: value}, the
	same fields for all) and `same` values for all, of the records that still hold the `only_if` values.
	The values are joined as a derived table by name: a CASE per field would scan its whole list for
	every row, quadratic in the batch."""
	if not updates:
		return
	fields = list(next(iter(updates.values())))
	selects = []
	for name, values in updates.items():
		columns = [literal(name), *(literal(values[f]) for f in fields)]
		if not selects:
			# The first SELECT of a UNION names the columns.
			columns = [f"{c} as `{f}`" for c, f in zip(columns, ["name", *fields], strict=True)]
		selects.append(f"select {', '.join(columns)}")
	sets = [f"t.`{f}` = v.`{f}`" for f in fields] + [
		f"t.`{f}` = {literal(v)}" for f, v in (same or {}).items()
	]
	conditions = "".join(f" and t.`{f}` = {literal(v)}" for f, v in (only_if or {}).items())
	frappe.db.sql(
		f"""update `tab{doctype}` t join ({" union all ".join(selects)}) v on v.`name` = t.`name`
		{conditions} set {", ".join(sets)}"""
	)
