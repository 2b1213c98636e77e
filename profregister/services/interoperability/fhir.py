"""The FHIR R4 directory (IHE mCSD ITI-90 search, ITI-91 updates) over the register's tables, for API
clients (Register API Client) within their scope. Set-based: a page is a few queries whatever its size.

The scope comes from the client's live record (gate.api_client): national, a region and
everything under it, or verification only (Practitioner by identifier, no personal data). A client
without personal data gets no IIN, birth date or address. Every request is written to the Register
Access Log: who, what, when, how many records.
"""

import hashlib
from datetime import datetime
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import frappe
from frappe import _
from frappe.query_builder import DocType
from frappe.query_builder.functions import Count
from frappe.utils import get_system_timezone, get_url, getdate, now_datetime, today
from pypika.functions import Concat
from pypika.terms import Criterion, CustomFunction, ValueWrapper

from profregister import __version__
from profregister.access import gate
from profregister.domain import certificates as certificate_rules
from profregister.domain import fhir
from profregister.domain.errors import DomainError
from profregister.services.certificates.lifecycle import NOTICE_MONTHS
from profregister.services.platform import checks
from profregister.services.platform.errors import localise
from profregister.services.platform.parameters import get_parameter

BASE_PATH = "/fhir/R4"
BINARY = CustomFunction("BINARY", ["value"])


class FHIRError(Exception):
	def __init__(self, status: int, code: str, message: str):
		super().__init__(message)
		self.status, self.code = status, code


def base_url() -> str:
	return get_url(BASE_PATH)


def handle(method: str, path: str, args) -> tuple[int, dict]:
	"""(HTTP status, FHIR resource) for a request to BASE_PATH/`path` with query `args` (a MultiDict)."""
	parts = [p for p in path.split("/") if p]
	interaction, resource_type, records, status = "read", parts[0] if parts else "", 0, 200
	try:
		if method not in ("GET", "HEAD"):
			raise FHIRError(405, "not-supported", _("The directory is read-only: use GET"))
		if parts == ["metadata"]:
			interaction = "capabilities"
			return 200, fhir.capability_statement(base_url(), __version__, today())
		client = gate.api_client()
		if client is None:
			if frappe.session.user == "Guest":
				raise FHIRError(401, "login", _("Authenticate with the API key of a Register API Client"))
			raise FHIRError(403, "forbidden", _("This account is not a Register API Client"))
		if resource_type not in fhir.RESOURCES:
			raise FHIRError(404, "not-found", _("Unknown resource type {0}").format(resource_type))
		params = [(k, v) for k, v in args.items(multi=True)]
		if len(parts) == 1:
			interaction = "search"
			body = search(client, resource_type, params, path)
		elif parts[1:] == ["_history"]:
			interaction = "history"
			body = history(client, resource_type, params, path)
		elif len(parts) == 2:
			body = read(client, resource_type, parts[1])
		else:
			raise FHIRError(404, "not-found", _("Unknown path"))
		records = len([e for e in body.get("entry", []) if e.get("search", {}).get("mode") != "include"]) or (
			1 if body.get("resourceType") == resource_type else 0
		)
		return 200, body
	except FHIRError as error:
		status = error.status
		return status, fhir.outcome(error.code, str(error))
	except DomainError as error:
		status = 400
		return status, fhir.outcome("invalid", _(error.message).format(*map(localise, error.args_)))
	finally:
		log(interaction, resource_type, records, status)


def log(interaction: str, resource_type: str, records: int, status: int):
	"""One row per request, written with the request (GET requests are committed for it)."""
	client = gate.api_client()
	request = frappe.local.request
	now = now_datetime()
	frappe.db.bulk_insert(
		"Register Access Log",
		["name", "creation", "modified", "owner", "modified_by", "client", "user", "interaction",
			"resource_type", "records", "status_code", "address", "request"],
		[[frappe.generate_hash(length=12), now, now, frappe.session.user, frappe.session.user,
			client.client if client else None, frappe.session.user, interaction, resource_type[:140],
			records, status, checks.client_address()[:140], request.full_path[:2000]]],
	)  # fmt: skip
	frappe.local.flags.commit = True


# Read and search


