"""After an administrator resets a user's password, the user must choose a new one first."""

from __future__ import annotations

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    """Send a user whose ``profile.must_change_password`` is set to the password-change page
    (the API answers 403) until they have changed it; logging out and switching language
    stay possible."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        profile = getattr(user, "profile", None) if user.is_authenticated else None
        if profile is not None and profile.must_change_password:
            allowed = (reverse("accounts:password_change"), reverse("accounts:logout"),
                       reverse("set_language"))
            if request.path not in allowed and not request.path.startswith("/static/"):
                message = _("管理员已重置您的密码，请先设置新密码。")
                if request.path.startswith("/api/"):
                    return JsonResponse({"detail": message}, status=403,
                                        json_dumps_params={"ensure_ascii": False})
                messages.warning(request, message)
                return redirect("accounts:password_change")
        return self.get_response(request)
