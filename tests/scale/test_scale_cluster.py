"""Runs with real worker processes (slow): a worker killed mid-run, and a real ``dask
scheduler`` with ``dask worker`` processes on loopback (ports 18072-18077)."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from scale_helpers import parents_of, plan_of

from yizhan.scale.run import run_national

pytestmark = pytest.mark.slow

DASK = str(Path(sys.executable).parent / "dask")
PORT = 18072


def test_a_worker_killed_mid_run_loses_nothing(sample_dir, reference, tmp_path):
    out = tmp_path / "killed"
    killed = []

    def kill_once(done, total, mark):
        if mark is not None and not killed:
            pid = int(mark["worker"].rsplit(":", 1)[1])
            os.kill(pid, signal.SIGKILL)  # a worker of this test's own cluster
            killed.append(pid)

    summary = run_national(sample_dir, out, scheduler="local", workers=2, batch_units=25,
                           progress=kill_once)
    assert killed and summary["parents"] == reference[1]["parents"]
    plan = plan_of(out)
    assert plan["code"].is_unique
    pd.testing.assert_frame_equal(plan, plan_of(reference[0]))  # processes = threads = plan
    pd.testing.assert_frame_equal(parents_of(out), parents_of(reference[0]))


def test_through_a_dask_scheduler_and_workers_on_loopback(sample_dir, reference, tmp_path):
    started = []
    try:
        started.append(subprocess.Popen([DASK, "scheduler", "--host", "127.0.0.1", "--port",
                                         str(PORT), "--no-dashboard"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        address = f"tcp://127.0.0.1:{PORT}"
        started.append(subprocess.Popen([DASK, "worker", address, "--nworkers", "2",
                                         "--nthreads", "1", "--no-dashboard", "--host",
                                         "127.0.0.1", "--worker-port", f"{PORT + 1}:{PORT + 2}",
                                         "--nanny-port", f"{PORT + 3}:{PORT + 4}"],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        from distributed import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=120)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(1)
        out = tmp_path / "tcp"
        summary = run_national(sample_dir, out, scheduler=address, batch_units=25)
        assert summary["session"]["cluster_workers"] == 2
        pd.testing.assert_frame_equal(plan_of(out), plan_of(reference[0]))
        pd.testing.assert_frame_equal(parents_of(out), parents_of(reference[0]))
    finally:
        for proc in reversed(started):
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
