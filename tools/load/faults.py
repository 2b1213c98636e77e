"""Faults under the month-end load, on the production stack: one JSON object per figure per line on stdout.

	python3 tools/load/faults.py [--site profregister.localhost] [--sessions 50] [--faults NAME ...] [--out DIR]

Faults: gunicorn_worker_kill (SIGKILL one gunicorn worker; its master starts another), mariadb_restart
(`service mariadb restart`), redis_stop_30s (both Redis programs stopped for 30 s, then started) and
rq_worker_kill_mid_import (SIGKILL of the long-queue worker and its work-horse while the load's Register
Import is importing, some rows committed; the registrar then starts it again, as the form would, until
the app takes the dead job for abandoned).

For each fault: prepare.py, locust in the background (as run.py runs it, with every failed request
logged), the fault injected at t0 once the load is steady, and the stack polled through nginx every
0.2 s (/api/method/ping and the registrar's desk form of the import, both 200: recovered). The load goes
on until --after seconds past the fault window [t0, recovered + 5 s]; then the stack is brought back to
normal, the import finished and verify.py run. Per fault it prints fault_<name>_recovery_s,
fault_<name>_failed_requests (inside and outside the window; every failure should be a JSON 503 with
Retry-After) and fault_<name>_lost_writes (verify.py, with doubled import rows). Root only: supervisorctl,
kill and service. Locust's output, the fixtures and the write and failure logs stay in --out.
"""

import argparse
import csv
import glob
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.error import HTTPError, URLError
from urllib.parse import urlencode, urlparse
from urllib.request import Request, urlopen

import run

VIA = "socket through nginx (production stack)"
GROUP = "profregister"
WEB = f"{GROUP}:profregister-web"
LONG_WORKER = f"{GROUP}:profregister-worker-long"
REDIS = [f"{GROUP}:profregister-redis-cache", f"{GROUP}:profregister-redis-queue"]
POLL_S = 0.2
GRACE_S = 5
SUPERVISORD_LOG = "/var/log/supervisor/supervisord.log"
EXITED = re.compile(r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d),\d+ WARN exited: (\S+) .*not expected")
CSRF = re.compile(r'frappe\.csrf_token\s*=\s*"([^"]+)"')
API = "/api/method/"


def main():
	args = parse_args()
	if os.geteuid():
		sys.exit("faults.py injects faults with supervisorctl, kill and service: run it as root")
	out = Path(args.out or tempfile.mkdtemp(prefix="profregister-faults-"))
	out.mkdir(parents=True, exist_ok=True)
	out.chmod(0o777)  # the bench user writes the fixtures here
	locust = run.ensure_locust()
	restored = back_to_normal(args)
	if restored:
		print(f"before the first fault: {restored}", file=sys.stderr)
	for name in args.faults:
		try:
			figures = Fault(args, locust, out, name).measure()
		except Exception as error:  # reported, and the next fault runs on a stack back to normal
			figures = [{"figure": f"fault_{name}_error", "value": repr(error), "sessions": args.sessions}]
		finally:
			restore()  # whatever went wrong, MariaDB and Redis are started again
		for figure in figures:
			print(json.dumps(figure, ensure_ascii=False), flush=True)
		back_to_normal(args)
	print(f"locust output, fixtures, write and failure logs: {out}", file=sys.stderr)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default="profregister.localhost")
	parser.add_argument("--host", help="base URL; http://SITE (nginx on port 80) by default")
	parser.add_argument("--sessions", type=int, default=50)
	parser.add_argument("--faults", nargs="+", choices=list(FAULTS), default=list(FAULTS))
	parser.add_argument("--after", type=float, default=20, help="seconds of load after the fault window")
	parser.add_argument("--cap", default="360s", help="the most a load runs (locust's -t)")
	parser.add_argument("--redis-down", type=float, default=30, help="seconds Redis stays stopped")
	parser.add_argument("--import-rows", type=int, default=15000, help="of the import a worker kill stops")
	parser.add_argument("--resume-timeout", type=float, default=480, help="seconds to get the import done")
	parser.add_argument("--think", default="0.1", help="most seconds a session waits between actions")
	parser.add_argument("--bench", default=f"/home/{run.BENCH_USER}/frappe-bench")
	parser.add_argument("--out", help="folder for locust's CSV, fixtures, write and failure logs")
	args = parser.parse_args()
	args.host = args.host or f"http://{args.site}"
	if not run.local(urlparse(args.host).hostname):
		parser.error("--host must resolve to this machine: the load runs against 127.0.0.1 only")
	return args


