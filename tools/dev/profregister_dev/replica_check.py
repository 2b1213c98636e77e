"""Developer tool behind `./scripts/replica check`: the national reports and the submission refresh
run on the site's MariaDB replica and give the primary's figures. What proves where they read is this
process's own sessions, which other work on the servers cannot move: the connection the report reads
with is on the replica (its server_id) and its SELECT counter rises, while the SELECT counter of the
site's connection to the primary stays where it was. One JSON object per check."""

import json
import time

import frappe
from frappe.database import get_db
from frappe.utils import getdate, today

from profregister.domain.periods import month_of, previous
from profregister.services.analytics import replica, submissions

# The national reports, as the National Coordinator runs them (default filters).
REPORTS = {
	"Certificate Expiry": {},
	"Monthly Register Report": {"group_by": "Region"},
	"Quarterly Forecast": {"group_by": "Region", "quarters": 8},
	"Staffing Need by Specialty": {"group_by": "Region"},
	"CPD Summary for Professional Associations": {},
	"Employees for Advanced Training": {"horizon_months": 12},
	"NHWA Indicators": {"year": 2025},
}


class Probe:
	"""Connections of their own to the primary and the replica: which server is which, and catching up."""

	def __init__(self):
		conf = frappe.conf
		self.primary = get_db(conf.db_host or "127.0.0.1", conf.db_name, conf.db_password, conf.db_port)
		self.replica = get_db(conf.replica_host, conf.db_name, conf.db_password, conf.replica_db_port)
		for db in (self.primary, self.replica):
			db.connect()
		self.primary_id, self.replica_id = (server_id(db) for db in (self.primary, self.replica))

	def catch_up(self, timeout: int = 600):
		"""Wait until the replica has applied everything the primary has written so far."""
		position = self.primary.sql("show variables like 'gtid_binlog_pos'")[0][1]
		if self.replica.sql("select master_gtid_wait(%s, %s)", (position, timeout))[0][0] != 0:
			frappe.throw(f"The replica did not catch up with {position} in {timeout} s")


def run() -> list[dict]:
	if not (frappe.conf.replica_host and frappe.conf.replica_db_port):
		frappe.throw("The site has no replica_host and replica_db_port: run ./scripts/replica start SITE")
	frappe.set_user("Administrator")
	probe = Probe()
	if probe.replica_id == probe.primary_id:
		frappe.throw(f"replica_host and replica_db_port reach the primary (server_id {probe.primary_id})")
	checks = []

	def compare(name: str, read):
		frappe.local.conf.read_from_replica = 0
		started = time.perf_counter()
		on_primary = read()
		primary_s = time.perf_counter() - started
		probe.catch_up()
		frappe.local.conf.read_from_replica = 1

		def measured():
			# Inside the swap: frappe.db is the connection the report reads with.
			db = frappe.db
			before = session_selects(db)
			result = read()
			return server_id(db), session_selects(db) - before, result

		primary_before = session_selects(frappe.db)
		started = time.perf_counter()
		read_on, replica_selects, on_replica = replica.read(measured)
		replica_s = time.perf_counter() - started
		primary_selects = session_selects(frappe.db) - primary_before
		frappe.local.conf.read_from_replica = 0
		same = _canonical(on_primary) == _canonical(on_replica)
		on_the_replica = read_on == probe.replica_id != probe.primary_id
		checks.append(
			{
				"check": name,
				"same_figures": same,
				"read_on_server_id": read_on,
				"replica_selects": replica_selects,
				"primary_selects": primary_selects,
				"primary_s": round(primary_s, 2),
				"replica_s": round(replica_s, 2),
				"passed": same and on_the_replica and replica_selects > 0 and primary_selects == 0,
			}
		)

	from frappe.desk.query_report import run as run_report

	for report, filters in REPORTS.items():
		compare(
			f"report {report}",
			lambda report=report, filters=filters: run_report(
				report, filters=json.dumps(filters), ignore_prepared_report=True
			)["result"],
		)
	period = previous(month_of(getdate(today())), of=month_of)
	compare("submission refresh", lambda: submissions.national_figures("Monthly", period)[1])
	return checks


def server_id(db) -> int:
	return int(db.sql("show variables like 'server_id'")[0][1])


def session_selects(db) -> int:
	"""The SELECTs of this connection's session only (SHOW statements count as Com_show_*)."""
	return int(db.sql("show session status like 'Com_select'")[0][1])


def _canonical(value) -> str:
	return json.dumps(value, default=str, sort_keys=True)
