"""Appointments and party-organisation approvals over REST (``/api/rollout/``): the same
records, rules and workflow as the pages (:mod:`yizhan.web.rollout.appointments`).

403 when the role may not, 404 outside the user's scope, 422 for invalid input
(``full_clean()``, the messages name the rule), 409 when a move is refused by the object's
state or a rule (the message names it) or meets another state than the client read.
"""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import date

from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from yizhan.web.params import MAX_ID
from yizhan.web.permissions import require, restrict
from yizhan.web.registry.api import apply_payload, save_restricted
from yizhan.web.registry.models import Station
from yizhan.web.rollout.appointments import station_filings
from yizhan.web.rollout.models import (Appointment, AppointmentPost, AppointmentStatus,
                                       Candidate, Education, Filing, FilingBody,
                                       PartyApprovalStatus, PartyOrgApproval)
from yizhan.web.workflow.api import LogOut, transition_endpoint

router = Router(tags=["rollout"])


def _get(request, model, pk, action="view"):
    require(request.user, action, model)
    return get_object_or_404(restrict(model.objects.all(), request.user, action), pk=pk)


# ---------------------------------------------------------------------- schemas
class CandidateOut(Schema):
    id: int
    person: int
    person_id: str
    name: str
    education: str
    birth_date: date
    age: int
    experience_years: int
    assessment: str
    nominated_by: str

    @staticmethod
    def resolve_person(obj):
        return obj.person_id

    @staticmethod
    def resolve_person_id(obj):
        return obj.person.person_id

    @staticmethod
    def resolve_name(obj):
        return obj.person.name


class FilingOut(Schema):
    id: int
    body: str
    filed_on: date
    reference: str


class AppointmentOut(Schema):
    id: int
    station: int
    subdistrict: int
    post: str
    person: int | None
    effective: date
    status: str
    note: str
    required_filings: list[str]
    candidates: list[CandidateOut]
    filings: list[FilingOut]
    transitions: list[LogOut]

    @staticmethod
    def resolve_station(obj):
        return obj.station_id

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_person(obj):
        return obj.person_id

    @staticmethod
    def resolve_required_filings(obj):
        return [str(b) for b in obj.required_filings()]

    @staticmethod
    def resolve_candidates(obj):
        return list(obj.candidates.select_related("person", "appointment"))

    @staticmethod
    def resolve_filings(obj):
        return list(obj.filings.all())

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


class AppointmentIn(Schema):
    station: int
    post: AppointmentPost
    effective: date
    note: str = ""


class AppointmentPatch(Schema):
    person: int | None = None
    effective: date | None = None
    note: str | None = None


class CandidateIn(Schema):
    person: int
    education: Education
    birth_date: date
    experience_years: int
    assessment: str
    nominated_by: str = "街道党工委"


class FilingIn(Schema):
    body: FilingBody
    filed_on: date
    reference: str = ""


class PartyApprovalOut(Schema):
    id: int
    organisation: int
    organisation_name: str
    subdistrict: int
    record: int | None
    kind: str
    members: int
    approved_by: str
    approved_on: date | None
    approval_ref: str
    filed_on: date | None
    filing_ref: str
    status: str
    transitions: list[LogOut]

    @staticmethod
    def resolve_organisation(obj):
        return obj.organisation_id

    @staticmethod
    def resolve_organisation_name(obj):
        return obj.organisation.name

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_record(obj):
        return obj.record_id

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


class PartyApprovalPatch(Schema):
    approved_by: str | None = None
    approved_on: date | None = None
    approval_ref: str | None = None
    filed_on: date | None = None
    filing_ref: str | None = None


# ---------------------------------------------------------------------- appointments
@router.get("/appointments", response=list[AppointmentOut], operation_id="rollout_appointment_list",
            summary="任职（站长、书记、副书记、站长助理） / appointments to leading posts")
def list_appointments(request, station: int | None = Query(None, ge=1, le=MAX_ID),
                      status: AppointmentStatus | None = None):
    require(request.user, "view", Appointment)
    qs = restrict(Appointment.objects.all(), request.user)
    if station is not None:
        qs = qs.filter(station_id=station)
    if status is not None:
        qs = qs.filter(status=status)
    return list(qs[:500])


@router.post("/appointments", response={201: AppointmentOut},
             operation_id="rollout_appointment_create")