class Fault:
	"""One fault under one load, from prepare.py to verify.py."""

	def __init__(self, args, locust: str, out: Path, name: str):
		self.args, self.locust, self.out, self.name = args, locust, out, name
		self.prefix = out / name
		self.facts: dict = {}  # what the fault's injection saw, for the recovery figure

	def measure(self) -> list[dict]:
		args, name = self.args, self.name
		rows = ["--import-rows", str(args.import_rows)] if name == "rq_worker_kill_mid_import" else []
		fixture = json.loads(run.prepare(args, self.out / f"fixture-{name}.json", *rows).read_text())
		self.registrar = Desk(args.host)
		self.registrar.sign_in(fixture["registrar"], fixture["password"])
		self.import_name = fixture["import"]["name"]
		self.poller = Poller(self.registrar, self.import_name)
		load = self.start_load()
		resume = None
		try:
			self.poller.start()
			wait_steady(self.prefix, args.sessions, load)
			t0, counted_from, done, what = FAULTS[name](self)
			# A fault the polls see (the web workers, MariaDB, Redis): back from the first of the polls all
			# 200 since; a killed RQ worker the polls do not see: back once supervisor runs it again.
			earliest = done if name == "rq_worker_kill_mid_import" else t0
			first_ok = self.poller.ok_after(done, earliest, timeout=180)
			recovered = first_ok[1] if first_ok else None
			window_end = (recovered or time.time()) + GRACE_S
			if name == "rq_worker_kill_mid_import":
				resume = Resumption(self.registrar, self.import_name, t0, args.resume_timeout)
				resume.start()
			time.sleep(max(0.0, window_end + args.after - time.time()))
		finally:
			stop(load)
			self.poller.stop()
			self.load_log.close()
		load_end = time.time()
		not_running = {p: s for p, s in supervisor_states().items() if s != "RUNNING"}
		restored = back_to_normal(args)
		if resume is None:  # the import the load started, if a fault stopped it: started again
			resume = Resumption(self.registrar, self.import_name, t0, args.resume_timeout)
			if import_started(self.out / f"writes-{name}"):
				resume.start()
		if resume.is_alive():
			resume.join()
		checked = json.loads(
			run.bench_python(args, "verify.py", args.site, str(self.out / f"writes-{name}"), "--wait", "600")
		)
		base = {"sessions": args.sessions, "via": VIA, "workers": fixture["register_workers"]}
		recovery = {
			"figure": f"fault_{name}_recovery_s",
			"value": round(recovered - counted_from, 2) if recovered else None,
			"unit": "s",
			"counted_from": what,
			"fault": self.facts,
			# Recovered is when the first poll of the run all 200 was answered: it holds one answer's time.
			"first_ok_poll_s": [round(t - counted_from, 2) for t in first_ok] if first_ok else None,
			"poll_answer_s_before_fault": self.poller.answer_time(t0),
			"polls_in_window": self.poller.summary(t0, window_end),
			"supervisor_exits_in_window": supervisor_exits(t0, window_end),
			"load_s_after_window": round(load_end - window_end, 1),
			"programs_not_running_after_load": not_running,
			"restored_before_next_fault": restored,
		}
		failed = failures(self.out / f"failures-{name}", t0, window_end) | {"requests": requests(self.prefix)}
		lost = {
			"figure": f"fault_{name}_lost_writes",
			"value": checked["lost_writes"],
			"unit": "writes",
			**{k: v for k, v in checked.items() if k != "lost_writes"},
			"import_resumption": resume.report(),
		}
		failed = {"figure": f"fault_{name}_failed_requests", **failed}
		return [{**figure, **base} for figure in (recovery, failed, lost)]

	def start_load(self) -> subprocess.Popen:
		"""Locust as run.py runs it, in the background, its failed requests logged too."""
		args, name = self.args, self.name
		fixture = self.out / f"fixture-{name}.json"
		command = run.locust_command(args, self.locust, self.prefix, args.sessions, args.cap, [])
		env = run.locust_env(args, fixture, self.out / f"writes-{name}", self.out / f"failures-{name}")
		self.load_log = open(f"{self.prefix}.log", "w")
		return subprocess.Popen(command, env=env, stdout=self.load_log, stderr=subprocess.STDOUT)


