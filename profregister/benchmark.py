"""Figures for ./scripts/benchmark: each prints as one JSON object. Each capability registers its own."""

import time

import frappe
from frappe.utils import add_days, create_batch, getdate, today

from profregister.demo import make_demo
from profregister.services import certificates


def synthetic_load_rows_per_s(workers: int, force_load: bool) -> dict:
	result = make_demo(workers, force=force_load)
	seconds = result.get("seconds") or float(frappe.db.get_default("profregister_demo_load_seconds") or 0)
	if not result["reused"]:
		frappe.db.set_default("profregister_demo_load_seconds", str(seconds))
		frappe.db.commit()
	return {
		"value": round(workers / seconds, 1) if seconds else 0,
		"unit": "rows_per_s",
		"reused_site": result["reused"],
	}


def expiry_job(workers: int) -> list[dict]:
	"""The certificate job on the national dataset: a first run that catches up on everything due,
	then an ordinary day. State left by earlier runs is reset first, so figures are comparable."""
	_reset_certificate_lifecycle()
	day = getdate(today())
	figures = []
	for name, run_on in (("expiry_job_catchup", add_days(day, -1)), ("expiry_job", day)):
		queries = _questions()
		started = time.perf_counter()
		made = certificates.process(run_on)
		seconds = time.perf_counter() - started
		# The second SHOW STATUS is itself a statement.
		count = _questions() - queries - 1
		figures += [
			{"figure": f"{name}_s", "value": round(seconds, 2), "unit": "s", **made},
			{"figure": f"{name}_queries", "value": count, "unit": "queries", **made},
		]
	return figures


def _questions() -> int:
	return int(frappe.db.sql("show session status like 'Questions'")[0][1])


def _reset_certificate_lifecycle():
	"""Undo what earlier runs of the certificate job did on the benchmark site (set-based)."""
	frappe.db.sql("update `tabSpecialist Certificate` set expiry_notice_sent_on = null")
	frappe.db.sql(
		"""update `tabHealth Worker` set status = 'Active', blocked_since = null, blocking_certificate = null,
		block_reason = null where status = 'Blocked'"""
	)
	frappe.db.delete("Notification Log", {"document_type": "Health Worker"})
	frappe.db.delete(
		"Version", {"ref_doctype": "Health Worker", "data": ("like", '%"status", "Active", "Blocked"%')}
	)
	queued = frappe.get_all("Email Queue", filters={"reference_doctype": "Health Worker"}, pluck="name")
	for chunk in create_batch(queued, 10000):
		frappe.db.delete("Email Queue Recipient", {"parent": ("in", chunk)})
		frappe.db.delete("Email Queue", {"name": ("in", chunk)})
	frappe.db.commit()


FIGURES = {
	"synthetic_load_rows_per_s": synthetic_load_rows_per_s,
	"expiry_job": expiry_job,
}


def run(workers: int, only: str | None = None):
	"""Yield one dict per figure. Data are loaded first (reused when the site already holds `workers`)."""
	if only and only not in FIGURES:
		frappe.throw(f"Unknown figure {only}; known: {', '.join(FIGURES)}")
	load = FIGURES["synthetic_load_rows_per_s"](workers, force_load=only == "synthetic_load_rows_per_s")
	for name, figure in FIGURES.items():
		if only and name != only:
			continue
		measured = load if name == "synthetic_load_rows_per_s" else figure(workers)
		# A figure function measures one figure (a dict) or several related ones (a list).
		for one in measured if isinstance(measured, list) else [{"figure": name, **measured}]:
			yield {"workers": workers, **one}
