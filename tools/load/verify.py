"""Check every write a load run saw acknowledged against the database, and the run's Register Import.

	cd ~frappe/frappe-bench/sites && ../env/bin/python /work/main/tools/load/verify.py SITE WRITE_LOG

WRITE_LOG is the prefix locustfile.py wrote to (WRITE_LOG.<pid>.jsonl). For each (doctype, name, field)
the last acknowledged value must be the stored one; a missing record or another value is a lost write,
unless a later write that was not acknowledged stored it. A write that was not acknowledged (an error,
a 503 in a fault) and was applied all the same is counted apart: a client that retries it writes twice.
The import acknowledged as started is waited for (--wait seconds), then each row of its file must be in
the register once: its worker, and that worker's employment, certificate and diploma not doubled.
With --reads, the trail of personal data access over the run's window (--since, --until: Unix times):
its rows per second, and each form of a worker the server acknowledged opening (READ_LOG.<pid>.jsonl)
must have its Form row: one that has none is a lost read.
Prints one JSON object. Queries are set-based, a thousand names at a time.
"""

import argparse
import csv
import glob
import io
import json
import time
from collections import Counter, defaultdict
from datetime import datetime, timezone

import frappe
from frappe.utils import convert_utc_to_system_timezone

import profregister  # noqa: F401  (its tz data, with which the server writes the trail's moments)

CHUNK = 1000
DONE = ("Completed", "Failed")


def main():
	parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
	parser.add_argument("site")
	parser.add_argument("write_log")
	parser.add_argument("--wait", type=int, default=600, help="seconds to wait for the import to finish")
	parser.add_argument("--reads", help="the prefix locustfile.py logged acknowledged reads to")
	parser.add_argument("--since", type=float, help="the run's start, a Unix time")
	parser.add_argument("--until", type=float, help="the run's end, a Unix time")
	args = parser.parse_args()
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		found = verify(read_log(args.write_log), args.wait)
		if args.reads:
			found["trail"] = trail(read_log(args.reads), args.since, args.until)
		print(json.dumps(found, ensure_ascii=False, default=str))
	finally:
		frappe.destroy()


def read_log(prefix: str) -> list[dict]:
	rows = []
	for path in sorted(glob.glob(f"{prefix}.*.jsonl")):
		with open(path, encoding="utf-8") as f:
			rows += [json.loads(line) for line in f if line.strip()]
	return sorted(rows, key=lambda row: row["t"])  # stable: one session's writes keep their order


def verify(writes: list[dict], wait: int) -> dict:
	imports = sorted({w["name"] for w in writes if w["doctype"] == "Register Import"})
	for name in imports:
		wait_for(name, wait)
	acked = [w for w in writes if w.get("acked", True)]
	unacked = [w for w in writes if not w.get("acked", True)]
	last = {(w["doctype"], w["name"], w["field"]): w for w in acked}
	stored = stored_values([*last, *((w["doctype"], w["name"], w["field"]) for w in unacked if w["name"])])
	lost = lost_writes(last, unacked, stored)
	applied = [w for w in unacked if was_applied(w, stored)]
	checked = [import_rows(name) for name in imports]
	lost_rows = sum(c["missing"] for c in checked)
	return {
		"writes": len(writes),
		"checked": len(last),
		"lost_writes": len(lost) + lost_rows,
		"lost_by_action": dict(Counter(w["action"] for w in lost))
		| ({"import:rows": lost_rows} if lost_rows else {}),
		"lost_examples": lost[:5],
		"unacknowledged": len(unacked),
		"applied_unacknowledged": len(applied),
		"applied_unacknowledged_by_action": dict(Counter(w["action"] for w in applied)),
		"applied_unacknowledged_examples": applied[:5],
		"imports": checked,
		"doubled_import_rows": sum(c["doubled"] for c in checked),
	}


def trail(reads: list[dict], since: float, until: float) -> dict:
	"""The rows of Personal Data Access the run wrote, and the acknowledged form opens without one."""
	start, end = system_time(since), system_time(until)
	window = {"accessed_at": ("between", [start, end])}
	by_what = dict(
		frappe.get_all("Personal Data Access", window, ["what", "count(*)"], group_by="what", as_list=True)
	)
	rows = sum(by_what.values())
	acked = [r for r in reads if r.get("acked")]
	found = set()
	for user in {r["user"] for r in acked}:
		names = sorted({r["worker"] for r in acked if r["user"] == user})
		for i in range(0, len(names), CHUNK):
			filters = {**window, "user": user, "what": "Form", "health_worker": ("in", names[i : i + CHUNK])}
			found.update(
				(user, w) for w in frappe.get_all("Personal Data Access", filters, pluck="health_worker")
			)
	lost = [r for r in acked if (r["user"], r["worker"]) not in found]
	return {"rows": rows, "seconds": round(until - since, 1), "rows_per_s": round(rows / (until - since), 1),
		"by_what": by_what, "reads_checked": len(acked), "lost_reads": len(lost), "lost_examples": lost[:5]}  # fmt: skip


