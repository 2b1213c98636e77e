"""The production stack (scripts/production) answers through nginx: the desk, the portal, the FHIR
directory, the public licence check and realtime progress from an RQ worker over socket.io; its
timestamps are Kazakhstan's wall clock; a web tier, MariaDB or Redis out of reach is a JSON 503 (to a FHIR client, an OperationOutcome in the
format it asked for)."""

import os
import re
import subprocess
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from xml.etree import ElementTree

import requests
import socketio
from conftest import signed_in

XML = "application/fhir+xml"


def wait_for(predicate, seconds: float = 120, what: str = "the state"):
	deadline = time.monotonic() + seconds
	while time.monotonic() < deadline:
		value = predicate()
		if value:
			return value
		time.sleep(0.2)
	raise AssertionError(f"timed out waiting for {what}")


def test_the_desk_answers_with_its_security_headers(stack):
	session = signed_in(stack, stack["hr"])
	response = session.get(f"{stack['url']}/app/health-worker")
	assert response.status_code == 200
	assert re.search(r'frappe\.csrf_token = "[0-9a-f]+"', response.text)
	assert response.headers["Server"] == "nginx"
	assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
	assert response.headers["X-Content-Type-Options"] == "nosniff"
	assets = re.findall(r'href="(/assets/[^"]+\.css)"', response.text)
	assert assets and session.get(stack["url"] + assets[0]).status_code == 200


def test_the_portal_serves_the_worker(stack):
	session = signed_in(stack, stack["worker_account"])
	response = session.get(f"{stack['url']}/cpd")
	assert response.status_code == 200
	assert "Смоук" in response.text


def test_the_fhir_directory_answers_its_client(stack):
	url = f"{stack['url']}/fhir/R4/Practitioner"
	assert requests.get(url, params={"_id": stack["worker"]}).status_code == 401
	response = requests.get(url, params={"_id": stack["worker"]},
		headers={"Authorization": f"token {stack['fhir_key']}", "Accept": "application/fhir+json"})  # fmt: skip
	assert response.status_code == 200, response.text
	bundle = response.json()
	assert bundle["resourceType"] == "Bundle"
	assert [e["resource"]["id"] for e in bundle["entry"]] == [stack["worker"]]


def test_the_licence_check_is_public(stack):
	response = requests.get(f"{stack['url']}/api/method/profregister.api.verify_licence",
		params={"number": stack["certificate"]})  # fmt: skip
	assert response.status_code == 200, response.text
	[licence] = response.json()["message"]["licences"]
	assert licence["status"] == "valid"
	assert requests.get(f"{stack['url']}/cpd-verify").status_code == 200


def test_import_progress_arrives_over_socketio(stack):
	"""The dry run of a Register Import runs on the long queue's RQ worker, which publishes its progress
	through Redis to socket.io, which pushes it through nginx to the HR specialist's browser."""
	session = signed_in(stack, stack["hr"])
	csrf = re.search(r'frappe\.csrf_token = "([0-9a-f]+)"', session.get(f"{stack['url']}/app").text)[1]
	client, finished = socketio.Client(), threading.Event()
	namespace = f"/{stack['site']}"

	@client.on("register_import_progress", namespace=namespace)
	def progress(data):
		if data.get("name") == stack["register_import"] and data.get("finished"):
			finished.set()

	client.connect(stack["url"], namespaces=[namespace], transports=["websocket"],
		headers={"Cookie": f"sid={session.cookies['sid']}", "Origin": stack["url"]})  # fmt: skip
	try:
		# socket.io joins the document's room once the site has said the user may read it, and says
		# nothing when it has: a dry run that finished before that is run again.
		client.emit("doc_subscribe", ("Register Import", stack["register_import"]), namespace=namespace)
		for _attempt in range(5):
			response = session.post(f"{stack['url']}/api/method/profregister.api.check_register_import",
				data={"name": stack["register_import"]}, headers={"X-Frappe-CSRF-Token": csrf})  # fmt: skip
			assert response.status_code == 200, response.text
			if finished.wait(timeout=30):
				break
		assert finished.is_set(), "no finished progress event arrived"
	finally:
		client.disconnect()


def test_timestamps_are_kazakhstan_wall_clock(stack):
	session = signed_in(stack, stack["hr"])
	csrf = re.search(r'frappe\.csrf_token = "([0-9a-f]+)"', session.get(f"{stack['url']}/app").text)[1]
	before = datetime.now(timezone.utc).replace(tzinfo=None)
	response = session.put(f"{stack['url']}/api/resource/Health Worker/{stack['worker']}",
		json={"residence_address": "Астана, ул. Достық, 5"}, headers={"X-Frappe-CSRF-Token": csrf})  # fmt: skip
	after = datetime.now(timezone.utc).replace(tzinfo=None)
	assert response.status_code == 200, response.text
	modified = datetime.fromisoformat(response.json()["data"]["modified"])
	assert before + timedelta(hours=5, seconds=-1) <= modified <= after + timedelta(hours=5, seconds=1)


