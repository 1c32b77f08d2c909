"""Planning REST endpoints (``/api/planning/``): plans, their workflow and findings, planner
runs. Same rules as the pages: :func:`restrict` for every read, 403 when the role may not,
404 outside an officer's subdistrict, 422 for input naming something outside the scope.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from yizhan.data.importers import Upload, check_plan_file
from yizhan.web.params import MAX_ID, Pagination
from yizhan.web.permissions import require, restrict, role_of, save_in_scope
from yizhan.web.planning import services as svc
from yizhan.web.registry import snapshot as snap
from yizhan.web.planning.authority import staleness
from yizhan.web.planning.choices import CONFIRMED_ACTIONS, PlanSource
from yizhan.web.planning.in_force import in_force_data
from yizhan.web.planning.lists import PlanListView, PlannerRunListView
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.planning.tasks import request_cancel, start_run
from yizhan.web.planning.views import run_status
from yizhan.web.registry.models import Subdistrict
from yizhan.web.workflow.api import MoveIn, transition_endpoint

router = Router(tags=["planning"])



class PlanOut(Schema):
    id: int
    name: str
    subdistrict: int | None
    scope: str
    source: str
    status: str
    stations: int
    units: int
    created_by: str | None
    created: datetime
    updated: datetime

    @staticmethod
    def resolve_subdistrict(obj):
        return obj.subdistrict_id

    @staticmethod
    def resolve_scope(obj):
        return obj.scope_label

    @staticmethod
    def resolve_stations(obj):
        return obj.n_stations

    @staticmethod
    def resolve_units(obj):
        return obj.n_units

    @staticmethod
    def resolve_created_by(obj):
        return obj.created_by.get_username() if obj.created_by_id else None


class TransitionOut(Schema):
    action: str
    from_status: str
    to_status: str
    user: str
    time: datetime
    reason: str

    @staticmethod
    def resolve_user(obj):
        return obj.user_name


class PlanDetailOut(PlanOut):
    description: str
    assignment: dict[str, str]
    metrics: dict
    transitions: list[TransitionOut]
    approved_by: str | None
    approved_at: datetime | None
    approved_version: int | None
    approved_counts: dict | None
    superseded_by: int | None
    stale: list[str]

    @staticmethod
    def resolve_approved_by(obj):
        return obj.approved_by.get_username() if obj.approved_by_id else None

    @staticmethod
    def resolve_approved_counts(obj):
        return (obj.approved_check or {}).get("counts")

    @staticmethod
    def resolve_superseded_by(obj):
        return obj.superseded_by_id

    @staticmethod
    def resolve_stale(obj):
        return staleness(obj)

    @staticmethod
    def resolve_metrics(obj):
        m = svc.evaluate_plan(obj).to_dict()
        m.pop("per_parent", None)
        return m

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


class PlanIn(Schema):
    name: str
    subdistrict: int | None = None
    source: Literal["official", "current", "csv", "assignment"] = "official"
    csv: str | None = None
    assignment: dict[str, str] | None = None
    description: str = ""


class TransitionIn(MoveIn):
    action: Literal["submit", "withdraw", "approve", "reapprove", "reject", "reopen"]
    confirm: bool = Field(False, description="必须为 true 才能批准：已阅读检查结果（GET "
                          "/plans/{id}/findings/）/ must be true to approve or re-approve: "
                          "the findings were read, as the page's checkbox asks")


def _plan(request, pk, action="view") -> Plan:
    require(request.user, action, Plan)
    return get_object_or_404(restrict(Plan.objects.select_related("subdistrict", "created_by"),
                                      request.user, action), pk=pk)


def _scope(request, subdistrict_id):
    """The Subdistrict the user names (None: district, admins only); 422 if out of scope."""
    if subdistrict_id is None:
        if role_of(request.user) == "officer":
            raise HttpError(422, "街道工作人员只能为本街道制定方案 / officers plan for their "
                                 "own subdistrict only: give 'subdistrict'")
        return None
    sub = restrict(Subdistrict.objects.filter(pk=subdistrict_id), request.user, "view").first()
    if sub is None:
        raise HttpError(422, f"街道不存在或不在您的管辖范围内 / subdistrict {subdistrict_id} "
                             "not found or out of your scope")
    return sub


def _listed(request, view_class):
    """The list page's query (:mod:`yizhan.web.planning.lists`): the same search and filters,
    parsed and refused the same way, on the same restricted queryset."""
    view = view_class()
    view.request = request
    return view.filtered_queryset(request.GET)


@router.get("/plans/", response=list[PlanOut], operation_id="plan_list")
@paginate(Pagination)
def list_plans(request, q: str = "", status: str | None = None, source: str | None = None,
               subdistrict: int | None = Query(None, ge=1, le=MAX_ID)):
    """Plans the user may see; ``q`` searches name and description, the filters are the list
    page's."""
    require(request.user, "view", Plan)
    return _listed(request, PlanListView)


