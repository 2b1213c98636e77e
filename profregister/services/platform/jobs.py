"""How the app's jobs survive faults: each batch is handled and committed on its own, and a failing
batch is rolled back and logged while the job goes on (the only place a nightly job commits); a job
whose worker was killed is known as dead within minutes, not when its timeout runs out hours later."""

import time
from contextlib import contextmanager
from datetime import timedelta

import frappe
from frappe.utils.background_jobs import get_job
from rq.job import JobStatus
from rq.utils import utcnow

# An RQ worker beats a running job's heart every 30 s and RQ gives up on it 60 s after a missed beat
# (rq.worker: job_monitoring_interval + 60); past that the worker was killed with its job.
ABANDONED_AFTER = timedelta(seconds=120)


def in_isolated_batches(batches, handle, title: str) -> int:
	"""Sum of `handle(batch)` over the batches that succeed."""
	done = 0
	for batch in batches:
		try:
			done += handle(batch)
			frappe.db.commit()
		except Exception:
			frappe.db.rollback()
			frappe.log_error(title=title)
			frappe.db.commit()
	return done


def is_running(job_id: str) -> bool:
	"""Queued, or started by a worker still alive. The record of a job whose worker died (SIGKILL, the
	machine's OOM killer) is removed, so the same job id can be enqueued again at once."""
	job = get_job(job_id)
	if job is None or job.get_status() not in (JobStatus.QUEUED, JobStatus.STARTED):
		return False
	beat = job.last_heartbeat or job.started_at
	if job.get_status() == JobStatus.STARTED and beat and utcnow() - beat > ABANDONED_AFTER:
		job.delete()
		return False
	return True


class AlreadyRunning(Exception):
	"""Another run of the same work holds its lock."""


def lock_name(job_id: str) -> str:
	# MariaDB's named locks are server-wide: the site's database names the lock too.
	return f"{frappe.conf.db_name}:{job_id}"[:64]


@contextmanager
def exclusive(job_id: str):
	"""Hold MariaDB's named lock for the job while it runs. The server releases it only when the
	holding connection ends, so a run orphaned by a killed worker (its work-horse lives on without a
	heartbeat) still holds it, and a run started again cannot overlap it."""
	if not frappe.db.sql("select get_lock(%s, 0)", lock_name(job_id))[0][0]:
		raise AlreadyRunning(job_id)
	try:
		yield
	finally:
		try:
			frappe.db.sql("select release_lock(%s)", lock_name(job_id))
		except Exception:
			pass  # the connection is gone, and the server released the lock with it


def is_locked(job_id: str) -> bool:
	return not frappe.db.sql("select is_free_lock(%s)", lock_name(job_id))[0][0]


def rollback_or_reconnect(seconds: float = 60):
	"""Roll back a failed job's transaction. When the database went away under the job (a restart),
	wait until it answers again and connect anew, so the job can still record how it ended."""
	try:
		frappe.db.rollback()
		return
	except Exception:
		pass
	deadline = time.monotonic() + seconds
	while True:
		try:
			frappe.db.connect()
			frappe.db.sql("select 1")
			return
		except Exception:
			if time.monotonic() > deadline:
				raise
			time.sleep(0.5)
