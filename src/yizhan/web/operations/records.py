"""The operations records (part 四) as the documents lay them out
(:class:`yizhan.reports.operations.OperationsRecords`): one reader per document.

Each reader runs the queries the operations pages and API run — :func:`.tasks.station_tasks_for`
(``/api/operations/station-tasks/``), :func:`.window.tickets_for` and :func:`.window.statistics_for`
(``/api/operations/window/statistics/``), :func:`.supervision.items_for`
(``/api/operations/supervision/``), :func:`.views_open.station_affairs` (``/open/<code>/``) —
through the reading user's scope: a web download passes the user, ``yizhan report`` passes
None (the command line is the database's operator and reads everything). Labels are read in
Chinese whatever the request's language: the documents are Chinese.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone, translation

from yizhan.reports.inputs import Heading
from yizhan.reports.operations import OperationsRecords
from yizhan.web.operations import models as m
from yizhan.web.permissions import restrict

__all__ = ["READERS", "NEEDS", "operations_records", "scope_label", "find_scope",
           "command_line_records"]


def _visible(qs, user):
    return qs if user is None else restrict(qs, user)


def _in(qs, subdistrict: str | None, path: str = "station__subdistrict__name"):
    return qs if subdistrict is None else qs.filter(**{path: subdistrict})


def _decision(obj) -> tuple[str, dt.datetime | None, str]:
    """(who, when — local time, reason) of a request's approval or rejection."""
    log = obj.decision
    if log is None:
        return "", None, ""
    return log.user_name, timezone.localtime(log.time), log.reason


# ---------------------------------------------------------------------- 四、（一）
def task_records(user, subdistrict=None, start=None, end=None, station=None) -> dict:
    """The approved tasks (from the station tasks the user may see: the approval made them),
    the requests refused or waiting (only for a user who may read requests), the ledger."""
    from yizhan.web.operations.tasks import station_tasks_for

    tasks = list(_in(station_tasks_for(user, start, end), subdistrict)
                 .order_by("station__subdistrict_id", "station__code", "assigned_at", "pk"))
    approved: dict[int, dict] = {}
    ledger = []
    for t in tasks:
        r = t.request
        row = approved.get(r.pk)
        if row is None:
            who, when, _reason = _decision(r)
            row = approved[r.pk] = {
                "request": r.pk, "station_count": r.stations.count(),
                "department": r.department, "title": r.title, "kind_label": r.get_kind_display(),
                "temporary": r.kind == m.TaskKind.TEMPORARY, "stations": [], "start": r.start,
                "end": r.end, "funding_fen": r.funding_fen, "funding_source": r.funding_source,
                "conditions": r.conditions, "decided_by": who, "decided_at": when}
        row["stations"].append(t.station.name)
        ledger.append({"request": r.pk, "station": t.station.name, "title": r.title,
                       "kind_label": r.get_kind_display(), **t.totals()})
    requests = _in(_visible(m.TaskRequest.objects.all(), user), subdistrict,
                   "stations__subdistrict__name").distinct()
    refused = waiting = None
    if not requests.query.is_empty():  # a role that reads requests (not only station tasks)
        decided = requests.filter(status=m.RequestStatus.REJECTED)
        when = {"transitions__time__date__gte": start, "transitions__time__date__lte": end}
        when = {k: v for k, v in when.items() if v is not None}
        if when:  # refused in the period: one condition on the same log row
            decided = decided.filter(transitions__action="reject", **when)
        refused = []
        for r in decided.distinct().order_by("created", "pk"):
            who, when, reason = _decision(r)
            refused.append({"department": r.department, "title": r.title,
                            "kind_label": r.get_kind_display(), "reason": reason,
                            "decided_by": who, "decided_at": when})
        waiting = requests.filter(status=m.RequestStatus.SUBMITTED).count()
    return {"approved": list(approved.values()), "refused": refused, "waiting": waiting,
            "ledger": ledger}


