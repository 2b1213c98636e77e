"""Building blocks shared by the analytics reports: the standard filters with the user's scope, counters."""

from frappe.query_builder.functions import Sum
from pypika.terms import Case

from profregister.services import scope

GROUPS = ("Region", "Healthcare Entity", "Specialty")


def filtered(
	query, filters, entity_field, region_field, specialty_field, worker_field=None, doctype="Health Worker"
):
	"""Region (with everything under it), entity and specialty filters, then the user's scope."""
	if filters.region:
		query = query.where(region_field.isin(scope.with_descendants(filters.region)))
	if filters.healthcare_entity:
		query = query.where(entity_field == filters.healthcare_entity)
	if filters.specialty:
		query = query.where(specialty_field == filters.specialty)
	return scope.restrict(
		query,
		entity_field=entity_field,
		region_field=region_field,
		worker_field=worker_field,
		doctype=doctype,
	)


def count_if(condition):
	return Sum(Case().when(condition, 1).else_(0))


def group_by(filters) -> str:
	return filters.group_by if filters.group_by in GROUPS else "Region"


def group_key(group_by: str, region_field, entity_field, specialty_field):
	"""The column a report groups on, among a table's region, entity and specialty columns."""
	return {"Region": region_field, "Healthcare Entity": entity_field, "Specialty": specialty_field}[group_by]
