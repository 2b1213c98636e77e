"""Accredited CPD providers: additional education in medical specialties only by organisations with
institutional accreditation (order of 31.12.2025 amending DSM-303/2020), on the ministry's list (rules of
the list: order of 09.02.2026).

Evidence of a governed criterion dated on or after the day the rule governs it earns no CU unless its
provider was on the list on the activity's date; earlier evidence is judged as before. Which criteria
are governed, and from when, are dated switches (Regulatory Parameters `PARAMETER_PREFIX<n>`: 1 governs
criterion n from its effective date, 0 stops)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date

from profregister.domain import identifiers
from profregister.domain.credit_units import Valuation
from profregister.domain.errors import DomainError, _
from profregister.domain.import_cells import identifier, parse_date
from profregister.domain.text import text_problem

PARAMETER_PREFIX = "cpd_accredited_provider_criterion_"
NOT_LISTED = _("The organiser is not on the list of accredited organisations of additional education")
NOT_ACCREDITED = _("Provider {0} was not on the list of accredited organisations on {1}")
# The columns of the ministry's list as loaded from a file, in this order (a header row comes first).
COLUMNS = (
	("bin", "BIN"),
	("name_ru", "Name (ru)"),
	("name_kk", "Name (kk)"),
	("accreditation_body", "Accreditation body"),
	("valid_from", "Valid from"),
	("valid_to", "Valid to"),
)
REQUIRED = ("bin", "name_ru", "accreditation_body", "valid_from")
TEXT_LENGTH = 255
ROW_PROBLEM = _("Row {0}, {1}: {2}")


@dataclass(frozen=True)
class Accreditation:
	valid_from: date
	valid_to: date | None = None

	def covers(self, day: date) -> bool:
		return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class Governance:
	"""For each governed criterion, its dated switches (effective from, 1 governed or 0 not)."""

	switches: Mapping[int, tuple[tuple[date, float], ...]]

	def governs(self, criterion: int, day: date) -> bool:
		in_force = [row for row in self.switches.get(criterion, ()) if row[0] <= day]
		return bool(in_force) and bool(max(in_force)[1])

	def names(self, criterion: int) -> bool:
		"""Whether the list matters to the criterion at all (its free-text organiser is flagged)."""
		return any(value for _day, value in self.switches.get(criterion, ()))

	def since(self) -> date | None:
		"""The earliest day any switch takes effect: evidence before it is never re-judged."""
		return min((day for rows in self.switches.values() for day, _value in rows), default=None)


def governance_from_records(records: Iterable[Mapping]) -> Governance:
	"""From Regulatory Parameter Value rows (parent, effective_from, value) of `PARAMETER_PREFIX<n>`."""
	switches: dict[int, list[tuple[date, float]]] = {}
	for record in records:
		number = record["parent"].removeprefix(PARAMETER_PREFIX)
		if number.isdigit():
			day = record["effective_from"]
			day = date.fromisoformat(day) if isinstance(day, str) else day
			switches.setdefault(int(number), []).append((day, float(record["value"])))
	return Governance({number: tuple(rows) for number, rows in switches.items()})


def judgement(
	governance: Governance,
	criterion: int,
	provider: str | None,
	on_date: date,
	accreditations: Mapping[str, Accreditation],
) -> DomainError | None:
	"""Why the evidence earns no CU (the reason, as a message with its arguments), or None."""
	if not governance.governs(criterion, on_date):
		return None
	if not provider:
		return DomainError(NOT_LISTED)
	accreditation = accreditations.get(provider)
	if accreditation is None or not accreditation.covers(on_date):
		return DomainError(NOT_ACCREDITED, provider, on_date)
	return None


def judged(valuation: Valuation, reason: str | None) -> Valuation:
	"""The valuation as the rule leaves it: no CU, and why, for evidence the rule refuses."""
	return replace(valuation, credit_units=0.0, reason=reason) if reason else valuation


def parse_row(number: int, cells: list) -> dict:
	"""One row of the ministry's list as a provider's values; the error names the row and the column."""
	cells = [*cells, *[None] * len(COLUMNS)][: len(COLUMNS)]
	values = {}
	for (field, label), cell in zip(COLUMNS, cells, strict=True):
		try:
			values[field] = parse_cell(field, cell)
		except DomainError as error:
			raise DomainError(ROW_PROBLEM, number, label, error) from None
		if field in REQUIRED and not values[field]:
			raise DomainError(ROW_PROBLEM, number, label, DomainError(_("the value is required")))
	if values["valid_to"] and values["valid_to"] < values["valid_from"]:
		raise DomainError(
			ROW_PROBLEM, number, "Valid to", DomainError(_("the accreditation ends before it starts"))
		)
	return values


def parse_cell(field: str, cell):
	text = "" if cell is None else cell
	if not str(text).strip():
		return None if field in ("valid_from", "valid_to") else ""
	if field in ("valid_from", "valid_to"):
		return parse_date(text)
	if field == "bin":
		return identifiers.validate_bin(identifier(text))
	text = " ".join(str(text).split())
	# As every save refuses it (services/platform/checks.py): a formula, markup, control characters.
	problem = text_problem(text, TEXT_LENGTH)
	if problem:
		raise DomainError(*problem)
	return text


def parse_list(rows: Iterable[tuple[int, list]]) -> list[dict]:
	"""Every row of the list after its header, checked; a BIN twice is refused (which row is meant?)."""
	providers, seen = [], {}
	for number, cells in rows:
		if number == 1 or not any(str(cell or "").strip() for cell in cells):
			continue
		values = parse_row(number, list(cells))
		if values["bin"] in seen:
			again = DomainError(_("BIN {0} is already on row {1}"), values["bin"], seen[values["bin"]])
			raise DomainError(ROW_PROBLEM, number, "BIN", again)
		seen[values["bin"]] = number
		providers.append(values)
	return providers