def read(client, resource_type: str, resource_id: str) -> dict:
	if client.scope == "Verification only":
		raise FHIRError(403, "forbidden", _("A verification client searches practitioners by identifier"))
	if not fhir.ID_PATTERN.match(resource_id):
		raise FHIRError(404, "not-found", _("{0}/{1} is not known").format(resource_type, resource_id))
	found = SEARCHERS[resource_type](client, fhir.Search(resource_type, [fhir.Condition("_id", "token", "", ((None, resource_id),))], 1))  # fmt: skip
	if not found.rows:
		# Outside the client's scope looks the same as not existing.
		raise FHIRError(404, "not-found", _("{0}/{1} is not known").format(resource_type, resource_id))
	return found.rows[0]


def search(client, resource_type: str, params: list, path: str) -> dict:
	query = fhir.parse_search(resource_type, params)
	if client.scope == "Verification only":
		names = {c.name for c in query.conditions}
		if resource_type != "Practitioner" or "identifier" not in names or query.include or query.total:
			raise FHIRError(
				403, "forbidden", _("A verification client searches practitioners by identifier only")
			)
	key = _query_key(resource_type, params)
	after = fhir.read_cursor(query.cursor, key, _secret()) if query.cursor else None
	found = SEARCHERS[resource_type](client, query, after)
	included = []
	for include in query.include:
		included += INCLUDERS[include](client, found.rows)
	next_url = None
	if found.more:
		cursor = fhir.make_cursor(found.last, key, _secret())
		next_url = _url(path, [(k, v) for k, v in params if k != "_cursor"] + [("_cursor", cursor)])
	return fhir.searchset(base_url(), _url(path, params), found.rows, included, next_url, found.total)


def _query_key(resource_type: str, params: list) -> str:
	"""What a cursor belongs to: the search without its cursor (and without the page size)."""
	kept = sorted((k, v) for k, v in params if k not in ("_cursor", "_count"))
	return hashlib.sha256(repr((resource_type, kept, frappe.session.user)).encode()).hexdigest()[:16]


def _secret() -> str:
	return (
		frappe.local.conf.get("encryption_key") or frappe.local.conf.get("db_password") or frappe.local.site
	)


def _url(path: str, params: list) -> str:
	return f"{base_url()}/{path.strip('/')}" + (f"?{urlencode(params)}" if params else "")


class Found:
	def __init__(self, rows, more=False, last=None, total=None):
		self.rows, self.more, self.last, self.total = rows, more, last, total


def _instant(value: datetime) -> str:
	"""A stored (system-time) timestamp as a FHIR instant."""
	return value.replace(tzinfo=ZoneInfo(get_system_timezone())).isoformat(timespec="milliseconds")


def _system_time(moment: datetime) -> datetime:
	if moment.tzinfo is None:
		return moment
	return moment.astimezone(ZoneInfo(get_system_timezone())).replace(tzinfo=None)


def _date_criterion(column, condition) -> Criterion:
	prefix, start, end = condition.values[0]
	low, high, negate = fhir.date_bounds(prefix, _system_time(start), _system_time(end))
	terms = []
	if low is not None:
		terms.append(column >= low)
	if high is not None:
		terms.append(column < high if high != low else column <= high)
	criterion = Criterion.all(terms)
	return criterion.negate() if negate else criterion


def _string_criterion(columns, condition) -> Criterion:
	terms = []
	for value in condition.values:
		for column in columns:
			if condition.modifier == "exact":
				terms.append(BINARY(column) == value)
			else:
				pattern = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
				terms.append(
					column.like(f"%{pattern}%" if condition.modifier == "contains" else f"{pattern}%")
				)
	return Criterion.any(terms)


def _token_codes(condition, systems: tuple[str, ...]) -> list[str]:
	"""The codes of a token condition whose system is one of `systems` (or is not given)."""
	return [code for system, code in condition.values if code and (system is None or system in systems)]


def _page(query, key_column, search, after, count_query=None) -> tuple[list, bool, int | None]:
	if after:
		query = query.where(key_column > after[0])
	rows = query.orderby(key_column).limit(search.count + 1).run(as_dict=True)
	total = None
	if search.total and count_query is not None:
		total = count_query.run()[0][0]
	return rows[: search.count], len(rows) > search.count, total


def _never() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(0)


