"""The entry of the FHIR directory: a request to BASE_PATH answered with a resource or an OperationOutcome,
and written to the Register Access Log. Each interaction reads its request (parse), runs its queries
(query, changes) and renders the bundle (render) with its links (paging)."""

import hashlib
import hmac
from urllib.parse import urlencode

import frappe
from frappe import _
from frappe.utils import now_datetime, today
from frappe.utils.password import get_encryption_key

from profregister import __version__
from profregister.access import audit, clients, limits
from profregister.domain.errors import DomainError
from profregister.domain.fhir.bundle import outcome
from profregister.domain.fhir.capability import capability_statement
from profregister.domain.fhir.search import HISTORY, RESOURCES
from profregister.services.interoperability.fhir import changes, paging, parse, query, render
from profregister.services.interoperability.fhir.parse import FHIRError
from profregister.services.platform.errors import localise


def handle(path: str, args) -> tuple[int, dict]:
	"""(HTTP status, FHIR resource) for a GET of BASE_PATH/`path` with query `args` (a MultiDict); other
	methods are answered before routing (api/public.py check_fhir_request)."""
	parts = [p for p in path.split("/") if p]
	interaction, resource_type, records, status, body = "read", parts[0] if parts else "", 0, 200, None
	try:
		if parts == ["metadata"]:
			interaction = "capabilities"
			return 200, capability_statement(paging.base_url(), __version__, today())
		client = _client(resource_type)
		interaction = _interaction(parts)
		params = [(k, v) for k, v in args.items(multi=True)]
		if interaction == "search":
			body = search(client, resource_type, params, path, _strict())
		elif interaction == "history":
			body = history(
				client, resource_type, params, path, parts[1] if len(parts) == 3 else None, _strict()
			)
		else:
			body = read(client, resource_type, parts[1])
		records = len([e for e in body.get("entry", []) if e.get("search", {}).get("mode") != "include"]) or (
			1 if body.get("resourceType") == resource_type else 0
		)
		return 200, body
	except FHIRError as error:
		status = error.status
		return status, outcome(error.code, str(error))
	except DomainError as error:
		status = 400
		return status, outcome("invalid", _(error.message).format(*map(localise, error.args_)))
	except Exception:
		status = 500  # the log says so; api/public.py answers with a 500 OperationOutcome
		raise
	finally:
		log(interaction, resource_type, records, status, body)


def _strict() -> bool:
	"""Whether the client prefers unknown parameters refused (R4 http.html#ops, Prefer: handling=strict);
	the default is lenient, as R4 search.html#errors advises: they are ignored, and left out of the links."""
	prefer = frappe.request.headers.get("Prefer", "") if getattr(frappe, "request", None) else ""
	return "handling=strict" in {
		p.strip().lower().replace(" ", "") for p in prefer.replace(";", ",").split(",")
	}


def _client(resource_type: str) -> clients.ClientScope:
	client = clients.api_client()
	if client is None:
		if frappe.session.user == "Guest":
			raise FHIRError(401, "login", _("Authenticate with the API key of a Register API Client"))
		raise FHIRError(403, "forbidden", _("This account is not a Register API Client"))
	if resource_type not in RESOURCES:
		raise FHIRError(404, "not-found", _("Unknown resource type {0}").format(resource_type))
	return client


def _interaction(parts: list[str]) -> str:
	if len(parts) == 1:
		return "search"
	if parts[1:] == ["_history"] or (len(parts) == 3 and parts[2] == "_history"):
		return "history"
	if len(parts) == 2:
		return "read"
	raise FHIRError(404, "not-found", _("Unknown path"))


def log(interaction: str, resource_type: str, records: int, status: int, body: dict | None = None):
	"""One row per request, written with the request (GET requests are committed for it), and for a
	client with personal data one read per practitioner served (access/audit.py, flushed at that commit)."""
	client = clients.api_client()
	request = frappe.local.request
	now = now_datetime()
	if client and client.personal_data and body and interaction in ("read", "search", "history"):
		workers = practitioners(body)
		what = "FHIR read" if interaction == "read" else "FHIR search"
		audit.record(workers, what, "FHIR", request=logged_request(request))
	frappe.db.bulk_insert(
		"Register Access Log",
		["name", "creation", "modified", "owner", "modified_by", "client", "user", "interaction",
			"resource_type", "records", "status_code", "address", "request"],
		[[frappe.generate_hash(length=12), now, now, frappe.session.user, frappe.session.user,
			client.client if client else None, frappe.session.user, interaction, resource_type[:140],
			records, status, limits.client_address()[:140], logged_request(request)]],
	)  # fmt: skip
	frappe.local.flags.commit = True


