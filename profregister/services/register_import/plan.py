"""Planning a chunk of a Register Import: the register's records for the chunk's IINs, read with four
queries, and for each row what will be inserted or updated (domain/register_import.plan)."""

from collections import Counter

import frappe

from profregister.access import audit
from profregister.domain import register_import as ri

WORKER_COLUMNS = [
	"name",
	"status",
	"full_name",
	"current_entity",
	"education_level",
	*ri.WORKER_FIELDS.values(),
]
EMPLOYMENT_COLUMNS = ["name", "health_worker", "is_main", *ri.EMPLOYMENT_FIELDS.values()]
CERTIFICATE_COLUMNS = ["name", "health_worker", *ri.CERTIFICATE_FIELDS.values()]
EDUCATION_COLUMNS = ["name", "parent", "idx", *ri.EDUCATION_FIELDS.values()]


def plan_chunk(checks, parsed: list) -> tuple[list, list, Counter]:
	"""The chunk's rows (as `checks.read` gives them) against the register: (values, held, changes) of
	each row to write, (number, cells, problems) of each row that cannot be, and the count of each kind."""
	held = held_records({values["iin"] for _n, _c, values, _p in parsed if "iin" in values})
	plans, failed, kinds = [], [], Counter()
	for number, cells, values, problems in parsed:
		record = held.get(values.get("iin"))
		problems = checks.row(number, values, problems, record)
		changes = []
		if not problems:
			changes, problems = ri.plan(values, record)
		if problems:
			kinds["error"] += 1
			failed.append((number, cells, problems))
			continue
		kinds[ri.kind(changes)] += 1
		if changes:
			plans.append((values, record, changes))
	return plans, failed, kinds


def held_records(iins: set[str]) -> dict[str, ri.Held]:
	"""The workers with these IINs and their employments, certificates and education: four queries."""
	if not iins:
		return {}
	workers = frappe.get_all("Health Worker", filters={"iin": ("in", list(iins))}, fields=WORKER_COLUMNS)
	# Each registered worker the file matched is a read of their record: noted, written with the chunk.
	audit.record([w.name for w in workers], "Import match", "Desk")
	held = {w.iin: ri.Held(dict(w)) for w in workers}
	by_name = {w.name: held[w.iin] for w in workers}
	if not by_name:
		return held
	names = list(by_name)
	for doctype, columns, key, attribute in (
		("Employment", EMPLOYMENT_COLUMNS, "health_worker", "employments"),
		("Specialist Certificate", CERTIFICATE_COLUMNS, "health_worker", "certificates"),
		("Health Worker Education", EDUCATION_COLUMNS, "parent", "education"),
	):
		filters = {key: ("in", names)}
		if doctype == "Health Worker Education":
			filters["parenttype"] = "Health Worker"
		for row in frappe.get_all(doctype, filters=filters, fields=columns):
			getattr(by_name[row[key]], attribute).append(dict(row))
	return held
