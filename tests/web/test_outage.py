"""The database down or the disk full answers 503 / 507 with a bilingual message, never the
500 traceback page; other errors stay 500 (yizhan.web.outage). The real outages (a
PostgreSQL server stopped under load, a full disk) are in ``test_faults.py``."""

from __future__ import annotations

import errno
import html
import sqlite3

import psycopg
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError, ProgrammingError

from yizhan.web.outage import DATABASE_DOWN, DISK_FULL, outage


def wrapped(django_cls, cause):
    """A Django database error raised from a driver error, as Django's wrapper does."""
    try:
        raise django_cls(*cause.args) from cause
    except django_cls as exc:
        return exc


def _PGError(message, sqlstate):
    """psycopg's own exception class for that SQLSTATE."""
    return psycopg.errors.lookup(sqlstate)(message)


@pytest.mark.parametrize("exc, expected", [
    (wrapped(OperationalError, psycopg.OperationalError(
        "connection failed: Connection refused")), 503),
    (wrapped(OperationalError, _PGError("terminating connection due to administrator "
                                        "command", "57P01")), 503),
    (wrapped(OperationalError, _PGError("the database system is starting up", "57P03")), 503),
    (wrapped(OperationalError, _PGError("could not extend file: No space left on device",
                                        "53100")), 507),
    (wrapped(InterfaceError, psycopg.InterfaceError("the connection is closed")), 503),
    (wrapped(OperationalError, sqlite3.OperationalError("database or disk is full")), 507),
    (wrapped(OperationalError, sqlite3.OperationalError("unable to open database file")), 503),
    (OSError(errno.ENOSPC, "No space left on device"), 507),
    # not outages: a lost race (409 elsewhere), a missing table, a bug
    (wrapped(OperationalError, _PGError("deadlock detected", "40P01")), None),
    (wrapped(OperationalError, sqlite3.OperationalError("no such table: x")), None),
    (wrapped(ProgrammingError, psycopg.ProgrammingError("syntax error")), None),
    (OSError(errno.EACCES, "Permission denied"), None),
    (ValueError("a bug"), None),
])
def test_what_counts_as_an_outage(exc, expected):
    found = outage(exc)
    assert (found[0] if found else None) == expected


@pytest.fixture
def failing_sessions(monkeypatch):
    """Make the session lookup (middleware, before any view) raise ``exc``."""
    def set_error(exc):
        def load(self):
            raise exc
        monkeypatch.setattr(SessionStore, "load", load)
    return set_error


@pytest.mark.parametrize("exc, status, message", [
    (wrapped(OperationalError, psycopg.OperationalError("connection failed")), 503,
     DATABASE_DOWN),
    (wrapped(OperationalError, sqlite3.OperationalError("database or disk is full")), 507,
     DISK_FULL),
])
def test_a_page_and_the_api_say_what_happened(client_for, failing_sessions, exc, status,
                                              message):
    client = client_for("officer")
    client.raise_request_exception = False
    failing_sessions(exc)
    page = client.get("/")
    assert page.status_code == status
    text = html.unescape(page.content.decode())
    assert message.split(" / ")[0] in text and message.split(" / ")[1] in text
    assert "Traceback" not in text
    api = client.get("/api/registry/subdistricts")
    assert api.status_code == status and api.json() == {"detail": message}
    assert (page.get("Retry-After") == "10") == (status == 503)


def test_other_errors_stay_a_plain_500(client_for, failing_sessions):
    client = client_for("officer")
    client.raise_request_exception = False
    failing_sessions(ValueError("a bug"))
    page = client.get("/")
    assert page.status_code == 500
    assert "数据库" not in page.content.decode()
