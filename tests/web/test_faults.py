"""Faults survived, against a real ``yizhan serve`` process (slow: each starts a server):

- the database restarted under load: a PostgreSQL cluster of our own (``initdb`` + ``pg_ctl``
  on a private port in a temporary directory — never the machine's shared server) is stopped
  and started again while users keep requesting an API list and an HTML page, through
  ``yizhan serve`` and through gunicorn with two worker processes: every answer is 200 or
  the 503 answer (the JSON message or the bilingual page, ``Retry-After: 10``; never a 500 or
  a dropped connection), and the server recovers by itself once the database is back;
- the disk full: the data directory on a small tmpfs (needs root for ``mount``; skipped
  otherwise), filled up; a write is refused with the 507 message, nothing of it is stored,
  the database stays intact, a backup attempted then fails with a message and leaves no
  file, and the same write succeeds once space is freed.
"""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
import requests

from yizhan.web.liveserver import LiveServer
from yizhan.web.outage import DATABASE_DOWN, DISK_FULL

pytestmark = pytest.mark.slow

#: the port of this test's own PostgreSQL cluster (below); YIZHAN_TEST_PG_PORT moves it (and
#: the clusters of the other fault tests, which take the ports after it) off a port in use
PG_PORT = int(os.environ.get("YIZHAN_TEST_PG_PORT") or 18051)


def login(server, username="admin") -> requests.Session:
    session = requests.Session()
    session.get(server.url + "/accounts/login/", timeout=60)
    response = session.post(server.url + "/accounts/login/", timeout=60, allow_redirects=False,
                            data={"username": username, "password": server.passwords[username],
                                  "csrfmiddlewaretoken": session.cookies["csrftoken"]},
                            headers={"Referer": server.url + "/"})
    assert response.status_code == 302
    return session


class Cluster:
    """A PostgreSQL cluster in a temporary directory on ``port`` (default :data:`PG_PORT`). As
    root, the server runs as the ``postgres`` user (PostgreSQL refuses root)."""

    def __init__(self, port: int = PG_PORT):
        self.port = port
        bins = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
        if not bins:
            pytest.skip("PostgreSQL server binaries are not installed")
        self.bin = Path(bins[-1]).parent
        self.dir = Path(tempfile.mkdtemp(prefix="yizhan-pg-"))
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.dir, "postgres")
        self.run("initdb", "-D", str(self.dir / "data"), "-U", "postgres", "--auth=trust",
                 "--no-locale", "-E", "UTF8")
        self.start()
        self.url = f"postgres://postgres@127.0.0.1:{port}/yizhan"
        subprocess.run([str(self.bin / "createdb"), "-h", "127.0.0.1", "-p", str(port),
                        "-U", "postgres", "yizhan"], check=True)

    def run(self, tool, *args):
        subprocess.run([*self.as_user, str(self.bin / tool), *args], check=True,
                       capture_output=True)

    def start(self):
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-l", str(self.dir / "log"), "-w",
                 "-o", f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1", "start")

    def stop(self):
        self.run("pg_ctl", "-D", str(self.dir / "data"), "-m", "fast", "-w", "stop")

    def remove(self):
        try:
            self.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(self.dir, ignore_errors=True)


#: what the users request during the restart: the JSON API and an HTML page
LOAD = {"api": "/api/registry/subdistricts/", "page": "/registry/committees/"}


@pytest.mark.parametrize("mode", [["--workers", "0"], ["--workers", "2"]],
                         ids=["one-process", "gunicorn"])
