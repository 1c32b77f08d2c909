"""Request middleware: sets the change context (user + request id) for the whole request."""

from __future__ import annotations

import uuid

from yizhan.web.context import ChangeContext, _current


class RequestContextMiddleware:
    """All ObjectChange rows written while handling one request share ``request.id``.

    The user is read lazily (``request.user`` after authentication; token-authenticated API
    calls set ``request.user`` themselves), so the context holds the request, not the user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4()
        ctx = _RequestChangeContext(request=request, request_id=request.id, label="anonymous")
        token = _current.set(ctx)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = str(request.id)
        return response


class _RequestChangeContext(ChangeContext):
    def __init__(self, request, request_id, label):
        super().__init__(user=None, request_id=request_id, label=label)
        self.request = request

    @property
    def user(self):  # type: ignore[override]
        return getattr(self.request, "user", None)

    @user.setter
    def user(self, value):
        pass


class TrustedProxyMiddleware:
    """Behind nginx, ``REMOTE_ADDR`` is the proxy's: take the client's from ``X-Real-IP``.

    Only when the connection comes from an address in ``YIZHAN_TRUSTED_PROXIES`` (nginx sets
    the header itself, ``proxy_set_header X-Real-IP $remote_addr``, replacing any a client
    sent); a header from anyone else is ignored, since a client could write any address to
    spread its failed logins (login throttling counts per address) over invented ones.
    """

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.trusted = settings.YIZHAN_TRUSTED_PROXIES

    def __call__(self, request):
        meta = request.META
        if meta.get("REMOTE_ADDR") in self.trusted and meta.get("HTTP_X_REAL_IP"):
            meta["REMOTE_ADDR"] = meta["HTTP_X_REAL_IP"].strip()
        return self.get_response(request)
