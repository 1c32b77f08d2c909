"""Reform pages: the overview (timetable, groups, per-subdistrict progress, district
acceptance), the generic families of phases, groups, members and tasks, a task's and an
inspection's page with their workflow, and the POSTs that move them.

Every page reads through :func:`yizhan.web.permissions.restrict` (403 when the role may not,
404 outside the user's scope); every move goes through the workflow engine.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.web import generic
from yizhan.web.changelog.models import changes_for
from yizhan.web.permissions import permits, require, restrict
from yizhan.web.reform import forms as f
from yizhan.web.reform import models as m
from yizhan.web.reform import services
from yizhan.web.reform.choices import InspectionStatus, ReformStatus
from yizhan.web.reform.workflow import _no_unwaived_failure
from yizhan.web.tables import Column
from yizhan.web.workflow.engine import check_role
from yizhan.web.workflow.views import post_transition, workflow_context



def _get(user, model, pk, action="view"):
    require(user, action, model)
    return get_object_or_404(restrict(model.objects.all(), user, action), pk=pk)


def _moving(request, model, pk):
    """The object a POST moves: 403 when the role may not make the move at all, 404 when
    the object is outside the user's scope (as every page)."""
    check_role(model, request.POST.get("action", ""), request.user)
    return _get(request.user, model, pk)


# ---------------------------------------------------------------------- overview
@login_required
def index(request):
    require(request.user, "view", m.Reform)
    reform = restrict(m.Reform.objects.all(), request.user).filter(
        pk=getattr(services.current_reform(), "pk", 0)).first()
    if reform is None:
        return render(request, "reform/start.html", {
            "can_start": permits(request.user, "add", m.Reform)})
    return redirect(reform)


@login_required
@require_POST
def reform_start(request):
    require(request.user, "add", m.Reform)
    current = services.current_reform()
    if current is not None and current.status == ReformStatus.IN_PROGRESS:
        messages.error(request, _("已有正在实施的改革。"))
        return redirect("reform:index")
    reform = services.start_reform()
    messages.success(request, _("已按文件建立改革：实施阶段、区领导小组和各街道领导小组。"))
    return redirect(reform)


@login_required
def reform_detail(request, pk):
    from yizhan.web.registry.models import Subdistrict

    reform = _get(request.user, m.Reform, pk)
    subs = restrict(Subdistrict.objects.order_by("pk"), request.user)
    rows = services.progress(reform, subs)
    tasks = restrict(reform.tasks.all(), request.user)
    return render(request, "reform/reform_detail.html", {
        "reform": reform, "phases": reform.phases.all(),
        "groups": restrict(reform.groups.select_related("subdistrict"), request.user),
        "rows": rows, "overdue": services.overdue_tasks(tasks)[:50],
        "can_open": {r["subdistrict"].pk for r in rows if not r["total"]
                     and restrict(Subdistrict.objects.filter(pk=r["subdistrict"].pk),
                                  request.user, "view").exists()
                     and permits(request.user, "add", m.Task)
                     and _may_add_task(request.user, r["subdistrict"])},
        "can_edit_phases": permits(request.user, "change", m.Phase),
        "changes": changes_for(reform, request.user)[:10],
        **workflow_context(reform, request.user)})


def _may_add_task(user, subdistrict) -> bool:
    from yizhan.web.permissions import subdistrict_scope

    scope = subdistrict_scope(user, "add", m.Task)
    return scope is None or subdistrict.pk in scope


@login_required
@require_POST
def reform_transition(request, pk):
    return post_transition(request, _moving(request, m.Reform, pk))


@login_required
@require_POST
def open_subdistrict(request, pk, subdistrict):
    from yizhan.web.registry.models import Subdistrict

    reform = _get(request.user, m.Reform, pk)
    require(request.user, "add", m.Task)
    sub = get_object_or_404(restrict(Subdistrict.objects.all(), request.user), pk=subdistrict)
    if not _may_add_task(request.user, sub):
        raise PermissionDenied(_("您只能为本街道生成任务清单。"))
    if services.open_subdistrict(reform, sub):
        messages.success(request, _("已生成%(sub)s的任务清单和检查表。") % {"sub": sub})
    return redirect(reverse("reform:task_list") + f"?subdistrict={sub.pk}")


# ---------------------------------------------------------------------- generic families
class PhaseListView(generic.ObjectListView):
    model = m.Phase
    columns = ["number", Column("name", link=True), "article", "start", "end", "reform"]
    filter_fields = ["reform"]


class PhaseView(generic.ObjectView):
    model = m.Phase
    fields = ["reform", "number", "name", "article", "start", "end", "description"]


class PhaseEditView(generic.ObjectEditView):
    model = m.Phase
    form_class = f.PhaseForm


class PhaseDeleteView(generic.ObjectDeleteView):
    model = m.Phase


class LeadingGroupListView(generic.ObjectListView):
    model = m.LeadingGroup
    columns = [Column("name", link=True), "subdistrict", "office", "article", "dissolved_at"]
    filter_fields = ["reform", "subdistrict"]


