"""Service window and internal rules endpoints (``/api/operations/``, 四、（二）（四）):
catalogue items, tickets with their workflow moves, per-station statistics, station rules and
which kinds each station lacks.

Same rules as the pages: :func:`restrict` for every read (404 outside the user's scope), 403
when the role may not, 422 for invalid input — ``full_clean()`` as the forms, so a fee
without a legal basis is refused here with the same message (R14, 四、（二）) — and 409 when
a move meets another state than the client read. Money is in 分 (integers), as stored.
"""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from yizhan.web.operations import models as m
from yizhan.web.operations.window import statistics_for
from yizhan.web.params import MAX_ID
from yizhan.web.permissions import require, restrict
from yizhan.web.registry.api import apply_payload, save_restricted
from yizhan.web.workflow.api import Moved, transition_endpoint

router = Router(tags=["operations"])

Id = Field(..., ge=1, le=MAX_ID)
#: the most a fee or a contract may be, in 分 (ten billion 元)
MAX_FEN = 10**12


def _get(request, model, pk, action="view"):
    require(request.user, action, model)
    return get_object_or_404(restrict(model.objects.all(), request.user, action), pk=pk)


# ---------------------------------------------------------------------- catalogue
class ServiceItemOut(Schema):
    id: int
    station: int
    name: str
    kind: str
    description: str
    legal_basis: str
    time_limit_days: int
    fee_fen: int
    fee_basis: str
    delivery: str
    provider: str
    contract: str
    contract_start: date | None
    contract_end: date | None
    cost_fen: int | None
    active: bool

    @staticmethod
    def resolve_station(obj):
        return obj.station_id


class ServiceItemIn(Schema):
    station: int = Id
    name: str
    kind: str
    description: str = ""
    legal_basis: str = ""
    time_limit_days: int = Field(5, ge=0, le=365)
    fee_fen: int = Field(0, ge=0, le=MAX_FEN, description="收费（分） / fee in fen")
    fee_basis: str = Field("", description="收费依据：收费大于0时必填（R14，四、（二））")
    delivery: str = "station"
    provider: str = ""
    contract: str = ""
    contract_start: date | None = None
    contract_end: date | None = None
    cost_fen: int | None = Field(None, ge=0, le=MAX_FEN)
    active: bool = True


class ServiceItemPatch(Schema):
    name: str | None = None
    kind: str | None = None
    description: str | None = None
    legal_basis: str | None = None
    time_limit_days: int | None = Field(None, ge=0, le=365)
    fee_fen: int | None = Field(None, ge=0, le=MAX_FEN)
    fee_basis: str | None = None
    delivery: str | None = None
    provider: str | None = None
    contract: str | None = None
    contract_start: date | None = None
    contract_end: date | None = None
    cost_fen: int | None = Field(None, ge=0, le=MAX_FEN)
    active: bool | None = None


@router.get("/services/", response=list[ServiceItemOut], operation_id="operations_service_list")
def list_services(request, station: int | None = Query(None, ge=1, le=MAX_ID)):
    require(request.user, "view", m.ServiceItem)
    qs = restrict(m.ServiceItem.objects.all(), request.user)
    if station is not None:
        qs = qs.filter(station=station)
    return list(qs[:1000])


@router.post("/services/", response={201: ServiceItemOut},
             operation_id="operations_service_create")
def create_service(request, data: ServiceItemIn):
    require(request.user, "add", m.ServiceItem)
    item = m.ServiceItem()
    apply_payload(item, data.dict(), request.user)
    save_restricted(item, request.user, "add")
    return Status(201, item)


@router.get("/services/{int:pk}/", response=ServiceItemOut,
            operation_id="operations_service_read")
def read_service(request, pk: int):
    return _get(request, m.ServiceItem, pk)


@router.patch("/services/{int:pk}/", response=ServiceItemOut,
              operation_id="operations_service_update")
def update_service(request, pk: int, data: ServiceItemPatch):
    item = _get(request, m.ServiceItem, pk, "change")
    apply_payload(item, data.dict(exclude_unset=True), request.user)
    save_restricted(item, request.user, "change")
    return item


@router.delete("/services/{int:pk}/", response={204: None},
               operation_id="operations_service_delete")
def delete_service(request, pk: int):
    """A catalogue item with tickets cannot be deleted (422): set ``active`` false instead."""
    item = _get(request, m.ServiceItem, pk, "delete")
    try:
        item.delete()
    except ProtectedError:
        raise ValidationError("已有办件使用该服务事项，不能删除；可将其设为停办 / the item has "
                              "tickets: set active to false instead") from None
    return Status(204, None)


# ---------------------------------------------------------------------- tickets
class TicketOut(Moved):
    id: int
    reference: str
    station: int
    service: int | None
    subject: str
    description: str
    name: str
    phone: str
    online: bool
    status: str
    received_at: datetime
    due_at: datetime
    started_at: datetime | None
    closed_at: datetime | None
    overdue: bool

    @staticmethod
    def resolve_station(obj):
        return obj.station_id

    @staticmethod
    def resolve_service(obj):
        return obj.service_id

    @staticmethod
    def resolve_overdue(obj):
        return obj.overdue_at()


