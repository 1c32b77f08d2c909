"""Login/logout (Chinese by default) and the user's own page with API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yizhan.web.accounts.models import Token


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@login_required
def profile(request):
    tokens = Token.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/profile.html", {"tokens": tokens,
                                                     "new_key": request.session.pop("new_token_key", None)})


@login_required
@require_POST
def token_create(request):
    try:
        _token, key = Token.create_for(request.user, request.POST.get("description", "")[:200])
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("accounts:profile")
    request.session["new_token_key"] = key
    messages.success(request, _("已创建 API 令牌。令牌只显示这一次，请妥善保存。"))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_delete(request, pk):
    get_object_or_404(Token, pk=pk, user=request.user).delete()
    messages.success(request, _("已删除 API 令牌。"))
    return redirect("accounts:profile")
