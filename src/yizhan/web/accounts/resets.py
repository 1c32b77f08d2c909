"""An administrator's password reset: a one-time password, the lockout lifted, a log entry.

A bureau's practice: the user phones the district administrator, who sets a temporary
password and reads it out; the user must choose their own at the next login
(``Profile.must_change_password``, enforced by
:class:`yizhan.web.accounts.middleware.PasswordChangeRequiredMiddleware`). The temporary
password is shown once and never stored in clear.
"""

from __future__ import annotations

import secrets

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from yizhan.web.accounts.models import Profile
from yizhan.web.changelog.models import ObjectChange
from yizhan.web.context import current_change_context

__all__ = ["reset_password", "locked_usernames"]


def reset_password(user, by) -> str:
    """Give ``user`` a new random password (returned once), lift their login lockout, make
    them change it at the next login, and record who did it in the change log."""
    password = secrets.token_urlsafe(9)
    with transaction.atomic():
        user.set_password(password)
        user.save(update_fields=["password"])
        Profile.objects.update_or_create(user=user, defaults={"must_change_password": True})
        ctx = current_change_context()
        ObjectChange.objects.create(
            user=by, user_name=by.get_username(), action="update",
            changed_object_type=ContentType.objects.get_for_model(type(user)),
            changed_object_id=user.pk, object_repr=user.get_username(),
            prechange_data=None, postchange_data={"password": "reset"},
            **({"request_id": ctx.request_id} if ctx is not None else {}))
    axes_reset(username=user.get_username())
    return password


def locked_usernames() -> set[str]:
    """User names refused now because of their own failed logins (per-user limit)."""
    since = timezone.now() - settings.AXES_COOLOFF_TIME
    rows = (AccessAttempt.objects.filter(attempt_time__gte=since).values("username")
            .annotate(n=Sum("failures_since_start"))
            .filter(n__gte=settings.YIZHAN_LOGIN_FAILURES_PER_USER))
    return {r["username"] for r in rows}