class TicketIn(Schema):
    station: int = Id
    service: int | None = Field(None, ge=1, le=MAX_ID)
    subject: str
    description: str = ""
    name: str = ""
    phone: str = ""


@router.get("/tickets/", response=list[TicketOut], operation_id="operations_ticket_list")
def list_tickets(request, station: int | None = Query(None, ge=1, le=MAX_ID),
                 status: m.TicketStatus | None = None):
    require(request.user, "view", m.Ticket)
    qs = restrict(m.Ticket.objects.all(), request.user)
    if station is not None:
        qs = qs.filter(station=station)
    if status is not None:
        qs = qs.filter(status=status)
    return list(qs.prefetch_related("transitions")[:1000])


@router.post("/tickets/", response={201: TicketOut}, operation_id="operations_ticket_create")
def create_ticket(request, data: TicketIn):
    """Register a request at the window (the public form is ``/open/<station>/request/``)."""
    require(request.user, "add", m.Ticket)
    ticket = m.Ticket()
    apply_payload(ticket, data.dict(), request.user)
    save_restricted(ticket, request.user, "add")
    return Status(201, ticket)


@router.get("/tickets/{int:pk}/", response=TicketOut, operation_id="operations_ticket_read")
def read_ticket(request, pk: int):
    return _get(request, m.Ticket, pk)


transition_endpoint(router, "/tickets/{int:pk}/transition/", m.Ticket,
                    get=lambda request, pk: _get(request, m.Ticket, pk), response=TicketOut,
                    operation_id="operations_ticket_transition")


class StationStatsOut(Schema):
    station: int
    name: str
    total: int
    open: int
    done: int
    referred: int
    overdue: int
    mean_hours: float | None
    median_hours: float | None


@router.get("/window/statistics/", response=list[StationStatsOut],
            operation_id="operations_window_statistics")
def window_statistics(request, received_from: date | None = None,
                      received_to: date | None = None):
    """Per station: volume, time to close, overdue — of the tickets received (local date)
    from ``received_from`` to ``received_to`` inclusive (both optional), as the window's
    report (四、（二）) counts them."""
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.Ticket)
    stats = statistics_for(request.user, received_from, received_to)
    names = dict(Station.objects.filter(pk__in=list(stats)).values_list("pk", "name"))
    return [{"station": pk, "name": names.get(pk, ""), **s} for pk, s in sorted(stats.items())]


# ---------------------------------------------------------------------- internal rules
class RuleOut(Schema):
    id: int
    station: int
    kind: str
    title: str
    content: str
    document: str
    adopted: date
    repealed: date | None

    @staticmethod
    def resolve_station(obj):
        return obj.station_id


class RuleIn(Schema):
    station: int = Id
    kind: str
    title: str
    content: str = ""
    document: str = ""
    adopted: date
    repealed: date | None = None


class RulePatch(Schema):
    kind: str | None = None
    title: str | None = None
    content: str | None = None
    document: str | None = None
    adopted: date | None = None
    repealed: date | None = None


class CoverageOut(Schema):
    station: int
    name: str
    missing: list[str]


@router.get("/rules/", response=list[RuleOut], operation_id="operations_rule_list")
def list_rules(request, station: int | None = Query(None, ge=1, le=MAX_ID)):
    require(request.user, "view", m.StationRule)
    qs = restrict(m.StationRule.objects.all(), request.user)
    if station is not None:
        qs = qs.filter(station=station)
    return list(qs[:1000])


@router.post("/rules/", response={201: RuleOut}, operation_id="operations_rule_create")
def create_rule(request, data: RuleIn):
    require(request.user, "add", m.StationRule)
    rule = m.StationRule()
    apply_payload(rule, data.dict(), request.user)
    save_restricted(rule, request.user, "add")
    return Status(201, rule)


@router.get("/rules/coverage/", response=list[CoverageOut],
            operation_id="operations_rule_coverage")
def rule_coverage(request):
    """The kinds of rules (四、（四）) each station in the user's scope has none in force of."""
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.StationRule)
    stations = restrict(Station.objects.filter(dissolved__isnull=True), request.user)
    return [{"station": s.pk, "name": s.name, "missing": list(kinds)}
            for s, kinds in m.missing_kinds(stations.order_by("code")).items()]


@router.get("/rules/{int:pk}/", response=RuleOut, operation_id="operations_rule_read")
def read_rule(request, pk: int):
    return _get(request, m.StationRule, pk)


@router.patch("/rules/{int:pk}/", response=RuleOut, operation_id="operations_rule_update")
def update_rule(request, pk: int, data: RulePatch):
    rule = _get(request, m.StationRule, pk, "change")
    apply_payload(rule, data.dict(exclude_unset=True), request.user)
    save_restricted(rule, request.user, "change")
    return rule


@router.delete("/rules/{int:pk}/", response={204: None}, operation_id="operations_rule_delete")
def delete_rule(request, pk: int):
    _get(request, m.StationRule, pk, "delete").delete()
    return Status(204, None)
