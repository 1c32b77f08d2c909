"""What an applied rollout leaves behind: its record, the asset clearance list, the funds.

Stations, memberships, posts and party organisations are the registry's own records; the
rollout writes them there (:mod:`yizhan.web.rollout.writer`). What the registry has no place
for lives here: the record of each rollout (who applied what, when, with which result), the
clearance list of R11 §2(8) with its statuses and the audit sign-off, and the 固本强基 fund
allocations of R12 §2(9); the heads and leading posts with their candidate lists, selection
and filings (R10 §2(7): :class:`Appointment`, :class:`Candidate`, :class:`Filing`), and the
approval and filing of each party organisation a rollout sets up or re-sets (R9 §2(6):
:class:`PartyOrgApproval`). All are change-logged and restricted by subdistrict; the states
move only through the workflow engine (:mod:`yizhan.web.rollout.appointments`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.registry.choices import PartyKind
from yizhan.web.registry.models import Asset, Station, Subdistrict
from yizhan.web.validators import ValidatedModel

__all__ = ["RolloutRecord", "AssetClearance", "ClearanceStatus", "FundAllocation",
           "AppointmentPost", "AppointmentStatus", "FilingBody", "REQUIRED_FILINGS", "Education",
           "Appointment", "AppointmentPart", "Candidate", "Filing", "PartyApprovalStatus",
           "PartyOrgApproval"]


class RolloutModel(ChangeLoggingMixin, ValidatedModel):
    """A rollout record; one that names ``subdistrict_from`` (the field of the station,
    appointment or organisation it belongs to) takes its subdistrict from there on every save,
    so the scope a user's rights are checked against cannot disagree with the record's owner."""

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"
    subdistrict_from: str | None = None

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.subdistrict_from:
            self.subdistrict_id = getattr(self, self.subdistrict_from).subdistrict_id
        super().save(*args, **kwargs)


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
    #: plan pk → {"fingerprint", "inputs"}: the plan's check inputs right after this rollout
    #: (:func:`yizhan.web.planning.authority.applied_baseline`)
    baselines = models.JSONField(_("实施后的检查输入"), default=dict, editable=False)
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

    subdistrict_from = "station"

    class Meta:
        ordering = ["station", "start"]
        verbose_name = _("固本强基项目资金")
        verbose_name_plural = pgettext_lazy("plural", "固本强基项目资金")

    def __str__(self) -> str:
        return f"{self.station} {self.amount_fen // 100:,}.{self.amount_fen % 100:02d}"


# ------------------------------------------------------------ heads and appointments (R10)
class AppointmentPost(models.TextChoices):
    """The leading posts of a station and its party organisation (二、（七））. There is no
    deputy-head choice: "只设站长，不设副站长"."""

    HEAD = "head", _("站长")
    SECRETARY = "secretary", _("社区党组织书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("社区党组织副书记")
    ASSISTANT = "assistant", _("站长助理")


class AppointmentStatus(models.TextChoices):
    NOMINATED = "nominated", _("提名中")
    SELECTED = "selected", _("已选定")
    FILED = "filed", _("已备案")
    APPOINTED = "appointed", _("已任职")
    WITHDRAWN = "withdrawn", _("已撤回")


class FilingBody(models.TextChoices):
    """Where an appointment is filed (二、（七））."""

    ORGANISATION = "organisation", _("区委组织部")
    PERSONNEL = "personnel", _("区人事局")
    CIVIL_AFFAIRS = "civil_affairs", _("区民政局")


#: the filings the document requires before a post is taken up (二、（七））: station posts
#: "报区人事局、区民政局备案"; the community party organisation's secretary "任前报区委组织部
#: 备案". The document names no filing for a deputy secretary (one may still be recorded).
REQUIRED_FILINGS = {
    AppointmentPost.HEAD: (FilingBody.PERSONNEL, FilingBody.CIVIL_AFFAIRS),
    AppointmentPost.ASSISTANT: (FilingBody.PERSONNEL, FilingBody.CIVIL_AFFAIRS),
    AppointmentPost.SECRETARY: (FilingBody.ORGANISATION,),
    AppointmentPost.DEPUTY_SECRETARY: (),
}
#: filings that must be dated before the post is taken up ("任前")
FILED_BEFORE = {(AppointmentPost.SECRETARY, FilingBody.ORGANISATION)}


class Education(models.TextChoices):
    GRADUATE = "graduate", _("研究生")
    BACHELOR = "bachelor", _("大学本科")
    COLLEGE = "college", _("大学专科")
    SECONDARY = "secondary", _("高中、中专")
    BASIC = "basic", _("初中及以下")


class Appointment(RolloutModel):
    """One leading post to fill at a station: the candidates (:class:`Candidate`), the person
    selected, the filings (:class:`Filing`) and the day the post is taken up.

    ``status`` moves only through the workflow engine (:mod:`yizhan.web.rollout.appointments`):
    nominated → selected → filed → appointed, or withdrawn. Taking the post up writes the
    registry's posts and is refused, with everything rolled back, when the station would
    break R10 (or R8) afterwards.
    """

    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("社区工作站"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    editable=False, verbose_name=_("街道"))
    post = models.CharField(_("职务"), max_length=20, choices=AppointmentPost.choices)
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, null=True,
                               blank=True, related_name="+", verbose_name=_("选定人选"),
                               help_text=_("须为候选人之一"))
    effective = models.DateField(_("任职日期"))
    status = models.CharField(_("状态"), max_length=12, choices=AppointmentStatus.choices,
                              default=AppointmentStatus.NOMINATED, db_index=True)
    note = models.TextField(_("备注"), blank=True)
    created = models.DateTimeField(_("创建时间"), auto_now_add=True)
    #: when the post was taken up (the ``appoint`` move)
    appointed_at = models.DateTimeField(_("任职办理时间"), null=True, blank=True, editable=False)
    #: plan pk → {"fingerprint", "inputs"}: the check inputs right after the post was taken up,
    #: for the approved plans that were fresh just before
    #: (:func:`yizhan.web.planning.authority.applied_baseline`)
    baselines = models.JSONField(_("任职后的检查输入"), default=dict, editable=False)
    transitions = GenericRelation("workflow.TransitionLog", related_query_name="appointment")

    station_field = "station"
    subdistrict_from = "station"

    class Meta:
        ordering = ["station", "post", "-pk"]
        verbose_name = _("任职")
        verbose_name_plural = pgettext_lazy("plural", "任职")

    def __str__(self) -> str:
        return f"{self.station} · {self.get_post_display()}"

    def get_absolute_url(self):
        return reverse("rollout:appointment", args=[self.pk])

    def clean(self):
        errors = {}
        if self.post == "deputy_head":
            errors["post"] = _("不设副站长（R10，二、（七））。")
        if self.station_id and self.station.dissolved is not None:
            errors["station"] = _("工作站已撤销，不能任职。")
        if self.person_id and self.pk and not self.candidates.filter(
                person_id=self.person_id).exists():
            errors["person"] = _("选定人选须为候选人之一。")
        if errors:
            raise ValidationError(errors)

    def required_filings(self) -> tuple[str, ...]:
        return REQUIRED_FILINGS.get(self.post, ())

    def missing_filings(self) -> list[str]:
        have = set(self.filings.values_list("body", flat=True))
        return [b for b in self.required_filings() if b not in have]


class AppointmentPart(RolloutModel):
    """A record that belongs to one appointment (a candidate, a filing): its station (the
    scope ``station_field`` reads), its subdistrict (``subdistrict_from``) and its page are
    the appointment's."""

    station_field = "appointment__station"
    subdistrict_from = "appointment"

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return self.appointment.get_absolute_url()


class Candidate(AppointmentPart):
    """One person on an appointment's candidate list, with the criteria the document names
    (二、（七）: "综合考虑学历、年龄、能力等因素"): education, date of birth (the age on the
    day of taking up the post is computed), years of community work, an assessment."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="candidates", verbose_name=_("任职"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    editable=False, verbose_name=_("街道"))
    person = models.ForeignKey("registry.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("人员"))
    education = models.CharField(_("学历"), max_length=12, choices=Education.choices)
    birth_date = models.DateField(_("出生日期"))
    experience_years = models.PositiveSmallIntegerField(
        _("社区工作年限"), validators=[MaxValueValidator(60)])
    assessment = models.TextField(_("能力评价"))
    nominated_by = models.CharField(_("提名单位"), max_length=100, default="街道党工委")

    class Meta:
        ordering = ["appointment", "pk"]
        verbose_name = _("候选人")
        verbose_name_plural = pgettext_lazy("plural", "候选人")
        constraints = [models.UniqueConstraint(fields=["appointment", "person"],
                                               name="one_candidacy_per_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.appointment}"

    def clean(self):
        if self.appointment_id and self.appointment.status != AppointmentStatus.NOMINATED:
            raise ValidationError(_("人选已选定，候选人名单不能再改动。"))
        if self.birth_date and self.appointment_id and self.birth_date >= self.appointment.effective:
            raise ValidationError({"birth_date": _("出生日期须早于任职日期。")})

    @property
    def age(self) -> int:
        """Age in full years on the day the post is taken up."""
        day, born = self.appointment.effective, self.birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Filing(AppointmentPart):
    """The filing of one appointment with one body: date and document number."""

    appointment = models.ForeignKey(Appointment, on_delete=models.CASCADE,
                                    related_name="filings", verbose_name=_("任职"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    editable=False, verbose_name=_("街道"))
    body = models.CharField(_("备案机关"), max_length=16, choices=FilingBody.choices)
    filed_on = models.DateField(_("备案日期"))
    reference = models.CharField(_("文号"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+", editable=False,
                                    verbose_name=_("登记人"))

    class Meta:
        ordering = ["appointment", "body"]
        verbose_name = _("任职备案")
        verbose_name_plural = pgettext_lazy("plural", "任职备案")
        constraints = [models.UniqueConstraint(fields=["appointment", "body"],
                                               name="one_filing_per_body")]

    def __str__(self) -> str:
        return f"{self.appointment} · {self.get_body_display()} {self.filed_on}"

    def clean(self):
        a = self.appointment if self.appointment_id else None
        if a is None:
            return
        if a.status in (AppointmentStatus.APPOINTED, AppointmentStatus.WITHDRAWN):
            raise ValidationError(_("任职已办结，不能再登记备案。"))
        if (a.post, self.body) in FILED_BEFORE and self.filed_on and self.filed_on > a.effective:
            raise ValidationError({"filed_on": _(
                "社区党组织书记须任前报区委组织部备案（R10，二、（七））：备案日期不能晚于任职日期%(day)s。")
                % {"day": a.effective}})


# --------------------------------------------------------- party organisations re-set (R9)
class PartyApprovalStatus(models.TextChoices):
    PROPOSED = "proposed", _("待审批")
    APPROVED = "approved", _("已批准")
    FILED = "filed", _("已备案")


class PartyOrgApproval(RolloutModel):
    """The approval (by the subdistrict's party working committee, 街道党工委) and the filing
    (with the district organisation department, 区委组织部) of a party organisation set up or
    re-set by a rollout (R9 二、（六））: the kind it is set up as and its members then.

    ``status`` moves through the workflow engine: proposed → approved (the approval's date and
    number recorded; the kind must be the one the member thresholds give) → filed.
    """

    organisation = models.ForeignKey("registry.PartyOrganisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("社区党组织"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, related_name="+",
                                    editable=False, verbose_name=_("街道"))
    record = models.ForeignKey(RolloutRecord, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="party_approvals", verbose_name=_("整合实施记录"))
    kind = models.CharField(_("组织形式"), max_length=16,
                            choices=PartyKind.choices)
    members = models.PositiveIntegerField(_("党员数"))
    approved_by = models.CharField(_("审批机关"), max_length=100, default="街道党工委")
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    approval_ref = models.CharField(_("批准文号"), max_length=100, blank=True)
    filed_on = models.DateField(_("备案日期"), null=True, blank=True,
                                help_text=_("报区委组织部备案"))
    filing_ref = models.CharField(_("备案文号"), max_length=100, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=PartyApprovalStatus.choices,
                              default=PartyApprovalStatus.PROPOSED, db_index=True)
    transitions = GenericRelation("workflow.TransitionLog", related_query_name="party_approval")

    station_field = ("organisation__station", "organisation__committee__memberships__station")
    subdistrict_from = "organisation"

    class Meta:
        ordering = ["subdistrict", "organisation", "-pk"]
        verbose_name = _("党组织设置审批")
        verbose_name_plural = pgettext_lazy("plural", "党组织设置审批")

    def __str__(self) -> str:
        return f"{self.organisation} · {self.get_kind_display()}"

    def get_absolute_url(self):
        return reverse("rollout:party_approval", args=[self.pk])

    def clean(self):
        if self.approved_on and self.filed_on and self.filed_on < self.approved_on:
            raise ValidationError({"filed_on": _("备案日期不能早于批准日期。")})
