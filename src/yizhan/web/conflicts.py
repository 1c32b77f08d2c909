"""Conflicts between simultaneous writes answer **409 Conflict** with a message, never 500.

One place decides what counts as a conflict (:func:`conflict_message`); the middleware turns
it into the HTML page or, under ``/api/``, the API's ``{"detail": ...}``; the API registers
the same function as its exception handler (so it holds with ``YIZHAN_DEBUG`` too).

What counts:

- a stale edit (:class:`yizhan.web.versioning.StaleEdit`): the record changed since the user
  opened it; the message says who changed it and when;
- SQLite "database is locked"/"busy": another writer held the file longer than the busy
  timeout (settings: WAL, ``IMMEDIATE`` transactions, ``timeout``) — rare, but possible
  under a long write such as an import;
- PostgreSQL serialization failures, deadlocks and lock timeouts (SQLSTATE 40001, 40P01,
  55P03);
- an ``IntegrityError`` that reaches here: every write path validates first
  (``full_clean``: unique codes, one open membership), so a constraint that still fails was
  broken by a simultaneous write between the check and the insert.

Retrying is the user's decision (the data they entered is still in their form or request).
"""

from __future__ import annotations

from django.db import IntegrityError, OperationalError
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

__all__ = ["conflict_message", "ConflictMiddleware", "is_api_request"]

#: PostgreSQL SQLSTATEs of a lost race: serialization_failure, deadlock_detected,
#: lock_not_available
_PG_CONFLICT_STATES = {"40001", "40P01", "55P03"}
_SQLITE_BUSY = ("database is locked", "database table is locked", "database is busy")


def conflict_message(exc: BaseException) -> str | None:
    """The user-facing message when ``exc`` is a write conflict, else None."""
    from yizhan.web.versioning import StaleEdit

    if isinstance(exc, StaleEdit):
        return exc.message
    if isinstance(exc, IntegrityError):
        return _("与同时进行的另一项修改冲突（数据约束），未保存。请刷新后重试。")
    if isinstance(exc, OperationalError):
        cause = exc.__cause__
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        text = str(exc).lower()
        if state in _PG_CONFLICT_STATES or any(s in text for s in _SQLITE_BUSY):
            return _("数据库正被另一项修改占用，本次操作未保存。请稍后重试。")
    return None


def is_api_request(request) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return "api" in match.namespaces
    return request.path.startswith("/api/")


class ConflictMiddleware:
    """Answer 409 with :func:`conflict_message` for a conflict raised by any view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exc):
        message = conflict_message(exc)
        if message is None:
            return None
        if is_api_request(request):
            return JsonResponse({"detail": message}, status=409,
                                json_dumps_params={"ensure_ascii": False})
        return render(request, "409.html", {"message": message}, status=409)
