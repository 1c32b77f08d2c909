"""A role per user (:class:`Profile`) and API tokens (:class:`Token`).

The roles are the rows of :data:`yizhan.web.grants.ROLES` (district administrator, subdistrict
officer, viewer, leading-group member, inspector, station staff, committee member, government
department, community-building committee, auditor); what each may do is the grant table
there, enforced in :mod:`yizhan.web.permissions`. The profile holds what a role's scope needs
(a subdistrict, a station, a committee, a department) and :meth:`Profile.clean` requires it.

A superuser counts as ``admin``; a user without a profile counts as ``viewer``. Profiles are
change-logged: who gave whom which role, and when.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.grants import ASSIGNABLE_ROLES, ROLE_BY_KEY
from yizhan.web.validators import ValidatedModel, validate_text

#: ``Role.ADMIN`` …, built from the table (the assignable roles; ``public`` is nobody's)
Role = models.TextChoices("Role", [(r.key.upper(), (r.key, r.label)) for r in ASSIGNABLE_ROLES])


def role_choices():
    """The field's choices, read from the table when asked (a new role needs no migration)."""
    return Role.choices


class Profile(ChangeLoggingMixin, models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="profile", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=32, choices=role_choices, default="viewer")
    subdistrict = models.ForeignKey("registry.Subdistrict", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="officers",
                                    verbose_name=_("所属街道"),
                                    help_text=_("街道工作人员必须指定所属街道；街道领导小组成员也指定"))
    station = models.ForeignKey("registry.Station", null=True, blank=True,
                                on_delete=models.PROTECT, related_name="staff_users",
                                verbose_name=_("所属工作站"),
                                help_text=_("工作站工作人员必须指定所属工作站"))
    committee = models.ForeignKey("registry.Committee", null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="member_users",
                                  verbose_name=_("所属居委会"),
                                  help_text=_("居委会成员必须指定所属居委会"))
    department = models.CharField(_("部门/单位"), max_length=100, blank=True,
                                  validators=[validate_text],
                                  help_text=_("政府职能部门的用户必须填写部门或单位名称"))
    must_change_password = models.BooleanField(
        _("须修改密码"), default=False,
        help_text=_("管理员重置密码后为真：用户下次登录须先设置新密码"))

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = pgettext_lazy("plural", "用户角色")

    def __str__(self) -> str:
        return f"{self.user.get_username()} ({self.get_role_display()})"

    def clean(self):
        """The scope a role needs is given, and no other: a station-staff user names a
        station, an officer a subdistrict, a department its name; fields the role does not
        read are refused rather than kept (they would look like a scope and be none)."""
        from django.core.exceptions import ValidationError

        self.department = self.department.strip()
        role = ROLE_BY_KEY.get(self.role)
        if role is None:
            return  # the field's choices refuse it
        errors = {}
        for name in SCOPE_FIELDS:
            given = getattr(self, name) if name == "department" else getattr(self, f"{name}_id")
            if name in role.needs and not given:
                errors[name] = _("“%(role)s”必须指定%(field)s。") % {
                    "role": role.label, "field": self._meta.get_field(name).verbose_name}
            elif given and name not in role.needs + role.may:
                errors[name] = _("“%(role)s”不使用%(field)s，请留空。") % {
                    "role": role.label, "field": self._meta.get_field(name).verbose_name}
        if errors:
            raise ValidationError(errors)


#: the profile fields a role's scope may need (RoleDef.needs names them)
SCOPE_FIELDS = ("subdistrict", "station", "committee", "department")


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
