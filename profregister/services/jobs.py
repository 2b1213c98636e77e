"""How the app's nightly jobs survive faults: each batch is handled and committed on its own, and a
failing batch is rolled back and logged while the job goes on. The only place a job commits."""

import frappe


def in_isolated_batches(batches, handle, title: str) -> int:
	"""Sum of `handle(batch)` over the batches that succeed."""
	done = 0
	for batch in batches:
		try:
			done += handle(batch)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=title)
			frappe.db.commit()
	return done
