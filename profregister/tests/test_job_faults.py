"""The nightly certificate job killed with SIGKILL half-way through a catch-up run, then run again, and
two runs at once: every notice sent exactly once, every block made exactly once, nothing lost."""

import json
import os
import signal
import subprocess
import time
from datetime import date, timedelta

import frappe
from frappe.utils import get_bench_path, now_datetime
from frappe.utils.background_jobs import get_job, get_queue
from rq.job import JobStatus
from rq.utils import utcnow

from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform import jobs
from profregister.tests.factories import (
	CleanTestCase,
	link_user_to_entity,
	make_entity,
	make_user,
	set_parameter,
)

DAY = date(2031, 3, 3)
NOTICES, BLOCKS = 1500, 1500


def bulk_workers(entity: str, region: str, count: int, tag: str, valid_until: date) -> list[str]:
	"""Workers with one certificate each, written in bulk as an import would."""
	now = now_datetime()
	base = {"creation": now, "modified": now, "owner": "Administrator", "modified_by": "Administrator"}
	workers, certs = [], []
	for i in range(count):
		name = f"HWF-{tag}-{i:05d}"
		workers.append({**base, "name": name, "iin": f"{tag}{i:07d}"[-12:].rjust(12, "9"),
			"last_name": "Fault", "first_name": "Test", "full_name": "Fault Test", "status": "Active",
			"current_entity": entity, "current_region": region})  # fmt: skip
		certs.append({**base, "name": f"CF-{tag}-{i:05d}", "health_worker": name,
			"certificate_number": f"F{tag}{i}", "specialty": "Nursing", "issuing_body": "NCIE",
			"issue_date": valid_until - timedelta(days=5 * 365), "valid_until": valid_until,
			"for_clinical_practice": 1, "is_latest": 1, "healthcare_entity": entity, "region": region})  # fmt: skip
	for doctype, rows in (("Health Worker", workers), ("Specialist Certificate", certs)):
		fields = list(rows[0])
		frappe.db.bulk_insert(doctype, fields, [[r[f] for f in fields] for r in rows], chunk_size=2000)
	return [w["name"] for w in workers]


def start_job(stdout=subprocess.DEVNULL) -> subprocess.Popen:
	"""The daily job in a process of its own, as the scheduler's worker runs it (`bench execute` prints
	what it returns)."""
	return subprocess.Popen(
		[f"{get_bench_path()}/env/bin/python", "-m", "frappe.utils.bench_helper", "frappe",
			"--site", frappe.local.site, "execute", "profregister.services.certificates.lifecycle.process",
			"--kwargs", f"{{'day': '{DAY}', 'batch_size': 50}}"],
		cwd=os.path.join(get_bench_path(), "sites"), start_new_session=True,
		stdout=stdout, stderr=subprocess.DEVNULL,
	)  # fmt: skip