def system_time(unix: float):
	"""A Unix time as the trail stores its moments: Frappe's system time zone, naive."""
	moment = datetime.fromtimestamp(unix, timezone.utc)
	return convert_utc_to_system_timezone(moment).replace(tzinfo=None)


def wait_for(name: str, seconds: int):
	deadline = time.monotonic() + seconds
	while frappe.db.get_value("Register Import", name, "status") not in DONE and time.monotonic() < deadline:
		time.sleep(2)
		frappe.db.rollback()  # a new snapshot: the job commits in its own connection


def stored_values(keys) -> dict:
	"""{(doctype, field): {name: value}}, reading each (doctype, field) once for all its names."""
	names = defaultdict(set)
	for doctype, name, field in keys:
		names[(doctype, field)].add(name)
	return {key: read_values(*key, sorted(listed)) for key, listed in names.items()}


def lost_writes(last: dict, unacked: list[dict], stored: dict) -> list[dict]:
	"""The last acknowledged writes whose value is not the stored one, nor that of a later write that
	was not acknowledged."""
	later = defaultdict(list)
	for write in unacked:
		later[(write["doctype"], write["name"], write["field"])].append(write)
	lost = []
	for (doctype, name, field), write in last.items():
		value = str(stored[(doctype, field)].get(name))
		if value != str(write["value"]) and value not in {
			str(w["value"]) for w in later[(doctype, name, field)] if w["t"] > write["t"]
		}:
			lost.append(write)
	return lost


def was_applied(write: dict, stored: dict) -> bool:
	"""A write not acknowledged that is in the database: its value stored, or the record it made."""
	if write["name"]:
		return str(stored[(write["doctype"], write["field"])].get(write["name"])) == str(write["value"])
	return bool(frappe.db.exists(write["doctype"], {write["field"]: write["value"]}))


def read_values(doctype: str, field: str, names: list[str]) -> dict:
	values = {}
	for start in range(0, len(names), CHUNK):
		values.update(
			frappe.get_all(
				doctype, {"name": ("in", names[start : start + CHUNK])}, ["name", field], as_list=True
			)
		)
	return values


def import_rows(name: str) -> dict:
	"""Each IIN of the import's file in the register once, and nothing of a row written twice."""
	doc = frappe.get_doc("Register Import", name)
	iins = file_iins(doc.import_file)
	held = Counter()
	for start in range(0, len(iins), CHUNK):
		chunk = iins[start : start + CHUNK]
		held.update(dict(frappe.db.sql(
			"select iin, count(*) from `tabHealth Worker` where iin in %(iins)s group by iin", {"iins": chunk}
		)))  # fmt: skip
	refused = doc.rows_error or 0
	return {
		"name": name,
		"status": doc.status,
		"rows": len(iins),
		"rows_error": refused,
		"missing": max(0, len(iins) - refused - len(held)),
		"doubled": sum(n - 1 for n in held.values()) + doubled_records(iins),
	}


def file_iins(url: str) -> list[str]:
	content = frappe.get_doc("File", {"file_url": url}).get_content()
	text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
	return [row[0] for row in list(csv.reader(io.StringIO(text), delimiter=";"))[1:] if row]


def doubled_records(iins: list[str]) -> int:
	"""Employments (entity and start), certificates (number) and diplomas of the file's workers stored
	more than once."""
	doubled = 0
	queries = (
		"""select count(*) - 1 from `tabEmployment` e join `tabHealth Worker` w on w.name = e.health_worker
		where w.iin in %(iins)s group by e.health_worker, e.healthcare_entity, e.start_date having count(*) > 1""",
		"""select count(*) - 1 from `tabSpecialist Certificate` c join `tabHealth Worker` w
		on w.name = c.health_worker where w.iin in %(iins)s group by c.certificate_number having count(*) > 1""",
		"""select count(*) - 1 from `tabHealth Worker Education` d join `tabHealth Worker` w on w.name = d.parent
		where w.iin in %(iins)s group by d.parent, d.document_number having count(*) > 1""",
	)
	for start in range(0, len(iins), CHUNK):
		chunk = iins[start : start + CHUNK]
		doubled += sum(sum(n for (n,) in frappe.db.sql(query, {"iins": chunk})) for query in queries)
	return doubled


if __name__ == "__main__":
	main()