def _always() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(1)


# Practitioner


def practitioners(client, search: fhir.Search, after=None) -> Found:
	worker, certificate = DocType("Health Worker"), DocType("Specialist Certificate")
	criteria = []
	if client.regions is not None:
		criteria.append(worker.current_region.isin(list(client.regions) or [""]))
	for condition in search.conditions:
		if condition.name == "_id":
			criteria.append(worker.name.isin(_token_codes(condition, (fhir.SID_HEALTH_WORKER,)) or [""]))
		elif condition.name == "active":
			wanted = set(condition.values)
			if wanted == {True}:
				criteria.append(worker.status == "Active")
			elif wanted == {False}:
				criteria.append(worker.status != "Active")
		elif condition.name == "identifier":
			criteria.append(_worker_identifier(client, worker, certificate, condition))
		elif condition.name in ("name", "given", "family"):
			columns = {"name": [worker.full_name, worker.first_name, worker.last_name],
				"given": [worker.first_name, worker.patronymic], "family": [worker.last_name]}[condition.name]  # fmt: skip
			criteria.append(_string_criterion(columns, condition))
		elif condition.name == "_lastUpdated":
			changed = (
				frappe.qb.from_(certificate)
				.select(certificate.health_worker)
				.where(_date_criterion(certificate.modified, condition))
			)
			criteria.append(_date_criterion(worker.modified, condition) | worker.name.isin(changed))
	where = Criterion.all(criteria)
	fields = [worker.name, worker.iin, worker.last_name, worker.first_name, worker.patronymic, worker.full_name,
		worker.sex, worker.date_of_birth, worker.residence_address, worker.status, worker.modified,
		worker.blocking_certificate]  # fmt: skip
	query = frappe.qb.from_(worker).select(*fields).where(where)
	count = frappe.qb.from_(worker).select(Count("*")).where(where)
	rows, more, total = _page(query, worker.name, search, after, count)
	return Found(_practitioner_resources(client, rows), more, [rows[-1].name] if rows else None, total)


def _worker_identifier(client, worker, certificate, condition) -> Criterion:
	terms = []
	for system, code in condition.values:
		if not code:
			continue
		if system == fhir.SID_IIN and not client.personal_data:
			raise FHIRError(403, "security", _("This client may not search by IIN"))
		holders = (
			frappe.qb.from_(certificate)
			.select(certificate.health_worker)
			.where(certificate.certificate_number == code)
		)
		if system in (None, fhir.SID_HEALTH_WORKER):
			terms.append(worker.name == code)
		if system in (None, fhir.SID_IIN) and client.personal_data:
			terms.append(worker.iin == code)
		if system in (None, fhir.SID_CERTIFICATE):
			terms.append(worker.name.isin(holders))
	return Criterion.any(terms) if terms else _never()


def _practitioner_resources(client, rows: list) -> list[dict]:
	if not rows:
		return []
	certificate, specialty = DocType("Specialist Certificate"), DocType("Specialty")
	held = (
		frappe.qb.from_(certificate)
		.left_join(specialty)
		.on(specialty.name == certificate.specialty)
		.select(
			certificate.name,
			certificate.health_worker,
			certificate.certificate_number,
			certificate.specialty,
			specialty.code.as_("specialty_code"),
			certificate.issue_date,
			certificate.valid_until,
			certificate.issuing_body,
			certificate.modified,
		)
		.where(certificate.health_worker.isin([r.name for r in rows]))
		.orderby(certificate.valid_until, order=frappe.qb.desc)
		.run(as_dict=True)
	)
	day = getdate(today())
	notice = int(get_parameter(NOTICE_MONTHS, day))
	by_worker: dict[str, list] = {}
	for c in held:
		by_worker.setdefault(c.health_worker, []).append(c)
	resources = []
	for row in rows:
		certificates = by_worker.get(row.name, [])
		for c in certificates:
			c.state = certificate_rules.state(
				getdate(c.valid_until), notice, day, row.blocking_certificate == c.name
			)[0]
		row.last_updated = _instant(max([row.modified, *(c.modified for c in certificates)]))
		resources.append(fhir.practitioner(row, certificates, client.personal_data))
	return resources


# PractitionerRole


