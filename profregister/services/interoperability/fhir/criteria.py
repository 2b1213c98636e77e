"""Search parameters as SQL conditions (frappe.qb), and as Python tests for the few rows filtered in
memory (the region tree of Location)."""

import frappe
from frappe.utils import now_datetime
from pypika.terms import Criterion, CustomFunction, ValueWrapper

from profregister.access.gate import with_descendants
from profregister.domain.fhir.search import date_bounds
from profregister.domain.fhir.systems import (
	CS_ENTITY_TYPE,
	MCSD_FACILITY,
	MCSD_JURISDICTION,
	MCSD_RETIRED,
	MCSD_RETIRED_SYSTEM,
	MCSD_TYPES,
	ROLE_CODE,
	SERVICE_DELIVERY,
	SERVICE_DELIVERY_DEFAULT,
)
from profregister.services.interoperability.fhir.clock import stored

BINARY = CustomFunction("BINARY", ["value"])


def all_of(criteria) -> Criterion:
	"""The conditions AND-ed, those a parameter does not restrict (None) left out."""
	return Criterion.all([c for c in criteria if c is not None])


def never() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(0)


def always() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(1)


def region_trees(location_ids) -> list[str]:
	"""The regions the `region-CODE` Location ids name, with everything under them (none: [])."""
	codes = [i[len("region-") :] for i in location_ids if i.startswith("region-")]
	regions = frappe.get_all("Region", filters={"code": ("in", codes)}, pluck="name") if codes else []
	return with_descendants(regions) if regions else []


def token_codes(condition, systems: tuple[str, ...]) -> list[str]:
	"""The codes of a token condition whose system is one of `systems` (or is not given)."""
	return [code for system, code in condition.values if code and (system is None or system in systems)]


def mcsd_types(condition) -> set[str]:
	"""The mCSD types (facility, jurisdiction) a `type` condition asks for, by the current code or by the
	one mCSD retired in 2022 (systems.MCSD_RETIRED says why it is still read)."""
	found = set()
	for system, code in condition.values:
		if system in (None, MCSD_TYPES) and code in (MCSD_FACILITY, MCSD_JURISDICTION):
			found.add(code)
		elif system == MCSD_TYPES and code is None:  # `system|`: any code of the system
			found.update((MCSD_FACILITY, MCSD_JURISDICTION))
		elif system in (None, MCSD_RETIRED_SYSTEM) and code in MCSD_RETIRED:
			found.add(MCSD_RETIRED[code])
	return found


def entity_type_criterion(column, condition) -> Criterion:
	"""A `type` condition on an entity's type: its own code (CS_ENTITY_TYPE) or the service delivery
	location type it is published with (v3-RoleCode)."""
	types = set(token_codes(condition, (CS_ENTITY_TYPE,)))
	role_codes = set(token_codes(condition, (ROLE_CODE,)))
	types.update(t for t, (code, _display) in SERVICE_DELIVERY.items() if code in role_codes)
	terms = [column.isin(sorted(types))] if types else []
	if SERVICE_DELIVERY_DEFAULT[0] in role_codes:  # the entities without a closer code
		terms.append(column.isnull() | column.notin(list(SERVICE_DELIVERY)))
	return Criterion.any(terms) if terms else never()


def token_criterion(column, condition, systems: tuple[str, ...]) -> Criterion:
	"""A token condition on one column (R4 search.html#token): `code` and `system|code` match the code,
	`system|` any code of that system (every row with a value), a system the column does not hold
	nothing."""
	codes, any_code = [], False
	for system, code in condition.values:
		if system is not None and system not in systems:
			continue
		if code is None:
			any_code = True
		else:
			codes.append(code)
	if any_code:
		return column.isnotnull() & (column != "")
	return column.isin(codes) if codes else never()


def boolean(condition, criterion: Criterion) -> Criterion | None:
	"""A boolean parameter on what `criterion` says is true; both values asked restrict nothing."""
	wanted = set(condition.values)
	if wanted == {True}:
		return criterion
	if wanted == {False}:
		return criterion.negate()
	return None


def date_criterion(column, condition, at_least=None) -> Criterion:
	"""A date condition (its values OR-ed) on a timestamp column, or on what `at_least(moment)` says is
	at or after `moment` (a timestamp made of several, such as a Practitioner's)."""
	at_least = at_least or (lambda moment: column >= moment)
	now = now_datetime()
	terms = []
	for prefix, start, end in condition.values:
		low, high, negate = date_bounds(prefix, stored(start), stored(end), now)
		within = all_of(
			[
				at_least(low) if low is not None else None,
				at_least(high).negate() if high is not None else None,
			]
		)
		terms.append(within.negate() if negate else within)
	return Criterion.any(terms)


def string_criterion(columns, condition) -> Criterion:
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


def string_match(condition):
	"""string_criterion as a test of a Python string."""

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


def date_match(condition):
	"""date_criterion as a test of a Python timestamp."""
	now = now_datetime()
	bounds = [date_bounds(p, stored(s), stored(e), now) for p, s, e in condition.values]

	def within(moment) -> bool:
		return any(
			((low is None or moment >= low) and (high is None or moment < high)) != negate
			for low, high, negate in bounds
		)

	return within
