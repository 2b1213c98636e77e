"""Figures for ./scripts/benchmark: each prints as one JSON object. Later capabilities register theirs."""

import frappe

from profregister.demo import make_demo


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


FIGURES = {
	"synthetic_load_rows_per_s": synthetic_load_rows_per_s,
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
		yield {"figure": name, "workers": workers, **measured}
