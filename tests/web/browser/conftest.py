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
import tempfile

import pytest

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer

@pytest.fixture(scope="session")
def server():
    with tempfile.TemporaryDirectory(prefix="yizhan-browser-") as data_dir:
        with LiveServer(data_dir, env={"YIZHAN_SECRET_KEY": "browser-test-key"}) as srv:
            yield srv


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
