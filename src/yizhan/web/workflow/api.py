"""The workflow's API pieces: the move input and the log output every app's endpoints use,
and :func:`move`, which maps the engine's refusals to HTTP: 403 (role, scope, membership),
422 (the reason), 409 (the state, or someone else moved the object first)."""

# (no "from __future__ import annotations": ninja reads the annotations at runtime)

from datetime import datetime
from uuid import UUID

from ninja import Schema
from ninja.errors import HttpError

from yizhan.web.workflow.engine import InvalidReason, TransitionError, transition
from yizhan.web.workflow.views import expected_state

__all__ = ["MoveIn", "LogOut", "move"]


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


def move(request, obj, data: MoveIn):
    """Move ``obj``; ``PermissionDenied`` propagates (the API answers 403)."""
    try:
        return transition(obj, data.action, request.user, data.reason,
                          expected=expected_state(type(obj), data.from_status))
    except InvalidReason as exc:
        raise HttpError(422, str(exc)) from None
    except TransitionError as exc:
        raise HttpError(409, str(exc)) from None
