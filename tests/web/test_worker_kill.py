"""The task worker killed mid-job, for real (slow): a worker process (``python -m yizhan.web
worker``'s command) claims a planner run, is sent SIGKILL while the planner computes, and two
workers started at the same moment take over. The job is queued again exactly once, run once
more, and leaves exactly one plan; with one attempt allowed it fails with the reason instead.
The planner's own process dies with the killed worker (no planner computing for nobody).

On SQLite (a file database: worker processes and the server share it) and on a PostgreSQL
cluster of the test's own (``initdb`` on a private port, as the database-restart test; skipped
when the server binaries are missing), because the exactly-once rests on each database's
locking: SQLite runs one write transaction at a time, PostgreSQL re-checks the recovering
``UPDATE``'s condition after the competing transaction commits.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests

from yizhan.web.liveserver import LiveServer

from .planning import fake_planners
from .test_faults import PG_PORT, Cluster, login

pytestmark = pytest.mark.slow

#: a worker process whose planner is fake_planners.recorded_planner (its id: argv[1])
BOOT = """
import os, sys
sys.path.insert(0, {planners!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
import django
django.setup()
import fake_planners
from yizhan.web.planning import tasks
tasks.PLANNER = fake_planners.recorded_planner
from django.core.management import call_command
call_command("worker", "--worker-id", sys.argv[1], "--interval", "0.2", "--no-startup-delay")
"""


class Worker:
    def __init__(self, server, worker_id: str, env: dict):
        self.id = worker_id
        self.proc = subprocess.Popen(
            [sys.executable, "-c", BOOT.format(planners=str(Path(fake_planners.__file__).parent)),
             worker_id], env={**server.env, **env}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True)

    def stop(self) -> str:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            out, _ = self.proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return out


def _query(server, sql: str, *args):
    url = server.env.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as conn:
            return conn.execute(sql.replace("?", "%s"), args).fetchall()
    conn = sqlite3.connect(Path(server.env["YIZHAN_DATA_DIR"]) / "yizhan.sqlite3", timeout=30)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def _job(server, run_id: int):
    """(status, worker ids) of the run's django-tasks-db job."""
    import json

    task_id = _query(server, "SELECT task_id FROM planning_plannerrun WHERE id = ?", run_id)[0][0]
    postgres = server.env.get("DATABASE_URL", "").startswith("postgres")
    [(status, workers)] = _query(
        server, "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult WHERE id = "
        + ("CAST(? AS uuid)" if postgres else "?"), task_id.replace("-", ""))
    return status, workers if isinstance(workers, list) else json.loads(workers)


def _wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout  # a bound for a loaded machine, not a timing claim
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture(params=["sqlite", "postgresql"], scope="module")
def server(request, tmp_path_factory):
    env, cluster = {}, None
    if request.param == "postgresql":
        cluster = Cluster(port=PG_PORT + 1)
        env["DATABASE_URL"] = cluster.url
    try:
        with LiveServer(str(tmp_path_factory.mktemp("data")), env=env, args=["--no-worker"],
                        start_timeout=600) as srv:
            yield srv
    finally:
        if cluster is not None:
            cluster.remove()


def _start_run(session, server, name: str) -> int:
    response = session.post(server.url + "/api/planning/runs/", json={
        "name": name, "time_limit": 300},
        headers={"X-CSRFToken": session.cookies["csrftoken"], "Referer": server.url + "/"},
        timeout=60)
    assert response.status_code == 202, response.text
    return response.json()["id"]


def _run(session, server, run_id: int) -> dict:
    return session.get(f"{server.url}/api/planning/runs/{run_id}/", timeout=60).json()


def _kill_mid_job(server, session, tmp_path, name: str, attempts: int):
    """Start a run, let worker "a" claim it and start the planner, SIGKILL it; then start
    workers "b" and "c" at the same moment and wait for the run to end. Returns (the run as
    the API shows it, how often the planner was started, the "recovered" lines of b and c)."""
    planner_log = tmp_path / f"{name}.starts"
    env = {"YIZHAN_WORKER_BEAT_SECONDS": "1", "YIZHAN_JOB_ATTEMPTS": str(attempts),
           "YIZHAN_TEST_PLANNER_LOG": str(planner_log)}
    run_id = _start_run(session, server, name)
    a = Worker(server, f"{name}-a", env)
    try:
        _wait(lambda: planner_log.exists() and planner_log.read_text().split()
              and _run(session, server, run_id)["status"] == "running", 300,
              "worker a to start the planner")
        planner_pid = int(planner_log.read_text().split()[0])
        assert psutil.Process(planner_pid).ppid() == a.proc.pid  # the planner's own process
        a.proc.send_signal(signal.SIGKILL)
        a.proc.wait(timeout=60)
    finally:
        a.stop()
    # the kernel ends the planner with its worker (PR_SET_PDEATHSIG)
    _wait(lambda: not psutil.pid_exists(planner_pid)
          or psutil.Process(planner_pid).status() == psutil.STATUS_ZOMBIE, 30,
          "the orphaned planner process to end")
    assert _run(session, server, run_id)["status"] == "running"  # as the kill left it
    others = [Worker(server, f"{name}-b", env), Worker(server, f"{name}-c", env)]
    try:
        run = _wait(lambda: (r := _run(session, server, run_id))["finished"] and r, 300,
                    "the run to end")
    finally:
        outputs = [w.stop() for w in others]
    recovered = [line for out in outputs for line in out.splitlines()
                 if line.startswith("recovered job")]
    return run, len(planner_log.read_text().split()), recovered


def test_a_killed_worker_s_job_is_run_again_exactly_once(server, tmp_path):
    run, starts, recovered = _kill_mid_job(server, login(server), tmp_path, "retry", 2)
    assert run["status"] == "succeeded", run
    assert starts == 2  # the killed start and the retry
    assert _query(server, "SELECT COUNT(*) FROM planning_plan WHERE name = ?", "retry") == [(1,)]
    status, workers = _job(server, run["id"])
    assert status == "SUCCESSFUL"
    assert workers[0] == "retry-a" and len(workers) == 2 and workers[1] in ("retry-b", "retry-c")
    assert len(recovered) == 1 and ": requeued: " in recovered[0], recovered


def test_a_killed_worker_s_job_fails_with_the_reason_when_no_retry_is_left(server, tmp_path):
    run, starts, recovered = _kill_mid_job(server, login(server), tmp_path, "once", 1)
    assert run["status"] == "failed", run
    assert "once-a" in run["error"] and "started 1 times" in run["error"]
    assert starts == 1  # never started again
    assert _query(server, "SELECT COUNT(*) FROM planning_plan WHERE name = ?", "once") == [(0,)]
    status, workers = _job(server, run["id"])
    assert status == "FAILED" and workers == ["once-a"]
    assert len(recovered) == 1 and ": failed: " in recovered[0], recovered
