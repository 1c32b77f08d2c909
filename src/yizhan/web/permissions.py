"""Who may do what: the ONE place roles are enforced (NetBox's RestrictedQuerySet).

Every view and API call reads objects through :func:`restrict`::

    qs = restrict(Committee.objects.all(), request.user, "change")

and asks :func:`permits` before offering an action at all. Views answer **403** when the
role may not do the action on that model at all, and **404** when the object exists but lies
outside the user's scope (its subdistrict is not theirs), as NetBox does.

A model opts in by declaring two class attributes:

``scope_field``  the ORM lookup from the model to a :class:`~yizhan.web.registry.models.Subdistrict`
                 primary key, e.g. ``"subdistrict"`` or ``"station__subdistrict"``; ``"pk"``
                 for Subdistrict itself; ``None`` for district-wide objects (officers may only
                 view those).
``officer_actions`` the actions an officer may take inside their scope (default: all four;
                 Subdistrict says ``{"view", "change"}`` so officers neither add nor delete one).
``officer_views_district`` (optional, default False) officers may also *view* rows whose scope
                 is empty — district-wide plans, which cover their subdistrict too.

Actions are ``"view"``, ``"add"``, ``"change"``, ``"delete"`` (plus any a model adds, such as
``"import"`` which counts as ``"add"``, and ``"approve"`` for web part 2's plans, which only
administrators hold unless a model lists it in ``officer_actions``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

__all__ = ["ACTIONS", "role_of", "user_subdistrict_id", "permits", "subdistrict_scope",
           "restrict", "in_scope", "RestrictedQuerySet"]

ACTIONS = ("view", "add", "change", "delete")
_DEFAULT_OFFICER_ACTIONS = frozenset(ACTIONS)
_ALIASES = {"import": "add", "export": "view"}


def role_of(user) -> str | None:
    """``"admin"``, ``"officer"``, ``"viewer"``, or None for anonymous/inactive users."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "profile", None)
    try:
        return profile.role if profile is not None else "viewer"
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return "viewer"


def user_subdistrict_id(user) -> int | None:
    try:
        return user.profile.subdistrict_id
    except Exception:  # noqa: BLE001
        return None


def _scope_field(model) -> str | None:
    return getattr(model, "scope_field", None)


def permits(user, action: str, model) -> bool:
    """May ``user`` take ``action`` on objects of ``model`` at all (somewhere in their scope)?"""
    action = _ALIASES.get(action, action)
    role = role_of(user)
    if role is None:
        return False
    if role == "admin":
        return True
    if role == "viewer":
        return action == "view"
    # officer
    if action == "view":
        return True
    if _scope_field(model) is None:
        return False
    return action in getattr(model, "officer_actions", _DEFAULT_OFFICER_ACTIONS)


def subdistrict_scope(user, action: str, model) -> frozenset[int] | None:
    """The subdistricts in which ``user`` may take ``action`` on ``model``; None: all of them.

    For a write that names its subdistrict before the object exists (an import row moving a
    committee, a new committee): checked before writing, with :func:`restrict` for the rest.
    """
    if not permits(user, action, model):
        return frozenset()
    if role_of(user) != "officer" or _scope_field(model) is None:
        return None  # admins everywhere; officers view district-wide objects (permits said so)
    sid = user_subdistrict_id(user)
    return frozenset() if sid is None else frozenset({sid})


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """``queryset`` narrowed to the objects ``user`` may take ``action`` on."""
    model = queryset.model
    scope = subdistrict_scope(user, action, model)
    if scope is None:
        return queryset
    if not scope:
        return queryset.none()
    field = _scope_field(model)
    where = Q(**{f"{field}__in": scope})
    if action == "view" and getattr(model, "officer_views_district", False):
        # district-wide rows (empty scope) cover every subdistrict: readable, not writable
        where |= Q(**{f"{field}__isnull": True})
    return queryset.filter(where)


def in_scope(obj, user, action: str = "view") -> bool:
    """Is this saved object within what ``user`` may ``action``? (re-read through restrict)"""
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


class RestrictedQuerySet(models.QuerySet):
    """``Model.objects.restrict(user, action)``: the same as :func:`restrict`."""

    def restrict(self, user, action: str = "view"):
        return restrict(self, user, action)
