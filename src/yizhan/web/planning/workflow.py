"""The plan workflow (Wagtail's ``WorkflowState``, made small): states, moves, who may move.

=========  ===========  ===========  =========================================  ==========
action     from         to           who                                        reason
=========  ===========  ===========  =========================================  ==========
submit     draft        submitted    admin; officer of the plan's subdistrict   optional
withdraw   submitted    draft        admin; officer of the plan's subdistrict   optional
approve    submitted    approved     district administrator only                optional
reapprove  approved     approved     district administrator; only when stale    optional
reject     submitted    rejected     district administrator only                **required**
reopen     rejected     draft        admin; officer of the plan's subdistrict   optional
=========  ===========  ===========  =========================================  ==========

A plan whose check finds a broken hard rule (a ``violation``) cannot be approved: the
administrator rejects it with the findings as the reason. Four eyes (``YIZHAN_FOUR_EYES``,
default on): whoever submitted a plan may not approve it. Approving supersedes the approved
plan of the same scope (:mod:`~yizhan.web.planning.authority`); ``superseded`` is final. An
approved plan whose registry changed under it (stale) is re-checked and re-approved with
``reapprove``, which records the new registry version and check.

The table runs on the workflow engine (:mod:`yizhan.web.workflow.engine`): its
:func:`~yizhan.web.workflow.engine.transition` is the only way to change ``Plan.status``
(role, scope, four eyes, reason, state, optimistic concurrency, one
:class:`~yizhan.web.workflow.models.TransitionLog` row sharing the change log's request id).
This module holds what is the plan's own: the table, four eyes and the approval's effect.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.planning.authority import record_approval, staleness, superseded_by_approval
from yizhan.web.planning.choices import PlanStatus
from yizhan.web.planning.models import Plan
from yizhan.web.workflow import engine
from yizhan.web.workflow.engine import InvalidReason, Transition, TransitionError

__all__ = ["TRANSITIONS", "WORKFLOW", "TransitionError", "InvalidReason", "Transition",
           "transition", "available_actions", "four_eyes_refusal", "submitter_id"]


def submitter_id(plan: Plan) -> int | None:
    """The user who last submitted ``plan`` (None when it never went through ``submit``)."""
    return (plan.transitions.filter(action="submit").order_by("-time", "-pk")
            .values_list("user_id", flat=True).first())


def four_eyes_refusal(plan: Plan, user) -> str:
    """Why ``user`` may not approve ``plan`` under the four-eyes rule ("" when they may)."""
    if not getattr(settings, "YIZHAN_FOUR_EYES", True):
        return ""
    if user is not None and user.pk is not None and submitter_id(plan) == user.pk:
        return _("四眼原则：提交方案的人不能批准同一方案，请由另一位管理员批准"
                 "（小单位可关闭设置 YIZHAN_FOUR_EYES）。")
    return ""


def _not_stale(plan: Plan) -> str:
    return "" if staleness(plan) else _("登记数据没有变化，方案无需重新批准。")


def _approve(locked: Plan, user, blocking_findings=None, first: bool = True) -> None:
    """Check (violations block); on a first approval supersede the scope's approved plan(s);
    record the registry version, the check inputs and the check result.

    ``blocking_findings`` (``plan -> list[str]``) replaces the policy checker's hard-rule
    violations (tests pass ``lambda p: []``). A re-approval keeps the plan's place (its first
    approval time decides which parts of the plan in force it replaces), so it supersedes
    nothing.
    """
    from yizhan.web.planning.services import check_plan, registry_version

    version = registry_version()
    result = check_plan(locked, version)
    problems = blocking_findings(locked) if blocking_findings else _violations(result)
    if problems:
        raise TransitionError(_("方案违反硬性规则，不能批准：%(list)s")
                              % {"list": "；".join(problems[:5])})
    if first:
        for old in superseded_by_approval(locked).select_for_update():
            old.status = PlanStatus.SUPERSEDED
            old.superseded_by = locked
            old.save()
            engine.log(old, "supersede", PlanStatus.APPROVED, PlanStatus.SUPERSEDED, user,
                       _("被方案“%(name)s”（#%(pk)d）取代") % {"name": locked.name, "pk": locked.pk})
    record_approval(locked, user, result, version, first=first)


def _reapprove(locked: Plan, user, blocking_findings=None) -> None:
    _approve(locked, user, blocking_findings, first=False)


def _violations(result) -> list[str]:
    return [f"{f.rule} {f.article} {f.subject}: {f.message}"
            for f in result.findings if f.severity == "violation"]


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", PlanStatus.DRAFT, PlanStatus.SUBMITTED, "submit", False,
               gettext_lazy("提交审批")),
    Transition("withdraw", PlanStatus.SUBMITTED, PlanStatus.DRAFT, "submit", False,
               gettext_lazy("撤回")),
    Transition("approve", PlanStatus.SUBMITTED, PlanStatus.APPROVED, "approve", False,
               gettext_lazy("批准"), allowed=four_eyes_refusal, effect=_approve),
    Transition("reapprove", PlanStatus.APPROVED, PlanStatus.APPROVED, "approve", False,
               gettext_lazy("重新检查并批准"), allowed=four_eyes_refusal,
               condition=_not_stale, effect=_reapprove),
    Transition("reject", PlanStatus.SUBMITTED, PlanStatus.REJECTED, "approve", True,
               gettext_lazy("退回"), reason_message=gettext_lazy("退回方案必须填写理由。")),
    Transition("reopen", PlanStatus.REJECTED, PlanStatus.DRAFT, "change", False,
               gettext_lazy("重新编辑")),
)}

WORKFLOW = engine.register(engine.Workflow(
    Plan, TRANSITIONS.values(),
    forbidden_message=gettext_lazy("您的角色无权对该方案执行“%(label)s”。"),
    state_message=gettext_lazy("方案当前状态为“%(status)s”，不能执行“%(label)s”。"),
    integrity_message=gettext_lazy("同一范围内另一方案刚刚被批准，请刷新页面后再试。"),
    extra_labels={"supersede": gettext_lazy("被取代")}))


def available_actions(plan: Plan, user) -> list[Transition]:
    """The moves ``user`` may make on ``plan`` now (for the buttons)."""
    return engine.available_actions(plan, user)


def transition(plan: Plan, action: str, user, reason: str = "", blocking_findings=None,
               expected: str | None = None):
    """Move ``plan`` by ``action`` (:func:`yizhan.web.workflow.engine.transition`).

    ``blocking_findings`` (``plan -> list[str]``) replaces the checker's violations that
    forbid approval; ``expected`` is the state the user saw.
    """
    return engine.transition(plan, action, user, reason, expected=expected,
                             blocking_findings=blocking_findings)
