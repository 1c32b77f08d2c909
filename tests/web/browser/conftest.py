"""End-to-end tests in a real browser: Debian's chromium driven by Playwright (never
``playwright install``), against ``yizhan serve`` started as a subprocess on 127.0.0.1 with a
random port — the same command ``make run`` runs, with its background worker process — on
the bundled Luohu data in a fresh SQLite database.

Run with ``pytest -m browser tests/web/browser`` (needs ``/usr/bin/chromium`` and
``fonts-noto-cjk``; ``.ci/run`` installs them).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--lang=zh-CN"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """``yizhan serve`` in a subprocess; ``url`` and the demo ``passwords`` it printed."""

    def __init__(self, data_dir: str, port: int | None = None, extra_env: dict | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items()
               if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
        env.update(YIZHAN_DATA_DIR=data_dir, YIZHAN_SECRET_KEY="browser-test-key",
                   PYTHONUNBUFFERED="1", **(extra_env or {}))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "yizhan.cli", "serve", "--port", str(self.port)],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True)
        self.passwords: dict[str, str] = {}
        self.log: list[str] = []
        ready = threading.Event()

        def read():
            for line in self.proc.stdout:
                self.log.append(line)
                m = re.search(r"用户名 (\S+)\s+密码 (\S+)", line)
                if m:
                    self.passwords[m.group(1)] = m.group(2)
                if "一站 yizhan: http" in line:
                    ready.set()

        threading.Thread(target=read, daemon=True).start()
        if not ready.wait(120) or not self._listening(60):
            self.stop()
            raise RuntimeError("yizhan serve did not start:\n" + "".join(self.log))

    def _listening(self, timeout: float) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return True
            time.sleep(0.2)
        return False

    def stop(self) -> None:
        """Ctrl+C (serve then stops its worker), then the whole process group if needed."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory(prefix="yizhan-browser-") as data_dir:
        srv = Server(data_dir)
        try:
            yield srv
        finally:
            srv.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        message = "Debian chromium is not installed (apt-get install -y chromium)"
        if os.environ.get("CI"):  # .ci/run installs it: a missing browser there is a failure
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser):
    """``new_page()`` → a page in a fresh context (own cookies), Chinese, 1400×900."""
    contexts = []

    def make():
        ctx = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        ctx.set_default_timeout(20_000)
        contexts.append(ctx)
        return ctx.new_page()

    yield make
    for ctx in contexts:
        ctx.close()


def login(page, server, username: str) -> None:
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.passwords[username])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard/.*"))
