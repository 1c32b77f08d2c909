"""Planning workspace pages: plans (list, new, import preview, detail, workflow moves, file
download), comparison of two plans, planner runs (new, detail with live progress, cancel).

Every read goes through :func:`yizhan.web.permissions.restrict`: 403 when the role may not do
the action at all, 404 when the plan lies outside an officer's subdistrict.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yizhan.web.changelog.models import changes_for
from yizhan.web.dashboard.views import map_urls
from yizhan.web.params import query_id
from yizhan.data.importers import Upload, check_plan_file
from yizhan.web.permissions import permits, require, restrict, save_in_scope
from yizhan.web.planning import services as svc
from yizhan.web.registry import snapshot as snap
from yizhan.web.planning.authority import applicable, staleness
from yizhan.web.planning.choices import CONFIRMED_ACTIONS, PlanSource, PlanStatus, RunStatus
from yizhan.web.planning.forms import PlanCreateForm, PlannerRunForm
from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.planning.report import report_tables
from yizhan.web.planning.tasks import request_cancel, start_run
from yizhan.web.planning.workflow import (TRANSITIONS, TransitionError, available_actions,
                                          four_eyes_refusal, transition)
from yizhan.web.tables import download_name
from yizhan.web.workflow.views import expected_state



def get_plan(user, pk, action="view") -> Plan:
    require(user, action, Plan)
    return get_object_or_404(restrict(Plan.objects.select_related("subdistrict", "created_by"),
                                      user, action), pk=pk)


def get_run(user, pk, action="view") -> PlannerRun:
    require(user, action, PlannerRun)
    return get_object_or_404(restrict(PlannerRun.objects.select_related("subdistrict", "plan"),
                                      user, action), pk=pk)


# ---------------------------------------------------------------------- plans
def _create_plan(user, form, assignment, source) -> Plan:
    d = form.cleaned_data
    plan = Plan(name=d["name"], subdistrict=d["scope"], source=source, assignment=assignment,
                description=d.get("description", ""), created_by=user)
    plan.full_clean()  # the form checked the fields; the model also checks the assignment
    return save_in_scope(plan, user, "add", message=_("方案超出您的管辖范围，未保存。"))


@login_required
def plan_add(request):
    """New plan from the official plan, from today's stations, or from a file (preview)."""
    require(request.user, "add", Plan)
    form = PlanCreateForm(request.POST or None, request.FILES or None, user=request.user)
    preview = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sub = d["scope"]
        if d["source"] == "official":
            assignment, notes = svc.official_assignment(sub)
            plan = _create_plan(request.user, form, assignment, PlanSource.OFFICIAL)
            for note in notes:
                messages.warning(request, note)
            messages.success(request, _("已创建方案：%(name)s") % {"name": plan.name})
            return redirect(plan)
        if d["source"] == "current":
            plan = _create_plan(request.user, form, snap.current_assignment(sub),
                                PlanSource.CURRENT)
            messages.success(request, _("已创建方案：%(name)s") % {"name": plan.name})
            return redirect(plan)
        # a file: show the preview; create only when the file is clean and confirmed
        if d.get("file"):
            raw = d["file"].read()
            filename = d["file"].name
        else:
            raw = request.POST.get("csv_text", "")
            filename = request.POST.get("filename", "")
        preview = _preview(raw, filename, sub)
        if preview["ok"] and request.POST.get("confirm") == "1":
            plan = _create_plan(request.user, form, preview["assignment"], PlanSource.IMPORTED)
            messages.success(request, _("已导入方案：%(name)s") % {"name": plan.name})
            return redirect(plan)
    return render(request, "planning/plan_add.html", {"form": form, "preview": preview})


