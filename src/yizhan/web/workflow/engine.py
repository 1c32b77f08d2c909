"""The workflow engine: a transition table per model and :func:`transition`, the one way to
change a workflow state.

Why an own module and not django-fsm-2: django-fsm puts the table in decorators on model
methods (``@transition(field=state, source=…, target=…, permission=…)``) and leaves the log,
the reason, the scope check and concurrency to the caller — the four things every approval
here needs the same way. django-fsm's ``ConcurrentTransitionMixin`` raises on a stale state
but knows nothing of the change log or of our 409 handling, and the package is not in the
lock. What we need fits in this module: a table as data (listed in the docs, walked by
table-driven tests), one function that checks, locks, moves and logs, one log model
(:class:`~yizhan.web.workflow.models.TransitionLog`).

A :class:`Workflow` names a model's state field and its :class:`Transition` rows::

    action   sources → target   permission (restrict() action)   reason required
             + allowed(obj, user)  who beyond the role: four eyes, group membership
             + condition(obj)      what the object must satisfy now (refusal text or "")
             + effect(obj, user, **options)  what else changes in the same transaction

:func:`transition` checks, in this order: the action exists (:class:`TransitionError`); the
role and scope (:func:`yizhan.web.permissions.permits` and ``restrict``) and ``allowed``
(``PermissionDenied``); the reason (:class:`InvalidReason`); the state (``TransitionError``).
Then, in one database transaction, it re-reads the row ``SELECT … FOR UPDATE`` and moves
only if the state is still the one the caller saw (``expected``, else the state the object
was loaded with) — optimistic concurrency: two users acting at once on one object give
exactly one transition; the other gets :class:`TransitionConflict` (a
:class:`~yizhan.web.versioning.StaleEdit`, so the API and pages answer 409 through
:mod:`yizhan.web.conflicts` with who moved it and when). The new state is saved with
``save()`` (change-logged), and one :class:`TransitionLog` row shares the change log
entry's request id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yizhan.web.context import current_change_context
from yizhan.web.permissions import permits, restrict
from yizhan.web.validators import validate_multiline_text
from yizhan.web.versioning import StaleEdit, last_change_text
from yizhan.web.workflow.registry import register, workflow_for

__all__ = ["Transition", "Workflow", "TransitionError", "InvalidReason", "TransitionConflict",
           "register", "workflow_for", "check_role", "transition", "available_actions", "log",
           "history"]


class TransitionError(Exception):
    """A move the object's state or the input does not allow (the message is translated)."""


class InvalidReason(TransitionError):
    """The reason is missing where required or has refused characters: bad input (the API's
    422), not a conflict with the object's state (409)."""


class TransitionConflict(TransitionError, StaleEdit):
    """Someone else moved the object since the caller read it: nothing was changed."""

    def __init__(self, obj, message: str | None = None):
        self.obj = obj
        self.message = message or _(
            "“%(obj)s”在您打开之后已被他人处理（%(change)s），本次操作未执行。请刷新后查看最新状态。"
        ) % {"obj": obj, "change": last_move_text(obj)}
        Exception.__init__(self, self.message)


def last_move_text(obj) -> str:
    """"X did “action” at T" from the workflow log (else the change log's last change)."""
    from yizhan.web.tables import local_time

    entry = history(obj).order_by("-time", "-pk").first()
    if entry is None:
        return last_change_text(obj)
    return _("%(user)s 于 %(time)s 执行了“%(action)s”，现为“%(status)s”") % {
        "user": entry.user_name, "action": entry.action_label, "status": entry.to_label,
        "time": local_time(entry.time).strftime("%Y-%m-%d %H:%M:%S")}


def _nothing(*args, **kwargs) -> str:
    return ""


@dataclass(frozen=True)
class Transition:
    """One row of a model's transition table."""

    action: str
    sources: tuple[str, ...]
    target: str
    permission: str                 # the restrict() action the user needs on the object
    reason_required: bool
    label: object                   # lazy translated button text
    #: who beyond role and scope: ``(obj, user) -> refusal`` ("" = may)
    allowed: Callable = _nothing
    #: what the object must satisfy now: ``obj -> refusal`` ("" = may); also hides the button
    condition: Callable = _nothing
    #: further changes in the same transaction: ``(locked_obj, user, **options) -> None``;
    #: may raise :class:`TransitionError` to refuse
    effect: Callable | None = None
    #: the message when the reason is missing (``None``: a generic one)
    reason_message: object = None

    def __post_init__(self):
        if isinstance(self.sources, str):
            object.__setattr__(self, "sources", (self.sources,))


