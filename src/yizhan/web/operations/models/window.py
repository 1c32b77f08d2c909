"""The one-stop service window (四、（二））: each station's service catalogue and the tickets
residents bring to the window or submit online.

:class:`ServiceItem` — one service of a station's catalogue: what, its legal basis, the time
limit, the fee (0 unless a law or regulation provides for one: R14, checked in ``clean()``
for every input path), the kind (public kinds only: R15) and, for a service the government
buys, the provider, contract, period and cost.
:class:`Ticket` — a resident's request: registered by staff at the window or submitted on the
public form (name and phone optional), with a reference number the resident looks it up by.
Its status (received → in progress → done / referred) moves only through the workflow engine
(:mod:`yizhan.web.operations.window`), which stamps the times.

Who may do what is the grant table (``operations.serviceitem``, ``operations.ticket``); the
models declare only their scope lookups. The public may *add* a ticket (``public_field``:
``online`` — an anonymous visitor can only create online submissions) and *view* catalogue
items that are in service (``active``).
"""

from __future__ import annotations

import datetime
import secrets

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from yizhan.policy.service import commercial_finding, fee_finding, yuan
from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.validators import ValidatedModel, in_language

__all__ = ["ServiceKind", "Delivery", "TicketStatus", "ServiceItem", "Ticket",
           "StatusLookup", "DEFAULT_TIME_LIMIT_DAYS", "KIND_REFUSED", "validate_phone"]

_LOG = "workflow.TransitionLog"
#: the time limit of a ticket that names no catalogue item (days)
DEFAULT_TIME_LIMIT_DAYS = 5

class ServiceKind(models.TextChoices):
    """:data:`yizhan.policy.service.SERVICE_KINDS` with translatable labels (a test keeps
    the two lists equal)."""

    ADMINISTRATIVE = "administrative", _("政务代办与证明")
    SOCIAL_SECURITY = "social_security", _("社会保障与救助")
    EMPLOYMENT = "employment", _("就业与培训")
    HEALTH_FAMILY = "health_family", _("卫生计生")
    ELDERLY_DISABLED = "elderly_disabled", _("为老助残")
    HOUSING_RESIDENCE = "housing_residence", _("出租屋与居住登记")
    SAFETY_MEDIATION = "safety_mediation", _("综治维稳与调解")
    CULTURE_EDUCATION = "culture_education", _("文体教育")
    CONSULTATION = "consultation", _("政策咨询")
    OTHER_PUBLIC = "other_public", _("其他公共服务")


class Delivery(models.TextChoices):
    STATION = "station", _("工作站自办")
    PURCHASED = "purchased", _("政府购买服务")


class TicketStatus(models.TextChoices):
    RECEIVED = "received", _("已受理")
    IN_PROGRESS = "in_progress", _("办理中")
    DONE = "done", _("已办结")
    REFERRED = "referred", _("已转办")


CLOSED = (TicketStatus.DONE, TicketStatus.REFERRED)

#: a kind outside the public service kinds (the model's and the form's choice error)
KIND_REFUSED = _("“%(value)s”不是公共服务类别：社区工作站不得从事任何经营性活动（R15，四、（二））。")

validate_phone = RegexValidator(
    r"^[0-9+\-() ]{5,20}$", _("电话号码只能包含数字、空格和 + - ( )，5至20位。"), code="phone")


def _fee_text(fen: int) -> str:
    return gettext("免费") if not fen else _yuan_text(fen)


def _yuan_text(fen: int) -> str:
    return gettext("%(amount)s 元") % {"amount": yuan(fen)}


