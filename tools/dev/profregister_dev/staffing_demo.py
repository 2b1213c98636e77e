"""Demo staffing tables that match the demo workforce, with some posts left vacant."""

import frappe
from frappe.utils import getdate, now, today

PREFIX = "STF-"


def load_staffing_tables(effective_from) -> int:
	"""Replace every Staffing Table row with one per line (entity, position, specialty) staffed today.

	Approved FTE = the filled FTE rounded up to 0.25, plus 0 to 2 FTE (in steps of 0.25) drawn from a
	hash of the line, so the same data always gives the same vacancies. One INSERT ... SELECT.
	"""
	frappe.db.sql("delete from `tabStaffing Table`")
	stamp, user = now(), frappe.session.user or "Administrator"
	frappe.db.sql(
		"""
		insert into `tabStaffing Table` (name, creation, modified, modified_by, owner, docstatus, idx,
			healthcare_entity, region, position, specialty, approved_fte, effective_from)
		select
			concat(%(prefix)s, lpad(row_number() over (order by line.healthcare_entity, line.position,
				line.specialty), 7, '0')),
			%(stamp)s, %(stamp)s, %(user)s, %(user)s, 0, 0,
			line.healthcare_entity, entity.region, line.position, line.specialty,
			ceil(line.filled * 4) / 4
				+ (crc32(concat_ws('|', line.healthcare_entity, line.position, line.specialty)) %% 9) * 0.25,
			%(effective_from)s
		from (
			select healthcare_entity, position, nullif(specialty, '') as specialty, sum(rate) as filled
			from `tabEmployment`
			where start_date <= %(day)s and (end_date is null or end_date >= %(day)s)
			group by healthcare_entity, position, nullif(specialty, '')
		) line
		join `tabHealthcare Entity` entity on entity.name = line.healthcare_entity
		""",
		{
			"prefix": PREFIX,
			"stamp": stamp,
			"user": user,
			"effective_from": getdate(effective_from),
			"day": getdate(today()),
		},
	)
	count = frappe.db.count("Staffing Table")
	# New rows entered in the desk continue the numbering after the loaded ones.
	frappe.db.sql(
		"insert into tabSeries (name, current) values (%s, %s) on duplicate key update current = %s",
		(PREFIX, count, count),
	)
	return count
