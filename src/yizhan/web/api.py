"""The REST API (django-ninja): ``/api/`` with the OpenAPI document at ``/api/openapi.json``
and offline Swagger UI at ``/api/docs`` (ninja's bundled static files, no CDN).

Auth: the browser session (CSRF-checked for writes) or ``Authorization: Bearer <token>``
(:class:`yizhan.web.accounts.models.Token`). Every endpoint reads through
:func:`yizhan.web.permissions.restrict`, like the HTML views.

Every request is parsed the strict way: a JSON body with ``NaN``, ``Infinity`` or a number
beyond a float (Python's ``json`` accepts them; the database's JSON columns and browsers do
not) is a 400, and so is a query parameter of the wrong type or outside its documented
range, with a message in the user's language (:mod:`yizhan.web.params`). The docs and the OpenAPI document
need a signed-in user unless ``YIZHAN_API_DOCS_PUBLIC`` is set.

Routers per app are added here: ``api.add_router("/registry/", registry_router)``; web part 2
adds ``/planning/`` and ``/dashboard/`` the same way.
"""

from __future__ import annotations

import datetime
import json
import math

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.db import DatabaseError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder
from ninja.security import HttpBearer, SessionAuth

from yizhan.web.accounts.models import Token
from yizhan.web.conflicts import conflict_message
from yizhan.web.params import BadParameter
from yizhan.web.tables import local_time
from yizhan.web.versioning import StaleEdit
from yizhan.web.views import bad_request


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = Token.authenticate(token)
        if user is not None:
            request.user = user  # so restrict() and the change log see the token's user
        return user


class LocalTimeEncoder(NinjaJSONEncoder):
    """Datetimes in the project's clock with their offset (``2026-11-30T20:15:03+08:00``),
    as every page and export shows them; the database keeps UTC."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            return local_time(o).isoformat()
        return super().default(o)


class LocalTimeRenderer(JSONRenderer):
    encoder_class = LocalTimeEncoder


class StrictJSONParser(Parser):
    """Python's ``json`` reads ``NaN``, ``Infinity`` and ``1e400`` (as inf); JSON has no such
    numbers, and stored they break the change log's JSON column and every browser's
    ``JSON.parse``. Refused here, once, for every endpoint (ninja answers 400)."""

    def parse_body(self, request):
        return json.loads(request.body, parse_constant=self._refuse, parse_float=self._finite)

    @staticmethod
    def _refuse(name):
        raise ValueError(_("JSON 中没有 %(name)s 这样的数") % {"name": name})

    @classmethod
    def _finite(cls, text):
        value = float(text)
        if not math.isfinite(value):
            cls._refuse(text)
        return value


def docs_access(view):
    """``/api/docs`` and ``/api/openapi.json`` for signed-in users (session or API token);
    for everyone only when ``settings.YIZHAN_API_DOCS_PUBLIC`` (the endpoint list is a map
    of the system an anonymous visitor need not have)."""

    def guarded(request, *args, **kwargs):
        if (settings.YIZHAN_API_DOCS_PUBLIC or request.user.is_authenticated
                or TokenAuth()(request) is not None):
            return view(request, *args, **kwargs)
        return redirect_to_login(request.get_full_path())

    return guarded


api = NinjaAPI(
    renderer=LocalTimeRenderer(),
    title="一站 yizhan API",
    version="1",
    description="罗湖区“一站多居”社区工作站整合系统 / yizhan: community-workstation consolidation",
    auth=[TokenAuth(), SessionAuth()],
    urls_namespace="api",
    parser=StrictJSONParser(),
    docs_decorator=docs_access,
)


@api.exception_handler(BadRequest)
def _bad_request(request, exc):
    return bad_request(request, exc)


@api.exception_handler(HttpError)
def _http_error(request, exc):
    detail = str(exc)
    if exc.status_code == 400 and isinstance(exc.__cause__, ValueError):  # the body's JSON
        detail = _("请求内容不是有效的 JSON：%(error)s") % {"error": exc.__cause__}
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RequestValidationError)
def _invalid_request(request, exc):
    """A query parameter of the wrong type or out of its documented range is a bad request
    (400, the same message as on the pages); an invalid body stays 422."""
    if all(e["loc"][0] == "query" for e in exc.errors):
        name = exc.errors[0]["loc"][-1]
        return bad_request(request, BadParameter(name, request.GET.get(name, "")))
    return api.create_response(request, {"detail": exc.errors}, status=422)


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return api.create_response(request, {"detail": str(exc) or "forbidden"}, status=403)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return api.create_response(request, {"detail": "not found"}, status=404)


@api.exception_handler(DatabaseError)
@api.exception_handler(StaleEdit)
def _conflict(request, exc):
    """Simultaneous writes: 409 with a message (:mod:`yizhan.web.conflicts`), else a 500."""
    message = conflict_message(exc)
    if message is None:
        raise exc
    return api.create_response(request, {"detail": message}, status=409)


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
from yizhan.web.reform.api import router as reform_router  # noqa: E402

api.add_router("/reform/", reform_router)

from yizhan.web.rollout.api import router as rollout_router  # noqa: E402

api.add_router("/rollout/", rollout_router)
from yizhan.web.operations.api import router as operations_router  # noqa: E402

api.add_router("/operations/", operations_router)
