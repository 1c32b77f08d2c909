"""The current change context: who is acting and the id shared by all changes of one request.

NetBox keeps the current request in a ContextVar (``netbox/context.py``); we keep a small
:class:`ChangeContext`. The middleware sets it for each web/API request; the loader and CLI
use :func:`change_context` so their changes are recorded too (as the user or "system").
"""

from __future__ import annotations

import uuid
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

__all__ = ["ChangeContext", "current_change_context", "change_context"]


@dataclass
class ChangeContext:
    user: object | None = None          # a django User or None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)
    label: str = "system"               # shown when there is no user

    @property
    def user_name(self) -> str:
        if self.user is not None and getattr(self.user, "is_authenticated", False):
            return self.user.get_username()
        return self.label


_current: ContextVar[ChangeContext | None] = ContextVar("yizhan_change_context", default=None)


def current_change_context() -> ChangeContext | None:
    return _current.get()


@contextmanager
def change_context(user=None, label: str = "system", request_id: uuid.UUID | None = None):
    """Record every change inside the block as made by ``user`` (or ``label``) with one id."""
    ctx = ChangeContext(user=user, label=label, request_id=request_id or uuid.uuid4())
    token = _current.set(ctx)
    try:
        yield ctx
    finally:
        _current.reset(token)