def practitioners(body: dict) -> list[str]:
	"""The workers whose Practitioner resource a response holds (matches and includes alike)."""
	if body.get("resourceType") == "Practitioner":
		return [body["id"]]
	return [
		entry["resource"]["id"]
		for entry in body.get("entry") or ()
		if (entry.get("resource") or {}).get("resourceType") == "Practitioner"
	]


# Parameters that name a person: the log keeps a keyed hash of what was typed, never the value itself.
PERSONAL_PARAMETERS = frozenset({"iin", "surname", "identifier", "name", "given", "family"})


def logged_request(request) -> str:
	"""The request as the access log keeps it. An auditor who holds the site's key can still tell
	whether a given IIN was asked for; nobody reads an IIN, a name or a birth date off the log."""
	args = [
		(key, keyed_hash(value) if key.split(":")[0] in PERSONAL_PARAMETERS else value)
		for key, value in [*request.args.items(multi=True), *_posted(request)]
	]
	return (request.path + ("?" + urlencode(args, safe=":|,/") if args else ""))[:2000]


def _posted(request) -> list:
	"""The parameters of a search by POST, sent in its body."""
	return list(request.form.items(multi=True)) if request.method == "POST" else []


def keyed_hash(value: str) -> str:
	key = get_encryption_key().encode()
	return "hmac:" + hmac.new(key, value.strip().encode(), hashlib.sha256).hexdigest()[:32]


def read(client, resource_type: str, resource_id: str) -> dict:
	found = query.SEARCHERS[resource_type](client, parse.read_request(client, resource_type, resource_id))
	if not found.rows:
		# Outside the client's scope looks the same as not existing.
		raise parse.not_found(resource_type, resource_id)
	return found.rows[0]


def search(client, resource_type: str, params: list, path: str, strict: bool = True) -> dict:
	request = parse.search_request(client, resource_type, params, strict)
	params = [(k, v) for k, v in params if k not in request.ignored]  # the links say what was searched
	key = paging.query_key(resource_type, params)
	found = query.SEARCHERS[resource_type](client, request, paging.position(request.cursor, key))
	included = _included(client, request, found.rows)
	next_url = paging.next_url(path, params, found.last, key) if found.more else None
	return render.searchset(path, params, found, included, next_url)


def _included(client, request, matches: list[dict]) -> list[dict]:
	"""What _include and _revinclude add to the matches, each resource once (none of the matches again),
	each within the client's scope (the searches of query.py restrict it)."""
	included = []
	for include in dict.fromkeys(request.include):
		included += query.INCLUDERS[include](client, matches)
	for include in dict.fromkeys(request.revinclude):
		included += query.REVINCLUDERS[include](client, matches)
	seen = {(r["resourceType"], r["id"]) for r in matches}
	unique = []
	for resource in included:
		if (resource["resourceType"], resource["id"]) not in seen:
			seen.add((resource["resourceType"], resource["id"]))
			unique.append(resource)
	return unique


def history(
	client, resource_type: str, params: list, path: str, resource_id: str | None = None, strict: bool = True
) -> dict:
	"""A type's history, or one resource's (`resource_id`): since a moment, newest first."""
	if resource_type not in HISTORY:
		raise FHIRError(
			400, "not-supported", _("{0} has no history: it is derived, not versioned").format(resource_type)
		)
	since, count, cursor = parse.history_request(client, resource_type, params, resource_id, strict)
	params = [(k, v) for k, v in params if k in parse.HISTORY_PARAMETERS]  # the links say what was asked
	key = paging.query_key(resource_type, [("_history", resource_id or ""), *params])
	shown, more = changes.page(client, resource_type, since, paging.position(cursor, key), count, resource_id)
	if resource_id and not shown and not cursor:
		read(client, resource_type, resource_id)  # a resource that is not there (to this client): 404
	next_url = paging.next_url(path, params, changes.cursor(shown[-1]), key) if more else None
	return render.history(path, params, shown, next_url)
