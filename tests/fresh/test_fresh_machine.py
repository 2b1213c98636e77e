"""A machine that has never held a bench, as far as one machine can pretend: ./scripts/bootstrap makes
a new bench user (with no home, no Python tools, no caches), a new MariaDB account and option file, a
bench, a site with demo data and a desk that answers; run again, it changes nothing that works.
Frappe comes from this machine's bench's own clone, since upstream is out of reach here. Everything
the test made is removed afterwards."""

import json
import os
import pwd
import secrets
import subprocess
from pathlib import Path

import pytest
import requests

CHECKOUT = Path(__file__).resolve().parents[2]
MAIN_BENCH = Path(os.environ.get("BENCH_DIR", "/home/frappe/frappe-bench"))
PORT = 8025
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="bootstrap runs as root")


@pytest.fixture(scope="module")
def fresh():
	mark = secrets.token_hex(3)
	user = f"prfresh{mark}"
	frappe = MAIN_BENCH / "apps" / "frappe"
	branch = subprocess.run(["git", "-c", "safe.directory=*", "-C", str(frappe), "branch", "--show-current"],
		capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
	env = {**os.environ, "BENCH_USER": user, "BENCH_DIR": f"/home/{user}/frappe-bench",
		"SITE": f"fresh{mark}.profregister.localhost", "WEB_PORT": str(PORT), "DB_ADMIN_USER": f"{user}_admin",
		"FRAPPE_SOURCE": str(frappe), "FRAPPE_BRANCH": branch, "CI": "", "MAIL_PORT": "2527"}  # fmt: skip
	yield env
	remove(env)


def bootstrap(env) -> subprocess.CompletedProcess:
	return subprocess.run([str(CHECKOUT / "scripts" / "bootstrap"), "--no-start", "--workers", "20"], env=env,
		capture_output=True, text=True, timeout=2400)  # fmt: skip


def lib(env, script: str) -> subprocess.CompletedProcess:
	return subprocess.run(["bash", "-c", f"source {CHECKOUT}/scripts/lib.sh; {script}"], env=env,
		capture_output=True, text=True, timeout=600)  # fmt: skip


def remove(env):
	"""Databases, MariaDB accounts, processes, the user and the hosts line the run made."""
	sites = Path(env["BENCH_DIR"]) / "sites"
	statements = [
		f"DROP USER IF EXISTS '{env['DB_ADMIN_USER']}'@'localhost', '{env['DB_ADMIN_USER']}'@'127.0.0.1';"
	]
	for config in sites.glob("*/site_config.json"):
		db = json.loads(config.read_text()).get("db_name", "")
		if db.isalnum() or db.replace("_", "").isalnum():
			statements.append(
				f"DROP DATABASE IF EXISTS `{db}`; DROP USER IF EXISTS '{db}'@'localhost', '{db}'@'%';"
			)
	subprocess.run(["mariadb"], input="\n".join(statements), text=True, check=False)
	lib(env, f"stop_serving {PORT}")
	subprocess.run(["pkill", "-KILL", "-u", env["BENCH_USER"]], check=False)
	subprocess.run(["userdel", "-r", env["BENCH_USER"]], check=False, capture_output=True)
	hosts = Path("/etc/hosts")
	hosts.write_text("".join(line for line in hosts.read_text().splitlines(True) if env["SITE"] not in line))


def test_bootstrap_from_nothing_then_again(fresh):
	with pytest.raises(KeyError):
		pwd.getpwnam(fresh["BENCH_USER"])
	first = bootstrap(fresh)
	assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
	assert "Creating user" in first.stderr and "Creating the MariaDB account" in first.stderr

	home = Path(pwd.getpwnam(fresh["BENCH_USER"]).pw_dir)
	option_file = home / ".profregister" / "db-admin"
	assert option_file.stat().st_mode & 0o777 == 0o600
	assert option_file.stat().st_uid == pwd.getpwnam(fresh["BENCH_USER"]).pw_uid

	served = lib(fresh, f'serve_site "$SITE" {PORT}')
	assert served.returncode == 0, served.stderr[-2000:]
	url = f"http://{fresh['SITE']}:{PORT}"
	session = requests.Session()
	login = session.post(f"{url}/api/method/login", data={"usr": "Administrator", "pwd": "admin"})
	assert login.status_code == 200, login.text
	desk = session.get(f"{url}/app/health-worker")
	assert desk.status_code == 200 and "frappe.csrf_token" in desk.text
	workers = session.get(f"{url}/api/method/frappe.client.get_count", params={"doctype": "Health Worker"})
	assert workers.json()["message"] >= 20
	onboarding = session.get(f"{url}/api/method/frappe.client.get_single_value",
		params={"doctype": "System Settings", "field": "enable_onboarding"})  # fmt: skip
	assert onboarding.json()["message"] == 1, "the registrar's setup checklist shows"
	lib(fresh, f"stop_serving {PORT}")
	# The demo's mail path: bench start runs the local sink, from the bench's own env.
	bench = Path(fresh["BENCH_DIR"])
	assert "\nmail: " in (bench / "Procfile").read_text(), (bench / "Procfile").read_text()
	sink = subprocess.run(
		[str(bench / "env" / "bin" / "python"), "-c", "import aiosmtpd"], capture_output=True
	)
	assert sink.returncode == 0, sink.stderr

	again = bootstrap(fresh)
	assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
	assert "Creating" not in again.stderr, again.stderr[-3000:]