@router.post("/plans/", response={201: PlanDetailOut}, operation_id="plan_create")
def create_plan(request, data: PlanIn):
    require(request.user, "add", Plan)
    sub = _scope(request, data.subdistrict)
    if data.source == "official":
        assignment, _notes = svc.official_assignment(sub)
        source = PlanSource.OFFICIAL
    elif data.source == "current":
        assignment, source = snap.current_assignment(sub), PlanSource.CURRENT
    else:
        if data.source == "csv":
            found = check_plan_file(Upload("plan.csv", (data.csv or "").encode("utf-8")))
            assignment, problems = found.rows, found.problems
        else:
            assignment, problems = dict(data.assignment or {}), []
        problems += svc.scope_problems(assignment, snap.instance_for(sub))
        if problems:
            raise HttpError(422, "；".join(problems))
        source = PlanSource.IMPORTED
    plan = Plan(name=data.name, subdistrict=sub, source=source, assignment=assignment,
                description=data.description, created_by=request.user)
    plan.full_clean()  # the model's rules, as the form's: 422 with the messages
    return Status(201, save_in_scope(plan, request.user, "add"))


@router.get("/plans/{int:pk}/", response=PlanDetailOut, operation_id="plan_read")
def read_plan(request, pk: int):
    return _plan(request, pk)


@router.delete("/plans/{int:pk}/", response={204: None}, operation_id="plan_delete")
def delete_plan(request, pk: int):
    plan = _plan(request, pk, "delete")
    if not plan.editable:
        raise HttpError(409, "只能删除草稿方案 / only draft plans can be deleted")
    plan.delete()
    return Status(204, None)


def _confirmed(plan, data: TransitionIn) -> None:
    if data.action in CONFIRMED_ACTIONS and not data.confirm:
        raise HttpError(422, _("请先阅读检查结果并确认（\"confirm\": true），再批准方案。"))


transition_endpoint(router, "/plans/{int:pk}/transition/", Plan, get=_plan,
                    response=PlanDetailOut, operation_id="plan_transition", body=TransitionIn,
                    check=_confirmed)


@router.get("/plans/{int:pk}/findings/", operation_id="plan_findings")
def plan_findings(request, pk: int):
    """The policy check of the plan: findings (rule, article, severity, subject, message),
    targets and metrics (the JSON of ``yizhan check --json``)."""
    plan = _plan(request, pk)
    return svc.check_plan(plan).to_dict()


