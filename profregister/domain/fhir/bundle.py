"""What a search or a _history request returns (a searchset or history Bundle), and what a refused
request returns (an OperationOutcome)."""


def searchset(base: str, self_url: str, matches: list[dict], included: list[dict], next_url: str | None,
		total: int | None) -> dict:  # fmt: skip
	bundle = {
		"resourceType": "Bundle",
		"type": "searchset",
		"link": [{"relation": "self", "url": self_url}]
		+ ([{"relation": "next", "url": next_url}] if next_url else []),
	}
	if total is not None:
		bundle["total"] = total
	entries = [
		{"fullUrl": f"{base}/{r['resourceType']}/{r['id']}", "resource": r, "search": {"mode": mode}}
		for rows, mode in ((matches, "match"), (included, "include"))
		for r in rows
	]
	if entries:
		bundle["entry"] = entries
	return bundle


def history(base: str, self_url: str, changes: list[dict], next_url: str | None) -> dict:
	"""`changes`, newest first: {"resource_type", "id", "resource" (None when deleted), "method",
	"last_modified" (the published instant of the change)}."""
	entries = []
	for change in changes:
		entry = {
			"fullUrl": f"{base}/{change['resource_type']}/{change['id']}",
			"request": {"method": change["method"], "url": f"{change['resource_type']}/{change['id']}"},
			"response": {"status": "204 No Content" if change["method"] == "DELETE" else "200 OK"},
		}
		if change.get("last_modified"):
			entry["response"]["lastModified"] = change["last_modified"]
		if change.get("resource"):
			entry["resource"] = change["resource"]
		entries.append(entry)
	bundle = {
		"resourceType": "Bundle",
		"type": "history",
		"link": [{"relation": "self", "url": self_url}]
		+ ([{"relation": "next", "url": next_url}] if next_url else []),
	}
	if entries:
		bundle["entry"] = entries
	return bundle


def outcome(code: str, diagnostics: str, severity: str = "error") -> dict:
	return {
		"resourceType": "OperationOutcome",
		"issue": [{"severity": severity, "code": code, "diagnostics": diagnostics}],
	}