# The faults: each returns (t0, the moment recovery is counted from, the moment the fault's action is
# over (the stack is recovered by a run of polls all 200 that goes on past it), what recovery counts from).


def gunicorn_worker_kill(fault: Fault):
	master = supervisor_pid(WEB)
	workers = children(master)
	victim = workers[0]
	t0 = time.time()
	os.kill(victim, signal.SIGKILL)
	respawned = wait_for(lambda: victim not in (now := children(master)) and len(now) >= len(workers), 60)
	fault.facts.update(master=master, killed_pid=victim, workers_before=len(workers),
		respawned_s=round(respawned - t0, 2))  # fmt: skip
	return t0, t0, t0, "SIGKILL of one gunicorn worker (t0)"


def mariadb_restart(fault: Fault):
	t0 = time.time()
	done = subprocess.run(["service", "mariadb", "restart"], capture_output=True, text=True, timeout=300)
	back = time.time()
	fault.facts.update(restart_command_s=round(back - t0, 2), restart_exit=done.returncode)
	return t0, t0, back, "`service mariadb restart` issued (t0)"


def redis_stop_30s(fault: Fault):
	t0 = time.time()
	supervisorctl("stop", *REDIS)
	stopped = time.time()
	time.sleep(max(0.0, stopped + fault.args.redis_down - time.time()))
	started = time.time()
	supervisorctl("start", *REDIS)
	back = time.time()
	fault.facts.update(stop_command_s=round(stopped - t0, 2), stopped_s=round(started - stopped, 1),
		start_command_s=round(back - started, 2))  # fmt: skip
	return t0, started, back, "Redis started again (not t0, when it was stopped)"


def rq_worker_kill_mid_import(fault: Fault):
	"""Once the import has committed a batch: the RQ worker and its work-horse, which RQ forks into a
	session of its own (os.setsid), so the worker's process group alone would leave the horse running."""
	doc = fault.registrar.wait_for_import(
		fault.import_name,
		lambda d: d["status"] == "Importing" and (d.get("last_committed_row") or 0) > 0,
		300,
	)
	parent = supervisor_pid(LONG_WORKER)
	horses = children(parent)
	groups = sorted({os.getpgid(parent), *(os.getpgid(pid) for pid in horses)})
	t0 = time.time()
	for group in groups:
		os.killpg(group, signal.SIGKILL)
	back = wait_for(lambda: supervisor_pid(LONG_WORKER) not in (None, parent), 120)
	fault.facts.update(killed={"worker": parent, "work_horses": horses, "process_groups": groups},
		last_committed_row=doc.get("last_committed_row"), import_rows=fault.args.import_rows,
		worker_running_again_s=round(back - t0, 2))  # fmt: skip
	return t0, t0, back, "SIGKILL of the long-queue worker (t0); polls counted once supervisor ran it again"


FAULTS = {
	"gunicorn_worker_kill": gunicorn_worker_kill,
	"mariadb_restart": mariadb_restart,
	"redis_stop_30s": redis_stop_30s,
	"rq_worker_kill_mid_import": rq_worker_kill_mid_import,
}


# The desk, through nginx


class Desk:
	"""A signed-in browser of the desk: its cookies, and the CSRF token its page carries."""

	def __init__(self, host: str):
		self.host, self.cookie, self.csrf = host, "", ""

	def request(self, method: str, path: str, data: dict | None = None, timeout: float = 5):
		"""(status, headers, body); status 0 when no answer came (refused, reset, timed out)."""
		headers = {"Accept": "application/json", "Cookie": self.cookie, "X-Frappe-CSRF-Token": self.csrf}
		body = urlencode(data).encode() if data is not None else None
		try:
			with urlopen(Request(self.host + path, body, headers, method=method), timeout=timeout) as answer:
				return answer.status, answer.headers, answer.read()
		except HTTPError as error:
			return error.code, error.headers, error.read()
		except (URLError, OSError) as error:
			return 0, {}, str(error).encode()

	def sign_in(self, user: str, password: str):
		status, headers, body = self.request("POST", API + "login", {"usr": user, "pwd": password})
		if status != 200:
			raise RuntimeError(f"{user} could not sign in: {status} {body[:200]!r}")
		self.cookie = "; ".join(c.split(";")[0] for c in headers.get_all("Set-Cookie"))
		found = CSRF.search(self.request("GET", "/app", timeout=30)[2].decode("utf-8", "replace"))
		self.csrf = found.group(1) if found else ""

	def form_path(self, name: str) -> str:
		return API + "frappe.desk.form.load.getdoc?" + urlencode({"doctype": "Register Import", "name": name})

	def read_import(self, name: str) -> dict | None:
		status, _headers, body = self.request("GET", self.form_path(name))
		return json.loads(body)["docs"][0] if status == 200 else None

	def wait_for_import(self, name: str, state, seconds: float) -> dict:
		deadline, doc = time.time() + seconds, None
		while time.time() < deadline:
			doc = self.read_import(name)
			if doc and state(doc):
				return doc
			time.sleep(0.5)
		raise RuntimeError(
			f"Register Import {name} never reached the state waited for ({doc and doc['status']})"
		)

	def call(self, method: str, data: dict) -> tuple[int, str]:
		"""A POST as the form makes it: (status, what the desk would show)."""
		status, _headers, body = self.request("POST", API + method, data, timeout=30)
		return status, said(body)


