"""A role per user (:class:`Profile`) and API tokens (:class:`Token`).

Roles (SPEC: district civil-affairs bureau and 10 subdistrict offices):

``admin``    district administrator 区级管理员: reads and edits everything
``officer``  subdistrict officer 街道工作人员: reads and edits only their subdistrict's objects
``viewer``   viewer 查看者: reads everything, edits nothing

A superuser counts as ``admin``; a user without a profile counts as ``viewer``. What a role
may do is decided in one place, :mod:`yizhan.web.permissions`.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web.validators import ValidatedModel


class Role(models.TextChoices):
    ADMIN = "admin", _("区级管理员")
    OFFICER = "officer", _("街道工作人员")
    VIEWER = "viewer", _("查看者")


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.VIEWER)
    subdistrict = models.ForeignKey("registry.Subdistrict", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="officers",
                                    verbose_name=_("所属街道"),
                                    help_text=_("街道工作人员必须指定所属街道"))
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False,
        help_text=_("管理员重置密码后为真：用户下次登录须先设置新密码"))

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = pgettext_lazy("plural", "用户角色")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.role == Role.OFFICER and self.subdistrict_id is None:
            raise ValidationError({"subdistrict": _("街道工作人员必须指定所属街道。")})


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class Token(ValidatedModel):
    """An API token: ``Authorization: Bearer <key>``. Only a hash of the key is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="api_tokens", verbose_name=_("用户"))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("前缀"), max_length=8, editable=False)
    description = models.CharField(_("说明"), max_length=200, blank=True)
    created = models.DateTimeField(_("创建时间"), default=timezone.now)
    expires = models.DateTimeField(_("过期时间"), null=True, blank=True)
    last_used = models.DateTimeField(_("最近使用"), null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = pgettext_lazy("plural", "API 令牌")

    def __str__(self) -> str:
        return f"{self.prefix}…"

    @classmethod
    def create_for(cls, user, description: str = "") -> tuple["Token", str]:
        """Create a token; returns (token, key). The key is shown once and never stored."""
        key = secrets.token_hex(20)
        token = cls(user=user, key_hash=_hash(key), prefix=key[:8], description=description)
        token.full_clean()  # the description is text a user typed: the input rule applies
        token.save()
        return token, key

    @classmethod
    def authenticate(cls, key: str):
        """The active user for ``key``, or None."""
        try:
            token = cls.objects.select_related("user").get(key_hash=_hash(key))
        except cls.DoesNotExist:
            return None
        if token.expires and token.expires < timezone.now():
            return None
        if not token.user.is_active:
            return None
        cls.objects.filter(pk=token.pk).update(last_used=timezone.now())
        return token.user
