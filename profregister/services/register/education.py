"""A worker's highest education level, kept on the record (Health Worker.education_level) so that the
ISCO-08 level of nurses, midwives and pharmacists is read set-based. The form sets it on save; writers
of the education rows in bulk (the Register Import, the patch that filled it) recount it here."""

import frappe

from profregister.domain.occupations import EDUCATION_LEVELS


def refresh_levels(workers: list[str] | None = None):
	"""One UPDATE: each worker's highest level among their education rows (None: every worker)."""
	if workers is not None and not workers:
		return
	ranks = ", ".join(frappe.db.escape(level) for level in EDUCATION_LEVELS)
	of_workers = "and parent in %(workers)s" if workers is not None else ""
	frappe.db.sql(
		f"""update `tabHealth Worker` worker
		left join (
			select parent, elt(max(field(education_level, {ranks})), {ranks}) as level
			from `tabHealth Worker Education` where parenttype = 'Health Worker' {of_workers} group by parent
		) education on education.parent = worker.name
		set worker.education_level = education.level
		{"where worker.name in %(workers)s" if workers is not None else ""}""",
		{"workers": workers},
	)
