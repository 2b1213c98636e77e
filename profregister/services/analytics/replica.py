"""Reads that may run on a MariaDB replica: Frappe's `read_from_replica` (site config keys
`read_from_replica`, `replica_host`, `replica_db_port`) with `frappe.read_only`, which the desk's report
runs already use. Without a replica everything reads from the primary, unchanged."""

import frappe


def read(fn, *args, **kwargs):
	"""`fn(*args, **kwargs)` on the replica when the site reads from one.

	Frappe 15 swaps to the replica only on a request's first `read_only` call (it leaves the swapped
	connections on frappe.local); they are forgotten here once back on the primary, so that every call
	of a job or a command reads from the replica, not only the first."""
	try:
		return frappe.read_only()(fn)(*args, **kwargs)
	finally:
		primary = getattr(frappe.local, "primary_db", None)
		if primary is not None and frappe.local.db is primary:
			del frappe.local.primary_db
			del frappe.local.replica_db
