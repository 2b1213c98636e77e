"""The local mail sink of scripts/lib.sh: start_mail_sink waits until the port accepts, keeps what it is
sent in a Maildir, starts again in place of itself, refuses a port another process holds, and
stop_mail_sink ends its process group."""

import mailbox
import os
import smtplib
import socket
import subprocess
import uuid
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[2] / "scripts" / "lib.sh"
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the bench user's processes are started as root")


def lib(script: str) -> subprocess.CompletedProcess:
	return subprocess.run(["bash", "-c", f"source {LIB}; {script}"], env={**os.environ, "CI": ""},
		capture_output=True, text=True, timeout=300)  # fmt: skip


def free_port() -> int:
	with socket.socket() as probe:
		probe.bind(("127.0.0.1", 0))
		return probe.getsockname()[1]


def accepts(port: int) -> bool:
	try:
		socket.create_connection(("127.0.0.1", port), timeout=2).close()
	except OSError:
		return False
	return True


@pytest.fixture
def sink():
	"""A port and a Maildir for one sink; stopped and removed afterwards."""
	if lib("bench_is_whole").returncode != 0:
		pytest.skip("no bench yet: the sink runs from the bench's env")
	# The sink's aiosmtpd comes with the bench (ensure_bench installs it when missing).
	assert lib("ensure_bench").returncode == 0
	port, maildir = free_port(), f"/tmp/profregister-mail-{uuid.uuid4().hex[:8]}"
	yield port, maildir
	lib(f"stop_mail_sink {port}")
	subprocess.run(["rm", "-rf", maildir], check=False)


def test_the_sink_keeps_what_it_is_sent_and_stops(sink):
	port, maildir = sink
	for _ in range(2):  # a second start replaces the first
		started = lib(f"start_mail_sink {port} {maildir}")
		assert started.returncode == 0, started.stderr[-2000:]
		assert accepts(port)
	with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
		smtp.sendmail(
			"hr@test.profregister.kz", ["worker@test.profregister.kz"], b"Subject: Invitation\r\n\r\nhi\r\n"
		)
	kept = list(mailbox.Maildir(maildir, create=False))
	assert [message["Subject"] for message in kept] == ["Invitation"]
	assert lib(f"stop_mail_sink {port}").returncode == 0
	assert not accepts(port)
	assert lib(f'test ! -e "$PID_DIR/mail-{port}.pid"').returncode == 0


def test_a_port_held_by_another_process_is_refused(sink):
	port, maildir = sink
	with socket.socket() as other:
		other.bind(("127.0.0.1", port))
		other.listen()
		refused = lib(f"start_mail_sink {port} {maildir}")
	assert refused.returncode != 0 and "taken" in refused.stderr, refused.stderr[-2000:]