class LeadingGroupView(generic.ObjectView):
    model = m.LeadingGroup
    template_name = "reform/group_detail.html"
    fields = ["reform", "subdistrict", "article", "office", "member_units", "duties",
              "dissolved_at"]


class LeadingGroupEditView(generic.ObjectEditView):
    model = m.LeadingGroup
    form_class = f.LeadingGroupForm


class LeadingGroupDeleteView(generic.ObjectDeleteView):
    model = m.LeadingGroup


class GroupMemberListView(generic.ObjectListView):
    model = m.GroupMember
    columns = [Column("name", link=True), "role", "unit", "group", "user"]
    filter_fields = ["group", "role"]


class GroupMemberView(generic.ObjectView):
    model = m.GroupMember


class GroupMemberEditView(generic.ObjectEditView):
    model = m.GroupMember
    form_class = f.GroupMemberForm


class GroupMemberDeleteView(generic.ObjectDeleteView):
    model = m.GroupMember


class TaskListView(generic.ObjectListView):
    model = m.Task
    columns = [Column("title", link=True), "subdistrict", "phase", "article", "deadline",
               "owner", "status",
               Column("overdue", gettext_lazy("逾期"),
                      lambda t: _("逾期") if t.overdue else "")]
    search_fields = ["title"]
    filter_fields = ["reform", "subdistrict", "phase", "status"]

    def base_queryset(self):
        return m.Task.objects.select_related("subdistrict", "phase", "owner")


class TaskEditView(generic.ObjectEditView):
    model = m.Task
    form_class = f.TaskForm


class TaskDeleteView(generic.ObjectDeleteView):
    model = m.Task


class InspectionListView(generic.ObjectListView):
    model = m.Inspection
    columns = [Column("subdistrict", link=True), "reform", "status"]
    filter_fields = ["reform", "status"]

    def base_queryset(self):
        return m.Inspection.objects.select_related("subdistrict", "reform")


# ---------------------------------------------------------------------- workflow pages
@login_required
def task_detail(request, pk):
    task = _get(request.user, m.Task, pk)
    return render(request, "reform/task_detail.html", {
        "object": task, "changes": changes_for(task, request.user)[:20],
        "can_change_obj": restrict(m.Task.objects.filter(pk=task.pk), request.user,
                                   "change").exists(),
        **workflow_context(task, request.user)})


@login_required
@require_POST
def task_transition(request, pk):
    return post_transition(request, _moving(request, m.Task, pk))


@login_required
def inspection_detail(request, pk):
    inspection = _get(request.user, m.Inspection, pk)
    items = [{"item": item, **workflow_context(item, request.user)}
             for item in inspection.items.all()]
    return render(request, "reform/inspection_detail.html", {
        "object": inspection, "items": items,
        "station_rules": _station_rules(inspection.subdistrict_id),
        "blocked": _no_unwaived_failure(inspection)
        if inspection.status == InspectionStatus.SIGNED else "",
        "changes": changes_for(inspection, request.user)[:20],
        **workflow_context(inspection, request.user)})


def _station_rules(subdistrict_id) -> list[dict]:
    """The checklist item "rules" (四、（四）) reads the stations' internal rules: per station of
    the subdistrict in service, the kinds it has none in force of (operations' records)."""
    from yizhan.web.operations.models import RuleKind, missing_kinds
    from yizhan.web.registry.models import Station

    labels = dict(RuleKind.choices)
    stations = Station.objects.filter(subdistrict_id=subdistrict_id, dissolved__isnull=True)
    return [{"station": s, "missing": [labels[k] for k in kinds]}
            for s, kinds in missing_kinds(stations.order_by("code")).items()]


@login_required
def inspection_report(request, pk):
    """The inspection report (七、（三）) of this inspection as Word or PDF: whoever may see the
    inspection may download it; the figures are the plan in force's, in the user's scope."""
    from django.http import HttpResponse, HttpResponseBadRequest

    from yizhan.web.dashboard.summary import subject_for
    from yizhan.web.planning.downloads import document_response

    inspection = _get(request.user, m.Inspection, pk)
    fmt = request.GET.get("format", "docx")
    if fmt not in ("docx", "pdf"):
        return HttpResponseBadRequest(_("参数 %(name)s 无效，可选：%(allowed)s") % {
            "name": "format", "allowed": "docx、pdf"}, content_type="text/plain; charset=utf-8")
    subject = subject_for("in_force", request.user)
    if inspection.subdistrict.name not in subject.instance.parents:
        return HttpResponse(_("该街道在登记数据中没有居委会，无法生成检查验收报告。"), status=409,
                            content_type="text/plain; charset=utf-8")
    return document_response(request.user, subject, "inspection", fmt,
                             inspection.subdistrict.name, reform=inspection.reform)


@login_required
@require_POST
def inspection_transition(request, pk):
    return post_transition(request, _moving(request, m.Inspection, pk))


@login_required
@require_POST
def item_transition(request, pk):
    item = _moving(request, m.InspectionItem, pk)
    return post_transition(request, item, item.inspection.get_absolute_url())
