"""Login/logout (Chinese by default), the user's own page with API tokens and password
change, and the district administrator's user list: new users with a role and its scope,
a user's role changed, a password reset."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from yizhan.web.accounts.forms import UserForm
from yizhan.web.accounts.models import Profile, Token
from yizhan.web.permissions import role_of

class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

class LogoutView(auth_views.LogoutView):
    pass

class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password (old password, new one twice, the validators)."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        Profile.objects.filter(user=self.request.user).update(must_change_password=False)
        return response

class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/password_change_done.html"

@login_required
def profile(request):
    tokens = Token.objects.filter(user=request.user).order_by("-created")
    return render(request, "accounts/profile.html", {
        "tokens": tokens, "new_key": request.session.pop("new_token_key", None),
        "can_manage_users": role_of(request.user) == "admin"})

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

# ------------------------------------------------- the administrator's users and resets
def _may_manage(admin, user) -> bool:
    """District administrators reset others' passwords and set their roles; a superuser's or
    staff member's only a superuser may (else a district administrator could take over
    /admin/), and nobody their own (one administrator cannot lock themselves out alone)."""
    if role_of(admin) != "admin" or admin.pk == user.pk:
        return False
    return admin.is_superuser or not (user.is_superuser or user.is_staff)


def _need_admin(user) -> None:
    if role_of(user) != "admin":
        raise PermissionDenied(_("只有区级管理员可以管理用户。"))

@login_required
def user_list(request):
    _need_admin(request.user)
    from yizhan.web.accounts.resets import locked_usernames

    users = get_user_model().objects.select_related(
        "profile__subdistrict", "profile__station", "profile__committee").order_by("username")
    locked = locked_usernames()
    rows = [{"user": u, "role": role_of(u) if u.is_active else None,
             "profile": getattr(u, "profile", None), "locked": u.get_username() in locked,
             "can_reset": _may_manage(request.user, u)} for u in users]
    return render(request, "accounts/user_list.html", {"rows": rows})


@never_cache
@login_required
def user_add(request):
    """A new user with a role and its scope; a one-time password shown once, as a reset."""
    _need_admin(request.user)
    form = UserForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        from yizhan.web.accounts.resets import reset_password

        with transaction.atomic():
            profile = form.save()
            password = reset_password(profile.user, by=request.user)
        return render(request, "accounts/user_reset_password.html",
                      {"target": profile.user, "password": password, "created": True})
    return render(request, "accounts/user_form.html", {"form": form, "target": None})


@login_required
def user_edit(request, pk):
    """A user's role and scope (and name); change-logged as every profile change."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if not _may_manage(request.user, user):
        raise PermissionDenied(_("您不能修改该用户的角色。"))
    form = UserForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("已保存用户 %(name)s 的角色。") % {"name": user.get_username()})
        return redirect("accounts:user_list")
    return render(request, "accounts/user_form.html", {"form": form, "target": user})

@never_cache
@login_required
def user_reset_password(request, pk):
    """GET: confirm; POST: a new one-time password, shown once, to be changed at next login."""
    user = get_object_or_404(get_user_model(), pk=pk)
    if not _may_manage(request.user, user):
        raise PermissionDenied(_("您不能重置该用户的密码。"))
    if request.method != "POST":
        return render(request, "accounts/user_reset_password.html", {"target": user})
    from yizhan.web.accounts.resets import reset_password

    password = reset_password(user, by=request.user)
    return render(request, "accounts/user_reset_password.html",
                  {"target": user, "password": password})
