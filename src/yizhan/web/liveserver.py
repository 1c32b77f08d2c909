"""``yizhan serve`` in a child process on a free loopback port, for browser tests, the
screenshot script and the load benchmark: the same command ``make run`` runs (gunicorn with the
default number of workers unless ``args`` say otherwise), with its task worker, on a database
of its own.

    with LiveServer(data_dir) as server:
        server.url, server.passwords["admin"]

The demo passwords are read from what ``serve`` prints on first start, the number of gunicorn
workers from the line it prints when it serves. Stopping sends SIGINT to ``serve`` (which
stops its web workers and its task worker) and, if anything is left, kills the process group.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time

__all__ = ["LiveServer", "free_port", "CHROMIUM", "CHROMIUM_ARGS"]

#: Debian's chromium and the flags that work on a closed network (LIBRARIES.md); never
#: ``playwright install``.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--lang=zh-CN"]

_CREDENTIALS = re.compile(r"用户名 (\S+)\s+密码 (\S+)")
_READY = "一站 yizhan: http"
_WORKERS = re.compile(r"gunicorn, (\d+) worker processes")


def free_port() -> int:
    """A free loopback port: the first free one of ``YIZHAN_PORT_RANGE`` ("18010-18019")
    when set (machines shared by several people each given a range), else any."""
    first, _, last = os.environ.get("YIZHAN_PORT_RANGE", "").partition("-")
    candidates = range(int(first), int(last or first) + 1) if first.isdigit() else [0]
    for port in candidates:
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise OSError(f"no free port in YIZHAN_PORT_RANGE={os.environ['YIZHAN_PORT_RANGE']}")


class LiveServer:
    """Start ``yizhan serve`` on 127.0.0.1 and wait until it accepts connections.

    Parameters
    ----------
    data_dir : str
        ``YIZHAN_DATA_DIR`` of the server (its SQLite database and uploads).
    env : dict, optional
        Extra environment, e.g. ``DATABASE_URL`` for PostgreSQL (the caller's own
        ``DATABASE_URL`` and ``DJANGO_SETTINGS_MODULE`` are never passed on).
    port : int, optional
        Default: a free port.
    start_timeout : float
        Seconds to wait for migration, the bundled data and the first connection.
    args : list of str, optional
        More ``serve`` options, e.g. ``["--no-worker"]``, ``["--workers", "0"]`` (the
        one-process server).
    """

    def __init__(self, data_dir: str, env: dict | None = None, port: int | None = None,
                 start_timeout: float = 180, args: list[str] | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        child_env = {k: v for k, v in os.environ.items()
                     if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        child_env.update(YIZHAN_DATA_DIR=data_dir, PYTHONUNBUFFERED="1", **(env or {}))
        self.env = child_env
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "yizhan.cli", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), *(args or [])], env=child_env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.passwords: dict[str, str] = {}
        self.log: list[str] = []
        #: gunicorn worker processes as serve said when it started; 0: the one-process server
        self.workers = 0
        #: serve's line when it started serving (the address, the server and its workers)
        self.serving = ""
        ready = threading.Event()

        def read():
            for line in self.proc.stdout:
                self.log.append(line)
                match = _CREDENTIALS.search(line)
                if match:
                    self.passwords[match.group(1)] = match.group(2)
                if _READY in line:
                    self.serving = line.strip()
                    workers = _WORKERS.search(line)
                    self.workers = int(workers.group(1)) if workers else 0
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        deadline = time.monotonic() + start_timeout
        if not ready.wait(start_timeout) or not self._listening(deadline):
            self.stop()
            raise RuntimeError("yizhan serve did not start:\n" + "".join(self.log))

    def _listening(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return True
            time.sleep(0.1)
        return False

    def manage(self, *args: str) -> str:
        """Run ``python -m yizhan.web <args>`` (Django's manage.py) on this server's database;
        its standard output."""
        return subprocess.run([sys.executable, "-m", "yizhan.web", *args], env=self.env,
                              capture_output=True, text=True, check=True).stdout

    def stop(self) -> None:
        """Ctrl+C, then the whole process group if anything is left."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
