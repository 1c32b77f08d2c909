"""The service window's workflow, statistics and the public pages' limits.

Ticket (on :mod:`yizhan.web.workflow.engine`; each move stamps its time in the same
transaction):

=======  ======================  ===========  ==========  =================================
action   from                    to           permission  reason
=======  ======================  ===========  ==========  =================================
start    received                in_progress  change      no
close    received, in_progress   done         change      no (the result, if given)
refer    received, in_progress   referred     change      **yes**: to whom and why
=======  ======================  ===========  ==========  =================================

Statistics per station (:func:`station_statistics`): volume (all, open, done, referred), the
average and median time to close (received → done or referred, in hours), and overdue
tickets (open past their time limit, or closed after it).

Limits per client address on the public pages (both counted in the database, so they hold
across the server's worker processes — the cache is each process's own, settings.py sets
none): online submissions (:func:`too_many_submissions`, ``YIZHAN_PUBLIC_TICKETS_PER_HOUR``)
and status lookups (:func:`lookup_wait`, ``YIZHAN_PUBLIC_LOOKUPS_PER_HOUR``: a reference
cannot be found by trying many). The address is read in one place, :func:`client_key`.
"""

from __future__ import annotations

import hashlib
import hmac
import math
import statistics
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy

from yizhan.web.operations.models.window import CLOSED, StatusLookup, Ticket, TicketStatus
from yizhan.web.workflow.engine import Transition, Workflow, register

__all__ = ["TICKET", "station_statistics", "tickets_for", "statistics_for", "kind_counts",
           "source_key", "client_key", "too_many_submissions", "lookup_wait", "LOOKUP_WINDOW"]

#: the window the status lookups of one address are counted in
LOOKUP_WINDOW = timedelta(hours=1)


def _stamp_started(ticket: Ticket, user, **options) -> None:
    ticket.started_at = ticket.started_at or timezone.now()


def _stamp_closed(ticket: Ticket, user, **options) -> None:
    now = timezone.now()
    ticket.started_at = ticket.started_at or now
    ticket.closed_at = now


TICKET = register(Workflow(Ticket, (
    Transition("start", TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS, "change", False,
               gettext_lazy("开始办理"), effect=_stamp_started),
    Transition("close", (TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS), TicketStatus.DONE,
               "change", False, gettext_lazy("办结"), effect=_stamp_closed),
    Transition("refer", (TicketStatus.RECEIVED, TicketStatus.IN_PROGRESS),
               TicketStatus.REFERRED, "change", True, gettext_lazy("转办"),
               effect=_stamp_closed,
               reason_message=gettext_lazy("转办须写明转至哪个部门及理由。")),
), forbidden_message=gettext_lazy("您的角色无权对该办件执行“%(label)s”。"),
    state_message=gettext_lazy("办件当前状态为“%(status)s”，不能执行“%(label)s”。")))


def _hours(delta: timedelta) -> float:
    return round(delta.total_seconds() / 3600, 1)


def station_statistics(tickets, now=None) -> dict[int, dict]:
    """station id → {total, open, done, referred, overdue, mean_hours, median_hours} over
    ``tickets`` (a queryset the caller has restricted); hours are None with no closed
    ticket. Read in one query of five columns (a station's tickets are hundreds a year)."""
    now = now or timezone.now()
    out: dict[int, dict] = {}
    rows = tickets.values_list("station_id", "status", "received_at", "due_at", "closed_at")
    durations: dict[int, list] = {}
    for station_id, status, received, due, closed in rows:
        s = out.setdefault(station_id, {"total": 0, "open": 0, "done": 0, "referred": 0,
                                        "overdue": 0})
        s["total"] += 1
        if status in CLOSED:
            s[status] += 1
            durations.setdefault(station_id, []).append(closed - received)
            late = closed > due
        else:
            s["open"] += 1
            late = now > due
        s["overdue"] += late
    for station_id, s in out.items():
        spans = durations.get(station_id, [])
        s["mean_hours"] = _hours(sum(spans, timedelta()) / len(spans)) if spans else None
        s["median_hours"] = _hours(statistics.median(spans)) if spans else None
    return out


