"""``/api/operations/`` endpoints of 四、（一）: requests, their decision, station tasks and
the ledger. Same rules as the pages: :func:`restrict` for every read (404 outside the scope),
403 when the role may not, 422 for invalid input (``full_clean()``), 409 when a move meets
another state than the client read (the workflow engine) or a request is no longer a draft.
No endpoint makes a station task: only ``approve`` does."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import date, datetime
from typing import Annotated

from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from yizhan.web.operations import models as m
from yizhan.web.operations.forms_tasks import request_refusal
from yizhan.web.operations.tasks import record_entry, station_tasks_for
from yizhan.web.params import MAX_ID
from yizhan.web.permissions import require, restrict, save_in_scope
from yizhan.web.workflow.api import Moved, transition_endpoint

router = Router(tags=["operations"])
#: a station id as the database can hold it (a larger number is a 422, not a database error)
StationId = Annotated[int, Field(ge=1, le=MAX_ID)]
_FEN = Field(0, ge=0, le=10**15, description="amount in fen (分); 元 × 100")


def _get(request, model, pk, action="view"):
    require(request.user, action, model)
    return get_object_or_404(restrict(model.objects.all(), request.user, action), pk=pk)


# ---------------------------------------------------------------------- schemas
class TaskRequestOut(Moved):
    id: int
    department: str
    title: str
    kind: str
    description: str
    stations: list[int]
    start: date
    end: date
    funding_fen: int
    funding_yuan: str
    funding_source: str
    conditions: str
    status: str
    version: int
    created: datetime

    @staticmethod
    def resolve_stations(obj):
        return list(obj.stations.values_list("pk", flat=True))


class TaskRequestIn(Schema):
    title: str = Field(..., max_length=200)
    kind: str = Field("routine", max_length=16)
    description: str = Field(..., max_length=20000)
    stations: list[StationId] = Field(..., min_length=1, max_length=500)
    start: date
    end: date
    funding_fen: int = _FEN
    funding_source: str = Field("", max_length=200)
    conditions: str = Field("", max_length=20000)


class TaskRequestPatch(Schema):
    title: str | None = Field(None, max_length=200)
    kind: str | None = Field(None, max_length=16)
    description: str | None = Field(None, max_length=20000)
    stations: list[StationId] | None = Field(None, min_length=1, max_length=500)
    start: date | None = None
    end: date | None = None
    funding_fen: int | None = Field(None, ge=0, le=10**15)
    funding_source: str | None = Field(None, max_length=200)
    conditions: str | None = Field(None, max_length=20000)


class StationTaskOut(Moved):
    id: int
    request: int
    title: str
    department: str
    kind: str
    station: int
    status: str
    assigned_at: datetime
    received_fen: int
    spent_fen: int
    balance_fen: int

    @staticmethod
    def resolve_request(obj):
        return obj.request_id

    @staticmethod
    def resolve_title(obj):
        return obj.request.title

    @staticmethod
    def resolve_department(obj):
        return obj.request.department

    @staticmethod
    def resolve_kind(obj):
        return obj.request.kind

    @staticmethod
    def resolve_station(obj):
        return obj.station_id

    @staticmethod
    def resolve_received_fen(obj):
        return _totals(obj)["received_fen"]

    @staticmethod
    def resolve_spent_fen(obj):
        return _totals(obj)["spent_fen"]

    @staticmethod
    def resolve_balance_fen(obj):
        return _totals(obj)["balance_fen"]


def _totals(obj) -> dict:
    """One computation per object for the three fields (lists read them annotated)."""
    if not hasattr(obj, "_totals"):
        obj._totals = obj.totals()
    return obj._totals


class FundingEntryOut(Schema):
    id: int
    station_task: int
    kind: str
    amount_fen: int
    amount_yuan: str
    date: date
    voucher: str
    note: str
    recorded_by: str | None
    recorded_at: datetime

    @staticmethod
    def resolve_station_task(obj):
        return obj.station_task_id

    @staticmethod
    def resolve_recorded_by(obj):
        return obj.recorded_by.get_username() if obj.recorded_by_id else None


class FundingEntryIn(Schema):
    kind: str = Field(..., max_length=16)
    amount_fen: int = Field(..., ge=1, le=10**15)
    date: date
    voucher: str = Field("", max_length=64)
    note: str = Field(..., max_length=200)


class StationLedgerOut(Schema):
    station: int
    received_fen: int
    spent_fen: int
    balance_fen: int
    entries: list[FundingEntryOut]


# ---------------------------------------------------------------------- requests
def _stations(ids, user):
    from yizhan.web.registry.models import Station

    found = list(restrict(Station.objects.filter(pk__in=ids, dissolved__isnull=True), user))
    missing = sorted(set(ids) - {s.pk for s in found})
    if missing:
        raise ValidationError({"stations": [
            f"工作站不存在、已撤销或不在您的范围内 / no such station: {missing[:10]}"]})
    return found


def _write_request(obj, payload: dict, user, action: str):
    refusal = request_refusal(obj, user)
    if refusal:
        raise HttpError(409 if obj.pk else 422, refusal)
    stations = payload.pop("stations", None)
    for name, value in payload.items():
        setattr(obj, name, value)
    if obj.pk is None:
        from yizhan.web.operations.forms_tasks import department_of

        obj.department, obj.created_by = department_of(user), user
    obj.full_clean(exclude=["stations"])
    found = _stations(stations, user) if stations is not None else None
    with transaction.atomic():
        save_in_scope(obj, user, action)
        if found is not None:
            obj.stations.set(found)
    return obj


@router.get("/requests/", response=list[TaskRequestOut], operation_id="operations_request_list")
def list_requests(request, status: str | None = Query(None, pattern="^[a-z_]{1,16}$")):
    require(request.user, "view", m.TaskRequest)
    qs = restrict(m.TaskRequest.objects.all(), request.user)
    if status:
        qs = qs.filter(status=status)
    return list(qs[:1000])


@router.post("/requests/", response={201: TaskRequestOut}, operation_id="operations_request_create")
def create_request(request, data: TaskRequestIn):
    """A department's request, as a draft (``submit`` sends it to the committee)."""
    require(request.user, "add", m.TaskRequest)
    obj = _write_request(m.TaskRequest(), data.dict(), request.user, "add")
    return Status(201, obj)


