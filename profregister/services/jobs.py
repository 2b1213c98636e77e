"""How the app's jobs survive faults: each batch is handled and committed on its own, and a failing
batch is rolled back and logged while the job goes on (the only place a nightly job commits); a job
whose worker was killed is known as dead within minutes, not when its timeout runs out hours later."""

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
