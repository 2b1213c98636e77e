"""Workers' highest education level, kept on the record from now on (the form's save and the Register
Import derive it), filled once from their education rows: one UPDATE."""

import frappe

from profregister.domain.occupations import EDUCATION_LEVELS


def execute():
	ranks = ", ".join(frappe.db.escape(level) for level in EDUCATION_LEVELS)
	frappe.db.sql(
		f"""update `tabHealth Worker` worker
		left join (
			select parent, elt(max(field(education_level, {ranks})), {ranks}) as level
			from `tabHealth Worker Education` where parenttype = 'Health Worker' group by parent
		) education on education.parent = worker.name
		set worker.education_level = education.level"""
	)