class ServiceItem(ChangeLoggingMixin, ValidatedModel):
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="service_items", verbose_name=_("社区工作站"))
    name = models.CharField(_("服务事项"), max_length=100)
    kind = models.CharField(_("服务类别"), max_length=24, choices=ServiceKind.choices,
                            error_messages={"invalid_choice": KIND_REFUSED})
    description = models.TextField(_("办理要求"), blank=True,
                                   help_text=_("所需材料、办理地点和流程"))
    legal_basis = models.CharField(_("办理依据"), max_length=300, blank=True,
                                   help_text=_("该事项所依据的法律法规或政策文件"))
    time_limit_days = models.PositiveSmallIntegerField(
        _("办结时限（天）"), default=DEFAULT_TIME_LIMIT_DAYS,
        validators=[MaxValueValidator(365)], help_text=_("0 表示当日办结"))
    fee_fen = models.BigIntegerField(_("收费（分）"), default=0, validators=[MinValueValidator(0)],
                                     help_text=_("除法律法规另有规定外不得收费（四、（二））"))
    fee_basis = models.CharField(_("收费依据"), max_length=300, blank=True,
                                 help_text=_("收费所依据的法律法规及条款；免费事项不填"))
    delivery = models.CharField(_("提供方式"), max_length=12, choices=Delivery.choices,
                                default=Delivery.STATION)
    provider = models.CharField(_("服务提供方"), max_length=200, blank=True)
    contract = models.CharField(_("购买合同编号"), max_length=100, blank=True)
    contract_start = models.DateField(_("合同开始日期"), null=True, blank=True)
    contract_end = models.DateField(_("合同结束日期"), null=True, blank=True)
    cost_fen = models.BigIntegerField(_("购买费用（分）"), null=True, blank=True,
                                      validators=[MinValueValidator(0)])
    active = models.BooleanField(_("对外办理"), default=True,
                                 help_text=_("停办的事项不再对外公布，已有的办件保留"))

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "station__memberships__committee"
    public_field = "active"

    class Meta:
        ordering = ["station", "kind", "name", "pk"]
        verbose_name = _("服务事项")
        verbose_name_plural = _("服务事项")
        constraints = [models.UniqueConstraint(fields=["station", "name"],
                                               name="one_service_name_per_station")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self):
        return reverse("operations:serviceitem", args=[self.pk])

    @property
    def fee_text(self) -> str:
        return _fee_text(self.fee_fen)

    @property
    def cost_text(self) -> str:
        return "" if self.cost_fen is None else _yuan_text(self.cost_fen)

    def clean(self):
        errors: dict[str, list] = {}
        subject = self.name or ""
        found = fee_finding(self.fee_fen, self.fee_basis, subject)
        if found is not None:
            errors["fee_basis"] = [in_language(found.message, found.message_en)]
        if self.kind:
            found = commercial_finding(self.kind, subject)
            if found is not None and "kind" not in errors:
                errors["kind"] = [in_language(found.message, found.message_en)]
        if self.delivery == Delivery.PURCHASED:
            need = {"provider": self.provider, "contract": self.contract,
                    "contract_start": self.contract_start, "contract_end": self.contract_end,
                    "cost_fen": self.cost_fen}
            for name, value in need.items():
                if value in (None, ""):
                    errors.setdefault(name, []).append(
                        _("政府购买服务须登记服务提供方、合同、服务期限和费用。"))
        if self.contract_start and self.contract_end and self.contract_end < self.contract_start:
            errors.setdefault("contract_end", []).append(_("合同结束日期不能早于开始日期。"))
        if self.station_id and self.station.dissolved is not None and self.active:
            errors.setdefault("station", []).append(_("该工作站已撤销，不能对外办理服务。"))
        if errors:
            raise ValidationError(errors)