def create_appointment(request, data: AppointmentIn):
    require(request.user, "add", Appointment)
    a = Appointment()
    apply_payload(a, data.dict(), request.user)
    save_restricted(a, request.user, "add")
    return Status(201, a)


@router.get("/appointments/{int:pk}", response=AppointmentOut,
            operation_id="rollout_appointment_read")
def read_appointment(request, pk: int):
    return _get(request, Appointment, pk)


def _nominated(a):
    if a.status != AppointmentStatus.NOMINATED:
        raise HttpError(409, "人选已选定，不能再修改 / selected already: no more changes")


@router.patch("/appointments/{int:pk}", response=AppointmentOut,
              operation_id="rollout_appointment_update")
def update_appointment(request, pk: int, data: AppointmentPatch):
    a = _get(request, Appointment, pk, "change")
    _nominated(a)
    apply_payload(a, data.dict(exclude_unset=True), request.user)
    save_restricted(a, request.user, "change")
    return a


@router.post("/appointments/{int:pk}/candidates", response={201: CandidateOut},
             operation_id="rollout_candidate_add")
def add_candidate(request, pk: int, data: CandidateIn):
    require(request.user, "add", Candidate)
    a = _get(request, Appointment, pk)
    c = Candidate(appointment=a)
    apply_payload(c, data.dict(), request.user)
    save_restricted(c, request.user, "add")
    return Status(201, c)


@router.delete("/candidates/{int:pk}", response={204: None},
               operation_id="rollout_candidate_delete")
def delete_candidate(request, pk: int):
    c = _get(request, Candidate, pk, "delete")
    _nominated(c.appointment)
    if c.appointment.person_id == c.person_id:
        raise HttpError(409, "该候选人已被选定 / this candidate is the selected person")
    c.delete()
    return Status(204, None)


@router.post("/appointments/{int:pk}/filings", response={201: FilingOut},
             operation_id="rollout_filing_add")
def add_filing(request, pk: int, data: FilingIn):
    require(request.user, "add", Filing)
    a = _get(request, Appointment, pk)
    f = Filing(appointment=a, recorded_by=request.user)
    apply_payload(f, data.dict(), request.user)
    if Filing.objects.filter(appointment=a, body=f.body).exists():
        raise HttpError(409, "该机关的备案已登记 / already filed with this body")
    save_restricted(f, request.user, "add")
    return Status(201, f)


transition_endpoint(router, "/appointments/{int:pk}/transition", Appointment,
                    get=lambda request, pk: _get(request, Appointment, pk),
                    response=AppointmentOut, operation_id="rollout_appointment_transition")


@router.get("/stations/{int:pk}/filings", operation_id="rollout_station_filings",
            summary="工作站任职与党组织设置的备案 / a station's appointments and filings")
def filings_of_station(request, pk: int):
    require(request.user, "view", Appointment)
    station = get_object_or_404(restrict(Station.objects.all(), request.user), pk=pk)
    return station_filings(station)


# ---------------------------------------------------------------------- party approvals
@router.get("/party-approvals", response=list[PartyApprovalOut],
            operation_id="rollout_party_approval_list",
            summary="党组织设置审批与备案 / party organisations' approval and filing")
def list_party_approvals(request, status: PartyApprovalStatus | None = None):
    require(request.user, "view", PartyOrgApproval)
    qs = restrict(PartyOrgApproval.objects.select_related("organisation"), request.user)
    if status is not None:
        qs = qs.filter(status=status)
    return list(qs[:500])


@router.get("/party-approvals/{int:pk}", response=PartyApprovalOut,
            operation_id="rollout_party_approval_read")
def read_party_approval(request, pk: int):
    return _get(request, PartyOrgApproval, pk)


@router.patch("/party-approvals/{int:pk}", response=PartyApprovalOut,
              operation_id="rollout_party_approval_update")
def update_party_approval(request, pk: int, data: PartyApprovalPatch):
    p = _get(request, PartyOrgApproval, pk, "change")
    if p.status == PartyApprovalStatus.FILED:
        raise HttpError(409, "已备案，不能再修改 / filed: no more changes")
    apply_payload(p, data.dict(exclude_unset=True), request.user)
    save_restricted(p, request.user, "change")
    return p


transition_endpoint(router, "/party-approvals/{int:pk}/transition", PartyOrgApproval,
                    get=lambda request, pk: _get(request, PartyOrgApproval, pk),
                    response=PartyApprovalOut, operation_id="rollout_party_approval_transition")