def practitioner_roles(client, search: fhir.Search, after=None) -> Found:
	employment, specialty = DocType("Employment"), DocType("Specialty")
	criteria = []
	if client.regions is not None:
		criteria.append(employment.region.isin(list(client.regions) or [""]))
	day = getdate(today())
	for condition in search.conditions:
		if condition.name == "_id":
			criteria.append(employment.name.isin(_token_codes(condition, (fhir.SID_EMPLOYMENT,)) or [""]))
		elif condition.name == "active":
			started = (employment.start_date <= day) & (
				employment.end_date.isnull() | (employment.end_date >= day)
			)
			wanted = set(condition.values)
			if wanted == {True}:
				criteria.append(started)
			elif wanted == {False}:
				criteria.append(started.negate())
		elif condition.name == "location":
			criteria.append(_located(employment.healthcare_entity, employment.region, condition.values))
		elif condition.name == "organization":
			criteria.append(employment.healthcare_entity.isin(list(condition.values)))
		elif condition.name == "practitioner":
			criteria.append(employment.health_worker.isin(list(condition.values)))
		elif condition.name == "role":
			criteria.append(employment.position.isin(_token_codes(condition, (fhir.CS_POSITION,)) or [""]))
		elif condition.name == "specialty":
			codes = _token_codes(condition, (fhir.CS_SPECIALTY,)) or [""]
			criteria.append(employment.specialty.isin(codes) | specialty.code.isin(codes))
		elif condition.name == "service":
			criteria.append(_never())  # the register publishes no HealthcareService
		elif condition.name == "_lastUpdated":
			criteria.append(_date_criterion(employment.modified, condition))
	where = Criterion.all(criteria)
	query = (
		frappe.qb.from_(employment)
		.left_join(specialty)
		.on(specialty.name == employment.specialty)
		.select(
			employment.name,
			employment.health_worker,
			employment.worker_name,
			employment.healthcare_entity,
			employment.entity_name,
			employment.position,
			employment.specialty,
			specialty.code.as_("specialty_code"),
			employment.start_date,
			employment.end_date,
			employment.modified,
		)
		.where(where)
	)
	count = frappe.qb.from_(employment).left_join(specialty).on(specialty.name == employment.specialty)
	count = count.select(Count("*")).where(where)
	rows, more, total = _page(query, employment.name, search, after, count)
	for row in rows:
		row.last_updated = _instant(row.modified)
	return Found(
		[fhir.practitioner_role(r, day) for r in rows], more, [rows[-1].name] if rows else None, total
	)


def _located(entity_column, region_column, location_ids) -> Criterion:
	"""At a site (site-BIN) or anywhere in a region's tree (region-CODE)."""
	sites = [i[len("site-") :] for i in location_ids if i.startswith("site-")]
	codes = [i[len("region-") :] for i in location_ids if i.startswith("region-")]
	terms = [entity_column.isin(sites)] if sites else []
	if codes:
		regions = frappe.get_all("Region", filters={"code": ("in", codes)}, pluck="name")
		terms.append(region_column.isin(gate.with_descendants(regions) or [""]))
	return Criterion.any(terms) if terms else _never()


def include_practitioners(client, roles: list[dict]) -> list[dict]:
	ids = sorted({r["practitioner"]["reference"].split("/")[1] for r in roles if r.get("practitioner")})
	if not ids:
		return []
	# The practitioner of a role in the client's scope is in scope with it.
	unscoped = gate.ClientScope(client.client, client.scope, None, client.personal_data)
	condition = fhir.Condition("_id", "token", "", tuple((None, i) for i in ids))
	return practitioners(unscoped, fhir.Search("Practitioner", [condition], len(ids))).rows


# Organization