def test_database_restart_under_load_gives_the_503_page_then_recovers(tmp_path, mode):
    """Four users (two on the API, two on a page) keep requesting while the database stops
    and starts again: ``yizhan serve --workers 0`` (threads, one process) and gunicorn with two
    worker processes (each holds its own connections)."""
    cluster = Cluster()
    try:
        with LiveServer(str(tmp_path), env={"DATABASE_URL": cluster.url},
                        args=["--no-load", "--no-worker", *mode], start_timeout=600) as server:
            sessions = [(kind, login(server)) for kind in ("api", "page", "api", "page")]
            for kind, session in sessions[:2]:
                assert session.get(server.url + LOAD[kind], timeout=60).status_code == 200
            #: (time, kind, status, body, Retry-After)
            answers: list[tuple[float, str, int, str, str | None]] = []
            stop = threading.Event()

            def user(kind, session):
                while not stop.is_set():
                    try:
                        r = session.get(server.url + LOAD[kind], timeout=60)
                        answers.append((time.monotonic(), kind, r.status_code, r.text,
                                        r.headers.get("Retry-After")))
                    except requests.RequestException as exc:  # noqa: PERF203
                        answers.append((time.monotonic(), kind, -1, str(exc), None))

            threads = [threading.Thread(target=user, args=s) for s in sessions]
            for t in threads:
                t.start()
            time.sleep(2)
            cluster.stop()
            stopped = time.monotonic()
            # until each kind met the stopped database (a bound for a loaded machine)
            while time.monotonic() < stopped + 60 and {
                    a[1] for a in answers if a[0] > stopped and a[2] == 503} != set(LOAD):
                time.sleep(0.2)
            cluster.start()
            restarted = time.monotonic()
            deadline = restarted + 120  # a bound for a loaded machine, not a timing claim
            while time.monotonic() < deadline:
                recent = [a for a in answers if a[0] > time.monotonic() - 1]
                if {a[1] for a in recent} == set(LOAD) and all(a[2] == 200 for a in recent):
                    break
                time.sleep(0.5)
            stop.set()
            for t in threads:
                t.join()
        statuses = {a[2] for a in answers}
        assert statuses <= {200, 503}, sorted(statuses)  # never a 500, never a dropped socket
        down = [a for a in answers if a[2] == 503]
        assert {a[1] for a in down} == set(LOAD), "not every kind met the stopped database"
        for _, kind, _, text, retry_after in down:
            assert retry_after == "10"
            if kind == "api":
                assert text == '{"detail": "%s"}' % DATABASE_DOWN
            else:  # the page: the message, and nothing of a traceback
                assert DATABASE_DOWN.split(" / ")[0] in text and "暂时无法服务" in text
                assert "Traceback" not in text
        for kind in LOAD:  # recovered by itself: the last answers after the restart are 200
            after = [a[2] for a in answers if a[1] == kind and a[0] > restarted]
            assert after[-2:] == [200, 200], (kind, after[-10:])
    finally:
        cluster.remove()


@pytest.fixture
def small_disk():
    """A 16 MiB tmpfs (root only): a disk that can really run full."""
    mount = Path(tempfile.mkdtemp(prefix="yizhan-full-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root): " + done.stderr.decode())
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        mount.rmdir()


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    # unbuffered: a buffered file would try to write its rest again on close and raise there
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 65536)
        except OSError:
            pass
    return filler


def test_disk_full_refuses_the_write_with_a_message_and_stores_nothing(small_disk):
    with LiveServer(str(small_disk), args=["--no-load", "--no-worker"],
                    start_timeout=600) as server:
        session = login(server)
        headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": server.url + "/"}
        url = server.url + "/api/registry/subdistricts/"
        body = {"name": "满盘街道", "street_code": "440303999"}
        db = small_disk / "yizhan.sqlite3"

        def stored():
            conn = sqlite3.connect(db)
            try:
                return (conn.execute("SELECT COUNT(*) FROM registry_subdistrict WHERE name = ?",
                                     (body["name"],)).fetchone()[0],
                        conn.execute("SELECT COUNT(*) FROM changelog_objectchange").fetchone()[0])
            finally:
                conn.close()

        before = stored()
        filler = fill(small_disk)
        refused = session.post(url, json=body, headers=headers, timeout=60)
        assert refused.status_code == 507
        assert refused.json() == {"detail": DISK_FULL}
        backups = small_disk / "backups"
        backups.mkdir()
        backup = subprocess.run([sys.executable, "-m", "yizhan.cli", "backup", str(backups)],
                                env=server.env, capture_output=True, text=True)
        assert backup.returncode == 1 and "full" in backup.stderr, backup.stderr
        assert list(backups.iterdir()) == []  # no partial file, no temporary copy
        filler.unlink()
        assert stored() == before  # neither the row nor its change-log entry
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        accepted = session.post(url, json=body, headers=headers, timeout=60)
        assert accepted.status_code in (200, 201), accepted.text
        assert stored()[0] == 1