def said(body: bytes) -> str:
	"""The message a desk shows for an answer (its _server_messages), else its exception type."""
	try:
		answer = json.loads(body)
		messages = [
			json.loads(m).get("message", "") for m in json.loads(answer.get("_server_messages", "[]"))
		]
		return "; ".join(messages) or answer.get("exc_type") or ""
	except (ValueError, AttributeError, TypeError):
		return body[:100].decode("utf-8", "replace")


class Poller(threading.Thread):
	"""Every 0.2 s: /api/method/ping and the registrar's import form through nginx, with their times."""

	def __init__(self, desk: Desk, import_name: str):
		super().__init__(daemon=True)
		self.desk, self.form, self.ticks = desk, desk.form_path(import_name), []
		self.stopped = threading.Event()

	def run(self):
		while not self.stopped.is_set():
			started = time.time()
			ping = self.desk.request("GET", API + "ping")[0]
			form = self.desk.request("GET", self.form)[0]
			self.ticks.append((started, time.time(), ping, form))
			self.stopped.wait(max(0.0, POLL_S - (time.time() - started)))

	def stop(self):
		self.stopped.set()
		if self.is_alive():
			self.join()

	def ok_after(self, done: float, earliest: float, timeout: float) -> tuple[float, float] | None:
		"""When the stack answered again: (start, end) of the first poll of the unbroken run of polls
		with both answers 200 that goes on past `done` (the fault's action over), started no earlier than
		`earliest`."""
		deadline = time.time() + timeout
		while time.time() < deadline:
			ticks = [t for t in list(self.ticks) if t[0] >= earliest]
			confirmed = next((n for n, t in enumerate(ticks) if t[0] >= done and t[2] == t[3] == 200), None)
			if confirmed is not None:
				first = confirmed
				while first > 0 and ticks[first - 1][2] == ticks[first - 1][3] == 200:
					first -= 1
				return ticks[first][:2]
			time.sleep(0.05)
		return None

	def answer_time(self, before: float) -> float | None:
		"""The median time a poll (both requests) took over the last ten before the fault."""
		times = sorted(end - start for start, end, *_answers in self.ticks if end < before)[-10:]
		return round(statistics.median(times), 2) if times else None

	def summary(self, start: float, end: float) -> dict:
		polls = [t for t in self.ticks if start <= t[0] <= end]
		failed = [t for t in polls if not t[2] == t[3] == 200]
		return {
			"polls": len(polls),
			"failed": len(failed),
			"failed_from_s": round(failed[0][0] - start, 2) if failed else None,
			"failed_until_s": round(failed[-1][1] - start, 2) if failed else None,
			"answers": dict(Counter(f"ping {t[2]}, form {t[3]}" for t in failed)),
		}


