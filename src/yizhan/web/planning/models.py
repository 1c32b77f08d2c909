"""Planning models: :class:`Plan` with its workflow log, and :class:`PlannerRun` (a job).

A plan is an assignment ``committee code → station label`` (the plan file of
``docs/formats.md``) for one subdistrict (an officer's plan) or for the whole district
(``subdistrict`` empty; only administrators make those). It moves

    draft → submitted → approved | rejected → (rejected plans go back to draft)

as in Wagtail's workflow states; every move is a row of the workflow engine's log
(:class:`~yizhan.web.workflow.models.TransitionLog`, ``plan.transitions``: who, when, why)
and, because :class:`Plan` is change-logged, an ObjectChange with the before/after state.

A :class:`PlannerRun` is one background planner job (django-tasks, database backend). Its
progress is written with ``QuerySet.update`` (not change-logged: it ticks every second);
its creation, cancellation and outcome are saved normally and so appear in the change log.
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
from yizhan.core.inputs import SEED_RANGE
from yizhan.web.planning.choices import RUN_FINISHED, PlanSource, PlanStatus, RunStatus
from yizhan.web.validators import ValidatedModel, validate_text

__all__ = ["Plan", "PlannerRun"]


class Plan(ChangeLoggingMixin, ValidatedModel):
    name = models.CharField(_("名称"), max_length=200)
    subdistrict = models.ForeignKey(
        "registry.Subdistrict", null=True, blank=True, on_delete=models.PROTECT,
        related_name="plans", verbose_name=_("街道"), help_text=_("空表示全区方案"))
    source = models.CharField(_("来源"), max_length=16, choices=PlanSource.choices)
    status = models.CharField(_("状态"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT, db_index=True)
    assignment = models.JSONField(_("归属"), default=dict,
                                  help_text=_("居委会编码 → 工作站名称"))
    description = models.TextField(_("说明"), blank=True)
    policy_toml = models.TextField(_("策略设置（TOML）"), blank=True,
                                   help_text=_("空表示默认策略"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("创建人"))
    created = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    updated = models.DateTimeField(_("更新时间"), auto_now=True)
    # the approval (planning/authority.py): who, when, on which registry, with which check
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    verbose_name=_("批准人"))
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    approved_version = models.PositiveBigIntegerField(_("批准时的登记版本"), null=True,
                                                      blank=True)
    approved_fingerprint = models.CharField(_("批准时的检查输入指纹"), max_length=64,
                                            blank=True)
    approved_inputs = models.JSONField(_("批准时的检查输入"), default=dict, blank=True)
    approved_check = models.JSONField(_("批准时的检查结果"), default=dict, blank=True)
    #: the workflow log of this plan (planning/workflow.py); deleted with a draft plan
    transitions = GenericRelation("workflow.TransitionLog", related_query_name="plan")
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="supersedes", verbose_name=_("被其取代"))

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"
    #: who may do what: yizhan.web.grants.GRANTS ("planning.plan"). Officers also *read*
    #: district-wide plans: they cover the officer's subdistrict
    district_wide_readable = True
    changelog_exclude = ("approved_inputs",)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("规划方案")
        verbose_name_plural = _("规划方案")
        constraints = [
            # at most one approved plan per scope (the district is scope 0); a partial unique
            # index, so two concurrent approvals cannot both commit (SQLite and PostgreSQL)
            models.UniqueConstraint(Coalesce("subdistrict", Value(0)),
                                    condition=Q(status="approved"),
                                    name="plan_one_approved_per_scope"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("planning:plan", args=[self.pk])

    @property
    def n_stations(self) -> int:
        return len(set(self.assignment.values()))

    @property
    def n_units(self) -> int:
        return len(self.assignment)

    @property
    def scope_label(self) -> str:
        return str(self.subdistrict) if self.subdistrict_id else str(_("全区"))

    @property
    def editable(self) -> bool:
        return self.status == PlanStatus.DRAFT

    def clean(self):
        """The assignment is code → station label; labels are names like a station's."""
        from yizhan.web.registry.models import Station

        limit = Station._meta.get_field("name").max_length
        if not isinstance(self.assignment, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in self.assignment.items()):
            raise ValidationError({"assignment": _("归属应为“居委会编码 → 工作站名称”的对应表。")})
        for code, label in self.assignment.items():
            try:
                validate_text(label)
                validate_text(code)
            except ValidationError as exc:
                raise ValidationError({"assignment": [_("%(code)s 的工作站名称：") % {"code": code[:40]},
                                                      *exc.messages]}) from None
            if not label.strip() or len(label) > limit:
                raise ValidationError({"assignment": _(
                    "%(code)s 的工作站名称应为1至%(limit)d个字符。") % {"code": code[:40], "limit": limit}})

    def core_plan(self):
        """The :class:`yizhan.core.Plan` of this record."""
        from yizhan.core.plan import Plan as CorePlan

        return CorePlan(self.assignment, name=self.name)


class PlannerRun(ChangeLoggingMixin, ValidatedModel):
    """A planner job: parameters and pins in, a draft :class:`Plan` out."""

    subdistrict = models.ForeignKey(
        "registry.Subdistrict", null=True, blank=True, on_delete=models.PROTECT,
        related_name="planner_runs", verbose_name=_("街道"), help_text=_("空表示全区"))
    name = models.CharField(_("名称"), max_length=200)
    params = models.JSONField(_("参数"), default=dict)
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices,
                              default=RunStatus.QUEUED, db_index=True)
    progress = models.FloatField(_("进度"), default=0.0)
    message = models.CharField(_("当前步骤"), max_length=300, blank=True)
    cancel_requested = models.BooleanField(_("已请求取消"), default=False)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="runs", verbose_name=_("结果方案"))
    report = models.JSONField(_("规划报告"), default=dict, blank=True)
    error = models.TextField(_("错误"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("发起人"))
    created = models.DateTimeField(_("创建时间"), default=timezone.now, editable=False)
    started = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"
    changelog_exclude = ("progress", "message", "report")

    #: the limits of ``params``; the run form takes its bounds from here
    TIME_LIMIT_RANGE = (1, 3600)
    SEED_RANGE = SEED_RANGE

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("规划计算")
        verbose_name_plural = _("规划计算")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("planning:run", args=[self.pk])

    def clean(self):
        """``params`` comes from the run form or the API: the same bounds for both."""
        errors = {}
        for key, (low, high), message in (
                ("time_limit", self.TIME_LIMIT_RANGE, _("计算时限应为%(low)d至%(high)d秒之间的整数。")),
                ("seed", self.SEED_RANGE, _("随机种子应为%(low)d至%(high)d之间的整数。"))):
            value = self.params.get(key) if isinstance(self.params, dict) else None
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                errors[key] = message % {"low": low, "high": high}
        if errors:
            raise ValidationError(errors)

    @property
    def finished_state(self) -> bool:
        return self.status in RUN_FINISHED

    @property
    def scope_label(self) -> str:
        return str(self.subdistrict) if self.subdistrict_id else str(_("全区"))
