"""``/api/operations/`` endpoints of 四、（三）: supervision items (with the station's answer
as the ``answer`` move's reason) and the yearly assessment form. Same rules as the pages."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import date, datetime

from ninja import Field, Query, Router, Schema, Status

from yizhan.web.operations import models as m
from yizhan.web.operations.api_tasks import _get
from yizhan.web.operations.supervision import items_for
from yizhan.web.params import MAX_ID
from yizhan.web.permissions import require, restrict
from yizhan.web.registry.api import apply_payload, save_restricted
from yizhan.web.workflow.api import Moved, transition_endpoint

router = Router(tags=["operations"])


class SupervisionItemOut(Moved):
    id: int
    committee: int
    station: int
    kind: str
    title: str
    content: str
    deadline: date
    status: str
    overdue: bool
    submitted_at: datetime

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_station(obj):
        return obj.station_id


class SupervisionItemIn(Schema):
    committee: int = Field(..., ge=1, le=MAX_ID)
    kind: str = Field("opinion", max_length=16)
    title: str = Field(..., max_length=200)
    content: str = Field(..., max_length=20000)
    deadline: date | None = None


class AnnualAssessmentOut(Schema):
    id: int
    committee: int
    station: int
    year: int
    rating_service: str
    rating_efficiency: str
    rating_openness: str
    rating_integrity: str
    overall: str
    comments: str
    submitted_at: datetime

    @staticmethod
    def resolve_committee(obj):
        return obj.committee_id

    @staticmethod
    def resolve_station(obj):
        return obj.station_id


class AnnualAssessmentIn(Schema):
    committee: int = Field(..., ge=1, le=MAX_ID)
    year: int = Field(..., ge=2006, le=2100)
    rating_service: str = Field(..., max_length=16)
    rating_efficiency: str = Field(..., max_length=16)
    rating_openness: str = Field(..., max_length=16)
    rating_integrity: str = Field(..., max_length=16)
    overall: str = Field(..., max_length=16)
    comments: str = Field("", max_length=20000)


@router.get("/supervision/", response=list[SupervisionItemOut], operation_id="operations_item_list")
def list_items(request, overdue: bool = False,
               station: int | None = Query(None, ge=1, le=MAX_ID),
               submitted_from: date | None = None, submitted_to: date | None = None):
    """The items in the user's scope (``submitted_from``/``submitted_to``: local dates,
    inclusive, as the supervision report counts them)."""
    require(request.user, "view", m.SupervisionItem)
    qs = items_for(request.user, submitted_from, submitted_to)
    if overdue:
        qs = qs.filter(m.overdue_q())
    if station is not None:
        qs = qs.filter(station=station)
    return list(qs[:1000])


@router.post("/supervision/", response={201: SupervisionItemOut}, operation_id="operations_item_create")
def create_item(request, data: SupervisionItemIn):
    """A committee's opinion or assessment of the station that serves it (the station is
    the committee's current one; the deadline defaults to 15 days)."""
    require(request.user, "add", m.SupervisionItem)
    item = m.SupervisionItem(submitted_by=request.user)
    payload = data.dict()
    if payload["deadline"] is None:
        payload.pop("deadline")
    apply_payload(item, payload, request.user)
    save_restricted(item, request.user, "add")
    return Status(201, item)


@router.get("/supervision/{int:pk}/", response=SupervisionItemOut, operation_id="operations_item_read")
def read_item(request, pk: int):
    return _get(request, m.SupervisionItem, pk)


transition_endpoint(
    router, "/supervision/{int:pk}/transition/", m.SupervisionItem,
    get=lambda request, pk: _get(request, m.SupervisionItem, pk), response=SupervisionItemOut,
    operation_id="operations_item_transition")
# ``answer`` (the station; the reason is the answer) or ``return`` (the committee)


@router.get("/assessments/", response=list[AnnualAssessmentOut],
            operation_id="operations_assessment_list")
def list_assessments(request, year: int | None = Query(None, ge=2006, le=2100)):
    require(request.user, "view", m.AnnualAssessment)
    qs = restrict(m.AnnualAssessment.objects.all(), request.user)
    return list(qs.filter(year=year) if year is not None else qs[:1000])


@router.post("/assessments/", response={201: AnnualAssessmentOut},
             operation_id="operations_assessment_create")
def create_assessment(request, data: AnnualAssessmentIn):
    require(request.user, "add", m.AnnualAssessment)
    obj = m.AnnualAssessment(submitted_by=request.user)
    apply_payload(obj, data.dict(), request.user)
    save_restricted(obj, request.user, "add")
    return Status(201, obj)


@router.get("/assessments/{int:pk}/", response=AnnualAssessmentOut,
            operation_id="operations_assessment_read")
def read_assessment(request, pk: int):
    return _get(request, m.AnnualAssessment, pk)
