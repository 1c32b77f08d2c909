"""Who may do what: the ONE place roles are enforced (NetBox's RestrictedQuerySet).

The rules themselves are data: :mod:`yizhan.web.grants` holds the role → (model, action,
scope) table and the scope resolvers. This module applies them. Every view and API call reads
objects through :func:`restrict`::

    qs = restrict(Committee.objects.all(), request.user, "change")

and asks :func:`permits` before offering an action at all. Views answer **403** when the
role may not do the action on that model at all, and **404** when the object exists but lies
outside the user's scope (its subdistrict, station, … is not theirs), as NetBox does. Every
write goes through :func:`save_in_scope`: save, re-read through :func:`restrict`, roll back
and refuse when the result left the user's scope.

A model opts in with ``objects = RestrictedQuerySet.as_manager()`` and declares the lookups
its scopes need (see :mod:`yizhan.web.grants`): ``scope_field`` (to a subdistrict; ``"pk"``
for Subdistrict itself), ``station_field``, ``committee_field``, ``department_field``,
``public_field``, and ``district_wide_readable``. What each role may do on it is a line of
:data:`yizhan.web.grants.GRANTS`, not an attribute of the model.

Actions are ``"view"``, ``"add"``, ``"change"``, ``"delete"`` plus any a model adds (``"submit"``
and ``"approve"`` for plans); ``"import"`` counts as ``"add"`` and ``"export"`` as ``"view"``.
Anonymous visitors have the ``public`` role: only rows a model marks public, where a grant
line opens them.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from yizhan.web.grants import grants_for, scope_q

__all__ = ["role_of", "user_subdistrict_id", "permits", "require", "subdistrict_scope",
           "restrict", "in_scope", "save_in_scope", "OutOfScope", "RestrictedQuerySet"]

def role_of(user) -> str | None:
    """The user's role key (:data:`yizhan.web.grants.ROLES`), or None for anonymous/inactive
    users. A superuser counts as ``admin``; a user without a profile as ``viewer``."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if user.is_superuser:
        return "admin"
    profile = getattr(user, "profile", None)
    try:
        return profile.role if profile is not None else "viewer"
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return "viewer"


def _grant_role(user) -> str | None:
    """The role the grant table is read for: anonymous visitors are ``public``; an inactive
    account has none."""
    if user is None or not getattr(user, "is_authenticated", False):
        return "public"
    return role_of(user)


def user_subdistrict_id(user) -> int | None:
    try:
        return user.profile.subdistrict_id
    except Exception:  # noqa: BLE001
        return None


def _scopes(user, action: str, model) -> tuple[str, ...]:
    return grants_for(_grant_role(user), model._meta.label_lower, action)


def permits(user, action: str, model) -> bool:
    """May ``user`` take ``action`` on objects of ``model`` at all (somewhere in their scope)?"""
    return bool(_scopes(user, action, model))


def require(user, action: str, model) -> None:
    """403 (``PermissionDenied``) unless the user's role may ``action`` objects of ``model``
    at all: what pages and API endpoints ask before looking an object up (its scope is then
    :func:`restrict`'s 404)."""
    if not permits(user, action, model):
        raise PermissionDenied(_("您的角色无权执行此操作。"))


def subdistrict_scope(user, action: str, model) -> frozenset[int] | None:
    """The subdistricts in which ``user`` may take ``action`` on ``model``; None: all of them.

    For a write that names its subdistrict before the object exists (an import row moving a
    committee, a new committee): checked before writing, with :func:`restrict` for the rest.
    A scope that is not a set of subdistricts (a station, a department) opens none here:
    the check before writing is the stricter one, never the looser.
    """
    scopes = _scopes(user, action, model)
    where = scope_q(scopes, user, model, action)
    if where is None:
        return frozenset()
    if not where:
        return None
    sid = user_subdistrict_id(user)
    by_subdistrict = {"subdistrict", "group"} & set(scopes)
    if sid is None or not by_subdistrict or not getattr(model, "scope_field", None):
        return frozenset()
    return frozenset({sid})


def restrict(queryset: models.QuerySet, user, action: str = "view") -> models.QuerySet:
    """``queryset`` narrowed to the objects ``user`` may take ``action`` on."""
    model = queryset.model
    where = scope_q(_scopes(user, action, model), user, model, action)
    if where is None:
        return queryset.none()
    return queryset.filter(where) if where else queryset


def in_scope(obj, user, action: str = "view") -> bool:
    """Is this saved object within what ``user`` may ``action``? (re-read through restrict)"""
    model = type(obj)
    return restrict(model._default_manager.filter(pk=obj.pk), user, action).exists()


class OutOfScope(PermissionDenied):
    """A write whose result lies outside the user's scope; it was rolled back (403)."""


def save_in_scope(obj, user, action: str, *, save=None, message: str | None = None,
                  **save_kwargs):
    """Save ``obj`` (or call ``save()``, e.g. a ModelForm's, which returns the object) in a
    transaction, re-read it through :func:`restrict` for ``action``, and roll back with
    :class:`OutOfScope` when the user may not ``action`` the result — an officer moving a
    record into another subdistrict. Returns the saved object.

    Validation (``full_clean`` or the form's) is the caller's, before this call.
    """
    with transaction.atomic():
        if save is None:
            obj.save(**save_kwargs)
        else:
            obj = save()
        if not in_scope(obj, user, action):
            raise OutOfScope(message or "结果超出您的管辖范围，已回滚 / outside your scope; "
                                        "rolled back")
    return obj


class RestrictedQuerySet(models.QuerySet):
    """``Model.objects.restrict(user, action)``: the same as :func:`restrict`."""

    def restrict(self, user, action: str = "view"):
        return restrict(self, user, action)
