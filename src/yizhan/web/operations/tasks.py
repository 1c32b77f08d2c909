"""Task approval with funding (四、（一）): the transition tables, the ledger's one write path,
and the queries the public open-affairs pages call.

TaskRequest (a department's request):

=========  =========  =========  ==========  ================================  ======
action     from       to         permission  condition                         reason
=========  =========  =========  ==========  ================================  ======
submit     draft      submitted  submit      at least one station              no
withdraw   submitted  draft      submit      —                                 no
approve    submitted  approved   approve     R13 §4(1): a temporary task       no
                                             carries funding, its source and
                                             working conditions
reject     submitted  rejected   approve     —                                 **yes**
reopen     rejected   draft      change      —                                 no
=========  =========  =========  ==========  ================================  ======

``reopen`` lets the department revise a rejected request and submit it again (a department
answers a refusal by fixing what it names, usually the funding or the conditions): the same
record, its version raised by each edit, with the rejection and its reason kept in the
workflow log and every edit in the change log, and decided again from the start. Only the
request's own department may reopen it (``change`` is the department's, in its scope); the
committee cannot send a rejected request back to itself.

``approve`` makes one :class:`StationTask` per requested station in the same transaction:
the only way a station gets work. StationTask (the station's own work on it): ``start``
assigned → in_progress, ``complete`` assigned/in_progress → done (permission ``work``).

For the public pages (四、（四）, built beside this module): :func:`approved_tasks` and
:func:`spending_summary` — plain data, nothing personal.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.policy.operations import task_funding_findings
from yizhan.policy.rules import RULES, document_article
from yizhan.web.operations.models import (FundingEntry, RequestStatus, StationTask,
                                          StationTaskStatus, TaskRequest, with_totals)
from yizhan.web.validators import in_language
from yizhan.web.workflow.engine import Transition, Workflow, register

__all__ = ["REQUEST", "STATION_TASK", "funding_refusal", "approved_tasks", "spending_summary",
           "record_entry", "pending_requests_for", "station_tasks_for"]


# ---------------------------------------------------------------------- the rule
def funding_refusal(request: TaskRequest) -> str:
    """R13's refusal of ``request`` in the page's language, naming its article ("" = none)."""
    found = task_funding_findings(request.kind, request.funding_fen, request.funding_source,
                                  request.conditions)
    if not found:
        return ""
    article = f"R13 {document_article(RULES['R13'].article)}"
    return in_language("；".join(f.message for f in found) + f"（{article}）。",
                       "; ".join(f.message_en for f in found) + f" ({article}).")


def _has_stations(request: TaskRequest) -> str:
    return "" if request.stations.exists() else _("请至少选择一个承办工作站。")


def _assign_stations(request: TaskRequest, user, **options) -> None:
    """The approval hands the task to each requested station (a logged row each)."""
    for station in request.stations.all():
        StationTask(request=request, station=station).save()


REQUEST = register(Workflow(TaskRequest, (
    Transition("submit", RequestStatus.DRAFT, RequestStatus.SUBMITTED, "submit", False,
               gettext_lazy("提交审批"), condition=_has_stations),
    Transition("withdraw", RequestStatus.SUBMITTED, RequestStatus.DRAFT, "submit", False,
               gettext_lazy("撤回")),
    Transition("approve", RequestStatus.SUBMITTED, RequestStatus.APPROVED, "approve", False,
               gettext_lazy("批准"), condition=funding_refusal, effect=_assign_stations),
    Transition("reject", RequestStatus.SUBMITTED, RequestStatus.REJECTED, "approve", True,
               gettext_lazy("不予批准"),
               reason_message=gettext_lazy("不予批准必须写明理由。")),
    Transition("reopen", RequestStatus.REJECTED, RequestStatus.DRAFT, "change", False,
               gettext_lazy("重新修改")),
), forbidden_message=gettext_lazy("您的角色无权对任务申请执行“%(label)s”。"),
    state_message=gettext_lazy("任务申请当前状态为“%(status)s”，不能执行“%(label)s”。")))

STATION_TASK = register(Workflow(StationTask, (
    Transition("start", StationTaskStatus.ASSIGNED, StationTaskStatus.IN_PROGRESS, "work",
               False, gettext_lazy("开始办理")),
    Transition("complete", (StationTaskStatus.ASSIGNED, StationTaskStatus.IN_PROGRESS),
               StationTaskStatus.DONE, "work", False, gettext_lazy("办结")),
), forbidden_message=gettext_lazy("您的角色无权对工作站任务执行“%(label)s”。"),
    state_message=gettext_lazy("工作站任务当前状态为“%(status)s”，不能执行“%(label)s”。")))


# ---------------------------------------------------------------------- the ledger
def record_entry(entry: FundingEntry, user) -> FundingEntry:
    """Validate and save a ledger line under a lock on its task, so two spendings at once
    cannot both pass the balance check; re-read through the user's scope (rolled back and
    refused outside it)."""
    from yizhan.web.permissions import save_in_scope

    with transaction.atomic():
        StationTask.objects.select_for_update().filter(pk=entry.station_task_id).first()
        entry.recorded_by = user if getattr(user, "is_authenticated", False) else None
        entry.full_clean()
        save_in_scope(entry, user, "add", message=_("只能为本工作站的任务记账。"))
    return entry


# ---------------------------------------------------------------------- for other pages
def approved_tasks(station):
    """The tasks ``station`` works on, all approved (a StationTask exists only after the
    community-building committee's approval), newest first, with their request loaded.

    Unrestricted: for the public open-affairs page, which shows only the request's title,
    department, kind, period, funding and the task's status — never who filled it in.
    """
    return (StationTask.objects.filter(station=station,
                                       request__status=RequestStatus.APPROVED)
            .select_related("request").order_by("-assigned_at", "-pk"))


def spending_summary(station) -> dict:
    """The station's funding per approved task and in total, in fen (``yuan_text`` shows 元).

    Returns ``{"tasks": [{"task": StationTask, "title", "department", "kind",
    "funding_fen", "received_fen", "spent_fen", "balance_fen"}], "received_fen",
    "spent_fen", "balance_fen"}``; unrestricted (public data of 站务公开).
    """
    tasks = [{"task": t, "title": t.request.title, "department": t.request.department,
              "kind": t.request.get_kind_display(), "funding_fen": t.request.funding_fen,
              **t.totals()} for t in with_totals(approved_tasks(station))]
    received = sum(r["received_fen"] for r in tasks)
    spent = sum(r["spent_fen"] for r in tasks)
    return {"tasks": tasks, "received_fen": received, "spent_fen": spent,
            "balance_fen": received - spent}


def station_tasks_for(user, start=None, end=None):
    """The station tasks ``user`` may see (all when None: the command line), approved (local
    date) from ``start`` to ``end`` inclusive (None: open-ended), each with its request and
    its received and spent sums: the API's ``station-tasks/`` list and the approval form's
    tasks and ledger (四、（一））."""
    from yizhan.web.permissions import restrict

    qs = StationTask.objects.select_related("request", "station")
    qs = qs if user is None else restrict(qs, user)
    if start is not None:
        qs = qs.filter(assigned_at__date__gte=start)
    if end is not None:
        qs = qs.filter(assigned_at__date__lte=end)
    return with_totals(qs)


def pending_requests_for(user) -> list:
    """Requests waiting for a decision that ``user`` may decide or follow (the dashboard):
    the community-building committee's queue, a department's own submitted requests."""
    from yizhan.web.permissions import permits, restrict

    if not permits(user, "view", TaskRequest):
        return []
    qs = restrict(TaskRequest.objects.filter(status=RequestStatus.SUBMITTED), user)
    return list(qs.annotate(n=Count("stations")).order_by("created", "pk")[:20])