@router.get("/requests/{int:pk}/", response=TaskRequestOut, operation_id="operations_request_read")
def read_request(request, pk: int):
    return _get(request, m.TaskRequest, pk)


@router.patch("/requests/{int:pk}/", response=TaskRequestOut,
              operation_id="operations_request_update")
def update_request(request, pk: int, data: TaskRequestPatch):
    """Only a draft changes (409 once submitted: withdraw it first)."""
    obj = _get(request, m.TaskRequest, pk, "change")
    return _write_request(obj, data.dict(exclude_unset=True), request.user, "change")


transition_endpoint(
    router, "/requests/{int:pk}/transition/", m.TaskRequest,
    get=lambda request, pk: _get(request, m.TaskRequest, pk), response=TaskRequestOut,
    operation_id="operations_request_transition")
# ``submit``, ``withdraw`` (the department), ``approve``, ``reject`` (the community-building
# committee; a reason to reject). A temporary task without funding is refused (409, R13
# 四、（一））; two decisions at once: one wins, the other 409.


# ---------------------------------------------------------------------- station tasks
@router.get("/station-tasks/", response=list[StationTaskOut],
            operation_id="operations_station_task_list")
def list_station_tasks(request, station: int | None = Query(None, ge=1, le=MAX_ID)):
    require(request.user, "view", m.StationTask)
    qs = station_tasks_for(request.user)
    if station is not None:
        qs = qs.filter(station=station)
    return list(qs[:1000])


@router.get("/station-tasks/{int:pk}/", response=StationTaskOut,
            operation_id="operations_station_task_read")
def read_station_task(request, pk: int):
    return _get(request, m.StationTask, pk)


transition_endpoint(
    router, "/station-tasks/{int:pk}/transition/", m.StationTask,
    get=lambda request, pk: _get(request, m.StationTask, pk), response=StationTaskOut,
    operation_id="operations_station_task_transition")


@router.post("/station-tasks/{int:pk}/entries/", response={201: FundingEntryOut},
             operation_id="operations_entry_create")
def add_entry(request, pk: int, data: FundingEntryIn):
    """A ledger line: money received for the task, or spent on it (never beyond what was
    received: 422)."""
    require(request.user, "add", m.FundingEntry)
    task = _get(request, m.StationTask, pk, "work")
    entry = m.FundingEntry(station_task=task, **data.dict())
    return Status(201, record_entry(entry, request.user))


@router.get("/stations/{int:pk}/ledger/", response=StationLedgerOut,
            operation_id="operations_station_ledger")
def station_ledger(request, pk: int):
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.FundingEntry)
    station = get_object_or_404(restrict(Station.objects.all(), request.user), pk=pk)
    entries = list(restrict(m.FundingEntry.objects.filter(station_task__station=station),
                            request.user).select_related("recorded_by"))
    received = sum(e.amount_fen for e in entries if e.kind == m.EntryKind.RECEIVED)
    spent = sum(e.amount_fen for e in entries if e.kind == m.EntryKind.SPENT)
    return {"station": station.pk, "received_fen": received, "spent_fen": spent,
            "balance_fen": received - spent, "entries": entries}
