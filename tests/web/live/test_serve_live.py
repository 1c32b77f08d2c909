"""``yizhan serve`` as ``make run`` starts it (issue 14): gunicorn with several worker processes
by default, started through the real command (``python -m yizhan.cli serve``) on a free port.

- as many gunicorn workers as :func:`yizhan.web.serve.default_workers` says, each of which
  answers a request (the requests are held open until every worker has taken one, so each
  answer is known to come from a different process);
- a planner run submitted through it is run by its task worker to the end;
- SIGTERM to ``serve`` (what ``systemctl stop`` or ``kill`` sends) and Ctrl+C (SIGINT to the
  terminal's process group) each stop the server, its web workers, the task worker and a
  planner it is computing: no process of the tree is left (psutil); so does ``kill -9`` of
  serve alone (an idle task worker).

The bounds on waiting below only keep a broken server from hanging the run; nothing asserts
how long anything took.
"""

from __future__ import annotations

import os
import signal
import socket
import tempfile
import time

import psutil
import pytest

from yizhan.web.liveserver import LiveServer
from yizhan.web.serve import default_workers

from .conftest import Browser, _scratch_postgres

pytestmark = pytest.mark.live


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds  # a bound for a loaded machine, not a timing claim
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _is_task_worker(proc: psutil.Process) -> bool:
    cmdline = proc.cmdline()
    return "yizhan.web" in cmdline and "worker" in cmdline


def _web_workers(server) -> list[psutil.Process]:
    return [c for c in psutil.Process(server.proc.pid).children() if not _is_task_worker(c)]


def _task_worker(server) -> psutil.Process | None:
    return next((c for c in psutil.Process(server.proc.pid).children() if _is_task_worker(c)),
                None)


def _all_workers_up(server) -> list[psutil.Process]:
    """The web workers, once gunicorn has forked all of them (the master listens first)."""
    return _wait(lambda: len(w := _web_workers(server)) == server.workers and w, 120,
                 f"{server.workers} gunicorn workers")


def _holder(port: int, client_port: int, workers: list[psutil.Process]) -> int | None:
    """The pid of the worker holding the server side of the connection from ``client_port``."""
    for worker in workers:
        for conn in worker.net_connections(kind="tcp"):
            if conn.laddr and conn.laddr.port == port and conn.raddr \
                    and conn.raddr.port == client_port:
                return worker.pid
    return None


def test_the_default_is_gunicorn_with_the_automatic_number_of_workers(server):
    assert server.workers == default_workers() >= 2, server.serving
    assert ("2 per CPU" if not os.environ.get("YIZHAN_WORKERS") else "YIZHAN_WORKERS") \
        in server.serving
    assert _task_worker(server) is not None  # the task worker beside them


def test_every_worker_process_answers(server):
    """As many connections as workers, each sending all of a request but its last line: a
    ``sync`` worker takes one connection and reads it until the request is whole, so each
    connection ends up in a different worker. Then the requests are completed."""
    workers = _all_workers_up(server)
    clients = [socket.create_connection(("127.0.0.1", server.port), timeout=60)
               for _ in workers]
    try:
        for client in clients:
            client.sendall(b"GET /accounts/login/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Connection: close\r\n")
        holders = _wait(lambda: all(h := [_holder(server.port, c.getsockname()[1], workers)
                                          for c in clients]) and h, 120,
                        "every connection to be taken by a worker")
        assert sorted(holders) == sorted(w.pid for w in workers)  # one each, all of them
        for client in clients:
            client.sendall(b"\r\n")
        for client in clients:
            answer = b""
            while chunk := client.recv(65536):
                answer += chunk
            assert answer.startswith(b"HTTP/1.1 200 "), answer[:200]
            head = answer.partition(b"\r\n\r\n")[0].decode("latin-1")
            assert "\r\nServer: gunicorn\r\n" in head  # no version number
            assert "登录".encode() in answer or b"login" in answer.lower()
    finally:
        for client in clients:
            client.close()


def _start_run(admin: Browser, name: str, time_limit: int, district: bool = False) -> int:
    sub = None if district else admin.get("/api/registry/subdistricts/").json()["items"][0]["id"]
    response = admin.post("/api/planning/runs/", json={
        "name": name, "subdistrict": sub, "time_limit": time_limit})
    assert response.status_code == 202, response.text
    return response.json()["id"]


def test_a_planner_run_submitted_through_it_runs_to_the_end(server):
    admin = Browser(server, "admin")
    run_id = _start_run(admin, "serve-default run", 30)
    run = _wait(lambda: (r := admin.get(f"/api/planning/runs/{run_id}/").json())["finished"]
                and r, 600, "the planner run to finish")
    assert run["status"] == "succeeded", run
    assert run["plan"] is not None
    assert admin.get(f"/api/planning/plans/{run['plan']}/").status_code == 200


@pytest.fixture
def own_server():
    """A server of the test's own (it is stopped by the test): fresh data directory, and on
    PostgreSQL a scratch database of its own."""
    url = os.environ.get("DATABASE_URL", "")
    env, drop = {"YIZHAN_SECRET_KEY": "live-test-key"}, None
    if url.startswith("postgres"):
        env["DATABASE_URL"], drop = _scratch_postgres(url)
    try:
        with tempfile.TemporaryDirectory(prefix="yizhan-stop-") as data_dir, \
                LiveServer(data_dir, env=env, start_timeout=300) as srv:
            yield srv
    finally:
        if drop is not None:
            drop()


@pytest.mark.parametrize("how", ["SIGTERM to serve", "Ctrl+C to the process group"])
def test_stopping_ends_the_server_its_workers_the_task_worker_and_its_planner(own_server, how):
    server = own_server
    workers = _all_workers_up(server)
    task_worker = _task_worker(server)
    assert task_worker is not None
    # the task worker busy with a district-wide planner run (in a process of its own)
    admin = Browser(server, "admin")
    run_id = _start_run(admin, "stopped mid-run", 300, district=True)
    _wait(lambda: task_worker.children()
          or admin.get(f"/api/planning/runs/{run_id}/").json()["finished"], 300,
          "the task worker to start the planner")
    tree = psutil.Process(server.proc.pid).children(recursive=True)
    assert {w.pid for w in workers} | {task_worker.pid} <= {p.pid for p in tree}
    if how == "SIGTERM to serve":
        server.proc.send_signal(signal.SIGTERM)
    else:  # the terminal sends SIGINT to every process of the foreground group
        os.killpg(server.proc.pid, signal.SIGINT)
    server.proc.wait(timeout=120)  # a bound, not a timing claim
    _gone, alive = psutil.wait_procs(tree, timeout=60)
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]
    assert server.proc.returncode == 0, "".join(server.log[-20:])


def test_serve_killed_outright_leaves_no_process(own_server):
    """``kill -9`` (or the OOM killer) gives serve no chance to stop anything: the gunicorn
    workers notice their master is gone, and the kernel sends the task worker SIGTERM
    (``PR_SET_PDEATHSIG``)."""
    server = own_server
    _all_workers_up(server)
    assert _task_worker(server) is not None
    tree = psutil.Process(server.proc.pid).children(recursive=True)
    server.proc.send_signal(signal.SIGKILL)
    server.proc.wait(timeout=60)
    _gone, alive = psutil.wait_procs(tree, timeout=120)  # gunicorn's workers look every 30 s
    assert alive == [], [(p.pid, p.cmdline()) for p in alive]
