"""Search parameters as SQL conditions (frappe.qb), and as Python tests for the few rows filtered in
memory (the region tree of Location)."""

from pypika.terms import Criterion, CustomFunction, ValueWrapper

from profregister.domain.fhir.search import date_bounds
from profregister.services.interoperability.fhir.parse import system_time

BINARY = CustomFunction("BINARY", ["value"])


def all_of(criteria) -> Criterion:
	"""The conditions AND-ed, those a parameter does not restrict (None) left out."""
	return Criterion.all([c for c in criteria if c is not None])


def never() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(0)


def always() -> Criterion:
	return ValueWrapper(1) == ValueWrapper(1)


def token_codes(condition, systems: tuple[str, ...]) -> list[str]:
	"""The codes of a token condition whose system is one of `systems` (or is not given)."""
	return [code for system, code in condition.values if code and (system is None or system in systems)]


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


def date_criterion(column, condition) -> Criterion:
	prefix, start, end = condition.values[0]
	low, high, negate = date_bounds(prefix, system_time(start), system_time(end))
	terms = []
	if low is not None:
		terms.append(column >= low)
	if high is not None:
		terms.append(column < high if high != low else column <= high)
	criterion = Criterion.all(terms)
	return criterion.negate() if negate else criterion


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
	prefix, start, end = condition.values[0]
	low, high, negate = date_bounds(prefix, system_time(start), system_time(end))

	def within(moment) -> bool:
		inside = (low is None or moment >= low) and (
			high is None or moment < high or (high == low and moment <= high)
		)
		return inside != negate

	return within
