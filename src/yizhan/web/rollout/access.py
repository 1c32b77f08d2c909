"""Who may preview and apply a rollout, in one place for the pages and the API.

- preview: whoever may view rollout records (:func:`~yizhan.web.permissions.permits`); an
  officer only for their own subdistrict (any other is 404, as elsewhere; the district-wide
  preview shows other subdistricts' people, so it is theirs only when their scope is all);
- apply, change a clearance line, sign the audit off: whoever may add/change rollout records —
  the administrator (officers' ``officer_actions`` on these models are ``{"view"}``).
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from yizhan.web.params import BadParameter, query_id
from yizhan.web.permissions import require, restrict, subdistrict_scope
from yizhan.web.registry.models import Subdistrict
from yizhan.web.rollout.models import RolloutRecord

__all__ = ["need", "scope_for", "parse_date"]


def need(user, action: str, model=RolloutRecord) -> None:
    """:func:`~yizhan.web.permissions.require` with the rollout record as default model."""
    require(user, action, model)


def scope_for(user, raw, action: str = "view"):
    """The Subdistrict (or None: the district) ``raw`` names, if ``user`` may ``action`` there."""
    need(user, action)
    scope = subdistrict_scope(user, action, RolloutRecord)
    if raw in (None, ""):
        if scope is not None:  # an officer: their own subdistrict, never the district
            if len(scope) != 1:
                raise PermissionDenied(_("您的账户没有所属街道。"))
            return Subdistrict.objects.get(pk=next(iter(scope)))
        return None
    pk = query_id({"subdistrict": str(raw)}, "subdistrict")
    sub = restrict(Subdistrict.objects.filter(pk=pk), user, "view").first()
    if sub is None or (scope is not None and sub.pk not in scope):
        raise Http404
    return sub


def parse_date(raw, default: datetime.date | None = None) -> datetime.date:
    if raw in (None, ""):
        return default or datetime.date.today()
    try:
        return datetime.date.fromisoformat(str(raw))
    except ValueError as exc:
        raise BadParameter("effective", raw) from exc