def new_reference(now: datetime.datetime | None = None) -> str:
    """A reference a resident can read out on the phone: the date and six letters and
    digits without the easily confused ones (0/O, 1/I/L): ``20261201-7K3QX9``. Random, so
    a reference cannot be guessed from another one."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    day = timezone.localtime(now or timezone.now()).strftime("%Y%m%d")
    return day + "-" + "".join(secrets.choice(alphabet) for _i in range(6))


class Ticket(ChangeLoggingMixin, ValidatedModel):
    reference = models.CharField(_("查询编号"), max_length=20, unique=True, editable=False)
    station = models.ForeignKey("registry.Station", on_delete=models.PROTECT,
                                related_name="tickets", verbose_name=_("社区工作站"))
    service = models.ForeignKey(ServiceItem, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="tickets", verbose_name=_("服务事项"),
                                help_text=_("不在目录中的事项可不选"))
    subject = models.CharField(_("事由"), max_length=200)
    description = models.TextField(_("具体情况"), blank=True)
    name = models.CharField(_("联系人"), max_length=50, blank=True, help_text=_("可不填"))
    phone = models.CharField(_("联系电话"), max_length=20, blank=True,
                             validators=[validate_phone], help_text=_("可不填"))
    online = models.BooleanField(_("网上提交"), default=False, editable=False)
    status = models.CharField(_("状态"), max_length=16, choices=TicketStatus.choices,
                              default=TicketStatus.RECEIVED, db_index=True)
    received_at = models.DateTimeField(_("受理时间"), default=timezone.now, editable=False)
    due_at = models.DateTimeField(_("办结期限"), editable=False)
    started_at = models.DateTimeField(_("开始办理时间"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True, editable=False)
    #: a keyed hash of the submitting address (online submissions only), for the limit on
    #: submissions per address; never shown
    source_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    transitions = GenericRelation(_LOG, related_query_name="service_ticket")

    objects = RestrictedQuerySet.as_manager()
    scope_field = "station__subdistrict"
    station_field = "station"
    public_field = "online"
    #: what the change log leaves out: the resident's contact details stay in the record,
    #: not in copies of it
    changelog_exclude = ("source_key",)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("办件")
        verbose_name_plural = _("办件")

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self):
        return reverse("operations:ticket", args=[self.pk])

    def clean(self):
        if self.station_id and self._state.adding and self.station.dissolved is not None:
            raise ValidationError({"station": _("该工作站已撤销，不能受理新的办件。")})
        if (self.service_id and self.station_id
                and self.service.station_id != self.station_id):
            raise ValidationError({"service": _("该服务事项不属于所选的工作站。")})
        if self.service_id and not self.service.active:
            raise ValidationError({"service": _("该服务事项已停办。")})

    def save(self, *args, **kwargs):
        if not self.reference:
            self.reference = new_reference(self.received_at)
        if self.due_at is None:
            self.due_at = due_time(self.received_at, self.service.time_limit_days
                                   if self.service_id else DEFAULT_TIME_LIMIT_DAYS)
        super().save(*args, **kwargs)

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    def overdue_at(self, now=None) -> bool:
        """Past its time limit: still open after the due time, or closed after it."""
        end = self.closed_at if self.closed else (now or timezone.now())
        return end is not None and end > self.due_at


class StatusLookup(models.Model):
    """One lookup on the public status page (``/open/status/``), for the limit of lookups
    per client address (:func:`yizhan.web.operations.window.lookup_wait`): a keyed hash of
    the address and the time — not the address, not the reference looked up. Rows older
    than the limit's window are deleted as new ones come. A counter, not a record: no
    input of anyone's is stored, so it is neither validated nor change-logged (as the login
    throttle's attempts are not)."""

    source_key = models.CharField(max_length=64, editable=False)
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["source_key", "at"], name="ops_lookup_key_at")]
        verbose_name = _("公开查询记录")
        verbose_name_plural = _("公开查询记录")


def due_time(received: datetime.datetime, days: int) -> datetime.datetime:
    """The end of the local day ``days`` after ``received`` (0: the same day)."""
    local = timezone.localtime(received)
    day = local.date() + datetime.timedelta(days=days)
    end = datetime.datetime.combine(day, datetime.time(23, 59, 59))
    return timezone.make_aware(end, local.tzinfo)
