"""Open station affairs (站务公开, 四、（四）) and the public service window (四、（二）): pages
under ``/open/`` that need no login.

Everyone — signed in or not — sees these pages as the ``public`` role sees them: catalogue
items are read through :func:`~yizhan.web.permissions.restrict` for an anonymous user (items
in service only), and what the registry holds about people is read field by field (a post's
holder's *name* and the post, never an id, phone or pay grade). The window's statistics are
counts and times, never a ticket's content.

Approved tasks and their spending (四、（一）) come from the task part's query functions
(:func:`yizhan.web.operations.tasks.spending_summary`).

A resident submits a request on the form of a station (name and phone optional), gets a
reference number, and looks the request's status up by it; submissions are CSRF-protected
like every form, limited per client address (``YIZHAN_PUBLIC_TICKETS_PER_HOUR``) and
change-logged as made by the public. Lookups are limited per client address too
(``YIZHAN_PUBLIC_LOOKUPS_PER_HOUR``: 429 with ``Retry-After``, saying nothing of the
reference), so references cannot be found by trying many.
"""

from __future__ import annotations

import math

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from yizhan.web.context import change_context
from yizhan.policy.service import yuan
from yizhan.web.operations import models as m
from yizhan.web.operations.tasks import spending_summary
from yizhan.web.operations.window import (client_key, lookup_wait, station_statistics,
                                          too_many_submissions)
from yizhan.web.operations.forms_window import PublicTicketForm
from yizhan.web.permissions import OutOfScope, permits, restrict, save_in_scope

__all__ = ["index", "station", "station_affairs", "request_form", "status"]

PUBLIC = AnonymousUser()


def _open(model, action: str) -> None:
    """403 unless the grant table opens ``action`` on ``model`` to the public role (the
    line that publishes the pages)."""
    if not permits(PUBLIC, action, model):
        raise PermissionDenied(_("站务公开页面未开放。"))


def _stations():
    from yizhan.web.registry.models import Station

    return Station.objects.filter(dissolved__isnull=True).select_related("subdistrict")


def index(request):
    """Every station in service, by subdistrict."""
    _open(m.ServiceItem, "view")
    groups: dict = {}
    for s in _stations().order_by("subdistrict__pk", "code"):
        groups.setdefault(s.subdistrict, []).append(s)
    return render(request, "open/index.html", {"groups": groups.items()})


def _posts(station):
    """(name, post) of the station's current posts: the two fields, nothing else."""
    from yizhan.web.registry.models import Post

    role = dict(Post._meta.get_field("role").flatchoices)
    rows = (Post.objects.filter(station=station, org_kind="station", end__isnull=True)
            .order_by("role", "person__name").values_list("person__name", "role"))
    return [(name, role.get(r, r)) for name, r in rows]


def station_affairs(st) -> dict:
    """What a station publishes (站务公开): its committees, staff (name and post), catalogue in
    service, rules in force, the window's figures and the approved tasks with their spending.
    The public page and the notice-board document (``yizhan report --kind open-affairs``)
    both show exactly this."""
    catalogue = restrict(m.ServiceItem.objects.filter(station=st), PUBLIC, "view")
    kinds = dict(m.RuleKind.choices)
    rules = [(kinds.get(kind, kind), title, adopted) for kind, title, adopted in
             m.StationRule.objects.filter(m.in_force_q(), station=st)
             .order_by("kind", "-adopted").values_list("kind", "title", "adopted")]
    stats = station_statistics(m.Ticket.objects.filter(station=st)).get(st.pk)
    summary = spending_summary(st)
    return {"station": st, "committees": st.current_committees().order_by("code"),
            "posts": _posts(st), "catalogue": catalogue, "rules": rules, "stats": stats,
            "summary": summary, "spending": _spending(summary)}


def station(request, code):
    _open(m.ServiceItem, "view")
    st = get_object_or_404(_stations(), code=code)
    return render(request, "open/station.html", {
        **station_affairs(st), "can_submit": permits(PUBLIC, "add", m.Ticket)})


def _spending(summary: dict) -> dict:
    """四、（一） on the open page: the approved tasks (the task part's
    :func:`~yizhan.web.operations.tasks.spending_summary`) and their funding, received and
    spent in 元 — the request's title, department, kind and period, never who filled it in."""
    rows = [{"title": r["title"], "department": r["department"], "kind": r["kind"],
             "start": r["task"].request.start, "end": r["task"].request.end,
             "status": r["task"].get_status_display(),
             **{k.replace("_fen", ""): yuan(r[k]) for k in
                ("funding_fen", "received_fen", "spent_fen", "balance_fen")}}
            for r in summary["tasks"]]
    return {"tasks": rows, **{k.replace("_fen", ""): yuan(summary[k]) for k in
                              ("received_fen", "spent_fen", "balance_fen")}}


def request_form(request, code):
    """The public form: GET shows it, POST registers the request (or shows it again, with
    every value the resident typed, and why it was not accepted)."""
    _open(m.Ticket, "add")
    st = get_object_or_404(_stations(), code=code)
    form = PublicTicketForm(request.POST if request.method == "POST" else None, station=st)
    status = 200
    if request.method == "POST":
        key = client_key(request)
        if too_many_submissions(key):
            form.is_valid()
            form.add_error(None, _("同一网络地址一小时内提交次数过多，请稍后再试，或到工作站窗口办理。"))
            status = 429
        elif form.is_valid():
            ticket = form.instance
            ticket.source_key = key
            try:
                with change_context(user=None, label="public", request_id=request.id):
                    save_in_scope(ticket, PUBLIC, "add", save=form.save)
            except OutOfScope:
                form.add_error(None, _("该请求不能网上提交，请到工作站窗口办理。"))
                status = 403
            else:
                return redirect(reverse("open:status") + "?" + urlencode(
                    {"ref": ticket.reference, "new": 1}))
        else:
            status = 400
    return render(request, "open/request.html", {"station": st, "form": form},
                  status=status)


def status(request):
    """A request's status by its reference: the station, the service, the status and its
    times — nothing the resident wrote. Each lookup counts against the client address's
    limit; beyond it the page says when to try again (429, ``Retry-After``) and nothing about
    the reference, whether it exists or not."""
    _open(m.Ticket, "add")
    ref = request.GET.get("ref", "").strip().upper()[:40]
    ticket = None
    wait = lookup_wait(client_key(request)) if ref else 0
    if wait:
        response = render(request, "open/status.html", {
            "ref": ref, "wait_minutes": math.ceil(wait / 60)}, status=429)
        response["Retry-After"] = str(wait)
        return response
    if ref and "\x00" not in ref:
        ticket = (m.Ticket.objects.select_related("station", "service")
                  .filter(reference=ref).first())
    return render(request, "open/status.html", {
        "ref": ref, "ticket": ticket, "new": request.GET.get("new") == "1" and ticket,
        "overdue": ticket.overdue_at() if ticket else False},
        status=404 if ref and ticket is None else 200)
