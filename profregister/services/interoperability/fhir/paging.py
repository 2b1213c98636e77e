"""Pages and links: a page reads one row more than it shows to know whether another follows; the next page
starts after a keyset cursor, signed (domain/fhir/cursor.py) and bound to one search of one user."""

import hashlib
from urllib.parse import urlencode

import frappe
from frappe.utils import get_url

from profregister.domain.fhir.cursor import make_cursor, read_cursor

BASE_PATH = "/fhir/R4"


class Found:
	"""A page of resources, whether another follows, the key of its last row and the total if asked."""

	def __init__(self, rows, more=False, last=None, total=None):
		self.rows, self.more, self.last, self.total = rows, more, last, total


def base_url() -> str:
	return get_url(BASE_PATH)


def url(path: str, params: list) -> str:
	return f"{base_url()}/{path.strip('/')}" + (f"?{urlencode(params)}" if params else "")


def query_key(resource_type: str, params: list) -> str:
	"""What a cursor belongs to: the search without its cursor (and without the page size or format)."""
	kept = sorted((k, v) for k, v in params if k not in ("_cursor", "_count", "_format"))
	return hashlib.sha256(repr((resource_type, kept, frappe.session.user)).encode()).hexdigest()[:16]


def position(cursor: str | None, key: str) -> tuple | None:
	"""Where the page starts: after the position the cursor holds (None: at the beginning)."""
	return tuple(read_cursor(cursor, key, _secret())) if cursor else None


def next_url(path: str, params: list, last: list, key: str) -> str:
	cursor = make_cursor(last, key, _secret())
	return url(path, [(k, v) for k, v in params if k != "_cursor"] + [("_cursor", cursor)])


def _secret() -> str:
	return (
		frappe.local.conf.get("encryption_key") or frappe.local.conf.get("db_password") or frappe.local.site
	)


def keyset_page(query, key_column, search, after, count_query=None) -> tuple[list, bool, int | None]:
	"""(rows of the page, whether more follow, the total when the search asks for it)."""
	total = None
	if search.total and count_query is not None:
		total = count_query.run()[0][0]
	if search.count == 0:
		return [], False, total
	if after:
		query = query.where(key_column > after[0])
	rows = query.orderby(key_column).limit(search.count + 1).run(as_dict=True)
	return rows[: search.count], len(rows) > search.count, total


def last_key(rows: list) -> list | None:
	return [rows[-1].name] if rows else None
