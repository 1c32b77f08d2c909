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

:func:`transition` is the only way to change ``Plan.status``: it checks the role
(:func:`yizhan.web.permissions.permits`), the scope (:func:`~yizhan.web.permissions.restrict`)
and the state, then writes the new state (change-logged) and one :class:`PlanTransition`
sharing the request id of the change log entry.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.context import current_change_context
from yizhan.web.permissions import permits, restrict
from yizhan.web.planning.authority import record_approval, staleness, superseded_by_approval
from yizhan.web.planning.choices import PlanStatus
from yizhan.web.planning.models import Plan, PlanTransition
from yizhan.web.validators import validate_multiline_text

__all__ = ["TRANSITIONS", "TransitionError", "InvalidReason", "Transition", "transition",
           "available_actions", "four_eyes_refusal", "submitter_id"]


@dataclass(frozen=True)
class Transition:
    action: str
    source: str
    target: str
    permission: str          # the restrict() action the user needs on the plan
    reason_required: bool
    label: object            # lazy translated button text
    stale_only: bool = False # offered only when the approved plan is stale


TRANSITIONS: dict[str, Transition] = {t.action: t for t in (
    Transition("submit", PlanStatus.DRAFT, PlanStatus.SUBMITTED, "submit", False,
               gettext_lazy("提交审批")),
    Transition("withdraw", PlanStatus.SUBMITTED, PlanStatus.DRAFT, "submit", False,
               gettext_lazy("撤回")),
    Transition("approve", PlanStatus.SUBMITTED, PlanStatus.APPROVED, "approve", False,
               gettext_lazy("批准")),
    Transition("reapprove", PlanStatus.APPROVED, PlanStatus.APPROVED, "approve", False,
               gettext_lazy("重新检查并批准"), stale_only=True),
    Transition("reject", PlanStatus.SUBMITTED, PlanStatus.REJECTED, "approve", True,
               gettext_lazy("退回")),
    Transition("reopen", PlanStatus.REJECTED, PlanStatus.DRAFT, "change", False,
               gettext_lazy("重新编辑")),
)}


class TransitionError(Exception):
    """A move the plan's state or the input does not allow (the message is translated)."""


class InvalidReason(TransitionError):
    """The reason is missing where required or has refused characters: bad input (the API's
    422), not a conflict with the plan's state (409)."""


def _may(user, plan: Plan, permission: str) -> bool:
    return (permits(user, permission, Plan)
            and restrict(Plan.objects.filter(pk=plan.pk), user, permission).exists())


def available_actions(plan: Plan, user) -> list[Transition]:
    """The moves ``user`` may make on ``plan`` now (for the buttons)."""
    return [t for t in TRANSITIONS.values()
            if t.source == plan.status and _may(user, plan, t.permission)
            and (not t.stale_only or staleness(plan))
            and not (t.permission == "approve" and t.target == PlanStatus.APPROVED
                     and four_eyes_refusal(plan, user))]


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
        raise InvalidReason(_("退回方案必须填写理由。"))
    try:
        validate_multiline_text(reason)
    except ValidationError as exc:
        raise InvalidReason(_("理由：") + exc.messages[0]) from None
    approving = t.permission == "approve" and t.target == PlanStatus.APPROVED
    if approving and four_eyes_refusal(plan, user):
        raise PermissionDenied(four_eyes_refusal(plan, user))
    try:
        with transaction.atomic():
            locked = Plan.objects.select_for_update().get(pk=plan.pk)
            if locked.status != t.source:
                raise TransitionError(
                    _("方案当前状态为“%(status)s”，不能执行“%(label)s”。")
                    % {"status": locked.get_status_display(), "label": t.label})
            if t.stale_only and not staleness(locked):
                raise TransitionError(_("登记数据没有变化，方案无需重新批准。"))
            if approving:
                _approve(locked, user, blocking_findings, first=t.source != PlanStatus.APPROVED)
            before = locked.status
            locked.status = t.target
            locked.save()
            entry = _log(locked, action, before, t.target, user, reason)
    except IntegrityError as exc:  # the partial unique index: a concurrent approval won
        raise TransitionError(_("同一范围内另一方案刚刚被批准，请刷新页面后再试。")) from exc
    for name in ("status", "updated", "approved_by", "approved_at", "approved_version",
                 "approved_fingerprint", "approved_inputs", "approved_check"):
        setattr(plan, name, getattr(locked, name))
    return entry


def _approve(locked: Plan, user, blocking_findings, first: bool) -> None:
    """Check (violations block); on a first approval supersede the scope's approved plan(s);
    record the registry version, the check inputs and the check result.

    A re-approval keeps the plan's place (its first approval time decides which parts of the
    plan in force it replaces), so it supersedes nothing.
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
            _log(old, "supersede", PlanStatus.APPROVED, PlanStatus.SUPERSEDED, user,
                 _("被方案“%(name)s”（#%(pk)d）取代") % {"name": locked.name, "pk": locked.pk})
    record_approval(locked, user, result, version, first=first)


def _log(plan: Plan, action: str, before: str, after: str, user, reason: str) -> PlanTransition:
    ctx = current_change_context()
    return PlanTransition.objects.create(
        plan=plan, action=action, from_status=before, to_status=after,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=user.get_username() if user is not None else "system",
        time=timezone.now(), reason=reason,
        **({"request_id": ctx.request_id} if ctx is not None else {}))


def _violations(result) -> list[str]:
    return [f"{f.rule} {f.article} {f.subject}: {f.message}"
            for f in result.findings if f.severity == "violation"]
