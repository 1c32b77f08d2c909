"""The database is down or the disk is full: a clear page, never a traceback.

One place decides (:func:`outage`) which failures are the server's state rather than a bug:

- **503 Service Unavailable** — the database cannot be reached: PostgreSQL refused the
  connection, is shutting down or restarting (SQLSTATE class 08, 57P01–57P03, or a connection
  that failed before any SQLSTATE), the connection broke (``InterfaceError``), or the SQLite
  file cannot be opened. The page says to try again in a moment and carries ``Retry-After``;
  nothing to do for the user: Django checks a kept connection before using it
  (``CONN_HEALTH_CHECKS``) and opens a new one, so the next request after the database is
  back succeeds by itself.
- **507 Insufficient Storage** — the disk is full: SQLite's "database or disk is full",
  PostgreSQL's ``disk_full`` (53100), or ``ENOSPC`` from writing a file (an upload preview).
  The database rolled the transaction back, so nothing of the change was written; the page
  says so.

:func:`server_error` is ``handler500``: Django calls it for any exception that no view or
middleware handled (a database error can come from the session or login middleware, before
any view), with the exception still in ``sys.exc_info()``. Other exceptions get the usual
500 page. Under ``/api/`` the answer is JSON ``{"detail": …}``. The pages are bilingual and
need neither the database nor a logged-in user (they render without the request context).
"""

from __future__ import annotations

import errno
import shutil
import sys
from pathlib import Path

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.views.defaults import server_error as default_server_error

__all__ = ["outage", "server_error", "disk_nearly_full", "DATABASE_DOWN", "DISK_FULL"]

DATABASE_DOWN = ("数据库暂时无法连接（可能正在重启），请稍候片刻再试。本次操作未完成。 / The database "
                 "cannot be reached right now (it may be restarting). Please try again in a "
                 "moment. This request was not completed.")
DISK_FULL = ("服务器磁盘已满，本次修改未保存（没有写入任何部分）。请告知系统管理员。 / The server's "
             "disk is full: this change was not saved (no part of it was written). Please "
             "tell the system administrator.")

#: SQLSTATEs of "the server is not there": admin_shutdown, crash_shutdown, cannot_connect_now
_PG_DOWN = {"57P01", "57P02", "57P03"}
_PG_DISK_FULL = "53100"
_SQLITE_FULL = "database or disk is full"
_SQLITE_DOWN = ("unable to open database file", "disk i/o error")
#: less free space than this on the database's disk counts as full (a page or a WAL frame more
#: than that always fits)
_FULL_BELOW = 1 << 20


def _sqlite_disk_full() -> bool:
    """Is the SQLite database's disk (nearly) full? In WAL mode SQLite reports a full disk as
    "disk I/O error" when the write-ahead log cannot grow, not as "database or disk is full";
    the free space of its directory tells the two apart."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    if not db["ENGINE"].endswith("sqlite3") or str(db["NAME"]).startswith(":memory:"):
        return False
    return disk_nearly_full(Path(db["NAME"]).parent)


def disk_nearly_full(directory: Path) -> bool:
    """Has the disk of ``directory`` less than a megabyte free? (SQLite's "disk I/O error" on a
    full disk is told apart from a broken one this way, here and in ``yizhan backup``.)"""
    try:
        return shutil.disk_usage(directory).free < _FULL_BELOW
    except OSError:
        return False


def outage(exc: BaseException | None) -> tuple[int, str] | None:
    """``(status, message)`` when ``exc`` is the database down or the disk full, else None."""
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return 507, DISK_FULL
    if not isinstance(exc, (OperationalError, InterfaceError)):
        return None
    cause = exc.__cause__
    text = str(exc).lower()
    state = getattr(cause, "sqlstate", None)
    if state == _PG_DISK_FULL or _SQLITE_FULL in text:
        return 507, DISK_FULL
    if any(s in text for s in _SQLITE_DOWN) and _sqlite_disk_full():
        return 507, DISK_FULL
    if isinstance(exc, InterfaceError) or any(s in text for s in _SQLITE_DOWN):
        return 503, DATABASE_DOWN
    if type(cause).__module__.startswith("psycopg") and (
            state is None or state.startswith("08") or state in _PG_DOWN):
        return 503, DATABASE_DOWN
    return None


def server_error(request):
    """``handler500``: 503/507 with a message for an outage, the plain 500 page otherwise."""
    found = outage(sys.exc_info()[1])
    if found is None:
        return default_server_error(request)
    status, message = found
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status,
                                json_dumps_params={"ensure_ascii": False})
    else:
        response = HttpResponse(render_to_string("outage.html", {"status": status,
                                                                 "message": message}),
                                status=status)
    if status == 503:
        response["Retry-After"] = "10"
    return response
