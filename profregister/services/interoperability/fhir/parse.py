"""A request's parameters, read and checked before any query: the search (domain/fhir/search.py), what
a verification-only client may ask, the parameters of _history. A refusal is a FHIRError, answered as an
OperationOutcome with its HTTP status (handler.py)."""

from datetime import datetime

from frappe import _

from profregister.domain.fhir.search import (
	COUNT_DEFAULT,
	ID_PATTERN,
	Condition,
	Search,
	date_range,
	parse_search,
)
from profregister.services.interoperability.fhir.clock import stored


class FHIRError(Exception):
	def __init__(self, status: int, code: str, message: str):
		super().__init__(message)
		self.status, self.code = status, code


def not_found(resource_type: str, resource_id: str) -> FHIRError:
	return FHIRError(404, "not-found", _("{0}/{1} is not known").format(resource_type, resource_id))


def by_ids(resource_type: str, ids: list[str]) -> Search:
	"""The search for resources by id, one page holding them all (reads, includes, history)."""
	return Search(resource_type, [Condition("_id", "token", "", tuple((None, i) for i in ids))], len(ids))


def read_request(client, resource_type: str, resource_id: str) -> Search:
	if client.verification_only:
		raise FHIRError(403, "forbidden", _("A verification client searches practitioners by identifier"))
	if not ID_PATTERN.match(resource_id):
		raise not_found(resource_type, resource_id)
	return by_ids(resource_type, [resource_id])


def search_request(client, resource_type: str, params: list, strict: bool = True) -> Search:
	search = parse_search(resource_type, params, strict)
	if client.verification_only:
		names = {c.name for c in search.conditions}
		if resource_type != "Practitioner" or "identifier" not in names or search.include or search.total:
			raise _verification_only()
		# Each identifier it gives names one person: `system|` (any code) would list them all.
		if any(code is None for c in search.conditions if c.name == "identifier" for _s, code in c.values):
			raise _verification_only()
	return search


# What _history takes (_format is read before routing, api/public.py); another name is refused when
# strict, and otherwise ignored, as in a search.
HISTORY_PARAMETERS = ("_since", "_count", "_cursor", "_format")


def history_request(
	client, resource_type: str, params: list, resource_id: str | None = None, strict: bool = True
) -> tuple[datetime, int, str | None]:
	"""(since, page size, cursor) of a _history request: of a type, which needs _since, or of one
	resource (`resource_id`), from its beginning unless _since says otherwise."""
	if client.verification_only:
		raise _verification_only()
	if resource_id is not None and not ID_PATTERN.match(resource_id):
		raise not_found(resource_type, resource_id)
	since, count, cursor = None, COUNT_DEFAULT, None
	for key, value in params:
		if key == "_since":
			_prefix, moment, _end = date_range(value, "_since")
			since = stored(moment)
		elif key == "_count":
			count = parse_search(resource_type, [("_count", value)]).count
			if count == 0:
				raise FHIRError(400, "invalid", _("_history pages hold at least one entry"))
		elif key == "_cursor":
			cursor = value
		elif key not in HISTORY_PARAMETERS and strict:
			raise FHIRError(400, "invalid", _("Unknown parameter {0} for _history").format(key))
	if since is None and resource_id is not None:
		since = datetime.min
	if since is None:
		raise FHIRError(400, "invalid", _("_history needs _since"))
	return since, count, cursor


def _verification_only() -> FHIRError:
	return FHIRError(403, "forbidden", _("A verification client searches practitioners by identifier only"))
