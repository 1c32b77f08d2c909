"""Committee supervision of their station (the document's 四、（三）).

:class:`SupervisionItem` — an opinion (意见建议) or assessment (评议) a residential committee
submits about the station that serves it; the station answers it by a deadline (the answer
is the reason of the workflow's ``answer`` move, so who answered when is in the log); the
committee may send an unsatisfactory answer back. Items still unanswered past their deadline
are flagged (:func:`overdue_q`, the dashboard).

:class:`AnnualAssessment` — the yearly assessment form (年度评议表) of a committee on its
station: a rating per aspect and an overall one, with comments. One per committee, station
and year.

Scopes: a committee member reads and writes those of their committee; station staff read
those about their station (and answer items); officers read their subdistrict's.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.validators import ValidatedModel

__all__ = ["ItemKind", "ItemStatus", "Rating", "SupervisionItem", "AnnualAssessment",
           "overdue_q", "ANSWER_DAYS", "ASPECTS"]

_LOG = "workflow.TransitionLog"
#: the default time a station has to answer (days); the committee may set another deadline
ANSWER_DAYS = 15


class ItemKind(models.TextChoices):
    OPINION = "opinion", _("意见建议")
    ASSESSMENT = "assessment", _("评议")


class ItemStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待答复")
    ANSWERED = "answered", _("已答复")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


def _default_deadline():
    return timezone.localdate() + datetime.timedelta(days=ANSWER_DAYS)


class SupervisionItem(ChangeLoggingMixin, ValidatedModel):
    committee = models.ForeignKey("registry.Committee", on_delete=models.PROTECT,
                                  related_name="supervision_items",
                                  verbose_name=_("社区居委会"))
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="supervision_items", editable=False,
                                verbose_name=_("工作站"), help_text=_("居委会当前所属的工作站"))
    kind = models.CharField(_("类别"), max_length=16, choices=ItemKind.choices,
                            default=ItemKind.OPINION)
    title = models.CharField(_("事项"), max_length=200)
    content = models.TextField(_("内容"))
    deadline = models.DateField(_("答复期限"), default=_default_deadline)
    status = models.CharField(_("状态"), max_length=16, choices=ItemStatus.choices,
                              default=ItemStatus.SUBMITTED, db_index=True, editable=False)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     editable=False, verbose_name=_("提交人"))
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, editable=False)
    transitions = GenericRelation(_LOG, related_query_name="supervision_item")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "committee"

    class Meta:
        ordering = ["deadline", "pk"]
        verbose_name = _("监督事项")
        verbose_name_plural = _("监督事项")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("operations:supervisionitem", args=[self.pk])

    def clean(self):
        if self.committee_id and not self.station_id:
            membership = self.committee.current_membership
            if membership is None:
                raise ValidationError({"committee": _(
                    "该居委会目前没有所属的工作站，无法提交监督事项。")})
            self.station_id = membership.station_id
        if (self.deadline and self._state.adding
                and self.deadline < timezone.localdate()):
            raise ValidationError({"deadline": _("答复期限不能早于今天。")})

    @property
    def overdue(self) -> bool:
        return self.status == ItemStatus.SUBMITTED and self.deadline < timezone.localdate()

    @property
    def answer(self):
        """The log row of the latest answer (its reason is the answer text), or None."""
        return self.transitions.filter(action="answer").order_by("-time", "-pk").first()


def overdue_q(today=None) -> Q:
    """Items not answered and past their deadline."""
    return Q(status=ItemStatus.SUBMITTED, deadline__lt=today or timezone.localdate())


#: the aspects of the yearly form (field name, label): the station's duties in 四
ASPECTS = (("rating_service", _("服务群众")), ("rating_efficiency", _("办事效率")),
           ("rating_openness", _("站务公开")), ("rating_integrity", _("廉洁自律")))


def _rating(label):
    return models.CharField(label, max_length=16, choices=Rating.choices)


class AnnualAssessment(ChangeLoggingMixin, ValidatedModel):
    committee = models.ForeignKey("registry.Committee", on_delete=models.PROTECT,
                                  related_name="annual_assessments",
                                  verbose_name=_("社区居委会"))
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="annual_assessments", editable=False,
                                verbose_name=_("工作站"))
    year = models.PositiveSmallIntegerField(_("年度"), validators=[
        MinValueValidator(2006), MaxValueValidator(2100)])
    rating_service = _rating(_("服务群众"))
    rating_efficiency = _rating(_("办事效率"))
    rating_openness = _rating(_("站务公开"))
    rating_integrity = _rating(_("廉洁自律"))
    overall = _rating(_("总体评价"))
    comments = models.TextField(_("意见和建议"), blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+",
                                     editable=False, verbose_name=_("填表人"))
    submitted_at = models.DateTimeField(_("填表时间"), default=timezone.now, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "committee"

    class Meta:
        ordering = ["-year", "committee_id"]
        verbose_name = _("年度评议")
        verbose_name_plural = _("年度评议")
        constraints = [models.UniqueConstraint(fields=["committee", "station", "year"],
                                               name="one_assessment_per_year")]

    def __str__(self) -> str:
        return f"{self.year} · {self.committee} → {self.station}"

    def get_absolute_url(self):
        return reverse("operations:annualassessment", args=[self.pk])

    def clean(self):
        if self.committee_id and not self.station_id:
            membership = self.committee.current_membership
            if membership is None:
                raise ValidationError({"committee": _(
                    "该居委会目前没有所属的工作站，无法填写年度评议。")})
            self.station_id = membership.station_id
        if self.year and self.year > timezone.localdate().year:
            raise ValidationError({"year": _("不能评议尚未开始的年度。")})
        if self.year and self.station_id and AnnualAssessment.objects.filter(
                committee_id=self.committee_id, station_id=self.station_id, year=self.year
        ).exclude(pk=self.pk).exists():
            raise ValidationError({"year": _("该居委会已填写本年度对该工作站的评议。")})
