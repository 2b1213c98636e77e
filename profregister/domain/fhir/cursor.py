"""Paging: an opaque keyset cursor, signed so that a client can neither forge nor alter it, and bound to
one search (its query key)."""

import base64
import hashlib
import hmac
import json

from profregister.domain.errors import DomainError, _


def make_cursor(position: list, query_key: str, secret: str) -> str:
	payload = base64.urlsafe_b64encode(json.dumps([position, query_key]).encode()).decode().rstrip("=")
	signature = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:24]
	return f"{payload}.{signature}"


def read_cursor(cursor: str, query_key: str, secret: str) -> list:
	payload, _sep, signature = cursor.partition(".")
	expected = hmac.new(secret.encode(), payload.encode(), hashlib.sha256).hexdigest()[:24]
	if not hmac.compare_digest(signature, expected):
		raise DomainError(_("The paging cursor is not valid"))
	position, key = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
	if key != query_key:
		raise DomainError(_("The paging cursor belongs to another search"))
	return position
