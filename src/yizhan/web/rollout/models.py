"""What an applied rollout leaves behind: its record, the asset clearance list, the funds.

Stations, memberships, posts and party organisations are the registry's own records; the
rollout writes them there (:mod:`yizhan.web.rollout.writer`). What the registry has no place
for lives here: the record of each rollout (who applied what, when, with which result), the
clearance list of R11 §2(8) with its statuses and the audit sign-off, and the 固本强基 fund
allocations of R12 §2(9). All are change-logged and restricted by subdistrict.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.registry.models import Asset, Station, Subdistrict
from yizhan.web.validators import ValidatedModel

__all__ = ["RolloutRecord", "AssetClearance", "ClearanceStatus", "FundAllocation"]


class RolloutModel(ChangeLoggingMixin, ValidatedModel):
    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"

    class Meta:
        abstract = True


class RolloutRecord(RolloutModel):
    """One applied rollout: the scope (a subdistrict, or the district), the plans in force it
    carried out, the effective date, who applied it, and the dry run's summary and findings."""

    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("街道"))
    plans = models.JSONField(_("实施的方案"), default=list)   # [plan pk, ...]
    effective = models.DateField(_("生效日期"))
    applied_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, related_name="+", verbose_name=_("实施人"))
    applied_at = models.DateTimeField(_("实施时间"), auto_now_add=True)
    names = models.JSONField(_("新工作站名称"), default=dict)
    summary = models.JSONField(_("摘要"), default=dict)
    findings = models.JSONField(_("检查结果"), default=list)
    audit_signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                        null=True, blank=True, related_name="+",
                                        verbose_name=_("审计签核人"))
    audit_signed_at = models.DateTimeField(_("审计签核时间"), null=True, blank=True)

    district_wide_readable = True  # a district-wide rollout covers every subdistrict

    class Meta:
        ordering = ["-applied_at", "-pk"]
        verbose_name = _("整合实施记录")
        verbose_name_plural = pgettext_lazy("plural", "整合实施记录")

    def __str__(self) -> str:
        scope = self.subdistrict.name if self.subdistrict_id else _("全区")
        return f"{scope} {self.effective}"


class ClearanceStatus(models.TextChoices):
    TO_TRANSFER = "to_transfer", _("待移交")
    TRANSFERRED = "transferred", _("已移交")
    DISPUTED = "disputed", _("有争议")
    KEPT = "kept", _("保留原处")


class AssetClearance(RolloutModel):
    """One line of the R11 clearance list: the asset, its owner class and value at the time,
    where it goes, and its status."""

    record = models.ForeignKey(RolloutRecord, on_delete=models.PROTECT, related_name="clearances",
                               verbose_name=_("整合实施记录"))
    asset = models.ForeignKey(Asset, on_delete=models.PROTECT, related_name="+",
                              verbose_name=_("资产"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("街道"))
    owner_class = models.CharField(_("产权类别"), max_length=12, blank=True)
    value_fen = models.BigIntegerField(_("价值（分）"), validators=[MinValueValidator(0)])
    destination = models.CharField(_("去向"), max_length=64, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=ClearanceStatus.choices)

    class Meta:
        ordering = ["record", "pk"]
        verbose_name = _("资产清理")
        verbose_name_plural = pgettext_lazy("plural", "资产清理")

    def __str__(self) -> str:
        return f"{self.asset} · {self.get_status_display()}"


class FundAllocation(RolloutModel):
    """固本强基 project funds allotted to a station from ``start`` to ``end`` (fen)."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("社区工作站"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    editable=False, verbose_name=_("街道"))
    amount_fen = models.BigIntegerField(_("金额（分）"), validators=[MinValueValidator(0)])
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)
    record = models.ForeignKey(RolloutRecord, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="funds", verbose_name=_("整合实施记录"))

    class Meta:
        ordering = ["station", "start"]
        verbose_name = _("固本强基项目资金")
        verbose_name_plural = pgettext_lazy("plural", "固本强基项目资金")

    def save(self, *args, **kwargs):
        self.subdistrict_id = self.station.subdistrict_id
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return f"{self.station} {self.amount_fen // 100:,}.{self.amount_fen % 100:02d}"