class TestJobFaults(CleanTestCase):
	def test_killed_half_way_then_run_again(self):
		hr, due, lapsed = self.entity_with_certificates_due()
		job = start_job()
		notified = 0
		deadline = time.monotonic() + 120
		while time.monotonic() < deadline and job.poll() is None:
			frappe.db.rollback()  # a fresh snapshot of what the job has committed
			notified = frappe.db.count(
				"Specialist Certificate", {"health_worker": ("in", due), "expiry_notice_sent_on": DAY}
			)
			if notified:  # the first batches are committed: kill it now
				os.killpg(job.pid, signal.SIGKILL)
				break
			time.sleep(0.05)
		job.wait()
		self.assertTrue(0 < notified < NOTICES, f"killed half-way ({notified} of {NOTICES} notified)")

		certificates.process(DAY)
		frappe.db.rollback()
		self.assert_exactly_once(hr, due, lapsed)

	def test_two_runs_at_once(self):
		"""Two workers of the queue running the daily job together (or a run started while one is still
		going): the second starts while the first holds the rows of a batch and waits for them; each run
		makes only what the other did not, so each notice and each block is made once."""
		hr, due, lapsed = self.entity_with_certificates_due()
		# A certificate half-way down a batch (of 200: one entity's rows fill batches of four times the
		# batch size), locked here: the first run stops on it, holding
		# the rows of its batch before it; the second, starting from the top, comes to those rows.
		held = frappe.db.get_value("Specialist Certificate", {"health_worker": due[NOTICES // 2 + 25]})
		holder = frappe.db.create_connection()
		self.addCleanup(holder.close)
		with holder.cursor() as cursor:
			cursor.execute("begin")
			cursor.execute("select name from `tabSpecialist Certificate` where name = %s for update", held)
		first = start_job(stdout=subprocess.PIPE)
		self.addCleanup(first.kill)  # a no-op once it has ended
		self.wait_until_waiting_on(held, runs=1)
		second = start_job(stdout=subprocess.PIPE)
		self.addCleanup(second.kill)
		self.wait_until_waiting_on(held, runs=2)  # both runs at once, the second waiting
		holder.rollback()
		made = [json.loads(job.communicate(timeout=300)[0].splitlines()[-1]) for job in (first, second)]
		# What one run made the other found made: each counts only its own.
		self.assertEqual(sum(m["notices"] for m in made), NOTICES)
		self.assertEqual(sum(m["blocks"] for m in made), BLOCKS)
		frappe.db.rollback()
		self.assert_exactly_once(hr, due, lapsed)

	def wait_until_waiting_on(self, row: str, runs: int):
		"""Until `runs` other connections are in a locking read of a batch that holds `row`: they wait for
		it (held here) or for a row of its batch that the other run holds. A state, not a time."""
		deadline = time.monotonic() + 120
		while time.monotonic() < deadline:
			waiting = frappe.db.sql(
				"""select count(*) from information_schema.processlist where id != connection_id()
				and db = database() and info like '%%for update%%' and info like %s""",
				f"%{row}%",
			)[0][0]
			if waiting == runs:
				return
			time.sleep(0.05)
		self.fail(f"{runs} run(s) did not come to wait for {row}")

	def entity_with_certificates_due(self) -> tuple[str, list[str], list[str]]:
		"""An entity and its HR specialist, with NOTICES certificates entering the notice period on DAY
		and BLOCKS lapsed ones: (hr, workers due a notice, workers due a block)."""
		tag = frappe.generate_hash(length=4).upper()
		entity = make_entity("Astana")
		hr = make_user(f"hr.fault.{tag.lower()}@test.profregister.kz")
		link_user_to_entity(hr, entity.name, "HR Specialist")
		due = bulk_workers(entity.name, entity.region, NOTICES, f"N{tag}", DAY + timedelta(days=20))
		lapsed = bulk_workers(entity.name, entity.region, BLOCKS, f"B{tag}", DAY - timedelta(days=10))
		# Each event its own alert (no digest), so that each alert can be counted once.
		set_parameter(self, certificates.DIGEST_THRESHOLD, DAY - timedelta(days=365), NOTICES + BLOCKS)
		frappe.db.commit()
		return hr, due, lapsed

	def assert_exactly_once(self, hr: str, due: list[str], lapsed: list[str]):
		self.assertEqual(
			frappe.db.count(
				"Specialist Certificate", {"health_worker": ("in", due), "expiry_notice_sent_on": DAY}
			),
			NOTICES,
		)
		notices = frappe.db.sql(
			"""select document_name, count(*) from `tabNotification Log`
			where for_user = %s and document_name in %s group by document_name""",
			(hr, due),
		)
		self.assertEqual(len(notices), NOTICES)
		self.assertEqual({count for _name, count in notices}, {1})
		self.assertEqual(
			frappe.db.count("Health Worker", {"name": ("in", lapsed), "status": "Blocked"}), BLOCKS
		)
		# The status changes the reports count: one block for each lapsed worker, nothing for the others.
		changes = frappe.get_all(
			"Health Worker Status Change",
			filters={"health_worker": ("in", lapsed + due)},
			fields=["health_worker", "from_status", "to_status", "change_date"],
			as_list=True,
		)
		self.assertEqual(len(changes), BLOCKS)
		self.assertEqual(set(map(tuple, changes)), {(w, "Active", "Blocked", DAY) for w in lapsed})
		# The desk notices of the blocks, once each too.
		self.assertEqual(
			frappe.db.sql(
				"""select count(*) from `tabNotification Log` where for_user = %s and document_name in %s""",
				(hr, lapsed),
			)[0][0],
			BLOCKS,
		)


class TestAbandonedJob(CleanTestCase):
	"""A Register Import whose RQ worker was killed mid-run can be started again once the job's heart has
	stopped beating, not only when its 6-hour timeout runs out; a living job still refuses a second run."""

	def job(self, seconds_since_beat: int):
		job_id = f"profregister-test::{frappe.generate_hash(length=8)}"
		job = get_queue("long").enqueue_call("frappe.ping", job_id=f"{frappe.local.site}::{job_id}")
		self.addCleanup(job.delete)
		job.set_status(JobStatus.STARTED)
		job.heartbeat(utcnow() - timedelta(seconds=seconds_since_beat), ttl=600)
		return job_id

	def test_a_job_whose_heart_beats_is_running(self):
		job_id = self.job(seconds_since_beat=10)
		self.assertTrue(jobs.is_running(job_id))

	def test_a_job_whose_worker_died_is_not_and_its_id_is_free(self):
		job_id = self.job(seconds_since_beat=600)
		self.assertFalse(jobs.is_running(job_id))
		self.assertIsNone(get_job(job_id))

	def test_no_job_is_not_running(self):
		self.assertFalse(jobs.is_running("profregister-test::never-enqueued"))


class TestOrphanedRun(CleanTestCase):
	"""A run whose worker was killed may live on in its work-horse: while its connection holds the job's
	lock, the job counts as running, and a second run of it does nothing."""

	def test_a_held_lock_is_a_running_job(self):
		job_id = f"profregister-test::{frappe.generate_hash(length=8)}"
		self.assertFalse(jobs.is_locked(job_id))
		orphan = frappe.db.create_connection()
		with orphan.cursor() as cursor:
			cursor.execute("select get_lock(%s, 0)", (jobs.lock_name(job_id),))
		self.assertTrue(jobs.is_locked(job_id))
		with self.assertRaises(jobs.AlreadyRunning), jobs.exclusive(job_id):
			pass
		orphan.close()  # the work-horse dies: the server releases its lock once it sees the connection end
		deadline = time.monotonic() + 30
		while jobs.is_locked(job_id) and time.monotonic() < deadline:
			time.sleep(0.05)
		with jobs.exclusive(job_id):
			self.assertTrue(jobs.is_locked(job_id))
		self.assertFalse(jobs.is_locked(job_id))

	def test_a_failed_job_reconnects_when_the_database_went_away(self):
		frappe.db.commit()
		frappe.db._conn.close()  # as a restart of MariaDB leaves it
		jobs.rollback_or_reconnect(seconds=5)
		self.assertEqual(frappe.db.sql("select 1")[0][0], 1)