# ---------------------------------------------------------------------- 四、（二）
def window_records(user, subdistrict=None, start=None, end=None, station=None) -> dict:
    """The window's statistics per station and per kind for the period, the catalogue's fees
    (each with the number of the period's tickets on it) and purchased services."""
    from yizhan.web.operations.window import kind_counts, station_statistics, tickets_for
    from yizhan.web.registry.models import Station

    tickets = _in(tickets_for(user, start, end), subdistrict)
    stats = station_statistics(tickets)
    names = {s.pk: s.name for s in Station.objects.filter(pk__in=list(stats))
             .order_by("subdistrict_id", "code")}
    labels = dict(m.ServiceKind.choices)
    kinds = kind_counts(tickets)
    order = [k for k, _label in m.ServiceKind.choices] + [""]
    items = list(_in(_visible(m.ServiceItem.objects.all(), user), subdistrict)
                 .select_related("station")
                 .order_by("station__subdistrict_id", "station__code", "name"))
    on_item = dict(tickets.values_list("service").annotate(n=Count("pk")))
    # an item counts while in service, or when the period's tickets used it (a fee charged
    # before the item was taken out of service is still a fee of the period)
    used = [i for i in items if i.active or on_item.get(i.pk)]
    return {
        "stations": [{"station": name, **stats[pk]} for pk, name in names.items()],
        "kinds": [{"kind_label": labels.get(k, "未列入服务目录的事项"), **kinds[k]}
                  for k in order if k in kinds],
        "items": sum(1 for i in items if i.active),
        "fees": [{"station": i.station.name, "name": i.name, "fee_fen": i.fee_fen,
                  "fee_basis": i.fee_basis, "tickets": on_item.get(i.pk, 0),
                  "active": i.active} for i in used if i.fee_fen],
        "purchased": [{"station": i.station.name, "name": i.name, "provider": i.provider,
                       "contract": i.contract, "start": i.contract_start,
                       "end": i.contract_end, "cost_fen": i.cost_fen}
                      for i in used if i.delivery == m.Delivery.PURCHASED]}


# ---------------------------------------------------------------------- 四、（三）
def supervision_records(user, subdistrict=None, start=None, end=None, station=None) -> dict:
    """Per station the items raised in the period, answered, waiting, overdue, sent back;
    the overdue items; the yearly forms of the period's years per station."""
    from yizhan.web.operations.supervision import items_for

    items = _in(items_for(user, start, end), subdistrict).select_related(
        "station", "committee").annotate(
        returned=Count("transitions", filter=Q(transitions__action="return")))
    today = timezone.localdate()
    stations: dict[int, dict] = {}
    overdue = []
    for i in items.order_by("station__subdistrict_id", "station__code", "submitted_at", "pk"):
        s = stations.setdefault(i.station_id, {"station": i.station.name, **{
            k: 0 for k in ("raised", "opinions", "assessments", "answered", "waiting",
                           "overdue", "returned")}})
        s["raised"] += 1
        s["opinions" if i.kind == m.ItemKind.OPINION else "assessments"] += 1
        s["answered" if i.status == m.ItemStatus.ANSWERED else "waiting"] += 1
        s["returned"] += i.returned
        if i.status == m.ItemStatus.SUBMITTED and i.deadline < today:
            s["overdue"] += 1
            overdue.append({"station": i.station.name, "committee": committee_name(i.committee.name),
                            "title": i.title, "deadline": i.deadline,
                            "submitted": timezone.localtime(i.submitted_at)})
    forms = _in(_visible(m.AnnualAssessment.objects.all(), user), subdistrict)
    if start is not None:
        forms = forms.filter(year__gte=start.year)
    if end is not None:
        forms = forms.filter(year__lte=end.year)
    aspects = [(name, str(label)) for name, label in m.ASPECTS]
    per: dict[tuple, dict] = {}
    for f in forms.select_related("station").order_by("-year", "station__subdistrict_id",
                                                      "station__code"):
        row = per.setdefault((f.year, f.station_id), {
            "station": f.station.name, "year": f.year, "forms": 0, "satisfied": 0, "basic": 0,
            "unsatisfied": 0, "_weak": {}})
        row["forms"] += 1
        row[{"satisfied": "satisfied", "basic": "basic"}.get(f.overall, "unsatisfied")] += 1
        for name, label in aspects:
            if getattr(f, name) == m.Rating.UNSATISFIED:
                row["_weak"][label] = row["_weak"].get(label, 0) + 1
    rows = []
    for row in per.values():
        weak = row.pop("_weak")
        rows.append({**row, "weak": "、".join(f"{k}{v}份" for k, v in weak.items())})
    return {"stations": list(stations.values()), "overdue": overdue, "forms": rows}


# ---------------------------------------------------------------------- 四、（四）
def open_affairs_records(user, subdistrict=None, start=None, end=None, station=None) -> dict:
    """One station's notice board: the public page's data (:func:`station_affairs`)."""
    from django.urls import reverse

    from yizhan.web.operations.views_open import station_affairs

    st = station
    data = station_affairs(st)
    labels = dict(m.ServiceKind.choices)
    catalogue = list(data["catalogue"])
    return {
        "station": st.name, "code": st.code, "subdistrict": st.subdistrict.name,
        "catalogue": [{"name": c.name, "kind_label": labels.get(c.kind, c.kind),
                       "time_limit_days": c.time_limit_days, "fee_fen": c.fee_fen,
                       "fee_basis": c.fee_basis, "legal_basis": c.legal_basis,
                       "purchased": c.delivery == m.Delivery.PURCHASED} for c in catalogue],
        "purchased": [{"name": c.name, "provider": c.provider, "contract": c.contract,
                       "start": c.contract_start, "end": c.contract_end,
                       "cost_fen": c.cost_fen}
                      for c in catalogue if c.delivery == m.Delivery.PURCHASED],
        "stats": data["stats"],
        "tasks": [{"title": r["title"], "department": r["department"],
                   "kind_label": r["kind"], "start": r["task"].request.start,
                   "end": r["task"].request.end,
                   "status_label": r["task"].get_status_display(),
                   **{k: r[k] for k in ("funding_fen", "received_fen", "spent_fen",
                                        "balance_fen")}}
                  for r in data["summary"]["tasks"]],
        "committees": [committee_name(c.name) for c in data["committees"]],
        "staff": list(data["posts"]),
        "rules": [{"kind_label": kind, "title": title, "adopted": adopted}
                  for kind, title, adopted in data["rules"]],
        "url": reverse("open:station", args=[st.code])}