def _preview(raw, filename, sub) -> dict:
    """Every problem of an uploaded plan file, and the check of a clean one."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    found = check_plan_file(Upload(filename or "plan.csv", raw))
    assignment = found.plan.assignment if found.plan is not None else None
    problems = list(found.problems)
    out = {"filename": filename, "csv_text": found.text or "", "problems": problems, "ok": False,
           "findings": [], "metrics": None, "assignment": assignment}
    # every problem at once: the rows that could be read are checked against the scope too
    problems += svc.scope_problems(found.rows, snap.instance_for(sub))
    if assignment is not None:
        try:
            Plan(assignment=assignment).clean()  # station labels: the model's rule
        except ValidationError as exc:
            problems += exc.messages
    if assignment is None or problems:
        return out
    result = svc.check_assignment(assignment, sub)
    out.update(ok=True, findings=result.findings, metrics=result.metrics,
               targets=result.targets)
    return out


@login_required
def plan_detail(request, pk):
    plan = get_plan(request.user, pk)
    version = snap.registry_version()
    result = svc.check_plan(plan, version)
    inst = snap.instance_for(plan.subdistrict_id, version)
    policy = svc.plan_policy(plan)
    rows = svc.station_rows(result.metrics, inst, policy)
    others = restrict(Plan.objects.filter(subdistrict=plan.subdistrict_id), request.user) \
        .exclude(pk=plan.pk)[:50]
    actions = available_actions(plan, request.user)
    return render(request, "planning/plan_detail.html", {
        "plan": plan, "result": result, "metrics": result.metrics, "stations": rows,
        "policy": policy, "actions": actions,
        "approving": any(t.action in CONFIRMED_ACTIONS for t in actions),
        "four_eyes": four_eyes_refusal(plan, request.user)
        if plan.status == PlanStatus.SUBMITTED and permits(request.user, "approve", Plan) else "",
        "stale": staleness(plan, version), "blocked": applicable(plan, version)
        if plan.status == PlanStatus.APPROVED else [],
        "transitions": plan.transitions.select_related("user"),
        "changes": changes_for(plan, request.user)[:20], "others": others,
        "counts": result.counts(),
        "can_delete": plan.status == PlanStatus.DRAFT and restrict(
            Plan.objects.filter(pk=plan.pk), request.user, "delete").exists(),
        "runs": plan.runs.all(),
        "downloads": _downloads(plan, request.user, version)})


def _downloads(plan, user, version) -> list[dict]:
    from yizhan.web.dashboard.summary import Subject
    from yizhan.web.planning.downloads import download_links

    return download_links(Subject(plan, version=version), user)


@login_required
@require_POST
def plan_transition(request, pk):
    action = request.POST.get("action", "")
    t = TRANSITIONS.get(action)
    if t is not None:  # the role may not do this at all: 403 before looking for the plan
        require(request.user, t.permission, Plan)
    plan = get_plan(request.user, pk)
    if action in CONFIRMED_ACTIONS and request.POST.get("confirm") != "1":
        messages.error(request, _("请先阅读检查结果并勾选确认，再批准方案。"))
        return redirect(plan)
    try:
        transition(plan, action, request.user, request.POST.get("reason", ""),
                   expected=expected_state(Plan, request.POST.get("expected")))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("方案“%(name)s”现在的状态：%(status)s")
                         % {"name": plan.name, "status": plan.get_status_display()})
    return redirect(plan)


@login_required
@require_POST
def plan_delete(request, pk):
    plan = get_plan(request.user, pk, "delete")
    if plan.status != PlanStatus.DRAFT:
        messages.error(request, _("只能删除草稿方案。"))
        return redirect(plan)
    name = plan.name
    plan.delete()
    messages.success(request, _("已删除方案：%(name)s") % {"name": name})
    return redirect("planning:plan_list")


@login_required
def plan_download(request, pk):
    plan = get_plan(request.user, pk)
    buf = io.StringIO()
    plan.core_plan().write_csv(buf)
    resp = HttpResponse(buf.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    resp["Content-Disposition"] = content_disposition_header(
        True, download_name(f"{_('方案')}_{plan.name}", "csv"))
    return resp


# ---------------------------------------------------------------------- compare
@login_required
def compare(request):
    """Two plans side by side: metrics, per-subdistrict counts, the units that move."""
    require(request.user, "view", Plan)
    plans = restrict(Plan.objects.select_related("subdistrict"), request.user)
    a = plans.filter(pk=query_id(request.GET, "a") or 0).first()
    b = plans.filter(pk=query_id(request.GET, "b") or 0).first()
    ctx = {"plans": plans[:200], "a": a, "b": b}
    if a and b:
        version = snap.registry_version()
        ma, mb = svc.evaluate_plan(a, version), svc.evaluate_plan(b, version)
        inst = snap.instance_for(a.subdistrict_id if a.subdistrict_id == b.subdistrict_id
                                else None, version)
        pa, pb = a.core_plan(), b.core_plan()
        moved = pa.moved_units(pb)
        names = inst.units["name"]
        parents = inst.units["parent"]
        sa, sb = pa.stations(), pb.stations()
        moved_rows = [{"code": c, "name": names.get(c, c), "parent": parents.get(c, ""),
                       "in_a": "、".join(str(names.get(x, x)) for x in sa[pa.assignment[c]]),
                       "in_b": "、".join(str(names.get(x, x)) for x in sb[pb.assignment[c]])}
                      for c in moved]
        ctx.update(ma=ma, mb=mb, moved=moved_rows, metric_rows=_metric_rows(ma, mb),
                   per_parent=_per_parent_rows(ma, mb),
                   compare_maps={"a": map_urls(a.pk), "b": map_urls(b.pk), "moved": moved})
    return render(request, "planning/compare.html", ctx)


def _metric_rows(ma, mb) -> list[tuple]:
    pct = lambda v: f"{v * 100:.1f}%"  # noqa: E731
    return [
        (_("工作站数"), ma.stations, mb.stations),
        (_("户数区间外户数（R2）"), ma.band_deviation, mb.band_deviation),
        (_("户数在区间内的站"), ma.stations_in_band, mb.stations_in_band),
        (_("豁免站（R3）"), ma.exempt_stations, mb.exempt_stations),
        (_("办公用房达标比例（R4）"), pct(ma.office_share), pct(mb.office_share)),
        (_("服务设施达标比例（R5）"), pct(ma.service_share), pct(mb.service_share)),
        (_("文体广场达标比例（R5）"), pct(ma.plaza_share), pct(mb.plaza_share)),
        (_("全部连片（R6）"), _("是") if ma.contiguous else _("否"),
         _("是") if mb.contiguous else _("否")),
        (_("被切断的相邻关系"), ma.cut_edges, mb.cut_edges),
    ]


def _per_parent_rows(ma, mb) -> list[dict]:
    a, b = ma.per_parent, mb.per_parent
    parents = list(dict.fromkeys([*a.index, *b.index]))
    return [{"parent": p,
             "before": int(a["before"].get(p, b["before"].get(p, 0))),
             "a": int(a["after"].get(p, 0)) if p in a.index else None,
             "b": int(b["after"].get(p, 0)) if p in b.index else None} for p in parents]


# ---------------------------------------------------------------------- planner runs
@login_required
def run_add(request):
    require(request.user, "add", PlannerRun)
    form = PlannerRunForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        sub = d["scope"]
        inst = snap.instance_for(sub)
        pins = form.pins()
        # "keep the station of committee X": the station that serves X today
        stations_now = inst.units["station"]
        pins["keep"] = sorted({stations_now.get(c) or c for c in pins["keep"]})
        from yizhan.web.planning.runner import pins_problems

        problems = pins_problems(inst, pins)
        if problems:
            for f in problems:
                form.add_error(None, f"{f.rule} {f.article}: {f.message}")
        else:
            run = PlannerRun(name=d["name"], subdistrict=sub, created_by=request.user,
                             params={"pins": pins, "time_limit": d["time_limit"], "seed": d["seed"]})
            run.full_clean()  # the form's bounds are the model's: this cannot fail after it
            with transaction.atomic():
                run.save()
                start_run(run)
            messages.success(request, _("规划计算已排队：%(name)s") % {"name": run.name})
            return redirect(run)
    return render(request, "planning/run_add.html", {"form": form})


@login_required
def run_detail(request, pk):
    """The run's progress, then its report as tables: terms with bounds and gaps, each
    subdistrict, the explanations, and the resulting plan's stations."""
    run = get_run(request.user, pk)
    stations, policy = [], None
    plan = restrict(Plan.objects.filter(pk=run.plan_id), request.user).first() \
        if run.plan_id else None
    if plan is not None:
        version = snap.registry_version()
        policy = svc.plan_policy(plan)
        stations = svc.station_rows(svc.check_plan(plan, version).metrics,
                                    snap.instance_for(plan.subdistrict_id, version), policy)
    return render(request, "planning/run_detail.html", {
        "run": run, "status": run_status(run), "stations": stations, "policy": policy,
        "report": report_tables(run.report) if run.report else None,
        "can_cancel": not run.finished_state and restrict(
            PlannerRun.objects.filter(pk=run.pk), request.user, "change").exists()})


def run_status(run: PlannerRun) -> dict:
    """The JSON the run page polls (also the API's run status)."""
    return {"id": run.pk, "status": run.status, "status_label": str(run.get_status_display()),
            "progress": round(run.progress, 3), "message": run.message,
            "finished": run.finished_state, "cancel_requested": run.cancel_requested,
            "plan": run.plan_id,
            "plan_url": reverse("planning:plan", args=[run.plan_id]) if run.plan_id else None,
            "error": run.error.strip().splitlines()[-1] if run.error.strip() else ""}


@login_required
def run_status_json(request, pk):
    return JsonResponse(run_status(get_run(request.user, pk)))


@login_required
@require_POST
def run_cancel(request, pk):
    run = get_run(request.user, pk, "change")
    request_cancel(run)
    messages.info(request, _("已请求取消。") if run.status != RunStatus.CANCELLED
                  else _("已取消。"))
    return redirect(run)
