"""A station's internal rules (四、（四））: the six kinds every station keeps — consultation
meetings with the committees, integrity, open station affairs, finance, study, post
responsibility (:data:`yizhan.policy.service.RULE_KINDS`, R16).

A rule is in force from its adoption until it is repealed; :func:`missing_kinds` says which
kinds a station lacks, and the rollout's inspection (its checklist item ``rules``) shows it
for every station of the subdistrict being inspected.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yizhan.policy.service import missing_rule_kinds
from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.validators import ValidatedModel

__all__ = ["RuleKind", "StationRule", "in_force_q", "missing_kinds"]

class RuleKind(models.TextChoices):
    """:data:`yizhan.policy.service.RULE_KINDS` with translatable labels (a test keeps the
    two lists equal)."""

    CONSULTATION = "consultation", _("社区事务协商议事制度")
    INTEGRITY = "integrity", _("廉政建设制度")
    OPEN_AFFAIRS = "open_affairs", _("站务公开制度")
    FINANCE = "finance", _("财务制度")
    STUDY = "study", _("学习制度")
    POST_RESPONSIBILITY = "post_responsibility", _("岗位责任制")


class StationRule(ChangeLoggingMixin, ValidatedModel):
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="rules", verbose_name=_("社区工作站"))
    kind = models.CharField(_("制度类别"), max_length=24, choices=RuleKind.choices)
    title = models.CharField(_("制度名称"), max_length=200)
    content = models.TextField(_("主要内容"), blank=True)
    document = models.CharField(_("文号"), max_length=100, blank=True)
    adopted = models.DateField(_("制定日期"))
    repealed = models.DateField(_("废止日期"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "station__memberships__committee"

    class Meta:
        ordering = ["station", "kind", "-adopted", "pk"]
        verbose_name = _("内部管理制度")
        verbose_name_plural = _("内部管理制度")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("operations:stationrule", args=[self.pk])

    def clean(self):
        if self.adopted and self.repealed and self.repealed < self.adopted:
            raise ValidationError({"repealed": _("废止日期不能早于制定日期。")})


def in_force_q(today=None) -> Q:
    today = today or timezone.localdate()
    return Q(adopted__lte=today) & (Q(repealed__isnull=True) | Q(repealed__gt=today))


def missing_kinds(stations, today=None) -> dict:
    """station → the kinds of rules (keys of ``RULE_KINDS``) it has none in force of (R16),
    for each of ``stations``."""
    stations = list(stations)
    have: dict[int, set] = {s.pk: set() for s in stations}
    for station_id, kind in (StationRule.objects.filter(in_force_q(today),
                                                        station__in=stations)
                             .values_list("station_id", "kind")):
        have[station_id].add(kind)
    return {s: missing_rule_kinds(have[s.pk]) for s in stations}
