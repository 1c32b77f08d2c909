"""The workflow's API pieces: the move input and the log output every app's endpoints use;
:func:`move`, which maps the engine's refusals to HTTP: 403 (role, scope, membership), 422
(the reason), 409 (the state, or someone else moved the object first); and
:func:`transition_endpoint`, the one ``POST …/{pk}/transition/`` endpoint every app's models
get (planning, reform, …)."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import datetime
from uuid import UUID

from ninja import Schema
from ninja.errors import HttpError

from yizhan.web.workflow.engine import InvalidReason, TransitionError, check_role, transition
from yizhan.web.workflow.views import expected_state

__all__ = ["MoveIn", "LogOut", "Moved", "move", "transition_endpoint"]


class MoveIn(Schema):
    action: str
    reason: str = ""
    #: the state the client last read; a different current state is a 409 conflict
    from_status: str | None = None


class LogOut(Schema):
    action: str
    from_status: str
    to_status: str
    user: str
    time: datetime
    reason: str
    request_id: UUID

    @staticmethod
    def resolve_user(obj):
        return obj.user_name


class Moved(Schema):
    """Base of an output schema whose object has a workflow: its log, oldest first."""

    transitions: list[LogOut]

    @staticmethod
    def resolve_transitions(obj):
        return list(obj.transitions.all())


def move(request, obj, data: MoveIn):
    """Move ``obj``; ``PermissionDenied`` propagates (the API answers 403)."""
    try:
        return transition(obj, data.action, request.user, data.reason,
                          expected=expected_state(type(obj), data.from_status))
    except InvalidReason as exc:
        raise HttpError(422, str(exc)) from None
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from None


def transition_endpoint(router, path: str, model, *, get, response, operation_id: str,
                        body=MoveIn, check=None, out=None):
    """Add ``POST path`` to ``router``: move one ``model`` object by the body's ``action``.

    The order every app's move endpoint follows: 403 when the role may not make this move on
    any ``model`` object (before the lookup, :func:`~yizhan.web.workflow.engine.check_role`);
    the object through ``get(request, pk)`` (404 outside the user's scope); ``check(obj,
    data)`` for what the app asks beyond the engine (e.g. the plan's ``confirm``; raises
    ``HttpError``); :func:`move`; the object re-read, or ``out(obj, request)``.

    ``body``: the input schema (:class:`MoveIn` or a subclass naming the actions);
    ``response``/``operation_id``: as for ``router.post``.
    """
    def endpoint(request, pk: int, data: body):
        check_role(model, data.action, request.user)
        obj = get(request, pk)
        if check is not None:
            check(obj, data)
        move(request, obj, data)
        obj.refresh_from_db()
        return out(obj, request) if out is not None else obj

    endpoint.__name__ = endpoint.__qualname__ = operation_id
    return router.post(path, response=response, operation_id=operation_id)(endpoint)
