"""The workflow's page pieces, shared by every app with a transition table: the context of
the panel (buttons, the state the user sees, the log) and the POST that moves an object.

The form sends the state the page showed (``expected``); a move that finds another state
was overtaken by someone else's and is refused with a message naming who and when
(:class:`~yizhan.web.workflow.engine.TransitionConflict`), the page stays as it was.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from yizhan.web.workflow.engine import (TransitionError, available_actions, history,
                                        transition, workflow_for)

__all__ = ["workflow_context", "post_transition"]


def workflow_context(obj, user) -> dict:
    """``wf_actions``, ``wf_state`` (the value to send back), ``wf_state_label``, ``wf_log``."""
    wf = workflow_for(type(obj))
    state = wf.state(obj)
    return {"wf_actions": available_actions(obj, user), "wf_state": state,
            "wf_state_label": wf.state_label(state), "wf_log": history(obj),
            "wf_obj": obj}


def expected_state(model, value: str | None) -> str | None:
    """The state a form says it showed, if it is one of the model's states (else None)."""
    wf = workflow_for(model)
    choices = {str(k) for k, _label in wf.model._meta.get_field(wf.state_field).flatchoices}
    return value if value in choices else None


def post_transition(request, obj, next_url: str | None = None):
    """Move ``obj`` by the posted ``action`` with ``reason``; a message either way.

    ``PermissionDenied`` propagates (403): the role or membership may not.
    """
    action = request.POST.get("action", "")
    try:
        transition(obj, action, request.user, request.POST.get("reason", ""),
                   expected=expected_state(type(obj), request.POST.get("expected")))
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        wf = workflow_for(type(obj))
        messages.success(request, _("“%(obj)s”现在的状态：%(status)s")
                         % {"obj": obj, "status": wf.state_label(wf.state(obj))})
    return redirect(next_url or obj.get_absolute_url())
