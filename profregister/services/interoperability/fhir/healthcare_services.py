"""ITI-90 search of HealthcareService: what each entity offers by specialty, from its employments and its
staffing lines (the register holds no other list of services). One service per (entity, specialty) that
has ever had either, with a deterministic id (domain/fhir/resources.service_id); active while a current
employment or a staffing line in force with approved posts has it.

Set-based: a page picks its entities first (the first entities after the cursor that have a line or an
employment with a specialty, along the entity-led indexes of both tables, in the client's scope), then
reads the services of those entities only, a query per table."""

from datetime import date

import frappe
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count, Max
from frappe.utils import getdate, today
from pypika.terms import Criterion

from profregister.access import clients
from profregister.access.gate import request_cache
from profregister.domain.fhir.resources import (
	healthcare_service,
	service_id,
	specialty_keys,
	split_service_id,
)
from profregister.domain.fhir.search import Search
from profregister.domain.fhir.systems import CS_SPECIALTY, SID_HEALTHCARE_SERVICE
from profregister.services.interoperability.fhir.clock import published
from profregister.services.interoperability.fhir.criteria import (
	date_match,
	region_trees,
	string_match,
	token_codes,
)
from profregister.services.interoperability.fhir.paging import Found

# A page's entities are read in rounds until the page is full: filters that only the services can answer
# (active, _lastUpdated) may leave an entity with nothing to show.
ROUNDS = 4


def catalogue() -> dict[str, dict]:
	"""The specialties by name, each with its code, group and key (one query per request)."""
	cache = request_cache("profregister_fhir_specialties")
	if "rows" not in cache:
		rows = frappe.get_all("Specialty", fields=["name", "code", "specialty_group"], order_by="name")
		keys = specialty_keys([(r.name, r.code) for r in rows])
		cache["rows"] = {r.name: {**r, "key": keys[r.name]} for r in rows}
	return cache["rows"]


def specialties_of(service_ids) -> list[tuple[str, str]]:
	"""(entity, specialty name) of each HealthcareService id that names a specialty of the catalogue."""
	by_key = {s["key"]: name for name, s in catalogue().items()}
	pairs = [split_service_id(i) for i in service_ids]
	return [(entity, by_key[key]) for entity, key in pairs if key in by_key]


def service_of(entity: str, specialty: str | None) -> str | None:
	"""The id of the HealthcareService an employment or a staffing line belongs to."""
	found = catalogue().get(specialty) if specialty else None
	return service_id(entity, found["key"]) if found else None


def healthcare_services(client, search: Search, after=None) -> Found:
	narrowing, tests = _conditions(search)
	if narrowing is None:
		return Found([], total=0 if search.total else None)
	total = _total(client, narrowing) if search.total and not tests else None
	if search.count == 0:
		return Found([], total=total)
	after_id = after[0] if after else ""
	start, inclusive = split_service_id(after_id)[0], True
	shown, exhausted = [], False
	for _round in range(ROUNDS):
		entities = _entities(client, narrowing, start, inclusive, search.count + 1)
		services = _services(client, entities, narrowing)
		shown += [s for s in services if s["id"] > after_id and all(test(s) for test in tests)]
		exhausted = len(entities) <= search.count
		if entities:
			start, inclusive = entities[-1], False
		if exhausted or len(shown) > search.count:
			break
	page = shown[: search.count]
	full = len(shown) > search.count
	# A page the rounds could not fill goes on after the last entity read, every service of which it holds.
	last = [page[-1]["id"]] if full else [service_id(start, "~")]
	return Found([healthcare_service(s) for s in page], full or not exhausted, last, total)


def _total(client, narrowing: dict) -> int:
	"""The number of (entity, specialty) pairs with a line or an employment, in the client's scope."""
	parts = []
	for table in (DocType("Employment"), DocType("Staffing Table")):
		query = frappe.qb.from_(table).select(table.healthcare_entity, table.specialty)
		query = query.where(table.specialty.isnotnull())
		parts.append(_narrowed(query, table, narrowing, client))
	pairs = (parts[0] + parts[1]).as_("pairs")  # UNION: each pair once
	return frappe.qb.from_(pairs).select(Count("*")).run()[0][0]


def _conditions(search: Search):
	"""(what narrows the entities and specialties read, tests of each service), or (None, _) when a
	condition can match nothing."""
	narrowing = {"entities": None, "specialties": None}
	tests = []
	for condition in search.conditions:
		name, values = condition.name, condition.values
		if name in ("_id", "identifier"):
			systems = (SID_HEALTHCARE_SERVICE,) if name == "identifier" else ()
			codes = token_codes(condition, systems) if systems else [c for _s, c in values if c]
			ids = set(codes)
			tests.append(lambda s, ids=ids: s["id"] in ids)
			pairs = specialties_of(ids)
			_narrow(narrowing, "entities", {e for e, _n in pairs})
			_narrow(narrowing, "specialties", {n for _e, n in pairs})
		elif name == "organization":
			_narrow(narrowing, "entities", set(values))
		elif name == "location":
			_narrow_location(narrowing, values)
		elif name in ("service-type", "specialty"):
			codes = set(token_codes(condition, (CS_SPECIALTY,)))
			known = catalogue().items()
			_narrow(narrowing, "specialties", {n for n, s in known if n in codes or s["code"] in codes})
		elif name == "name":
			match = string_match(condition)
			_narrow(narrowing, "specialties", {n for n in catalogue() if match(n)})
		elif name == "active":
			wanted = set(values)
			tests.append(lambda s, wanted=wanted: bool(s["active"]) in wanted)
		elif name == "_lastUpdated":
			within = date_match(condition)
			tests.append(lambda s, within=within: within(s["modified"]))
	if any(v is not None and not v for v in narrowing.values()):
		return None, tests
	return narrowing, tests


