"""The fresh-machine path of scripts/lib.sh, without building a whole bench: the bench user's Python is
a system one (never root's PATH), and a bench left half-made by a failed `bench init` is detected and
rebuilt on the next run instead of stopping bootstrap."""

import os
import subprocess
import uuid
from pathlib import Path

import pytest

LIB = Path(__file__).resolve().parents[2] / "scripts" / "lib.sh"
pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="the bootstrap steps run as root")


def steps(tmp_path, *functions, **env):
	"""Run lib.sh functions as bootstrap does, with `python3` on root's PATH that only root may run."""
	fake_bin = tmp_path / "root-only-bin"
	fake_bin.mkdir(mode=0o700, exist_ok=True)
	marker = tmp_path / "fake-python-ran"
	python3 = fake_bin / "python3"
	python3.write_text(f"#!/bin/sh\ntouch {marker}\nexit 1\n")
	python3.chmod(0o700)
	script = f"source {LIB}; " + "; ".join(functions)
	result = subprocess.run(
		["bash", "-c", script],
		env={**os.environ, "PATH": f"{fake_bin}:{os.environ['PATH']}", "CI": "", **env},
		capture_output=True,
		text=True,
		timeout=600,
	)
	return result, marker


def test_the_bench_user_gets_a_system_python(tmp_path):
	result, marker = steps(tmp_path, "ensure_bench_user", "echo BENCH_PYTHON=$BENCH_PYTHON")
	assert result.returncode == 0, result.stderr
	python = result.stdout.split("BENCH_PYTHON=")[1].split()[0]
	assert python.startswith("/usr/bin/python3"), python
	assert not marker.exists(), "root's python3 must never be handed to the bench user"


def test_a_half_made_bench_is_rebuilt_on_the_next_run(tmp_path):
	home = subprocess.run(["getent", "passwd", "frappe"], capture_output=True, text=True).stdout.split(":")[5]
	bench_dir = f"{home}/bench-fresh-path-{uuid.uuid4().hex[:8]}"
	# A source that cannot be cloned makes `bench init` fail after it has made the bench's folders.
	env = {"BENCH_DIR": bench_dir, "FRAPPE_SOURCE": f"{home}/no-such-frappe-source"}
	try:
		first, _ = steps(tmp_path, "ensure_bench_user", "ensure_bench", **env)
		assert first.returncode != 0
		assert Path(bench_dir).exists(), "bench init leaves a half-made bench behind"
		second, marker = steps(tmp_path, "ensure_bench_user", "ensure_bench", **env)
		assert "Removing the incomplete bench" in second.stderr, second.stderr[-2000:]
		assert "already exists" not in second.stderr
		assert not marker.exists()
	finally:
		subprocess.run(["rm", "-rf", bench_dir], check=False)