class Workflow:
    """A model's transition table and the texts its refusals use (override by keyword)."""

    state_field = "status"
    #: "%(label)s" — the role may not make this move
    forbidden_message = gettext_lazy("您的角色无权执行“%(label)s”。")
    #: "%(status)s", "%(label)s" — the object is not in a state the move starts from
    state_message = gettext_lazy("当前状态为“%(status)s”，不能执行“%(label)s”。")
    #: a database constraint failed in the move: a simultaneous move won
    integrity_message = gettext_lazy("另一项同时进行的操作已先完成，请刷新页面后再试。")
    #: labels of log-only actions written by effects (e.g. a plan superseded by another)
    extra_labels: dict = {}

    def __init__(self, model, transitions: Iterable[Transition], **texts):
        self.model = model
        self.transitions = {t.action: t for t in transitions}
        for key, value in texts.items():
            if not hasattr(type(self), key):
                raise TypeError(f"unknown workflow setting {key!r}")
            setattr(self, key, value)

    def state(self, obj) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str) -> str:
        choices = dict(self.model._meta.get_field(self.state_field).flatchoices)
        return str(choices.get(state, state))

    def get(self, action: str) -> Transition:
        t = self.transitions.get(action)
        if t is None:
            raise TransitionError(_("未知的操作：%(action)s") % {"action": action})
        return t

    def may(self, user, obj, t: Transition) -> bool:
        """Role and scope: the user may ``t.permission`` this very object."""
        return (permits(user, t.permission, self.model)
                and restrict(self.model._default_manager.filter(pk=obj.pk), user,
                             t.permission).exists())

    def action_label(self, action: str) -> str:
        t = self.transitions.get(action)
        return str(t.label if t is not None else self.extra_labels.get(action, action))


def check_role(model, action: str, user) -> None:
    """403 before the object is looked up: the role may not make this move on any object of
    ``model`` (an unknown action is left to :func:`transition`)."""
    wf = workflow_for(model)
    t = wf.transitions.get(action)
    if t is not None and not permits(user, t.permission, model):
        raise PermissionDenied(str(wf.forbidden_message) % {"label": t.label})


def available_actions(obj, user) -> list[Transition]:
    """The moves ``user`` may make on ``obj`` now (for the buttons)."""
    wf = workflow_for(type(obj))
    state = wf.state(obj)
    return [t for t in wf.transitions.values()
            if state in t.sources and wf.may(user, obj, t)
            and not t.allowed(obj, user) and not t.condition(obj)]


def _clean_reason(t: Transition, reason: str) -> str:
    reason = (reason or "").strip()
    if t.reason_required and not reason:
        raise InvalidReason(str(t.reason_message or _("“%(label)s”必须填写理由。")
                                % {"label": t.label}))
    try:
        validate_multiline_text(reason)
    except ValidationError as exc:
        raise InvalidReason(_("理由：") + exc.messages[0]) from None
    return reason


def transition(obj, action: str, user, reason: str = "", expected: str | None = None,
               **options):
    """Move ``obj`` by ``action``; returns the :class:`TransitionLog` row.

    Parameters
    ----------
    expected : str, optional
        the state the user saw when they chose the action (a form's hidden field, the API's
        ``from_status``); default: the state ``obj`` was loaded with.
    **options
        passed to the transition's ``effect``.

    Raises
    ------
    PermissionDenied
        the role, scope or ``allowed`` refuses this user.
    InvalidReason
        the reason is missing where required, or has refused characters.
    TransitionConflict
        the object was moved by someone else since ``expected``; nothing changed.
    TransitionError
        unknown action, a state the move does not start from, a failing ``condition``, or an
        ``effect``'s refusal.
    """
    wf = workflow_for(type(obj))
    t = wf.get(action)
    if not wf.may(user, obj, t):
        raise PermissionDenied(str(wf.forbidden_message) % {"label": t.label})
    refusal = t.allowed(obj, user)
    if refusal:
        raise PermissionDenied(refusal)
    reason = _clean_reason(t, reason)
    seen = wf.state(obj) if expected is None else expected
    if seen not in t.sources:
        raise TransitionError(str(wf.state_message)
                              % {"status": wf.state_label(seen), "label": t.label})
    try:
        with transaction.atomic():
            locked = type(obj)._default_manager.select_for_update().get(pk=obj.pk)
            if wf.state(locked) != seen:
                raise TransitionConflict(locked)
            refusal = t.condition(locked)
            if refusal:
                raise TransitionError(refusal)
            if t.effect is not None:
                t.effect(locked, user, **options)
            setattr(locked, wf.state_field, t.target)
            locked.save()
            entry = log(locked, action, seen, t.target, user, reason)
    except IntegrityError as exc:  # a constraint a simultaneous move satisfied first
        raise TransitionConflict(obj, str(wf.integrity_message)) from exc
    for f in type(obj)._meta.concrete_fields:
        setattr(obj, f.attname, getattr(locked, f.attname))
    return entry


def log(obj, action: str, before: str, after: str, user, reason: str = ""):
    """Write one log row for a move of ``obj`` (called by :func:`transition` and by effects
    that move a second object, such as a plan superseded by the one approved)."""
    from django.contrib.contenttypes.models import ContentType

    from yizhan.web.workflow.models import TransitionLog

    ctx = current_change_context()
    scope = getattr(obj, "changelog_subdistrict_id", None)
    return TransitionLog.objects.create(
        content_type=ContentType.objects.get_for_model(type(obj)), object_id=obj.pk,
        action=action, from_status=before, to_status=after,
        user=user if getattr(user, "is_authenticated", False) else None,
        user_name=user.get_username() if user is not None else "system",
        time=timezone.now(), reason=reason, subdistrict_id=scope() if scope else None,
        **({"request_id": ctx.request_id} if ctx is not None else {}))


def history(obj):
    """The log of ``obj``, oldest first (the caller has checked the user may view ``obj``)."""
    from django.contrib.contenttypes.models import ContentType

    from yizhan.web.workflow.models import TransitionLog

    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(type(obj)),
        object_id=obj.pk).select_related("user", "content_type")
