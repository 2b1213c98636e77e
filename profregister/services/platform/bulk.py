"""Bulk writes that any room may use (the access trail too): multi-row INSERTs of escaped literals."""

import frappe
from frappe.utils import create_batch
from pymysql.converters import escape_item, escape_string


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