@router.get("/in-force/", operation_id="plan_in_force")
def in_force(request):
    """The plan in force: per subdistrict the approved plan in force (or none: today's
    stations), who approved it and when, stations, committees, findings counts, committees no
    plan covers; the source plans with their staleness; district totals. An officer gets their
    subdistrict's part and the district totals."""
    require(request.user, "view", Plan)
    data = in_force_data(request.user)
    district, mine = data["district"], data["mine"]

    def plan_ref(p):
        return None if p is None else {
            "id": p.pk, "name": p.name, "scope": p.scope_label,
            "approved_by": p.approved_by.get_username() if p.approved_by_id else None,
            "approved_at": p.approved_at}

    return {
        "exists": data["force"].exists,
        "district": {"stations": district.metrics.stations, "committees": district.metrics.units,
                     "finding_counts": district.result.counts()},
        "finding_counts": mine.result.counts(),
        "parts": [{**{k: v for k, v in part.items() if k not in ("plan", "linked")},
                   "plan": plan_ref(part["plan"])} for part in data["parts"]],
        "sources": [{**plan_ref(src["plan"]), "stale": src["stale"], "blocked": src["blocked"]}
                    for src in data["sources"]],
        "assignment": dict(mine.core_plan.assignment),
    }


# ---------------------------------------------------------------------- runs
class PinsIn(Schema):
    keep: list[str] = []
    never: list[tuple[str, str]] = []
    together: list[tuple[str, str]] = []
    stations: int | dict[str, int] | None = None
    max_units: int | None = None


class RunIn(Schema):
    name: str
    subdistrict: int | None = None
    pins: PinsIn = PinsIn()
    time_limit: int = 30
    seed: int = 0


class RunOut(Schema):
    id: int
    name: str
    subdistrict: int | None
    status: str
    status_label: str
    progress: float
    message: str
    finished: bool
    cancel_requested: bool
    plan: int | None
    error: str
    created: datetime
    started: datetime | None
    finished_at: datetime | None


def _run_out(run: PlannerRun) -> dict:
    return {**run_status(run), "name": run.name, "subdistrict": run.subdistrict_id,
            "created": run.created, "started": run.started, "finished_at": run.finished}


def _run(request, pk, action="view") -> PlannerRun:
    require(request.user, action, PlannerRun)
    return get_object_or_404(restrict(PlannerRun.objects.all(), request.user, action), pk=pk)


@router.get("/runs/", response=list[RunOut], operation_id="run_list")
@paginate(Pagination)
def list_runs(request, q: str = "", status: str | None = None,
              subdistrict: int | None = Query(None, ge=1, le=MAX_ID)):
    """Planner runs the user may see, searched and filtered as the list page does."""
    require(request.user, "view", PlannerRun)
    return [_run_out(r) for r in _listed(request, PlannerRunListView)[:500]]


@router.post("/runs/", response={202: RunOut}, operation_id="run_start")
def start(request, data: RunIn):
    """Queue a planner run; poll ``GET /runs/{id}/`` for progress."""
    require(request.user, "add", PlannerRun)
    sub = _scope(request, data.subdistrict)
    pins = data.pins.dict()
    pins["never"] = [list(p) for p in pins["never"]]
    pins["together"] = [list(p) for p in pins["together"]]
    run = PlannerRun(name=data.name, subdistrict=sub, created_by=request.user,
                     params={"pins": pins, "time_limit": data.time_limit, "seed": data.seed})
    run.full_clean()  # name, time limit and seed bounds of the run form: 422 with the messages
    from yizhan.web.planning.runner import pins_problems

    problems = pins_problems(snap.instance_for(sub), pins)
    if problems:
        raise HttpError(422, "；".join(f"{f.rule} {f.article}: {f.message}" for f in problems))
    with transaction.atomic():
        run.save()
        start_run(run)
    run.refresh_from_db()
    return Status(202, _run_out(run))


@router.get("/runs/{int:pk}/", response=RunOut, operation_id="run_status")
def status(request, pk: int):
    return _run_out(_run(request, pk))


@router.post("/runs/{int:pk}/cancel/", response=RunOut, operation_id="run_cancel")
def cancel(request, pk: int):
    run = request_cancel(_run(request, pk, "change"))
    run.refresh_from_db()
    return _run_out(run)