def organizations(client, search: fhir.Search, after=None) -> Found:
	entity = DocType("Healthcare Entity")
	criteria = []
	if client.regions is not None:
		criteria.append(entity.region.isin(list(client.regions) or [""]))
	for condition in search.conditions:
		if condition.name == "_id":
			criteria.append(entity.name.isin(_token_codes(condition, (fhir.SID_BIN,)) or [""]))
		elif condition.name == "identifier":
			criteria.append(entity.name.isin(_token_codes(condition, (fhir.SID_BIN,)) or [""]))
		elif condition.name == "active" and set(condition.values) == {False}:
			criteria.append(_never())
		elif condition.name == "name":
			criteria.append(_string_criterion([entity.entity_name], condition))
		elif condition.name == "type":
			criteria.append(_entity_type(entity, condition))
		elif condition.name == "partof":
			criteria.append(_never())  # entities are not part of one another in the register
		elif condition.name == "_lastUpdated":
			criteria.append(_date_criterion(entity.modified, condition))
	where = Criterion.all(criteria)
	query = (
		frappe.qb.from_(entity)
		.select(entity.name, entity.entity_name, entity.entity_type, entity.ownership, entity.modified)
		.where(where)
	)
	rows, more, total = _page(
		query, entity.name, search, after, frappe.qb.from_(entity).select(Count("*")).where(where)
	)
	for row in rows:
		row.last_updated = _instant(row.modified)
	return Found([fhir.organization(r) for r in rows], more, [rows[-1].name] if rows else None, total)


def _entity_type(entity, condition) -> Criterion:
	terms = []
	for system, code in condition.values:
		if system in (None, fhir.MCSD_SYSTEM) and code == fhir.MCSD_FACILITY:
			terms.append(_always())
		if system in (None, fhir.CS_ENTITY_TYPE) and code:
			terms.append(entity.entity_type == code)
		if system in (None, fhir.CS_OWNERSHIP) and code:
			terms.append(entity.ownership == code)
	return Criterion.any(terms) if terms else _never()


def include_organizations(client, locations: list[dict]) -> list[dict]:
	ids = sorted({loc["managingOrganization"]["reference"].split("/")[1] for loc in locations
		if loc.get("managingOrganization")})  # fmt: skip
	if not ids:
		return []
	condition = fhir.Condition("_id", "token", "", tuple((None, i) for i in ids))
	return organizations(client, fhir.Search("Organization", [condition], len(ids))).rows


# Location: the region tree (a few dozen rows, filtered here) and each entity's site (in SQL)


def locations(client, search: fhir.Search, after=None) -> Found:
	regions = _regions(client)
	by_name = {r.name: r for r in regions}
	entity = DocType("Healthcare Entity")
	criteria = []
	if client.regions is not None:
		criteria.append(entity.region.isin(list(client.regions) or [""]))
	wanted_regions = list(regions)
	for condition in search.conditions:
		wanted_regions, criterion = _location_condition(condition, wanted_regions, by_name, entity)
		criteria.append(criterion)
	ids = sorted(fhir.region_id(r.code) for r in wanted_regions)
	last = after[0] if after else ""
	region_rows = [r for r in sorted(wanted_regions, key=lambda r: fhir.region_id(r.code))
		if fhir.region_id(r.code) > last]  # fmt: skip
	where = Criterion.all(criteria)
	query = (
		frappe.qb.from_(entity)
		.select(entity.name, entity.entity_name, entity.address, entity.region, entity.modified)
		.where(where)
	)
	if last.startswith("site-"):
		query = query.where(entity.name > last[len("site-") :])
	sites = query.orderby(entity.name).limit(search.count + 1).run(as_dict=True)
	for row in sites:
		row.region_code = by_name[row.region].code if row.region in by_name else None
		row.last_updated = _instant(row.modified)
	for row in region_rows:
		row.last_updated = _instant(row.modified)
		row.parent_code = by_name[row.parent_region].code if row.parent_region in by_name else None
	merged = [fhir.region_location(r) for r in region_rows] + [fhir.site_location(s) for s in sites]
	page = merged[: search.count]
	total = None
	if search.total:
		total = len(ids) + frappe.qb.from_(entity).select(Count("*")).where(where).run()[0][0]
	return Found(page, len(merged) > search.count, [page[-1]["id"]] if page else None, total)


def _regions(client) -> list:
	rows = frappe.get_all(
		"Region", fields=["name", "region_name", "region_type", "code", "parent_region", "modified"]
	)
	# Regions without a code cannot be named in FHIR; the shipped tree has ISO 3166-2 codes for all.
	return [r for r in rows if r.code and fhir.ID_PATTERN.match(fhir.region_id(r.code))
		and (client.regions is None or r.name in client.regions)]  # fmt: skip


