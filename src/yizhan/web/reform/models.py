"""The reform's organisation as records (parts 三 and 七 of the 2006 document).

:class:`Reform` — one carrying-out of the document (its status moves to ``accepted`` on the
district's acceptance, which dissolves the district leading group, 三、（一）).
:class:`Phase` — the timetable of 七 (three phases with dates; editable per reform).
:class:`LeadingGroup` / :class:`GroupMember` — the district group (leader, deputies, member
units, office) and one group per subdistrict (三、（二）); members are users or named people,
and membership decides who signs off what (:mod:`yizhan.web.reform.workflow`).
:class:`Task` — a subdistrict's task list with deadline, owner and status.
:class:`Inspection` / :class:`InspectionItem` — the checklist of 七、（三） per subdistrict,
signed by an inspector and accepted by the district.

Every state (``status``, ``result``) changes only through the workflow engine; every record
is change-logged and validated by :class:`~yizhan.web.validators.ValidatedModel`. Who may
do what is the grant table (:data:`yizhan.web.grants.GRANTS`, ``reform.*``); the models
declare only their scope lookups.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.reform.choices import (GroupRole, InspectionStatus, ItemResult, ReformStatus,
                                       TaskStatus)
from yizhan.web.validators import ValidatedModel

__all__ = ["Reform", "Phase", "LeadingGroup", "GroupMember", "Task", "Inspection",
           "InspectionItem"]

_LOG = "workflow.TransitionLog"


class Reform(ChangeLoggingMixin, ValidatedModel):
    name = models.CharField(_("名称"), max_length=200)
    document = models.CharField(_("依据文件"), max_length=300)
    status = models.CharField(_("状态"), max_length=16, choices=ReformStatus.choices,
                              default=ReformStatus.IN_PROGRESS, db_index=True)
    accepted_at = models.DateTimeField(_("验收时间"), null=True, blank=True, editable=False)
    created = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    transitions = GenericRelation(_LOG, related_query_name="reform")

    objects = RestrictedQuerySet.as_manager()
    scope_field = None          # district-wide (grants: "reform.reform")

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("改革")
        verbose_name_plural = _("改革")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("reform:reform", args=[self.pk])

    @property
    def district_group(self):
        return self.groups.filter(subdistrict__isnull=True).first()


class Phase(ChangeLoggingMixin, ValidatedModel):
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="phases",
                               verbose_name=_("改革"))
    number = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("阶段"), max_length=100)
    article = models.CharField(_("条款"), max_length=40, blank=True)
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    description = models.TextField(_("工作内容"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_field = None

    class Meta:
        ordering = ["reform", "number"]
        verbose_name = _("实施阶段")
        verbose_name_plural = _("实施阶段")
        constraints = [models.UniqueConstraint(fields=["reform", "number"],
                                               name="phase_number_unique")]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("reform:phase", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})


class LeadingGroup(ChangeLoggingMixin, ValidatedModel):
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="groups",
                               verbose_name=_("改革"))
    subdistrict = models.ForeignKey("registry.Subdistrict", null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="leading_groups",
                                    verbose_name=_("街道"), help_text=_("空表示区领导小组"))
    name = models.CharField(_("名称"), max_length=200)
    article = models.CharField(_("条款"), max_length=40, blank=True)
    office = models.CharField(_("办公室设在"), max_length=200, blank=True)
    member_units = models.TextField(_("成员单位"), blank=True, help_text=_("每行一个单位"))
    duties = models.TextField(_("主要职责"), blank=True)
    dissolved_at = models.DateTimeField(_("撤销时间"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"
    district_wide_readable = True   # the district group is read in every subdistrict

    class Meta:
        ordering = ["reform", "subdistrict_id", "pk"]
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")
        constraints = [models.UniqueConstraint(
            "reform", Coalesce("subdistrict", Value(0)), name="one_leading_group_per_level")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("reform:leadinggroup", args=[self.pk])

    @property
    def level_label(self) -> str:
        return str(self.subdistrict) if self.subdistrict_id else str(_("全区"))

    @property
    def units(self) -> list[str]:
        return [u.strip() for u in self.member_units.splitlines() if u.strip()]


class GroupMember(ChangeLoggingMixin, ValidatedModel):
    group = models.ForeignKey(LeadingGroup, on_delete=models.CASCADE, related_name="members",
                              verbose_name=_("领导小组"))
    role = models.CharField(_("职务"), max_length=16, choices=GroupRole.choices,
                            default=GroupRole.MEMBER)
    name = models.CharField(_("姓名"), max_length=100)
    unit = models.CharField(_("单位"), max_length=200, blank=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="leading_group_seats",
                             verbose_name=_("系统用户"),
                             help_text=_("关联用户后，该成员可在系统中签署本小组负责的事项"))
    person = models.ForeignKey("registry.Person", null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+",
                               verbose_name=_("人员"))

    objects = RestrictedQuerySet.as_manager()
    scope_field = "group__subdistrict"
    district_wide_readable = True

    class Meta:
        ordering = ["group", "role", "pk"]
        verbose_name = _("领导小组成员")
        verbose_name_plural = _("领导小组成员")
        constraints = [models.UniqueConstraint(fields=["group", "user"],
                                               name="one_seat_per_user_and_group")]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"

    def get_absolute_url(self):
        return reverse("reform:groupmember", args=[self.pk])


class Task(ChangeLoggingMixin, ValidatedModel):
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="tasks",
                               verbose_name=_("改革"))
    subdistrict = models.ForeignKey("registry.Subdistrict", on_delete=models.PROTECT,
                                    related_name="reform_tasks", verbose_name=_("街道"))
    phase = models.ForeignKey(Phase, on_delete=models.PROTECT, related_name="tasks",
                              verbose_name=_("阶段"))
    title = models.CharField(_("任务"), max_length=200)
    article = models.CharField(_("条款"), max_length=40, blank=True)
    deadline = models.DateField(_("完成期限"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="reform_tasks",
                              verbose_name=_("负责人"))
    status = models.CharField(_("状态"), max_length=16, choices=TaskStatus.choices,
                              default=TaskStatus.TODO, db_index=True)
    transitions = GenericRelation(_LOG, related_query_name="task")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"

    class Meta:
        ordering = ["deadline", "phase__number", "pk"]
        verbose_name = _("任务")
        verbose_name_plural = _("任务")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("reform:task", args=[self.pk])

    def clean(self):
        if self.phase_id and self.reform_id and self.phase.reform_id != self.reform_id:
            raise ValidationError({"phase": _("阶段不属于该改革。")})

    @property
    def overdue(self) -> bool:
        return self.status != TaskStatus.DONE and self.deadline < timezone.localdate()


def overdue_q(today=None) -> Q:
    """Tasks past their deadline and not done (the dashboard flags them)."""
    return Q(deadline__lt=today or timezone.localdate()) & ~Q(status=TaskStatus.DONE)


class Inspection(ChangeLoggingMixin, ValidatedModel):
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="inspections",
                               verbose_name=_("改革"))
    subdistrict = models.ForeignKey("registry.Subdistrict", on_delete=models.PROTECT,
                                    related_name="inspections", verbose_name=_("街道"))
    status = models.CharField(_("状态"), max_length=16, choices=InspectionStatus.choices,
                              default=InspectionStatus.OPEN, db_index=True)
    transitions = GenericRelation(_LOG, related_query_name="inspection")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"

    class Meta:
        ordering = ["reform", "subdistrict_id"]
        verbose_name = _("检查验收")
        verbose_name_plural = _("检查验收")
        constraints = [models.UniqueConstraint(fields=["reform", "subdistrict"],
                                               name="one_inspection_per_subdistrict")]

    def __str__(self) -> str:
        return f"{self.subdistrict} · {_('检查验收')}"

    def get_absolute_url(self):
        return reverse("reform:inspection", args=[self.pk])

    def unwaived_failures(self) -> list:
        return list(self.items.filter(result=ItemResult.FAILED))


class InspectionItem(ChangeLoggingMixin, ValidatedModel):
    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="items",
                                   verbose_name=_("检查验收"))
    key = models.CharField(_("编号"), max_length=32)
    title = models.CharField(_("检查项"), max_length=200)
    article = models.CharField(_("条款"), max_length=40, blank=True)
    result = models.CharField(_("结果"), max_length=16, choices=ItemResult.choices,
                              default=ItemResult.PENDING)
    note = models.TextField(_("检查意见"), blank=True)
    transitions = GenericRelation(_LOG, related_query_name="inspection_item")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "inspection__subdistrict"

    class Meta:
        ordering = ["inspection", "pk"]
        verbose_name = _("检查项")
        verbose_name_plural = _("检查项")
        constraints = [models.UniqueConstraint(fields=["inspection", "key"],
                                               name="one_item_per_key")]

    def __str__(self) -> str:
        return self.title

    @property
    def waiver(self):
        """The log row that waived this item (reason, who, when), or None."""
        if self.result != ItemResult.WAIVED:
            return None
        return self.transitions.filter(action="waive").order_by("-time", "-pk").first()
