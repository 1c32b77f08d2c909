"""Login throttling (django-axes): a per-user and a per-address limit on failed logins.

Every password check goes through ``authenticate(request, …)`` (the login page and the
admin's login page; the API has no password login: it takes session cookies or tokens made
on the profile page), and axes' backend, first in ``AUTHENTICATION_BACKENDS``, refuses it
while the user name or the address is locked, even with the right password.

Axes compares one number with one limit. One limit would not fit both: a whole office sits
behind one address, so the address must allow more failures than one account. This handler
counts failures per user name and per address (``AXES_LOCKOUT_PARAMETERS``, in that order)
and reports the one closest to its own limit, scaled to the per-user limit axes compares
with: locked when failures(user) ≥ per-user limit *or* failures(address) ≥ per-address
limit. Failures older than the cool-off (``AXES_COOLOFF_TIME``) no longer count.
"""

from __future__ import annotations

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Sum
from django.shortcuts import render
from django.utils.translation import gettext as _

__all__ = ["LoginThrottleHandler", "locked_out", "lockout_minutes"]


def _limits() -> tuple[int, int]:
    return settings.YIZHAN_LOGIN_FAILURES_PER_USER, settings.YIZHAN_LOGIN_FAILURES_PER_ADDRESS


class LoginThrottleHandler(AxesDatabaseHandler):
    """axes' database handler with a limit per lockout parameter (see the module's text)."""

    def get_failures(self, request, credentials=None) -> float:
        per_user, per_address = _limits()
        by_user, by_address = self.get_user_attempts(request, credentials)
        counts = [qs.aggregate(n=Sum("failures_since_start"))["n"] or 0
                  for qs in (by_user, by_address)]
        return max(counts[0], counts[1] * per_user / per_address)


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def locked_out(request, original_response=None, credentials=None):
    """The login page again, 429, saying why and for how long (axes' lockout callable)."""
    message = _("登录失败次数过多，已暂停登录 %(minutes)d 分钟。请稍后再试，"
                "或请区级管理员重置您的密码。") % {"minutes": lockout_minutes()}
    return render(request, "registration/login.html",
                  {"form": AuthenticationForm(request), "locked_message": message,
                   "next": request.POST.get("next", "")}, status=429)