def _location_condition(condition, regions: list, by_name: dict, entity):
	"""(regions kept, criterion on sites) for one Location search parameter."""
	values = condition.values
	if condition.name == "_id":
		ids = {code for _system, code in values}
		return [r for r in regions if fhir.region_id(r.code) in ids], entity.name.isin(
			[i[len("site-") :] for i in ids if i.startswith("site-")] or [""]
		)
	if condition.name == "identifier":
		region_codes = set(_token_codes(condition, (fhir.SID_REGION,)))
		bins = _token_codes(condition, (fhir.SID_BIN,)) or [""]
		return [r for r in regions if r.code in region_codes], entity.name.isin(bins)
	if condition.name == "name":
		match = _python_string(condition)
		return [r for r in regions if match(r.region_name)], _string_criterion(
			[entity.entity_name], condition
		)
	if condition.name == "organization":
		return [], entity.name.isin(list(values))
	if condition.name == "status":
		active = "active" in _token_codes(condition, ("http://hl7.org/fhir/location-status",))
		return (regions, _always()) if active else ([], _never())
	if condition.name == "type":
		codes = set(_token_codes(condition, (fhir.MCSD_SYSTEM, fhir.CS_REGION_TYPE)))
		kept = [r for r in regions if fhir.MCSD_JURISDICTION in codes or r.region_type in codes]
		return kept, (_always()) if fhir.MCSD_FACILITY in codes else _never()
	if condition.name == "partof":
		parents = {by_name_code.name for by_name_code in by_name.values()
			if fhir.region_id(by_name_code.code) in set(values)}  # fmt: skip
		kept = [r for r in regions if r.parent_region in parents]
		return kept, (
			entity.region.isin(list(parents)) | entity.district.isin(list(parents))
		) if parents else _never()
	if condition.name == "_lastUpdated":
		prefix, start, end = condition.values[0]
		low, high, negate = fhir.date_bounds(prefix, _system_time(start), _system_time(end))

		def within(moment):
			inside = (low is None or moment >= low) and (
				high is None or moment < high or (high == low and moment <= high)
			)
			return inside != negate

		return [r for r in regions if within(r.modified)], _date_criterion(entity.modified, condition)
	raise FHIRError(
		400, "invalid", _("Unknown search parameter {0} for {1}").format(condition.name, "Location")
	)


def _python_string(condition):
	def match(text: str) -> bool:
		text = text or ""
		for value in condition.values:
			if condition.modifier == "exact" and text == value:
				return True
			if condition.modifier == "contains" and value.lower() in text.lower():
				return True
			if not condition.modifier and text.lower().startswith(value.lower()):
				return True
		return False

	return match


SEARCHERS = {
	"Practitioner": practitioners,
	"PractitionerRole": practitioner_roles,
	"Organization": organizations,
	"Location": locations,
}
INCLUDERS = {
	"PractitionerRole:practitioner": include_practitioners,
	"Location:organization": include_organizations,
}


# ITI-91: what changed since a moment, from the records' timestamps and Frappe's Deleted Documents


HISTORY_SOURCES = {
	# resource: (doctype, the column naming the resource, its id prefix, the region field of the scope)
	"Practitioner": (
		("Health Worker", "name", "", "current_region"),
		# A certificate is part of its holder's Practitioner (qualification).
		("Specialist Certificate", "health_worker", "", "region"),
	),
	"PractitionerRole": (("Employment", "name", "", "region"),),
	"Organization": (("Healthcare Entity", "name", "", "region"),),
	"Location": (("Region", "code", "region-", "name"), ("Healthcare Entity", "name", "site-", "region")),
}


