"""Pages of 四、（一）: a department's requests, the community-building committee's decision,
the stations' tasks and their funding ledger.

Every read goes through :func:`restrict` (403 when the role may not, 404 outside the
scope), every state change through the workflow engine (:mod:`yizhan.web.operations.tasks`),
every ledger line through :func:`~yizhan.web.operations.tasks.record_entry`. There is no
page that makes a station task: only the approval does.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from yizhan.web import generic
from yizhan.web.changelog.models import changes_for
from yizhan.web.operations import models as m
from yizhan.web.operations.forms_tasks import FundingEntryForm, TaskRequestForm
from yizhan.web.operations.tasks import funding_refusal, record_entry
from yizhan.web.permissions import OutOfScope, permits, require, restrict
from yizhan.web.tables import Column
from yizhan.web.workflow.engine import check_role
from yizhan.web.workflow.views import post_transition, workflow_context


def _get(user, model, pk, action="view"):
    require(user, action, model)
    return get_object_or_404(restrict(model.objects.all(), user, action), pk=pk)


def changes(obj, user):
    """The object's latest change-log entries, or None for a role that may not read the
    change log (the page then leaves the section out rather than say "none")."""
    from yizhan.web.changelog.models import ObjectChange

    return changes_for(obj, user)[:20] if permits(user, "view", ObjectChange) else None


def _moving(request, model, pk):
    check_role(model, request.POST.get("action", ""), request.user)
    return _get(request.user, model, pk)


# ---------------------------------------------------------------------- requests
class TaskRequestListView(generic.ObjectListView):
    model = m.TaskRequest
    columns = [Column("title", link=True), "department", "kind", "start", "end",
               Column("funding_fen", gettext_lazy("配套经费（元）"), lambda o: o.funding_yuan,
                      sort="funding_fen"), "status", "created"]
    search_fields = ["title", "department"]
    filter_fields = ["kind", "status"]


class TaskRequestEditView(generic.ObjectEditView):
    model = m.TaskRequest
    form_class = TaskRequestForm


@login_required
def taskrequest_detail(request, pk):
    obj = _get(request.user, m.TaskRequest, pk)
    wf = workflow_context(obj, request.user)
    may_decide = permits(request.user, "approve", m.TaskRequest)
    return render(request, "operations/taskrequest_detail.html", {
        "object": obj, "stations": obj.stations.all(),
        "station_tasks": restrict(obj.station_tasks.select_related("station"), request.user),
        "blocked": funding_refusal(obj) if may_decide and obj.status == "submitted" else "",
        "can_change_obj": obj.editable and restrict(
            m.TaskRequest.objects.filter(pk=obj.pk), request.user, "change").exists(),
        "changes": changes(obj, request.user), **wf})


@login_required
@require_POST
def taskrequest_transition(request, pk):
    return post_transition(request, _moving(request, m.TaskRequest, pk))


# ---------------------------------------------------------------------- station tasks
class StationTaskListView(generic.ObjectListView):
    model = m.StationTask
    columns = [Column("request", link=True), "station",
               Column("department", gettext_lazy("提出部门"), lambda o: o.request.department,
                      sort="request__department"),
               Column("kind", gettext_lazy("任务性质"), lambda o: o.request.get_kind_display()),
               Column("end", gettext_lazy("结束日期"), lambda o: o.request.end,
                      sort="request__end"), "status", "assigned_at"]
    search_fields = ["request__title", "request__department"]
    filter_fields = ["station", "status"]

    def base_queryset(self):
        return m.StationTask.objects.select_related("request", "station")


@login_required
def stationtask_detail(request, pk):
    obj = _get(request.user, m.StationTask, pk)
    may_record = permits(request.user, "add", m.FundingEntry) and restrict(
        m.StationTask.objects.filter(pk=obj.pk), request.user, "work").exists()
    return render(request, "operations/stationtask_detail.html", _task_context(
        request, obj, FundingEntryForm(user=request.user) if may_record else None))


def _task_context(request, obj, form) -> dict:
    return {"object": obj, "req": obj.request, "totals": obj.totals(),
            "entries": restrict(obj.entries.select_related("recorded_by"), request.user),
            "entry_form": form, "changes": changes(obj, request.user),
            **workflow_context(obj, request.user)}


@login_required
@require_POST
def stationtask_transition(request, pk):
    return post_transition(request, _moving(request, m.StationTask, pk))


@login_required
@require_POST
def entry_add(request, pk):
    """A ledger line of a station task; a bad one shows the page again with the input kept."""
    require(request.user, "add", m.FundingEntry)
    task = _get(request.user, m.StationTask, pk, "work")
    form = FundingEntryForm(request.POST, instance=m.FundingEntry(station_task=task),
                            user=request.user)
    if form.is_valid():
        try:
            record_entry(form.instance, request.user)
        except OutOfScope as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:  # the balance, re-checked under the task's lock
            form.add_error(None, exc)
        else:
            messages.success(request, _("已记账：%(entry)s") % {"entry": form.instance})
            return redirect(task.get_absolute_url() + "#ledger")
    return render(request, "operations/stationtask_detail.html",
                  _task_context(request, task, form), status=422)


@login_required
def station_ledger(request, station):
    """One station's ledger: every line the user may see, oldest first, with the balance."""
    from yizhan.web.registry.models import Station

    require(request.user, "view", m.FundingEntry)
    st = get_object_or_404(restrict(Station.objects.all(), request.user), pk=station)
    entries = restrict(m.FundingEntry.objects.filter(station_task__station=st), request.user)
    entries = entries.select_related("station_task__request").order_by("date", "pk")
    rows, balance = [], 0
    for e in entries:
        balance += e.amount_fen if e.kind == m.EntryKind.RECEIVED else -e.amount_fen
        rows.append({"entry": e, "balance_fen": balance})
    sums = entries.aggregate(r=Sum("amount_fen", filter=Q(kind=m.EntryKind.RECEIVED)),
                             s=Sum("amount_fen", filter=Q(kind=m.EntryKind.SPENT)))
    return render(request, "operations/station_ledger.html", {
        "station": st, "rows": rows, "received_fen": sums["r"] or 0,
        "spent_fen": sums["s"] or 0, "balance_fen": balance,
        "can_report": permits(request.user, "view", m.StationTask)})