def _narrow(narrowing: dict, key: str, values: set):
	narrowing[key] = values if narrowing[key] is None else narrowing[key] & values


def _narrow_location(narrowing: dict, location_ids):
	"""A site names its entity; a region, the entities of its tree (through the entity's region)."""
	sites = {i[len("site-") :] for i in location_ids if i.startswith("site-")}
	regions = region_trees(location_ids)
	if regions:
		entity = DocType("Healthcare Entity")
		sites |= {
			r[0] for r in frappe.qb.from_(entity).select(entity.name)
			.where(entity.region.isin(regions) | entity.district.isin(regions)).run()
		}  # fmt: skip
	_narrow(narrowing, "entities", sites)


def _entities(client, narrowing: dict, after: str, inclusive: bool, limit: int) -> list[str]:
	"""The first `limit` entities after `after` with a staffing line or an employment of a specialty,
	in the client's scope: each table read along its entity-led index, the two merged."""
	found = set()
	for table in (DocType("Employment"), DocType("Staffing Table")):
		query = (
			frappe.qb.from_(table)
			.select(table.healthcare_entity)
			.distinct()
			.where(table.specialty.isnotnull())
			.where(table.healthcare_entity >= after if inclusive else table.healthcare_entity > after)
		)
		query = _narrowed(query, table, narrowing, client)
		found.update(r[0] for r in query.orderby(table.healthcare_entity).limit(limit).run())
	return sorted(found)[:limit]


def _narrowed(query, table, narrowing: dict, client):
	"""`query` on Employment or Staffing Table limited to the search's entities and specialties, and to
	the client's scope by the entity's region (as its Organization is): a set of entities, which the
	entity-led indexes answer without reading the rows."""
	if narrowing["entities"] is not None:
		query = query.where(table.healthcare_entity.isin(sorted(narrowing["entities"])))
	if narrowing["specialties"] is not None:
		query = query.where(table.specialty.isin(sorted(narrowing["specialties"])))
	if client.regions is None:
		return query
	entity = DocType("Healthcare Entity")
	in_scope = clients.restrict(frappe.qb.from_(entity).select(entity.name), entity.region, client)
	return query.where(table.healthcare_entity.isin(in_scope))


def _services(client, entities: list[str], narrowing: dict) -> list[dict]:
	"""The services of these entities, by id: when last changed, whether offered today."""
	if not entities:
		return []
	day = getdate(today())
	merged: dict[tuple, dict] = {}
	for entity, specialty, modified, active in [*_employed(client, entities, narrowing, day),
		*_staffed(client, entities, narrowing, day)]:  # fmt: skip
		service = merged.setdefault((entity, specialty), {"modified": modified, "active": False})
		service["modified"] = max(service["modified"], modified)
		service["active"] = service["active"] or active
	entity = DocType("Healthcare Entity")
	names = dict(
		frappe.qb.from_(entity)
		.select(entity.name, entity.entity_name)
		.where(entity.name.isin(entities))
		.run()
	)
	services = []
	for (bin_, specialty), service in merged.items():
		known = catalogue().get(specialty)
		if not known:
			continue
		services.append({**service, "id": service_id(bin_, known["key"]), "entity": bin_,
			"entity_name": names.get(bin_), "specialty": specialty, "specialty_code": known["code"],
			"specialty_group": known["specialty_group"], "last_updated": published(service["modified"])})  # fmt: skip
	return sorted(services, key=lambda s: s["id"])


def _employed(client, entities, narrowing, day: date) -> list[tuple]:
	job = DocType("Employment")
	current = Max((job.start_date <= day) & (job.end_date.isnull() | (job.end_date >= day)))
	query = (
		frappe.qb.from_(job)
		.select(job.healthcare_entity, job.specialty, Max(job.modified), current)
		.where(job.healthcare_entity.isin(entities))
		.where(job.specialty.isnotnull())
		.groupby(job.healthcare_entity, job.specialty)
	)
	query = _narrowed(query, job, narrowing, client)
	return [(e, s, m, bool(a)) for e, s, m, a in query.run()]


def _staffed(client, entities, narrowing, day: date) -> list[tuple]:
	"""Each staffing line (entity, position, specialty): offered while its row in force (the latest on or
	before today) approves posts."""
	table = DocType("Staffing Table")
	query = (
		frappe.qb.from_(table)
		.select(table.healthcare_entity, table.position, table.specialty, table.effective_from,
			table.approved_fte, table.modified)
		.where(table.healthcare_entity.isin(entities))
		.where(table.specialty.isnotnull())
	)  # fmt: skip
	query = _narrowed(query, table, narrowing, client)
	in_force: dict[tuple, tuple] = {}
	changed: dict[tuple, object] = {}
	for entity, position, specialty, effective, approved, modified in query.run():
		line = (entity, position, specialty)
		changed[line] = max(changed.get(line, modified), modified)
		if effective and effective <= day and (line not in in_force or effective > in_force[line][0]):
			in_force[line] = (effective, approved)
	return [
		(entity, specialty, at, bool(in_force.get((entity, position, specialty), (None, 0))[1]))
		for (entity, position, specialty), at in changed.items()
	]


def criterion_of_services(entity_column, specialty_column, service_ids) -> Criterion:
	"""PractitionerRole?service=: the roles at the service's entity in its specialty."""
	terms = [(entity_column == e) & (specialty_column == n) for e, n in specialties_of(service_ids)]
	return Criterion.any(terms) if terms else None