class Resumption(threading.Thread):
	"""The registrar getting the import done after a fault: started again (it resumes after its last
	committed batch) every 5 s, refused while its job runs or until the app takes the job for
	abandoned; the file checked again first when the fault stopped its check."""

	def __init__(self, desk: Desk, name: str, t0: float, seconds: float):
		super().__init__(daemon=True)
		self.desk, self.name, self.t0, self.deadline = desk, name, t0, time.time() + seconds
		self.answers: Counter = Counter()
		self.accepted: list[float] = []
		self.status, self.completed = None, None

	def run(self):
		while time.time() < self.deadline:
			doc = self.desk.read_import(self.name)
			if doc is None:
				time.sleep(2)
				continue
			self.status = doc["status"]
			if self.status == "Completed":
				self.completed = time.time()
				return
			if self.status == "Draft":  # never started: nothing acknowledged
				return
			checked = doc.get("checked_file") and doc["checked_file"] == doc["import_file"]
			method = (
				"start"
				if self.status in ("Importing", "Checked") or (self.status == "Failed" and checked)
				else "check"
			)
			status, message = self.desk.call(
				f"profregister.api.{method}_register_import", {"name": self.name}
			)
			if status == 200:
				self.accepted.append(time.time())
			self.answers[f"{method} in {self.status}: {status} {message[:80]}".strip()] += 1
			time.sleep(5)

	def report(self) -> dict:
		if self.status is None:  # not needed: the load never had the import started, or it was done
			self.status = (self.desk.read_import(self.name) or {}).get("status")
		return {
			"status": self.status,
			"stopped_by_fault": bool(self.accepted),  # started again, so it had stopped
			"accepted_s": [round(t - self.t0, 1) for t in self.accepted],
			# When this registrar saw it done (after the load, unless it had to start it while the load ran).
			"seen_completed_s": round(self.completed - self.t0, 1) if self.completed else None,
			"answers": dict(self.answers),
		}


# The load


def wait_steady(prefix: Path, sessions: int, load: subprocess.Popen, seconds: float = 180):
	"""Until locust's history shows every session started and requests answered in each of its last five
	rows (a row a second, written every five)."""
	deadline = time.time() + seconds
	while time.time() < deadline:
		if load.poll() is not None:
			raise RuntimeError(f"locust stopped (exit {load.returncode}): see {prefix}.log")
		try:
			with open(f"{prefix}_stats_history.csv", encoding="utf-8") as f:
				rows = [r for r in csv.DictReader(f) if r["Name"] == "Aggregated"]
		except FileNotFoundError:
			rows = []
		recent = rows[-5:]
		if len(recent) == 5 and all(
			int(r["User Count"]) == sessions and float(r["Requests/s"]) > 0 for r in recent
		):
			if int(recent[-1]["Total Request Count"]) > int(recent[0]["Total Request Count"]):
				return
		time.sleep(1)
	raise RuntimeError(f"the load never became steady: see {prefix}_stats_history.csv")


def import_started(write_log: Path) -> bool:
	"""Whether the load's registrar saw the import's start acknowledged."""
	for path in glob.glob(f"{write_log}.*.jsonl"):
		with open(path, encoding="utf-8") as f:
			if any(json.loads(line).get("action") == "import:start" for line in f if line.strip()):
				return True
	return False


def stop(load: subprocess.Popen):
	"""Locust stopped as Ctrl-C would: requests in flight finish (--stop-timeout), the CSV is written."""
	if load.poll() is None:
		load.send_signal(signal.SIGTERM)
		try:
			load.wait(60)
		except subprocess.TimeoutExpired:
			load.kill()
			load.wait()


def failures(prefix: Path, t0: float, window_end: float) -> dict:
	"""The failed requests locustfile.py logged, inside the fault window and outside it; each should be
	a 503 in JSON with Retry-After (status 0: no answer at all, counted apart)."""
	rows = []
	for path in glob.glob(f"{prefix}.*.jsonl"):
		with open(path, encoding="utf-8") as f:
			rows += [json.loads(line) for line in f if line.strip()]
	rows.sort(key=lambda r: r["t"])
	inside = [r for r in rows if t0 <= r["t"] <= window_end]
	outside = [r for r in rows if not t0 <= r["t"] <= window_end]
	unanswered = [r for r in rows if not r["status"]]
	wrong = [r for r in rows if r["status"] and not retryable(r)]
	return {
		"value": len(rows),
		"unit": "requests",
		"window_s": [0, round(window_end - t0, 1)],
		"inside_window": len(inside),
		"outside_window": len(outside),
		"json_503_with_retry_after": sum(map(retryable, rows)),
		"connection_errors": len(unanswered),
		"connection_error_examples": examples(unanswered, t0),
		"not_json_503": len(wrong),
		"not_json_503_examples": examples(wrong, t0),
		"by_status": dict(Counter(str(r["status"]) for r in rows)),
		"outside_window_by_action": dict(Counter(f"{r['action']} {r['status']}" for r in outside)),
		"outside_window_examples": examples(outside, t0),
	}


