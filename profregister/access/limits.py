"""Rate limits on public pages and endpoints, per client address and per what is asked about."""

import frappe


def client_address() -> str:
	"""The client's address as the last trusted proxy saw it: Frappe's request_ip takes the first
	X-Forwarded-For entry, which the client writes itself."""
	request = frappe.local.request
	remote = request.remote_addr or ""
	trusted = set(frappe.conf.get("trusted_proxies") or ("127.0.0.1", "::1"))
	if remote not in trusted:
		return remote
	forwarded = [a.strip() for a in (request.headers.get("X-Forwarded-For") or "").split(",") if a.strip()]
	for address in reversed(forwarded):
		if address not in trusted:
			return address
	return remote


def over_limit(name: str, limit: int, seconds: int) -> bool:
	"""Count one hit of this client on `name`; True once it exceeds `limit` within the window."""
	return over_target_limit(name, client_address(), limit, seconds)


def over_target_limit(name: str, target: str, limit: int, seconds: int) -> bool:
	"""Count one hit on `name` about `target` (an address, or a keyed hash of what was asked, whoever
	asks); True once it exceeds `limit` within the window."""
	key = frappe.cache.make_key(f"profregister:limit:{name}:{target}")
	hits = frappe.cache.incrby(key, 1)
	if hits == 1:
		frappe.cache.expire(key, seconds)
	return hits > limit
