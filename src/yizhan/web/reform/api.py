"""Reform REST endpoints (``/api/reform/``): the reform with its timetable, groups and
progress; phases; leading-group members; task lists; inspections and their checklist; the
workflow moves of reforms, tasks, inspections and checklist items.

Same rules as the pages: :func:`restrict` for every read (404 outside the user's scope), 403
when the role or the group membership may not, 422 for invalid input (``full_clean()``, as
the forms), 409 when a move meets another state than the client read.
"""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError

from yizhan.web.params import MAX_ID
from yizhan.web.permissions import require, restrict
from yizhan.web.registry.api import apply_payload, save_restricted
from yizhan.web.reform import models as m
from yizhan.web.reform import services
from yizhan.web.reform.choices import ReformStatus
from yizhan.web.workflow.api import LogOut, Moved, transition_endpoint

router = Router(tags=["reform"])



def _get(request, model, pk, action="view"):
    require(request.user, action, model)
    return get_object_or_404(restrict(model.objects.all(), request.user, action), pk=pk)


# ---------------------------------------------------------------------- schemas
class PhaseOut(Schema):
    id: int
    number: int
    name: str
    article: str
    start: date
    end: date
    description: str


class MemberOut(Schema):
    id: int
    role: str
    name: str
    unit: str
    user: str | None

    @staticmethod
    def resolve_user(obj):
        return obj.user.get_username() if obj.user_id else None


class GroupOut(Schema):
    id: int
    name: str
    subdistrict: int | None
    article: str
    office: str
    member_units: list[str]
    duties: str
    dissolved_at: datetime | None
    members: list[MemberOut]

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_member_units(obj):
        return obj.units

    @staticmethod
    def resolve_members(obj):
        return list(obj.members.select_related("user"))


class ProgressOut(Schema):
    subdistrict: int
    name: str
    tasks: int
    done: int
    overdue: int
    inspection: int | None
    inspection_status: str | None


class ReformOut(Schema):
    id: int
    name: str
    document: str
    status: str
    accepted_at: datetime | None
    phases: list[PhaseOut]
    groups: list[GroupOut]
    progress: list[ProgressOut]
    transitions: list[LogOut]


class TaskOut(Moved):
    id: int
    reform: int
    subdistrict: int
    phase: int
    title: str
    article: str
    deadline: date
    owner: str | None
    status: str
    overdue: bool

    @staticmethod
    def resolve_reform(obj):
        return obj.reform_id

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_phase(obj):
        return obj.phase_id

    @staticmethod
    def resolve_owner(obj):
        return obj.owner.get_username() if obj.owner_id else None


class InspectionItemOut(Moved):
    id: int
    key: str
    title: str
    article: str
    result: str


class InspectionOut(Moved):
    id: int
    reform: int
    subdistrict: int
    status: str
    items: list[InspectionItemOut]

    @staticmethod
    def resolve_reform(obj):
        return obj.reform_id

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


def _reform_out(reform, user) -> dict:
    from yizhan.web.registry.models import Subdistrict

    subs = restrict(Subdistrict.objects.order_by("pk"), user)
    return {
        "id": reform.pk, "name": reform.name, "document": reform.document,
        "status": reform.status, "accepted_at": reform.accepted_at,
        "phases": list(reform.phases.all()),
        "groups": list(restrict(reform.groups.select_related("subdistrict"), user)),
        "progress": [{"subdistrict": r["subdistrict"].pk, "name": r["subdistrict"].name,
                      "tasks": r["total"], "done": r["done"], "overdue": r["overdue"],
                      "inspection": getattr(r["inspection"], "pk", None),
                      "inspection_status": getattr(r["inspection"], "status", None)}
                     for r in services.progress(reform, subs)],
        "transitions": list(reform.transitions.all()),
    }


# ---------------------------------------------------------------------- reforms
@router.get("/reforms/", response=list[ReformOut], operation_id="reform_list")
def list_reforms(request):
    require(request.user, "view", m.Reform)
    return [_reform_out(r, request.user) for r in restrict(m.Reform.objects.all(),
                                                           request.user)[:50]]


@router.post("/reforms/", response={201: ReformOut}, operation_id="reform_start")
def start(request):
    """Start a reform from the document's defaults (phases of 七, groups of 三)."""
    require(request.user, "add", m.Reform)
    if m.Reform.objects.filter(status=ReformStatus.IN_PROGRESS).exists():
        raise HttpError(409, "已有正在实施的改革 / a reform is already in progress")
    return Status(201, _reform_out(services.start_reform(), request.user))


@router.get("/reforms/{int:pk}/", response=ReformOut, operation_id="reform_read")
def read_reform(request, pk: int):
    return _reform_out(_get(request, m.Reform, pk), request.user)


transition_endpoint(router, "/reforms/{int:pk}/transition/", m.Reform,
                    get=lambda request, pk: _get(request, m.Reform, pk), response=ReformOut,
                    operation_id="reform_transition",
                    out=lambda reform, request: _reform_out(reform, request.user))


@router.post("/reforms/{int:pk}/subdistricts/{int:subdistrict}/open/",
             response=list[TaskOut], operation_id="reform_open_subdistrict")
