import functools
import os
import random
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import requests
from playwright.sync_api import expect, sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from profregister.domain.identifiers import make_bin, make_iin

BASE_URL = os.environ.get("BASE_URL", "http://test.profregister.localhost:8010")
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")
PASSWORD = "Browser-2026!"
ARTIFACTS = Path(os.environ.get("ARTIFACTS", "/tmp/profregister-browser"))
# Assertions on the page wait for their state as long as the page's own actions do.
expect.set_options(timeout=20_000)


def valid_iin(born: date, sex: str) -> str:
	"""A random IIN with a valid check digit for this birth date and sex."""
	rng = random.Random()
	return next(i for i in (make_iin(born, sex, rng.randrange(10000)) for _ in range(100)) if i)


def valid_bin(registered: date) -> str:
	"""A random BIN with a valid check digit, registered in this month."""
	rng = random.Random()
	return next(b for b in (make_bin(registered, rng.randrange(100000)) for _ in range(100)) if b)


@functools.cache
def _site_time_zone() -> str:
	session = requests.Session()
	session.post(
		f"{BASE_URL}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
	).raise_for_status()
	answer = session.get(
		f"{BASE_URL}/api/method/frappe.client.get_single_value",
		params={"doctype": "System Settings", "field": "time_zone"},
	)
	answer.raise_for_status()
	return answer.json()["message"]


def site_today() -> date:
	"""Today where the server counts days: in the site's time zone, by the system's tz data, which the
	app makes Frappe's pytz read too (profregister/timekeeping.py). The machine's own date is a day
	behind it every evening in UTC."""
	return datetime.now(ZoneInfo(_site_time_zone())).date()


@pytest.fixture(scope="session")
def admin():
	session = requests.Session()
	session.post(
		f"{BASE_URL}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
	).raise_for_status()
	return session


@pytest.fixture(scope="session")
def hr_user(admin):
	"""An entity and its HR specialist, made as an administrator would, through the REST API."""
	bin_ = valid_bin(date(2010, 5, 1))
	email = f"hr.browser.{random.randrange(10**6)}@test.profregister.kz"
	admin.post(
		f"{BASE_URL}/api/resource/User",
		json={"email": email, "first_name": "Browser HR", "new_password": PASSWORD, "send_welcome_email": 0},
	).raise_for_status()
	admin.post(
		f"{BASE_URL}/api/resource/Healthcare Entity",
		json={
			"entity_name": "Browser Test Polyclinic",
			"bin": bin_,
			"region": "Astana",
			"users": [{"user": email, "function": "HR Specialist"}],
		},
	).raise_for_status()
	return {"email": email, "entity": bin_}


@pytest.fixture(scope="session")
def browser():
	args = [
		"--disable-background-networking",
		"--disable-component-update",
		"--no-first-run",
		"--disable-gpu",
	]
	if os.geteuid() == 0:
		args.append("--no-sandbox")
	with sync_playwright() as p:
		browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=args)
		yield browser
		browser.close()


@pytest.fixture
def page(browser):
	context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-US")
	page = context.new_page()
	page.set_default_timeout(20_000)
	page.server_errors = []
	page.on(
		"response",
		lambda r: r.status >= 500 and page.server_errors.append(f"{r.status} {r.request.method} {r.url}"),
	)
	yield page
	ARTIFACTS.mkdir(parents=True, exist_ok=True)
	context.close()


def login(page, email: str, password: str):
	page.goto(f"{BASE_URL}/login")
	page.fill("#login_email", email)
	page.fill("#login_password", password)
	page.click(".btn-login")
	page.wait_for_url("**/app**")


def desk_idle(page):
	"""Until the desk has no request in flight for three animation frames running: the callbacks of the
	last answers have run, and any request they make has started (Frappe counts its requests)."""
	page.wait_for_function(
		"""() => {
			const idle = window.frappe && frappe.request && !frappe.request.ajax_count;
			window.__profregister_idle_frames = idle ? (window.__profregister_idle_frames || 0) + 1 : 0;
			return window.__profregister_idle_frames >= 3;
		}""",
		polling="raf",
	)


def poll(read, until, timeout: float = 60, every: float = 0.25):
	"""`read()` again until `until` holds for what it returns or `timeout` seconds have passed: a wait for
	a state, not for a time. Returns the last result, for the caller to assert on."""
	deadline = time.monotonic() + timeout
	result = read()
	while not until(result) and time.monotonic() < deadline:
		time.sleep(every)
		result = read()
	return result


def bench_execute(method: str, *args):
	"""Run a Python method on the test site as the bench user (bench refuses root), committed; what it
	returns, as bench prints it (JSON), or None."""
	import json
	import shlex
	import subprocess

	bench_dir, site = os.environ["BENCH_DIR"], os.environ["TEST_SITE"]
	command = (
		f"cd {shlex.quote(bench_dir)} && PATH=$HOME/.bench-cli/bin:$PATH bench --site {shlex.quote(site)} "
		f"execute {shlex.quote(method)} --args {shlex.quote(json.dumps(list(args)))}"
	)
	runner = (
		["runuser", "-u", "frappe", "--", "bash", "-c", command]
		if os.geteuid() == 0
		else ["bash", "-c", command]
	)
	done = subprocess.run(runner, check=True, capture_output=True, text=True)
	lines = done.stdout.strip().splitlines()
	try:
		return json.loads(lines[-1]) if lines else None
	except ValueError:
		return lines[-1]


# A failed test says what the server did meanwhile: the answers of 500 and up its page received, and
# the Error Log of its time (pages and jobs log there; the pages themselves show no traceback).
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
	item.started = time.time()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
	report = (yield).get_result()
	if report.when != "call" or not report.failed:
		return
	page = item.funcargs.get("page")
	if getattr(page, "server_errors", None):
		report.sections.append(("server errors seen by the page", "\n".join(page.server_errors)))
	try:
		report.sections.append(("Error Log of the test's time", _error_log_since(item.started - 5)))
	except requests.RequestException as error:
		report.sections.append(("Error Log of the test's time", f"not read: {error}"))


def _error_log_since(started: float) -> str:
	session = requests.Session()
	session.post(
		f"{BASE_URL}/api/method/login", data={"usr": "Administrator", "pwd": ADMIN_PASSWORD}
	).raise_for_status()
	since = datetime.fromtimestamp(started, ZoneInfo(_site_time_zone())).strftime("%Y-%m-%d %H:%M:%S")
	rows = session.get(
		f"{BASE_URL}/api/resource/Error Log",
		params={"filters": f'[["creation", ">=", "{since}"]]', "fields": '["creation", "method", "error"]',
			"order_by": "creation asc", "limit_page_length": 10},
	).json().get("data", [])  # fmt: skip
	return (
		"\n".join(
			f"{row['creation']} {row['method']}\n" + "\n".join(row["error"].splitlines()[-25:])
			for row in rows
		)
		or f"none since {since}"
	)
