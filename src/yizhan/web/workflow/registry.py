"""Which :class:`~yizhan.web.workflow.engine.Workflow` is the table of which model.

Its own module (no imports of ours) so that both the engine and the log model
(:class:`~yizhan.web.workflow.models.TransitionLog` names its states with the table's
labels) can look a table up without importing each other.
"""

from __future__ import annotations

__all__ = ["register", "workflow_for"]

_REGISTRY: dict = {}


def register(workflow):
    """Make ``workflow`` (a :class:`~yizhan.web.workflow.engine.Workflow`) the table of its
    model (one per model)."""
    _REGISTRY[workflow.model] = workflow
    return workflow


def workflow_for(model):
    """The workflow registered for ``model`` or the nearest of its base classes."""
    for cls in getattr(model, "__mro__", ()):
        if cls in _REGISTRY:
            return _REGISTRY[cls]
    raise LookupError(f"no workflow for {model!r}")
