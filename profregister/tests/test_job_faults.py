"""The nightly certificate job killed with SIGKILL half-way through a catch-up run, then run again, and
two runs at once: every notice sent exactly once, every block made exactly once, nothing lost."""

import os
import signal
import subprocess
import time
from datetime import date, timedelta

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import get_bench_path, now_datetime
from frappe.utils.background_jobs import get_job, get_queue
from rq.job import JobStatus
from rq.utils import utcnow

from profregister.services.certificates import lifecycle as certificates
from profregister.services.platform import jobs
from profregister.tests.factories import link_user_to_entity, make_entity, make_user

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


def start_job() -> subprocess.Popen:
	"""The daily job in a process of its own, as the scheduler's worker runs it."""
	return subprocess.Popen(
		[f"{get_bench_path()}/env/bin/python", "-m", "frappe.utils.bench_helper", "frappe",
			"--site", frappe.local.site, "execute", "profregister.services.certificates.lifecycle.process",
			"--kwargs", f"{{'day': '{DAY}', 'batch_size': 50}}"],
		cwd=os.path.join(get_bench_path(), "sites"), start_new_session=True,
		stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
	)  # fmt: skip


class TestJobFaults(FrappeTestCase):
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
		going): each notice and each block is still made once."""
		hr, due, lapsed = self.entity_with_certificates_due()
		job = start_job()
		certificates.process(DAY, batch_size=50)
		job.wait(timeout=300)
		frappe.db.rollback()
		self.assert_exactly_once(hr, due, lapsed)

	def entity_with_certificates_due(self) -> tuple[str, list[str], list[str]]:
		"""An entity and its HR specialist, with NOTICES certificates entering the notice period on DAY
		and BLOCKS lapsed ones: (hr, workers due a notice, workers due a block)."""
		tag = frappe.generate_hash(length=4).upper()
		entity = make_entity("Astana")
		hr = make_user(f"hr.fault.{tag.lower()}@test.profregister.kz")
		link_user_to_entity(hr, entity.name, "HR Specialist")
		due = bulk_workers(entity.name, entity.region, NOTICES, f"N{tag}", DAY + timedelta(days=20))
		lapsed = bulk_workers(entity.name, entity.region, BLOCKS, f"B{tag}", DAY - timedelta(days=10))
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
		blocks = frappe.db.sql(
			"""select docname, count(*) from `tabVersion` where ref_doctype = 'Health Worker'
			and docname in %s and data like %s group by docname""",
			(lapsed, '%["status","Active","Blocked"]%'),
		)
		self.assertEqual(len(blocks), BLOCKS)
		self.assertEqual({count for _name, count in blocks}, {1})
		# The desk notices of the blocks, once each too.
		self.assertEqual(
			frappe.db.sql(
				"""select count(*) from `tabNotification Log` where for_user = %s and document_name in %s""",
				(hr, lapsed),
			)[0][0],
			BLOCKS,
		)


class TestAbandonedJob(FrappeTestCase):
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


class TestOrphanedRun(FrappeTestCase):
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
