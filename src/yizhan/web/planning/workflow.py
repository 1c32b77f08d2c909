"""The plan workflow (Wagtail's ``WorkflowState``, made small): states, moves, who may move.

=========  ===========  ===========  =========================================  ==========
action     from         to           who                                        reason
=========  ===========  ===========  =========================================  ==========
submit     draft        submitted    admin; officer of the plan's subdistrict   optional
withdraw   submitted    draft        admin; officer of the plan's subdistrict   optional
approve    submitted    approved     district administrator only                optional
reject     submitted    rejected     district administrator only                **required**
reopen     rejected     draft        admin; officer of the plan's subdistrict   optional
=========  ===========  ===========  =========================================  ==========

An approved plan is final. A plan whose check finds a broken hard rule (a ``violation``)
cannot be approved: the administrator rejects it with the findings as the reason.

:func:`transition` is the only way to change ``Plan.status``: it checks the role
(:func:`yizhan.web.permissions.permits`), the scope (:func:`~yizhan.web.permissions.restrict`)
and the state, then writes the new state (change-logged) and one :class:`PlanTransition`
sharing the request id of the change log entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.context import current_change_context
from yizhan.web.permissions import permits, restrict
from yizhan.web.planning.choices import PlanStatus
from yizhan.web.planning.models import Plan, PlanTransition

__all__ = ["TRANSITIONS", "TransitionError", "Transition", "transition", "available_actions"]


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    permission: str          # the restrict() action the user needs on the plan
    reason_required: bool
    label: object            # lazy translated button text


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", PlanStatus.DRAFT, PlanStatus.SUBMITTED, "submit", False,
               gettext_lazy("提交审批")),
    Transition("withdraw", PlanStatus.SUBMITTED, PlanStatus.DRAFT, "submit", False,
               gettext_lazy("撤回")),
    Transition("approve", PlanStatus.SUBMITTED, PlanStatus.APPROVED, "approve", False,
               gettext_lazy("批准")),
    Transition("reject", PlanStatus.SUBMITTED, PlanStatus.REJECTED, "approve", True,
               gettext_lazy("退回")),
    Transition("reopen", PlanStatus.REJECTED, PlanStatus.DRAFT, "change", False,
               gettext_lazy("重新编辑")),
)}


class TransitionError(Exception):
    """A move the plan's state or the input does not allow (the message is translated)."""


def _may(user, plan: Plan, permission: str) -> bool:
    return (permits(user, permission, Plan)
            and restrict(Plan.objects.filter(pk=plan.pk), user, permission).exists())


def available_actions(plan: Plan, user) -> list[Transition]:
    """The moves ``user`` may make on ``plan`` now (for the buttons)."""
    return [t for t in TRANSITIONS.values()
            if t.source == plan.status and _may(user, plan, t.permission)]


def transition(plan: Plan, action: str, user, reason: str = "",
               blocking_findings=None) -> PlanTransition:
    """Move ``plan`` by ``action``; returns the log entry.

    Parameters
    ----------
    blocking_findings : callable, optional
        ``plan -> list[str]``: hard-rule violations that forbid approval (the views pass the
        policy checker; tests may pass ``lambda p: []``). Default: the checker.

    Raises
    ------
    PermissionDenied
        the user's role may not make this move on this plan (an officer approving, a
        viewer submitting, an officer of another subdistrict).
    TransitionError
        unknown action, wrong state, missing reason, or violations blocking approval.
    """
    t = TRANSITIONS.get(action)
    if t is None:
        raise TransitionError(_("未知的操作：%(action)s") % {"action": action})
    if not _may(user, plan, t.permission):
        raise PermissionDenied(_("您的角色无权对该方案执行“%(label)s”。") % {"label": t.label})
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise TransitionError(_("退回方案必须填写理由。"))
    with transaction.atomic():
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if locked.status != t.source:
            raise TransitionError(
                _("方案当前状态为“%(status)s”，不能执行“%(label)s”。")
                % {"status": locked.get_status_display(), "label": t.label})
        if action == "approve":
            check = blocking_findings or _violations
            problems = check(locked)
            if problems:
                raise TransitionError(
                    _("方案违反硬性规则，不能批准：%(list)s")
                    % {"list": "；".join(problems[:5])})
        before = locked.status
        locked.status = t.target
        locked.save()
        ctx = current_change_context()
        entry = PlanTransition.objects.create(
            plan=locked, action=action, from_status=before, to_status=t.target,
            user=user if getattr(user, "is_authenticated", False) else None,
            user_name=user.get_username() if user is not None else "system",
            time=timezone.now(), reason=reason,
            **({"request_id": ctx.request_id} if ctx is not None else {}))
    plan.status = locked.status
    plan.updated = locked.updated
    return entry


def _violations(plan: Plan) -> list[str]:
    from yizhan.web.planning.services import check_plan

    result = check_plan(plan)
    return [f"{f.rule} {f.article} {f.subject}: {f.message}"
            for f in result.findings if f.severity == "violation"]