def retryable(row: dict) -> bool:
	"""A 503 with Retry-After in the form its client reads: JSON for the desk and the portal, an
	OperationOutcome (application/fhir+json) for FHIR clients."""
	wanted = "application/fhir+json" if row["action"].startswith("fhir:") else "application/json"
	return (
		row["status"] == 503 and (row["content_type"] or "").startswith(wanted) and bool(row["retry_after"])
	)


def examples(rows: list[dict], t0: float, most: int = 5) -> list[dict]:
	"""One row per (action, status, content type), its time from t0."""
	seen, found = set(), []
	for row in rows:
		key = (row["action"], row["status"], row["content_type"])
		if key not in seen and len(found) < most:
			seen.add(key)
			found.append({**{k: v for k, v in row.items() if k != "t"}, "at_s": round(row["t"] - t0, 2)})
	return found


def requests(prefix: Path) -> int | None:
	try:
		with open(f"{prefix}_stats.csv", encoding="utf-8") as f:
			return next(int(r["Request Count"]) for r in csv.DictReader(f) if r["Name"] == "Aggregated")
	except (FileNotFoundError, StopIteration):
		return None


# The stack


def supervisorctl(*arguments: str) -> str:
	return subprocess.run(["supervisorctl", *arguments], capture_output=True, text=True, timeout=120).stdout


def supervisor_states() -> dict[str, str]:
	lines = supervisorctl("status", f"{GROUP}:*").splitlines()
	return {line.split()[0]: line.split()[1] for line in lines if line.strip()}


def supervisor_exits(start: float, end: float) -> dict[str, int]:
	"""How often each program exited unexpectedly between the two moments, by supervisord's log."""
	exits: Counter = Counter()
	try:
		with open(SUPERVISORD_LOG, encoding="utf-8", errors="replace") as f:
			for line in f:
				found = EXITED.match(line)
				if found and start <= time.mktime(time.strptime(found[1], "%Y-%m-%d %H:%M:%S")) <= end:
					exits[found[2]] += 1
	except FileNotFoundError:
		pass
	return dict(exits)


def supervisor_pid(program: str) -> int | None:
	pid = supervisorctl("pid", program).strip()
	return int(pid) if pid.isdigit() and int(pid) else None


def children(pid: int) -> list[int]:
	found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
	return sorted(int(p) for p in found.split())


def gunicorn_workers(master: int) -> int:
	arguments = Path(f"/proc/{master}/cmdline").read_bytes().decode().split("\0")
	return int(arguments[arguments.index("--workers") + 1])


def mariadb_up() -> bool:
	return subprocess.run(["service", "mariadb", "status"], capture_output=True).returncode == 0


def restore() -> list[str]:
	"""MariaDB started, and every program of the group not running started (Redis, a FATAL worker)."""
	done = []
	if not mariadb_up():
		subprocess.run(["service", "mariadb", "start"], capture_output=True, timeout=300)
		done.append("mariadb started")
	for program, state in supervisor_states().items():
		if state not in ("RUNNING", "STARTING"):
			supervisorctl("start", program)
			done.append(f"{program} started (was {state})")
	return done


def back_to_normal(args, seconds: float = 180) -> list[str]:
	"""Restored, then waited for: every program RUNNING, all gunicorn workers up, MariaDB up, and
	/api/method/ping 200 through nginx. What had to be started is returned."""
	done = restore()
	deadline = time.time() + seconds
	while time.time() < deadline:
		states = supervisor_states()
		master = supervisor_pid(WEB)
		if (
			states
			and all(state == "RUNNING" for state in states.values())
			and master
			and len(children(master)) >= gunicorn_workers(master)
			and mariadb_up()
			and Desk(args.host).request("GET", API + "ping")[0] == 200
		):
			return done
		time.sleep(1)
		done += restore()
	raise RuntimeError(f"the stack is not back to normal: {supervisor_states()}")


def wait_for(condition, seconds: float) -> float:
	deadline = time.time() + seconds
	while time.time() < deadline:
		if condition():
			return time.time()
		time.sleep(0.1)
	raise RuntimeError(f"waited {seconds} s in vain")


if __name__ == "__main__":
	main()
