"""Concurrency against a running server: ``yizhan serve`` in a child process
(:class:`yizhan.web.liveserver.LiveServer`) on a file database — SQLite in a temporary data
directory, or, when ``DATABASE_URL`` names a PostgreSQL server, a scratch database created
on it and dropped afterwards. An in-memory test database cannot show lock contention: it
lives in one process, behind one connection.

Run with ``pytest -m live tests/web/live`` (``.ci/run`` runs them on both databases).
"""

from __future__ import annotations

import os
import tempfile
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from yizhan.web.liveserver import LiveServer


def _scratch_postgres(url: str, tag: str = ""):
    """A database of our own on the server of ``url``: (its URL, a function that drops it).
    ``tag`` tells apart several scratch databases of one test session."""
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = f"yizhan_live_{os.getpid()}{tag}"
    admin_url = urllib.parse.urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunparse(parsed._replace(path=f"/{name}")), drop


@pytest.fixture(scope="session")
def server():
    url = os.environ.get("DATABASE_URL", "")
    env, drop = {"YIZHAN_SECRET_KEY": "live-test-key"}, None
    if url.startswith("postgres"):
        env["DATABASE_URL"], drop = _scratch_postgres(url)
    try:
        with tempfile.TemporaryDirectory(prefix="yizhan-live-") as data_dir, \
                LiveServer(data_dir, env=env, start_timeout=300) as srv:
            yield srv
    finally:
        if drop is not None:
            drop()


class Browser:
    """One user's logged-in session (cookies and CSRF token), as a browser keeps it."""

    def __init__(self, server, username: str):
        self.base = server.url
        self.username = username
        self.session = requests.Session()
        self.session.get(self.base + "/accounts/login/")
        response = self.post("/accounts/login/", data={
            "username": username, "password": server.passwords[username]})
        assert response.status_code == 302, (username, response.status_code)

    def _headers(self, extra=None):
        return {"X-CSRFToken": self.session.cookies.get("csrftoken", ""),
                "Referer": self.base + "/"} | (extra or {})

    def get(self, path, **kw):
        return self.session.get(self.base + path, allow_redirects=False, timeout=120, **kw)

    def post(self, path, data=None, json=None, headers=None):
        data = None if data is None else data | {
            "csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        return self.session.post(self.base + path, data=data, json=json, timeout=120,
                                 headers=self._headers(headers), allow_redirects=False)

    def patch(self, path, json, headers=None):
        return self.session.patch(self.base + path, json=json, timeout=120,
                                  headers=self._headers(headers), allow_redirects=False)


def at_once(calls):
    """Run the callables in threads released together by a barrier; their results in order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def refused_as_loser(response, state: str) -> bool:
    """A 409 that refuses a move another request made first, in one of the two words the
    workflow engine has for it: the request reached the row lock while the winner held it
    ("本次操作未执行", naming who moved it), or it read the state after the winner committed
    (the state check names the new state). With gunicorn's several processes both happen in
    one burst; any other 409 is not a lost race."""
    detail = response.json()["detail"]
    return "本次操作未执行" in detail or f"当前状态为“{state}”" in detail
