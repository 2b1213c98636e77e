"""The desk, portal and FHIR figures through the production stack, cold and warm: one JSON object each.

	python3 tools/load/probe.py FIXTURE.json [--host http://profregister.localhost] [--runs 15]

Cold: the first request of an action after the web workers were restarted and the Redis cache emptied
(sessions are signed in before, and come back from the database). Warm: the median of the next RUNS.
Needs root (supervisorctl, redis-cli) and the stack of scripts/production.
"""

import argparse
import json
import re
import socket
import statistics
import subprocess
import time

import requests

CSRF = re.compile(r'frappe\.csrf_token\s*=\s*"([^"]+)"')
VIA = "socket through nginx to gunicorn (production stack), one client"
SID_CERTIFICATE = "https://profregister.kz/fhir/sid/specialist-certificate"


def main():
	args = parse_args()
	fixture = json.load(open(args.fixture, encoding="utf-8"))
	for figure, action in actions(args.host, fixture).items():
		cold_start(args.host)
		cold = timed(action)
		warm = statistics.median(timed(action) for _ in range(args.runs))
		for state, value in (("cold", cold), ("warm", warm)):
			print(json.dumps({"figure": figure, "value": round(value, 1), "unit": "ms", "state": state,
				"via": VIA, "workers": fixture.get("register_workers")}), flush=True)  # fmt: skip


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("fixture")
	parser.add_argument("--host", default="http://profregister.localhost")
	parser.add_argument("--runs", type=int, default=15)
	return parser.parse_args()


def signed_in(host: str, user: str, password: str, page: str) -> tuple[requests.Session, dict]:
	session = requests.Session()
	session.post(f"{host}/api/method/login", data={"usr": user, "pwd": password}).raise_for_status()
	found = CSRF.search(session.get(host + page).text)
	return session, {"X-Frappe-CSRF-Token": found.group(1) if found else "", "Accept": "application/json"}


def actions(host: str, fixture: dict) -> dict:
	"""What a person waits for, each as the requests the desk or the portal sends for it."""
	hr = fixture["hr"][0]
	desk, headers = signed_in(host, hr["user"], fixture["password"], "/app")
	portal, _ = signed_in(host, fixture["portal"][0]["user"], fixture["password"], "/cpd")
	worker = fixture["workers"][hr["entity"]][0]
	fhir = {"Authorization": f"token {fixture['fhir_token']}", "Accept": "application/fhir+json"}
	certificate = fixture["sample"]["certificates"][0]
	listing = {"doctype": "Health Worker", "fields": json.dumps(["`tabHealth Worker`.`name`",
		"`tabHealth Worker`.`full_name`", "`tabHealth Worker`.`status`"]), "page_length": 20,
		"order_by": "`tabHealth Worker`.`modified` desc"}  # fmt: skip
	api = f"{host}/api/method/"
	return {
		"stack_desk_list_ms": lambda: [
			desk.post(api + "frappe.desk.reportview.get", data=listing, headers=headers),
			desk.post(
				api + "frappe.desk.reportview.get_count",
				data={"doctype": "Health Worker", "filters": "[]"},
				headers=headers,
			),
		],
		"stack_desk_form_ms": lambda: [
			desk.get(
				api + "frappe.desk.form.load.getdoc",
				params={"doctype": "Health Worker", "name": worker},
				headers=headers,
			),
			desk.post(
				api + "frappe.desk.notifications.get_open_count",
				data={"doctype": "Health Worker", "name": worker},
				headers=headers,
			),
		],
		"stack_portal_my_cpd_ms": lambda: [portal.get(f"{host}/cpd")],
		"stack_fhir_practitioner_by_identifier_ms": lambda: [
			requests.get(
				f"{host}/fhir/R4/Practitioner",
				params={"identifier": f"{SID_CERTIFICATE}|{certificate}"},
				headers=fhir,
			),
		],
		"stack_licence_verify_ms": lambda: [
			requests.get(api + "profregister.api.verify_licence", params={"number": certificate}),
		],
	}


def timed(action) -> float:
	started = time.perf_counter()
	for response in action():
		response.raise_for_status()
	return (time.perf_counter() - started) * 1000


def cold_start(host: str, port: int = 8000):
	"""New web workers and an empty cache. Ready when gunicorn accepts connections: no request is
	sent before the measured one, so the worker that takes it has served nothing yet."""
	subprocess.run(
		["supervisorctl", "restart", "profregister:profregister-web"], check=True, capture_output=True
	)
	subprocess.run(["redis-cli", "-p", "13000", "flushall"], check=True, capture_output=True)
	deadline = time.monotonic() + 120
	while time.monotonic() < deadline:
		try:
			socket.create_connection(("127.0.0.1", port), timeout=1).close()
			return
		except OSError:
			time.sleep(0.1)
	raise SystemExit("gunicorn did not come back")


if __name__ == "__main__":
	main()