def history(client, resource_type: str, params: list, path: str) -> dict:
	if client.scope == "Verification only":
		raise FHIRError(
			403, "forbidden", _("A verification client searches practitioners by identifier only")
		)
	since, count, cursor = None, fhir.COUNT_DEFAULT, None
	for key, value in params:
		if key == "_since":
			_prefix, moment, _end = fhir.date_range(value)
			since = _system_time(moment)
		elif key == "_count":
			count = fhir.parse_search(resource_type, [("_count", value)]).count
		elif key == "_cursor":
			cursor = value
		else:
			raise FHIRError(400, "invalid", _("Unknown parameter {0} for _history").format(key))
	if since is None:
		raise FHIRError(400, "invalid", _("_history needs _since"))
	query_key = _query_key(resource_type, [("_history", "1"), *params])
	after = tuple(fhir.read_cursor(cursor, query_key, _secret())) if cursor else None
	changes = _changes(client, resource_type, since, after, count + 1)
	page = changes[:count]
	resources = _current(client, resource_type, [c for c in page if c["method"] != "DELETE"])
	for change in page:
		change["resource"] = resources.get(change["id"])
		if change["method"] != "DELETE" and change["resource"] is None:
			change["method"] = "DELETE"  # out of the client's scope now: to this client it is gone
	next_url = None
	if len(changes) > count:
		cursor = fhir.make_cursor([page[-1]["at"], page[-1]["id"]], query_key, _secret())
		next_url = _url(path, [(k, v) for k, v in params if k != "_cursor"] + [("_cursor", cursor)])
	return fhir.history(base_url(), _url(path, params), page, next_url)


def _changes(client, resource_type: str, since: datetime, after, limit: int) -> list[dict]:
	"""Changes of the resource type since `since`, in (time, id) order after the cursor, at most
	`limit`: each source is read in that order with the cursor in SQL (an index range on modified)."""
	found = []
	after_at = datetime.fromisoformat(after[0]) if after else None
	for doctype, key, prefix, region_field in HISTORY_SOURCES[resource_type]:
		table = DocType(doctype)
		column = table[key]
		query = (
			frappe.qb.from_(table)
			.select(column.as_("id"), table.modified.as_("at"), table.creation.as_("made"))
			.where(table.modified >= max(since, after_at) if after_at else table.modified >= since)
			.where(column.isnotnull())
		)
		if client.regions is not None:
			query = query.where(table[region_field].isin(list(client.regions) or [""]))
		if after_at:
			resource_id = Concat(prefix, column) if prefix else column
			query = query.where((table.modified > after_at) | (resource_id > after[1]))
		rows = query.orderby(table.modified).orderby(column).limit(limit).run(as_dict=True)
		made_here = doctype != "Specialist Certificate"
		found += [
			{"id": prefix + row.id, "at_dt": row.at,
				"method": "POST" if made_here and row.made == row.at else "PUT"}
			for row in rows
		]  # fmt: skip
		found += _deletions(client, doctype, key, prefix, region_field, since)
	for change in found:
		change["at"] = change["at_dt"].isoformat()
		change["resource_type"] = resource_type
	found.sort(key=lambda c: (c["at"], c["id"]))
	if after:
		found = [c for c in found if (c["at"], c["id"]) > (after[0], after[1])]
	# One entry per resource and moment (a worker and their certificate saved together).
	unique = {(c["at"], c["id"]): c for c in found}
	return list(unique.values())[:limit]


def _deletions(client, doctype: str, key: str, prefix: str, region_field: str, since: datetime) -> list:
	"""Removed records, from Frappe's Deleted Documents (rare: the register dismisses, never deletes).
	A removed certificate is a change of its holder's Practitioner, which stays."""
	deleted = DocType("Deleted Document")
	rows = (
		frappe.qb.from_(deleted)
		.select(deleted.deleted_name, deleted.creation, deleted.data)
		.where(deleted.deleted_doctype == doctype)
		.where(deleted.creation >= since)
		.run(as_dict=True)
	)
	method = "PUT" if doctype == "Specialist Certificate" else "DELETE"
	changes = []
	for row in rows:
		data = frappe.parse_json(row.data) if row.data else {}
		if client.regions is not None and data.get(region_field) not in client.regions:
			continue
		resource_id = data.get(key) if key != "name" else row.deleted_name
		if resource_id:
			changes.append({"id": prefix + resource_id, "at_dt": row.creation, "method": method})
	return changes


def _current(client, resource_type: str, changes: list[dict]) -> dict[str, dict]:
	"""The current resources of the changed ids, in the client's scope (one search)."""
	if not changes:
		return {}
	condition = fhir.Condition("_id", "token", "", tuple((None, c["id"]) for c in changes))
	found = SEARCHERS[resource_type](client, fhir.Search(resource_type, [condition], len(changes)))
	return {r["id"]: r for r in found.rows}
