"""Issue 14 against running servers: check-deploy sees the task worker's heartbeat, gunicorn
serves with several processes, and a first start on an empty data directory answers."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time

import psutil
import pytest
import requests

from yizhan.web.liveserver import LiveServer

from .conftest import Browser

pytestmark = pytest.mark.live


def _check_deploy(env: dict) -> str:
    env = {**env, "YIZHAN_ALLOWED_HOSTS": "yizhan.intranet", "YIZHAN_HTTPS": "0",
           "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "yizhan.cli", "check-deploy"], env=env,
                          capture_output=True, text=True, timeout=120).stdout


def test_check_deploy_sees_the_task_worker_of_a_running_server(server):
    deadline = time.monotonic() + 60
    while True:
        out = _check_deploy(server.env)
        if "task worker alive" in out or time.monotonic() > deadline:
            break
        time.sleep(2)
    assert "[通过 ok  ] 任务进程运行中" in out, out
    assert f":{server.proc.pid}" not in out  # the worker is serve's child, not serve itself


def test_gunicorn_serves_with_several_worker_processes(server):
    env = {k: server.env[k] for k in ("DATABASE_URL", "YIZHAN_SECRET_KEY") if k in server.env}
    with LiveServer(server.env["YIZHAN_DATA_DIR"], env=env, start_timeout=300,
                    args=["--workers", "2", "--no-worker"]) as gunicorn:
        deadline = time.monotonic() + 60  # the master listens before it has forked them all
        while len(workers := psutil.Process(gunicorn.proc.pid).children()) < 2 \
                and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(workers) == 2, workers
        gunicorn.passwords = server.passwords  # users were created by the first server
        admin = Browser(gunicorn, "admin")
        for path in ("/registry/committees/", "/planning/plans/", "/dashboard/?plan=official"):
            assert admin.get(path).status_code == 200, path
        static = requests.get(gunicorn.url + "/static/yizhan/site.js", timeout=30)
        assert static.status_code == 200 and "max-age=3600" in static.headers["Cache-Control"]


def test_first_start_on_an_empty_data_directory_answers():
    """What `make run` does on a fresh clone (SQLite, a data directory not yet made)."""
    with tempfile.TemporaryDirectory(prefix="yizhan-first-") as tmp, \
            LiveServer(os.path.join(tmp, "var"), start_timeout=300) as server:
        assert requests.get(server.url + "/accounts/login/", timeout=30).status_code == 200
        assert {"admin", "viewer"} <= set(server.passwords)
        assert Browser(server, "officer-huangbei").get("/registry/committees/").status_code \
            == 200
