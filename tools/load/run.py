"""The month-end load at 25, 50 and 100 sessions: one JSON object per figure per line on stdout.

	python3 tools/load/run.py [--site profregister.localhost] [--host http://profregister.localhost]
		[--sessions 25 50 100] [--duration 60s] [--out DIR]

For each number of sessions: prepare.py makes the site ready (fresh hires and a new Register Import),
locust runs headless against --host (nginx by default: the Host header picks the site), and verify.py
checks every acknowledged write in the database. A short warm-up run comes first, so the figures are of
a warm server. Run as root or as the bench user; locust comes from the tools venv .venv-load (made when
missing). Locust's own output and the fixtures stay in --out.
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

HERE = Path(__file__).resolve().parent
VENV = HERE.parent.parent / ".venv-load"
BENCH_USER = "frappe"
# Not measured: the warm-up leaves the run's Register Import to the first measured run.
WARM_USERS = ["HRDesk", "PortalWorker", "FHIRClient", "LicenceCheck", "Coordinator"]
# month-end: everything at once (locust runs every class); web: what people wait for, without the
# coordinator's national reports and the import, to show what the web tier alone serves.
MIXES = {"month-end": [], "web": ["HRDesk", "PortalWorker", "FHIRClient", "LicenceCheck"]}


def main():
	args = parse_args()
	out = Path(args.out or tempfile.mkdtemp(prefix="profregister-load-"))
	out.mkdir(parents=True, exist_ok=True)
	out.chmod(0o777)  # the bench user writes the fixtures here
	locust = ensure_locust()
	fixture = prepare(args, out / "fixture-warm.json")
	if args.prepare_only:
		return
	run_locust(args, locust, fixture, out / "warm", args.sessions[0] // 2 or 1, args.warmup, WARM_USERS, None)
	for sessions in args.sessions:
		fixture = prepare(args, out / f"fixture-{sessions}-{args.mix}.json")
		prefix = out / f"load-{sessions}-{args.mix}"
		writes, reads = out / f"writes-{sessions}-{args.mix}", out / f"reads-{sessions}-{args.mix}"
		since = time.time()
		run_locust(args, locust, fixture, prefix, sessions, args.duration, MIXES[args.mix], writes, reads)
		window = ("--reads", str(reads), "--since", str(since), "--until", str(time.time()))
		checked = bench_python(args, "verify.py", args.site, str(writes), "--wait", "900", *window)
		base = {"sessions": sessions, "mix": args.mix, "via": via(args), "workers": register_size(fixture),
			"warm": True}  # fmt: skip
		for figure in figures(prefix, json.loads(checked)):
			print(json.dumps({**figure, **base}, ensure_ascii=False), flush=True)
	print(f"locust output, fixtures and write logs: {out}", file=sys.stderr)


def parse_args():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("--site", default="profregister.localhost")
	parser.add_argument("--host", help="base URL; http://SITE (nginx on port 80) by default")
	parser.add_argument("--sessions", type=int, nargs="+", default=[25, 50, 100])
	parser.add_argument("--duration", default="60s", help="of each measured run (locust's -t)")
	parser.add_argument("--warmup", default="20s")
	parser.add_argument("--think", default="0.1", help="most seconds a session waits between actions")
	parser.add_argument("--via", help="how the server is reached, as the figures say it")
	parser.add_argument("--bench", default=f"/home/{BENCH_USER}/frappe-bench")
	parser.add_argument("--out", help="folder for locust's CSV, fixtures and write logs")
	parser.add_argument("--mix", choices=list(MIXES), default="month-end")
	parser.add_argument(
		"--prepare-only", action="store_true", help="make the fixture (fixture-warm.json) only"
	)
	args = parser.parse_args()
	args.host = args.host or f"http://{args.site}"
	if not local(urlparse(args.host).hostname):
		parser.error("--host must resolve to this machine: the load runs against 127.0.0.1 only")
	return args


def local(hostname: str | None) -> bool:
	try:
		return socket.gethostbyname(hostname or "").startswith("127.")
	except OSError:
		return False


def via(args) -> str:
	if args.via:
		return args.via
	port = urlparse(args.host).port
	return "socket through nginx (production stack)" if port in (None, 80) else f"HTTP to port {port}"


def ensure_locust() -> str:
	locust = VENV / "bin" / "locust"
	if not locust.exists():
		subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
		subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", "locust"], check=True)
	return str(locust)


def bench_python(args, script: str, *arguments: str) -> str:
	"""A tool of this folder in the bench's Python, from the sites folder, as the bench user."""
	command = [f"{args.bench}/env/bin/python", str(HERE / script), *arguments]
	if os.geteuid() == 0:
		command = ["runuser", "-u", BENCH_USER, "--", *command]
	done = subprocess.run(command, cwd=f"{args.bench}/sites", capture_output=True, text=True)
	if done.returncode:
		sys.exit(f"{script} failed:\n{done.stderr[-3000:]}")
	return done.stdout.strip().splitlines()[-1]