#: kind → its reader; kind → the model whose ``view`` a web download needs
READERS = {"tasks": task_records, "window": window_records,
           "supervision": supervision_records, "open-affairs": open_affairs_records}
NEEDS = {"tasks": m.StationTask, "window": m.Ticket, "supervision": m.SupervisionItem,
         "open-affairs": m.ServiceItem}


def committee_name(name: str) -> str:
    """A committee as a document names it: 碧波 → 碧波社区居委会 (a name that already says
    社区 or 居委会 keeps it)."""
    if name.endswith("居委会") or name.endswith("居民委员会"):
        return name
    return name + ("居委会" if name.endswith("社区") else "社区居委会")


def scope_label(user, subdistrict: str | None = None, station=None) -> str:
    """Whose records a document shows: the station, the subdistrict, the user's station,
    committee or department, or 全区."""
    if station is not None:
        return station.name
    if subdistrict:
        return f"{subdistrict}街道"
    profile = getattr(user, "profile", None) if user is not None else None
    if profile is not None:
        if profile.station_id:
            return profile.station.name
        if profile.committee_id:
            return committee_name(profile.committee.name)
        if profile.department:
            return profile.department
        if profile.subdistrict_id:
            return f"{profile.subdistrict.name}街道"
    return "全区"


def operations_records(kind: str, user=None, *, heading: Heading | None = None,
                       subdistrict: str | None = None, station=None,
                       start: dt.date | None = None, end: dt.date | None = None
                       ) -> OperationsRecords:
    """The records of the document ``kind`` visible to ``user`` (all when None), limited to
    ``subdistrict`` (a name) and the period ``start``–``end`` (local dates, inclusive);
    ``station`` (a Station) for the notice board. The caller checks who may have it."""
    from yizhan.web.registry.models import Committee

    with translation.override("zh-hans"):
        data = READERS[kind](user, subdistrict=subdistrict, start=start, end=end,
                             station=station)
        return OperationsRecords(
            kind=kind, scope=scope_label(user, subdistrict, station),
            heading=heading or Heading(),
            synthetic=Committee.objects.filter(synthetic=True).exists(),
            start=start, end=end, read_at=timezone.localtime(), data=data)


def find_scope(kind: str, subdistrict: str | None, station: str | None):
    """(subdistrict name or None, Station or None) for the command line's ``--subdistrict``
    and ``--station``: ValueError naming what is unknown or missing."""
    from yizhan.web.registry.models import Station, Subdistrict

    if subdistrict is not None and not Subdistrict.objects.filter(name=subdistrict).exists():
        known = "、".join(Subdistrict.objects.order_by("pk").values_list("name", flat=True))
        raise ValueError(f"没有街道“{subdistrict}”/ no subdistrict {subdistrict!r}; 有 / known: {known}")
    if kind != "open-affairs":
        if station is not None:
            raise ValueError("--station 只用于站务公开栏（--kind open-affairs）/ --station is for "
                             "--kind open-affairs only")
        return subdistrict, None
    if station is None:
        raise ValueError("站务公开栏需要 --station 工作站编码 / open-affairs needs --station CODE")
    found = Station.objects.filter(code=station, dissolved__isnull=True).select_related(
        "subdistrict").first()
    if found is None:
        raise ValueError(f"没有在用的工作站“{station}”/ no station in service with code {station!r}")
    return None, found


def command_line_records(kind: str, heading: Heading | None = None, *,
                         subdistrict: str | None = None, station: str | None = None,
                         start: dt.date | None = None, end: dt.date | None = None
                         ) -> OperationsRecords:
    """``yizhan report --plan-in-force --kind tasks|window|supervision|open-affairs``: all
    the records (the command line is the database's operator), limited to ``subdistrict``
    and the period; ``station`` (a code) for the notice board. Django is set up and the
    database checked (:func:`yizhan.web.serve.database_problem`) by the caller. ValueError
    for an unknown subdistrict or station."""
    sub, st = find_scope(kind, subdistrict, station)
    return operations_records(kind, None, heading=heading, subdistrict=sub, station=st,
                              start=start, end=end)