def unavailable_while(
	stop: list[str], start: list[str], stack: dict, path: str = "/api/method/ping", headers=None
):
	"""Stops a service, asks for PATH through nginx, starts it again and waits until the stack answers."""
	subprocess.run(stop, check=True, capture_output=True)
	try:
		response = requests.get(stack["url"] + path, headers=headers)
	finally:
		subprocess.run(start, check=True, capture_output=True)
		wait_for(lambda: requests.get(f"{stack['url']}/api/method/ping").status_code == 200, what="the stack")
	return response


def assert_json_503(response):
	assert response.status_code == 503, (response.status_code, response.text[:300])
	assert response.headers["Content-Type"].startswith("application/json")
	assert int(response.headers["Retry-After"]) > 0
	assert response.json()["exc_type"] == "ServiceUnavailable"


def test_web_workers_out_of_reach_is_a_json_503(stack):
	web = "profregister:profregister-web"
	response = unavailable_while(["supervisorctl", "stop", web], ["supervisorctl", "start", web], stack)
	assert_json_503(response)


def test_mariadb_out_of_reach_is_a_json_503_on_every_path(stack):
	for path in ("/api/method/ping", "/app", "/cpd"):
		response = unavailable_while(
			["service", "mariadb", "stop"], ["service", "mariadb", "start"], stack, path
		)
		assert_json_503(response)


def test_the_fhir_directory_out_of_reach_is_an_operation_outcome(stack):
	"""FHIR clients read an OperationOutcome, from the app (MariaDB away) and from nginx (web away)."""
	web = "profregister:profregister-web"
	for stop, start in ((["service", "mariadb", "stop"], ["service", "mariadb", "start"]),
			(["supervisorctl", "stop", web], ["supervisorctl", "start", web])):  # fmt: skip
		response = unavailable_while(stop, start, stack, "/fhir/R4/metadata")
		assert response.status_code == 503
		assert response.headers["Content-Type"].startswith("application/fhir+json")
		assert int(response.headers["Retry-After"]) > 0
		outcome = response.json()
		assert outcome["resourceType"] == "OperationOutcome"
		assert outcome["issue"][0]["code"] == "transient"
		# In XML for a client that asked for it, by _format or by Accept.
		for path, accept in (("/fhir/R4/metadata?_format=xml", "*/*"), ("/fhir/R4/Practitioner", XML)):
			response = unavailable_while(stop, start, stack, path, {"Accept": accept})
			assert response.status_code == 503
			assert response.headers["Content-Type"].startswith(XML), response.headers
			assert int(response.headers["Retry-After"]) > 0
			root = ElementTree.fromstring(response.content)
			assert root.tag == "{http://hl7.org/fhir}OperationOutcome"
			assert root.find("{*}issue/{*}code").get("value") == "transient"


def test_tls_when_given_a_certificate(stack, tmp_path):
	"""With TLS_CERT and TLS_KEY the same stack serves HTTPS with HSTS and sends plain HTTP there; then
	it goes back to plain HTTP for the tests after it."""
	cert, key = tmp_path / "site.pem", tmp_path / "site.key"
	subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
		f"/CN={stack['site']}", "-addext", f"subjectAltName=DNS:{stack['site']}", "-keyout", str(key),
		"-out", str(cert)], check=True, capture_output=True)  # fmt: skip
	production = str(Path(__file__).resolve().parents[2] / "scripts" / "production")
	tls = {**os.environ, "TLS_CERT": str(cert), "TLS_KEY": str(key), "HTTPS_PORT": "8443"}
	subprocess.run([production, "up"], env=tls, check=True, capture_output=True)
	try:
		https = f"https://{stack['site']}:8443"
		response = requests.get(f"{https}/api/method/ping", verify=str(cert))
		assert response.status_code == 200
		assert "max-age=" in response.headers["Strict-Transport-Security"]
		plain = requests.get(f"{stack['url']}/app", allow_redirects=False)
		assert plain.status_code == 301
		assert plain.headers["Location"].startswith(f"{https}/app")
	finally:
		plain_env = {k: v for k, v in os.environ.items() if k not in ("TLS_CERT", "TLS_KEY")}
		subprocess.run([production, "up"], env=plain_env, check=True, capture_output=True)
	assert requests.get(f"{stack['url']}/api/method/ping").status_code == 200