def prepare(args, path: Path, *options: str) -> Path:
	bench_python(args, "prepare.py", args.site, str(path), *options)
	return path


def register_size(fixture: Path) -> int:
	return json.loads(fixture.read_text(encoding="utf-8"))["register_workers"]


def run_locust(
	args, locust, fixture, prefix: Path, sessions: int, duration: str, users, write_log, read_log=None
):
	started = time.monotonic()
	env = locust_env(args, fixture, write_log)
	if read_log:
		env["LOAD_READ_LOG"] = str(read_log)
	with open(f"{prefix}.log", "w") as log:
		# Locust exits 1 when any request failed: the failures are figures, not a reason to stop.
		subprocess.run(locust_command(args, locust, prefix, sessions, duration, users),
			env=env, stdout=log, stderr=subprocess.STDOUT, check=False)  # fmt: skip
	print(f"{sessions} sessions: locust ran {time.monotonic() - started:.0f} s", file=sys.stderr)


def locust_command(args, locust, prefix: Path, sessions: int, duration: str, users) -> list[str]:
	# All sessions start within the first second; --stop-timeout lets requests in flight finish (and log).
	return [locust, "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(sessions), "-r", str(sessions),
		"-t", duration, "--host", args.host, "--csv", str(prefix), "--only-summary", "--stop-timeout", "10",
		*users]  # fmt: skip


def locust_env(args, fixture: Path, write_log: Path | None, failure_log: Path | None = None) -> dict:
	"""The fixture, the think time, and where acknowledged writes (and failed requests) are logged."""
	env = {**os.environ, "LOAD_FIXTURE": str(fixture), "LOAD_WAIT": args.think}
	if write_log:
		env["LOAD_WRITE_LOG"] = str(write_log)
	if failure_log:
		env["LOAD_FAILURE_LOG"] = str(failure_log)
	return env


def figures(prefix: Path, checked: dict) -> list[dict]:
	rows = list(csv.DictReader(open(f"{prefix}_stats.csv", encoding="utf-8")))
	total = next(r for r in rows if r["Name"] == "Aggregated")
	requests, failures = int(total["Request Count"]), int(total["Failure Count"])
	found = [{"figure": "load_req_per_s", "value": round(float(total["Requests/s"]), 1), "unit": "req_per_s",
		"requests": requests}]  # fmt: skip
	for row in rows:
		action = "all" if row is total else row["Name"]
		for p in ("50", "95", "99"):
			found.append({"figure": f"load_p{p}_ms", "value": number(row[f"{p}%"]), "unit": "ms", "action": action,
				"requests": int(row["Request Count"])})  # fmt: skip
	found.append({"figure": "load_error_rate", "value": round(failures / requests, 4) if requests else None,
		"unit": "ratio", "errors": failures, "errors_by_action": errors(prefix)})  # fmt: skip
	found.append({"figure": "load_lost_writes", "value": checked["lost_writes"], "unit": "writes",
		"checked": checked["checked"], "doubled_import_rows": checked["doubled_import_rows"],
		"lost_by_action": checked["lost_by_action"], "imports": checked["imports"]})  # fmt: skip
	trail = checked["trail"]
	found.append({"figure": "access_log_rows_per_s", "value": trail["rows_per_s"], "unit": "rows_per_s",
		"rows": trail["rows"], "seconds": trail["seconds"], "by_what": trail["by_what"],
		"lost_reads": trail["lost_reads"], "reads_checked": trail["reads_checked"]})  # fmt: skip
	return found


def number(text: str):
	return None if text in ("", "N/A") else float(text)


def errors(prefix: Path) -> dict:
	"""Failures by action and answer, e.g. {"hr:save": {"417": 3}}."""
	by_action: dict = {}
	for row in csv.DictReader(open(f"{prefix}_failures.csv", encoding="utf-8")):
		answer = row["Error"].split(" ")[0].removeprefix("HTTPError('") or row["Error"][:60]
		counts = by_action.setdefault(row["Name"], {})
		counts[answer] = counts.get(answer, 0) + int(row["Occurrences"])
	return by_action


if __name__ == "__main__":
	main()
