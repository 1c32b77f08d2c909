"""Task approval with funding attached (the document's 四、（一）, 费随事转).

:class:`TaskRequest` — what a government department asks stations to do (routine or
temporary; what, which stations, when, the funding and its source, the working conditions).
The department writes it as a draft and submits it; the community-building committee
approves or rejects it (with a reason) through the workflow engine
(:mod:`yizhan.web.operations.tasks`). A temporary task without funding is refused (R13 §4(1),
:mod:`yizhan.policy.operations`).

:class:`StationTask` — the work one station does for an approved request. Its rows are made
**only** by the approval (the workflow's effect), so a station's task list holds approved
tasks and nothing else: no page, API call or import of a department writes one (the grant
table gives no role but the administrator ``add`` on it, and no view or endpoint adds one).

:class:`FundingEntry` — the station's ledger: money received for a task and money spent on it
(in fen, shown in 元), never more spent than received on a task.

Scopes (:mod:`yizhan.web.grants`): a department reads its own requests (``department_field``:
the department's name copied from the submitting user's profile); a station reads its own
station tasks and ledger; a committee member those of its station; officers those of their
subdistrict. Requests themselves have no station scope: a station never sees one that is not
approved.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yizhan.policy.operations import ROUTINE, TEMPORARY
from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.validators import ValidatedModel
from yizhan.web.versioning import VersionedModel

__all__ = ["TaskKind", "RequestStatus", "StationTaskStatus", "EntryKind", "TaskRequest",
           "StationTask", "FundingEntry", "with_totals"]

_LOG = "workflow.TransitionLog"
_nonneg = [MinValueValidator(0)]


class TaskKind(models.TextChoices):
    ROUTINE = ROUTINE, _("常规性任务")
    TEMPORARY = TEMPORARY, _("临时性任务")


class RequestStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审批")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("不予批准")


class StationTaskStatus(models.TextChoices):
    ASSIGNED = "assigned", _("待办理")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已完成")


class EntryKind(models.TextChoices):
    RECEIVED = "received", _("经费到账")
    SPENT = "spent", _("经费支出")


def yuan_text(fen: int | None) -> str:
    from yizhan.rollout.holdings import yuan

    return yuan(int(fen or 0))


class TaskRequest(VersionedModel, ChangeLoggingMixin, ValidatedModel):
    department = models.CharField(_("提出部门"), max_length=100, editable=False,
                                  help_text=_("取自提交用户的部门"))
    title = models.CharField(_("任务名称"), max_length=200)
    kind = models.CharField(_("任务性质"), max_length=16, choices=TaskKind.choices,
                            default=TaskKind.ROUTINE)
    description = models.TextField(_("任务内容"))
    stations = models.ManyToManyField("registry.Station", related_name="task_requests",
                                      verbose_name=_("承办工作站"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"))
    funding_fen = models.BigIntegerField(_("配套经费（分）"), default=0, validators=_nonneg,
                                         help_text=_("金额以分为单位的整数"))
    funding_source = models.CharField(_("经费来源"), max_length=200, blank=True)
    conditions = models.TextField(_("配套工作条件"), blank=True,
                                  help_text=_("人员、场地、设备等"))
    status = models.CharField(_("状态"), max_length=16, choices=RequestStatus.choices,
                              default=RequestStatus.DRAFT, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False,
                                   verbose_name=_("填报人"))
    created = models.DateTimeField(_("填报时间"), default=timezone.now, editable=False)
    transitions = GenericRelation(_LOG, related_query_name="task_request")

    objects = RestrictedQuerySet.as_manager()
    scope_field = None              # spans stations of several subdistricts
    department_field = "department"

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("任务申请")
        verbose_name_plural = _("任务申请")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self):
        return reverse("operations:taskrequest", args=[self.pk])

    def clean(self):
        if self.start and self.end and self.end < self.start:
            raise ValidationError({"end": _("结束日期不能早于开始日期。")})

    @property
    def editable(self) -> bool:
        """Only a draft is edited; once submitted it changes only through the workflow."""
        return self.status == RequestStatus.DRAFT

    @property
    def funding_yuan(self) -> str:
        return yuan_text(self.funding_fen)

    @property
    def decision(self):
        """The log row of the approval or rejection (who, when, reason) the request stands
        on, or None while it is undecided (a rejected request reopened and submitted again
        waits for a new decision; the old one stays in the log)."""
        if self.status not in (RequestStatus.APPROVED, RequestStatus.REJECTED):
            return None
        return self.transitions.filter(action__in=("approve", "reject")) \
            .order_by("-time", "-pk").first()


class StationTask(ChangeLoggingMixin, ValidatedModel):
    request = models.ForeignKey(TaskRequest, on_delete=models.PROTECT,
                                related_name="station_tasks", verbose_name=_("任务申请"))
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="station_tasks", verbose_name=_("工作站"))
    status = models.CharField(_("办理状态"), max_length=16, choices=StationTaskStatus.choices,
                              default=StationTaskStatus.ASSIGNED, db_index=True)
    assigned_at = models.DateTimeField(_("批准下达时间"), default=timezone.now, editable=False)
    transitions = GenericRelation(_LOG, related_query_name="station_task")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "station__memberships__committee"
    department_field = "request__department"

    class Meta:
        ordering = ["-assigned_at", "-pk"]
        verbose_name = _("工作站任务")
        verbose_name_plural = _("工作站任务")
        constraints = [models.UniqueConstraint(fields=["request", "station"],
                                               name="one_station_task_per_request")]

    def __str__(self) -> str:
        return f"{self.request.title} · {self.station.name}"

    def get_absolute_url(self):
        return reverse("operations:stationtask", args=[self.pk])

    def totals(self) -> dict:
        """Funding received and spent on this task at this station, in fen (from the
        annotations of :func:`with_totals` when the row was read with them)."""
        if hasattr(self, "received_sum"):
            received, spent = self.received_sum or 0, self.spent_sum or 0
        else:
            rows = dict(self.entries.values_list("kind").annotate(s=Sum("amount_fen")))
            received, spent = rows.get(EntryKind.RECEIVED, 0), rows.get(EntryKind.SPENT, 0)
        return {"received_fen": received, "spent_fen": spent, "balance_fen": received - spent}


def with_totals(queryset):
    """Station tasks with their received and spent sums in the same query (lists)."""
    return queryset.annotate(
        received_sum=Sum("entries__amount_fen", filter=Q(entries__kind=EntryKind.RECEIVED)),
        spent_sum=Sum("entries__amount_fen", filter=Q(entries__kind=EntryKind.SPENT)))


class FundingEntry(ChangeLoggingMixin, ValidatedModel):
    station_task = models.ForeignKey(StationTask, on_delete=models.PROTECT,
                                     related_name="entries", verbose_name=_("工作站任务"))
    kind = models.CharField(_("类别"), max_length=16, choices=EntryKind.choices)
    amount_fen = models.BigIntegerField(_("金额（分）"), validators=[MinValueValidator(1)],
                                        help_text=_("金额以分为单位的整数"))
    date = models.DateField(_("日期"))
    voucher = models.CharField(_("凭证号"), max_length=64, blank=True)
    note = models.CharField(_("摘要"), max_length=200)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    editable=False, verbose_name=_("记账人"))
    recorded_at = models.DateTimeField(_("记账时间"), default=timezone.now, editable=False)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station_task__station__subdistrict"
    station_field = "station_task__station"
    committee_field = "station_task__station__memberships__committee"
    department_field = "station_task__request__department"

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("经费台账")
        verbose_name_plural = _("经费台账")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {yuan_text(self.amount_fen)} 元"

    def get_absolute_url(self):
        return reverse("operations:stationtask", args=[self.station_task_id]) + "#ledger"

    @property
    def amount_yuan(self) -> str:
        return yuan_text(self.amount_fen)

    def clean(self):
        """Money is spent only on an approved task and never beyond what it received."""
        if not self.station_task_id or self.kind != EntryKind.SPENT or not self.amount_fen:
            return
        totals = StationTask.objects.get(pk=self.station_task_id).totals()
        own = (FundingEntry.objects.filter(pk=self.pk).values_list("amount_fen", flat=True)
               .first() if self.pk else None) or 0
        balance = totals["balance_fen"] + own
        if self.amount_fen > balance:
            raise ValidationError({"amount_fen": _(
                "支出 %(amount)s 元超过该任务的经费结余 %(balance)s 元（费随事转：先到账，后支出）。")
                % {"amount": yuan_text(self.amount_fen), "balance": yuan_text(balance)}})