def open_subdistrict(request, pk: int, subdistrict: int):
    """Give a subdistrict its task list and checklist (idempotent)."""
    from yizhan.web.registry.models import Subdistrict
    from yizhan.web.permissions import subdistrict_scope

    reform = _get(request, m.Reform, pk)
    require(request.user, "add", m.Task)
    sub = get_object_or_404(restrict(Subdistrict.objects.all(), request.user), pk=subdistrict)
    scope = subdistrict_scope(request.user, "add", m.Task)
    if scope is not None and sub.pk not in scope:
        raise PermissionDenied("只能为本街道生成任务清单 / your own subdistrict only")
    services.open_subdistrict(reform, sub)
    return list(restrict(reform.tasks.filter(subdistrict=sub), request.user))


# ---------------------------------------------------------------------- phases
class PhasePatch(Schema):
    name: str | None = None
    start: date | None = None
    end: date | None = None
    description: str | None = None


@router.patch("/phases/{int:pk}/", response=PhaseOut, operation_id="reform_phase_update")
def update_phase(request, pk: int, data: PhasePatch):
    phase = _get(request, m.Phase, pk, "change")
    payload = data.dict(exclude_unset=True)
    apply_payload(phase, payload, request.user)
    save_restricted(phase, request.user, "change")
    return phase


# ---------------------------------------------------------------------- groups
class MemberIn(Schema):
    role: str = "member"
    name: str
    unit: str = ""
    user: int | None = None
    person: int | None = None


@router.get("/groups/{int:pk}/", response=GroupOut, operation_id="reform_group_read")
def read_group(request, pk: int):
    return _get(request, m.LeadingGroup, pk)


@router.post("/groups/{int:pk}/members/", response={201: MemberOut},
             operation_id="reform_member_add")
def add_member(request, pk: int, data: MemberIn):
    require(request.user, "add", m.GroupMember)
    group = _get(request, m.LeadingGroup, pk)
    member = m.GroupMember(group=group)
    apply_payload(member, data.dict(), request.user)
    save_restricted(member, request.user, "add")
    return Status(201, member)


@router.delete("/members/{int:pk}/", response={204: None}, operation_id="reform_member_delete")
def delete_member(request, pk: int):
    _get(request, m.GroupMember, pk, "delete").delete()
    return Status(204, None)


# ---------------------------------------------------------------------- tasks
class TaskIn(Schema):
    reform: int
    subdistrict: int
    phase: int
    title: str
    article: str = ""
    deadline: date
    owner: int | None = None


class TaskPatch(Schema):
    title: str | None = None
    deadline: date | None = None
    owner: int | None = None


@router.get("/tasks/", response=list[TaskOut], operation_id="reform_task_list")
def list_tasks(request, subdistrict: int | None = Query(None, ge=1, le=MAX_ID),
               overdue: bool = False):
    require(request.user, "view", m.Task)
    qs = restrict(m.Task.objects.select_related("owner"), request.user)
    if subdistrict is not None:
        qs = qs.filter(subdistrict=subdistrict)
    if overdue:
        qs = services.overdue_tasks(qs)
    return list(qs[:1000])


@router.post("/tasks/", response={201: TaskOut}, operation_id="reform_task_create")
def create_task(request, data: TaskIn):
    require(request.user, "add", m.Task)
    task = m.Task()
    apply_payload(task, data.dict(), request.user)
    save_restricted(task, request.user, "add")
    return Status(201, task)


@router.get("/tasks/{int:pk}/", response=TaskOut, operation_id="reform_task_read")
def read_task(request, pk: int):
    return _get(request, m.Task, pk)


@router.patch("/tasks/{int:pk}/", response=TaskOut, operation_id="reform_task_update")
def update_task(request, pk: int, data: TaskPatch):
    task = _get(request, m.Task, pk, "change")
    apply_payload(task, data.dict(exclude_unset=True), request.user)
    save_restricted(task, request.user, "change")
    return task


transition_endpoint(router, "/tasks/{int:pk}/transition/", m.Task,
                    get=lambda request, pk: _get(request, m.Task, pk), response=TaskOut,
                    operation_id="reform_task_transition")


# ---------------------------------------------------------------------- inspections
@router.get("/inspections/", response=list[InspectionOut], operation_id="reform_inspection_list")
def list_inspections(request):
    require(request.user, "view", m.Inspection)
    return list(restrict(m.Inspection.objects.all(), request.user)[:200])


@router.get("/inspections/{int:pk}/", response=InspectionOut,
            operation_id="reform_inspection_read")
def read_inspection(request, pk: int):
    return _get(request, m.Inspection, pk)


transition_endpoint(router, "/inspections/{int:pk}/transition/", m.Inspection,
                    get=lambda request, pk: _get(request, m.Inspection, pk),
                    response=InspectionOut, operation_id="reform_inspection_transition")
transition_endpoint(router, "/items/{int:pk}/transition/", m.InspectionItem,
                    get=lambda request, pk: _get(request, m.InspectionItem, pk),
                    response=InspectionItemOut, operation_id="reform_item_transition")