def tickets_for(user, start=None, end=None):
    """The tickets ``user`` may see (all for None: the command line), received (local date)
    from ``start`` to ``end`` inclusive (None: open-ended): the statistics page, the API's
    ``window/statistics/`` and the window's report read this one query."""
    from yizhan.web.permissions import restrict

    qs = Ticket.objects.all() if user is None else restrict(Ticket.objects.all(), user)
    if start is not None:
        qs = qs.filter(received_at__date__gte=start)
    if end is not None:
        qs = qs.filter(received_at__date__lte=end)
    return qs


def statistics_for(user, start=None, end=None) -> dict[int, dict]:
    """:func:`station_statistics` of :func:`tickets_for`."""
    return station_statistics(tickets_for(user, start, end))


def kind_counts(tickets) -> dict[str, dict]:
    """service kind ("" for a ticket that names no catalogue item) → {total, done, referred,
    open} over ``tickets`` (a restricted queryset)."""
    out: dict[str, dict] = {}
    for kind, status in tickets.values_list("service__kind", "status"):
        c = out.setdefault(kind or "", {"total": 0, "done": 0, "referred": 0, "open": 0})
        c["total"] += 1
        c[status if status in CLOSED else "open"] += 1
    return out


def source_key(address: str) -> str:
    """A keyed hash of a client address: enough to count one address's submissions, not
    enough to tell who it was (the address itself is not stored)."""
    return hmac.new(settings.SECRET_KEY.encode(), (address or "").encode(),
                    hashlib.sha256).hexdigest()


def client_key(request) -> str:
    """:func:`source_key` of the request's client address. ``REMOTE_ADDR`` is the client's:
    behind nginx, :class:`yizhan.web.middleware.TrustedProxyMiddleware` has put nginx's
    ``X-Real-IP`` there (only for connections from ``YIZHAN_TRUSTED_PROXIES``), the same
    address the login throttle counts."""
    return source_key(request.META.get("REMOTE_ADDR", ""))


def too_many_submissions(key: str, now=None) -> bool:
    """The public form's limit: at most ``YIZHAN_PUBLIC_TICKETS_PER_HOUR`` online tickets
    from one address in the last hour (counted in the database, so it holds across the
    server's worker processes)."""
    limit = getattr(settings, "YIZHAN_PUBLIC_TICKETS_PER_HOUR", 10)
    since = (now or timezone.now()) - timedelta(hours=1)
    return Ticket.objects.filter(online=True, source_key=key,
                                 received_at__gte=since).count() >= limit


def lookup_wait(key: str, now=None) -> int:
    """Count one status lookup from the address ``key``: 0 when it may go ahead, else the
    seconds until it may (``Retry-After``), and then it is not counted.

    At most ``YIZHAN_PUBLIC_LOOKUPS_PER_HOUR`` lookups per address in any hour
    (:data:`LOOKUP_WINDOW`, a sliding window). The lookup's row is written *before* the
    address's rows are counted, each statement in its own transaction: of several lookups
    at once in several processes, the one whose row is the n-th counts at least n, so no
    more than the limit ever go ahead (a refused one deletes its row again)."""
    limit = settings.YIZHAN_PUBLIC_LOOKUPS_PER_HOUR
    now = now or timezone.now()
    since = now - LOOKUP_WINDOW
    StatusLookup.objects.filter(at__lte=since).delete()
    hit = StatusLookup.objects.create(source_key=key, at=now)
    recent = StatusLookup.objects.filter(source_key=key, at__gt=since)
    if recent.count() <= limit:
        return 0
    hit.delete()
    oldest = recent.order_by("at").values_list("at", flat=True).first() or now
    return max(1, math.ceil((oldest + LOOKUP_WINDOW - now).total_seconds()))
