"""The REST API (django-ninja): ``/api/`` with the OpenAPI document at ``/api/openapi.json``
and offline Swagger UI at ``/api/docs`` (ninja's bundled static files, no CDN).

Auth: the browser session (CSRF-checked for writes) or ``Authorization: Bearer <token>``
(:class:`yizhan.web.accounts.models.Token`). Every endpoint reads through
:func:`yizhan.web.permissions.restrict`, like the HTML views.

Routers per app are added here: ``api.add_router("/registry/", registry_router)``; web part 2
adds ``/planning/`` and ``/dashboard/`` the same way.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth

from yizhan.web.accounts.models import Token
from yizhan.web.tables import local_time


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = Token.authenticate(token)
        if user is not None:
            request.user = user  # so restrict() and the change log see the token's user
        return user


class ScopeError(Exception):
    """A write whose result lies outside the user's scope (rolled back): 403."""


class LocalTimeEncoder(NinjaJSONEncoder):
    """Datetimes in the project's clock with their offset (``2026-11-30T20:15:03+08:00``),
    as every page and export shows them; the database keeps UTC."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return local_time(o).isoformat()
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


api = NinjaAPI(
    renderer=LocalTimeRenderer(),
    title="一站 yizhan API",
    version="1",
    description="罗湖区“一站多居”社区工作站整合系统 / yizhan: community-workstation consolidation",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(ScopeError)
def _scope(request, exc):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    detail = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
    return api.create_response(request, {"detail": detail}, status=422)


from yizhan.web.registry.api import router as registry_router  # noqa: E402

api.add_router("/registry/", registry_router)
from yizhan.web.planning.api import router as planning_router  # noqa: E402
from yizhan.web.dashboard.api import router as dashboard_router  # noqa: E402

api.add_router("/planning/", planning_router)
api.add_router("/dashboard/", dashboard_router)
