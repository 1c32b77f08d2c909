"""The public status lookup's limit per client address holds across server processes: two
``yizhan serve`` processes on one database (as gunicorn's workers share it in production),
behind a "proxy" — the test sends nginx's ``X-Real-IP`` from 127.0.0.1, a trusted proxy here
— so each test client is an address of its own."""

from __future__ import annotations

import os
import tempfile

import pytest
import requests

from yizhan.web.liveserver import LiveServer

from .conftest import _scratch_postgres, at_once

pytestmark = pytest.mark.live

LIMIT = 4
UNKNOWN = "20260101-XXXXXX"


@pytest.fixture(scope="module")
def two_servers():
    url = os.environ.get("DATABASE_URL", "")
    env = {"YIZHAN_SECRET_KEY": "live-test-key", "YIZHAN_TRUSTED_PROXIES": "127.0.0.1",
           "YIZHAN_PUBLIC_LOOKUPS_PER_HOUR": str(LIMIT)}
    drop = None
    if url.startswith("postgres"):
        env["DATABASE_URL"], drop = _scratch_postgres(url, "_lookups")
    try:
        with tempfile.TemporaryDirectory(prefix="yizhan-live-") as data_dir, \
                LiveServer(data_dir, env=env, start_timeout=300, args=["--no-worker"]) as a, \
                LiveServer(data_dir, env=env, start_timeout=300, args=["--no-worker"]) as b:
            assert a.proc.pid != b.proc.pid and a.port != b.port
            yield a, b
    finally:
        if drop is not None:
            drop()


def look(server, client_address):
    return requests.get(server.url + "/open/status/", params={"ref": UNKNOWN},
                        headers={"X-Real-IP": client_address}, timeout=120)


def test_the_limit_counts_lookups_made_in_either_process(two_servers):
    a, b = two_servers
    answers = [look(server, "10.20.0.1").status_code for server in (a, b, a, b)]
    assert answers == [404] * LIMIT
    for server in (a, b):
        refused = look(server, "10.20.0.1")
        assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
    assert look(b, "10.20.0.2").status_code == 404  # another client is not held back


def test_lookups_at_once_in_two_processes_pass_no_more_than_the_limit(two_servers):
    a, b = two_servers
    calls = [(lambda s=s: look(s, "10.20.0.3").status_code) for s in (a, b) * LIMIT]
    answers = at_once(calls)
    assert sorted(answers).count(404) <= LIMIT and set(answers) <= {404, 429}, answers
    assert answers.count(429) >= LIMIT
