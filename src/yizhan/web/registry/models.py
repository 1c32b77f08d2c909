"""Registry models (SPEC.md §1). Every model is change-logged and restricted by subdistrict.

Stations and committees are separate: a :class:`StationMembership` says which committees a
station serves from ``start`` to ``end``. History is never deleted: ending a membership sets
``end``; a committee has at most one open membership at a time.

Facilities: one record per fact. A committee's office, service and plaza areas (and their
survey statuses) are fields of :class:`Committee`; a station's are *derived* from the
committees it serves (:meth:`Station.facilities`, the largest member's area or the sum, by
the policy's setting) — the way the planner and the checker count them (R4/R5 §2(3)). There
is no separate station facility record to fall out of step (issue 8 item 6).

Posts, party organisations and assets belong to a station or a committee
(:class:`OwnedByOrg`); their ``subdistrict`` is copied from the owner on save so that
:func:`yizhan.web.permissions.restrict` filters them with one lookup.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.geo.validate import LAT_RANGE, LON_RANGE
from yizhan.web.changelog.models import ChangeLoggingMixin
from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.registry.choices import (
    ROLES_BY_ORG, AssetStatus, CommunityType, FacilityStatus, OrgKind, PartyKind,
    PostRole)
from yizhan.web.validators import ValidatedModel, validate_boundary, validate_code
from yizhan.web.versioning import VersionedModel

__all__ = ["Subdistrict", "Committee", "CommitteeAdjacency", "Station", "StationMembership",
           "Person", "Post", "PartyOrganisation", "Asset", "REGISTRY_MODELS"]

_nonneg = [MinValueValidator(0)]


class RegistryModel(VersionedModel, ChangeLoggingMixin, ValidatedModel):
    """Change-logged, restricted by subdistrict, validated, and versioned (a stale edit is
    refused)."""

    objects = RestrictedQuerySet.as_manager()
    #: the lookups of the scopes in yizhan.web.grants (station and committee scopes read a
    #: record their station or committee has ever held: history included)
    scope_field: str | None = "subdistrict"
    station_field: str | tuple[str, ...] | None = None
    committee_field: str | tuple[str, ...] | None = None
    changelog_exclude = ("version",)  # the log shows what changed, not the counter

    class Meta:
        abstract = True

    def get_absolute_url(self):
        return reverse(f"registry:{self._meta.model_name}", args=[self.pk])


class MembershipSide(models.Model):
    """A committee or a station: one side of a :class:`StationMembership`.

    Remembers the subdistrict it was loaded with, so that ``clean()`` can tell a move to
    another subdistrict (R6 §2(4): a station never crosses one) from any other edit, and
    asks the database only for a move.
    """

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        obj._loaded_subdistrict_id = obj.__dict__.get("subdistrict_id")
        return obj

    def open_membership_across(self, side: str, other: str):
        """An open membership whose ``other`` side lies outside this record's subdistrict.

        ``side`` is this record's field on :class:`StationMembership` (``"committee"`` or
        ``"station"``), ``other`` the opposite one. None for a new or unmoved record, with no
        query (an import checks thousands of rows).
        """
        if self.pk is None or self.subdistrict_id is None \
                or self.subdistrict_id == getattr(self, "_loaded_subdistrict_id", None):
            return None
        return (StationMembership.objects
                .filter(**{f"{side}_id": self.pk}, end__isnull=True)
                .exclude(**{f"{other}__subdistrict_id": self.subdistrict_id})
                .select_related(f"{other}__subdistrict").first())


class Subdistrict(RegistryModel):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    street_code = models.CharField(
        _("街道代码"), max_length=9, blank=True,
        validators=[RegexValidator(r"^\d{9}$", _("街道代码应为9位数字（2023年统计用区划代码）。"))],
        help_text=_("2023年统计用区划代码前9位"))

    scope_field = "pk"

    class Meta:
        ordering = ["pk"]
        verbose_name = _("街道")
        verbose_name_plural = pgettext_lazy("plural", "街道")

    def __str__(self) -> str:
        return self.name


class Committee(MembershipSide, RegistryModel):
    code = models.CharField(_("编码"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("名称"), max_length=50)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT,
                                    related_name="committees", verbose_name=_("街道"))
    nbs_code = models.CharField(
        _("统计用区划代码"), max_length=12, blank=True,
        validators=[RegexValidator(r"^\d{12}$", _("统计用区划代码应为12位数字。"))])
    households = models.PositiveIntegerField(_("户数"), default=0)
    population = models.PositiveIntegerField(_("人口"), null=True, blank=True)
    area_km2 = models.FloatField(_("面积（平方公里）"), null=True, blank=True, validators=_nonneg)
    type = models.CharField(_("类型"), max_length=20, choices=CommunityType.choices, blank=True)
    self_contained = models.BooleanField(_("独立完整"), default=False,
                                         help_text=_("相对独立、物业管理完善的大型社区（§2(2)）"))
    party_members = models.PositiveIntegerField(_("党员数"), default=0)
    office_m2 = models.FloatField(_("办公用房（平方米）"), default=0, validators=_nonneg)
    service_m2 = models.FloatField(_("服务设施（平方米）"), default=0, validators=_nonneg)
    plaza_m2 = models.FloatField(_("文体广场（平方米）"), default=0, validators=_nonneg)
    office_status = models.CharField(_("办公用房状态"), max_length=12,
                                     choices=FacilityStatus.choices, blank=True)
    service_status = models.CharField(_("服务设施状态"), max_length=12,
                                      choices=FacilityStatus.choices, blank=True)
    plaza_status = models.CharField(_("文体广场状态"), max_length=12,
                                    choices=FacilityStatus.choices, blank=True)
    geometry = models.TextField(_("边界（GeoJSON）"), blank=True)
    x = models.FloatField(_("经度"), null=True, blank=True,
                          validators=[MinValueValidator(LON_RANGE[0]), MaxValueValidator(LON_RANGE[1])])
    y = models.FloatField(_("纬度"), null=True, blank=True,
                          validators=[MinValueValidator(LAT_RANGE[0]), MaxValueValidator(LAT_RANGE[1])])
    synthetic = models.BooleanField(_("合成数据"), default=False)

    station_field = "memberships__station"
    committee_field = "pk"

    class Meta:
        ordering = ["code"]
        verbose_name = _("社区居委会")
        verbose_name_plural = pgettext_lazy("plural", "社区居委会")
        constraints = [models.UniqueConstraint(fields=["subdistrict", "name"],
                                               name="committee_unique_name_in_subdistrict")]

    def __str__(self) -> str:
        return self.name

    def serialize_object(self) -> dict:
        data = super().serialize_object()
        if data.get("geometry"):  # keep the log small: a digest stands for the polygon
            data["geometry"] = "sha1:" + hashlib.sha1(data["geometry"].encode()).hexdigest()[:12]
        return data

    def clean(self):
        errors = {}
        if self.geometry:
            try:
                validate_boundary(self.geometry)
            except ValidationError as exc:
                errors["geometry"] = exc.error_list
        station = self.station_elsewhere()
        if station is not None:
            errors["subdistrict"] = _(
                "该居委会目前由“%(station)s”工作站（%(sub)s街道）服务，工作站不能跨街道（§2(4)）："
                "请先结束这一服务关系，再把居委会改到其他街道。") % {
                "station": station.name, "sub": station.subdistrict.name}
        if errors:
            raise ValidationError(errors)

    def station_elsewhere(self):
        """The station of this committee's open membership if it lies in another subdistrict.

        A committee moving to another subdistrict while a station there still serves it would
        make that station cross subdistricts; ending the membership is a decision about who
        serves the residents, so it is left to the user, never taken by a move.
        """
        membership = self.open_membership_across("committee", "station")
        return membership.station if membership else None

    @property
    def current_membership(self):
        """The open membership; list views prefetch it as ``open_memberships`` (one query
        for the page instead of one per row)."""
        prefetched = getattr(self, "open_memberships", None)
        if prefetched is not None:
            return prefetched[0] if prefetched else None
        return self.memberships.filter(end__isnull=True).select_related("station").first()


class CommitteeAdjacency(RegistryModel):
    """Two committees sharing a border (adjacency.csv); ``a`` < ``b`` by primary key."""

    a = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+",
                          verbose_name=_("社区居委会甲"))
    b = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="+",
                          verbose_name=_("社区居委会乙"))

    scope_field = "a__subdistrict"

    class Meta:
        verbose_name = _("相邻关系")
        verbose_name_plural = pgettext_lazy("plural", "相邻关系")
        constraints = [models.UniqueConstraint(fields=["a", "b"], name="adjacency_unique_pair")]

    def __str__(self) -> str:
        return f"{self.a} — {self.b}"


class Station(MembershipSide, RegistryModel):
    code = models.CharField(_("编码"), max_length=32, unique=True, validators=[validate_code])
    name = models.CharField(_("名称"), max_length=100)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT,
                                    related_name="stations", verbose_name=_("街道"))
    established = models.DateField(_("设立日期"), null=True, blank=True)
    dissolved = models.DateField(_("撤销日期"), null=True, blank=True)

    station_field = "pk"
    committee_field = "memberships__committee"

    class Meta:
        ordering = ["code"]
        verbose_name = _("社区工作站")
        verbose_name_plural = pgettext_lazy("plural", "社区工作站")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        if self.established and self.dissolved and self.dissolved < self.established:
            errors["dissolved"] = _("撤销日期不能早于设立日期。")
        committee = self.committee_elsewhere()
        if committee is not None:
            errors["subdistrict"] = _(
                "该工作站目前服务“%(committee)s”居委会（%(sub)s街道），工作站不能跨街道（§2(4)）："
                "请先结束这一服务关系，再把工作站改到其他街道。") % {
                "committee": committee.name, "sub": committee.subdistrict.name}
        if errors:
            raise ValidationError(errors)

    def committee_elsewhere(self):
        """A committee this station serves (open membership) outside the station's subdistrict.

        The station-side twin of :meth:`Committee.station_elsewhere`: moving a station to
        another subdistrict while it still serves committees of the old one would make it
        cross subdistricts, so the move waits until the user has ended those memberships.
        """
        membership = self.open_membership_across("station", "committee")
        return membership.committee if membership else None

    @property
    def active(self) -> bool:
        return self.dissolved is None

    def current_committees(self):
        return Committee.objects.filter(memberships__station=self, memberships__end__isnull=True)

    def facilities(self, policy=None) -> dict[str, float]:
        """The station's office, service and plaza areas (m²), derived from the committees it
        serves by :func:`yizhan.core.metrics.facility_area` with the policy's aggregation."""
        from yizhan.core.metrics import facility_area
        from yizhan.core.policy import Policy

        how = (policy or Policy()).facilities.aggregation
        rows = list(self.current_committees().values_list("office_m2", "service_m2", "plaza_m2"))
        return {kind: facility_area([r[i] for r in rows], how)
                for i, kind in enumerate(("office", "service", "plaza"))}


class StationMembership(RegistryModel):
    station = models.ForeignKey(Station, on_delete=models.PROTECT, related_name="memberships",
                                verbose_name=_("社区工作站"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT,
                                  related_name="memberships", verbose_name=_("社区居委会"))
    start = models.DateField(_("开始日期"))
    end = models.DateField(_("结束日期"), null=True, blank=True)

    scope_field = "station__subdistrict"
    station_field = "station"
    committee_field = "committee"

    class Meta:
        ordering = ["committee__code", "start"]
        verbose_name = _("工作站服务范围")
        verbose_name_plural = pgettext_lazy("plural", "工作站服务范围")
        constraints = [models.UniqueConstraint(fields=["committee"], condition=Q(end__isnull=True),
                                               name="membership_one_open_per_committee")]

    def __str__(self) -> str:
        return f"{self.station} ← {self.committee}"

    def clean(self):
        errors = {}
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("结束日期不能早于开始日期。")
        if self.station_id and self.committee_id and \
                self.station.subdistrict_id != self.committee.subdistrict_id:
            errors["committee"] = _("工作站不能跨街道设置（§2(4)）：该居委会不属于工作站所在街道。")
        if self.end is None and self.committee_id:
            clash = StationMembership.objects.filter(committee_id=self.committee_id,
                                                     end__isnull=True).exclude(pk=self.pk)
            if clash.exists():
                errors["committee"] = _("该居委会已有一个未结束的工作站归属；请先结束原归属。")
        if errors:
            raise ValidationError(errors)


class Person(RegistryModel):
    person_id = models.CharField(_("人员编号"), max_length=32, unique=True,
                                 validators=[validate_code])
    name = models.CharField(_("姓名"), max_length=50)
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, null=True,
                                    related_name="people", verbose_name=_("街道"))
    pay_grade = models.CharField(_("待遇（薪级）"), max_length=32, blank=True,
                                 help_text=_("整合前后保持不变（§2(5)）；未登记则留空"))
    synthetic = models.BooleanField(_("合成数据"), default=False)

    station_field = "posts__station"
    committee_field = "posts__committee"

    class Meta:
        ordering = ["person_id"]
        verbose_name = _("人员")
        verbose_name_plural = pgettext_lazy("plural", "人员")

    def __str__(self) -> str:
        return self.name


class OwnedByOrg(RegistryModel):
    """Belongs to a station or a committee; ``subdistrict`` is copied from the owner."""

    station = models.ForeignKey(Station, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="+", verbose_name=_("社区工作站"))
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, null=True, blank=True,
                                  related_name="+", verbose_name=_("社区居委会"))
    subdistrict = models.ForeignKey(Subdistrict, on_delete=models.PROTECT, editable=False,
                                    related_name="+", verbose_name=_("街道"))

    station_field = ("station", "committee__memberships__station")
    committee_field = "committee"

    class Meta:
        abstract = True

    @property
    def owner(self):
        return self.station if self.station_id else self.committee

    def clean_owner(self, errors: dict) -> None:
        if bool(self.station_id) == bool(self.committee_id):
            errors["station"] = _("请选择工作站或居委会之一（且只能选一个）。")

    def clean(self):
        errors: dict = {}
        self.clean_owner(errors)
        if errors:
            raise ValidationError(errors)

    def copy_scope(self) -> None:
        """The subdistrict is the owner's (save() does this; a bulk insert calls it itself)."""
        owner = self.owner
        if owner is not None:
            self.subdistrict_id = owner.subdistrict_id

    def save(self, *args, update_fields=None, **kwargs):
        self.copy_scope()
        if update_fields is not None:  # a partial save that moves the owner moves the scope
            update_fields = {*update_fields, "subdistrict"}
        super().save(*args, update_fields=update_fields, **kwargs)


class PartyOrganisation(OwnedByOrg):
    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("组织形式"), max_length=16, choices=PartyKind.choices,
                            default=PartyKind.BRANCH)
    members = models.PositiveIntegerField(_("党员数"), default=0)
    parent = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True,
                               related_name="branches", verbose_name=_("上级党组织"),
                               help_text=_("合并后改设总支或党委时，原党组织作为其下属支部（§2(6)）"))
    dissolved = models.DateField(_("撤销日期"), null=True, blank=True)

    class Meta:
        ordering = ["subdistrict", "name"]
        verbose_name = _("社区党组织")
        verbose_name_plural = pgettext_lazy("plural", "社区党组织")

    def __str__(self) -> str:
        return self.name


class Post(OwnedByOrg):
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="posts",
                               verbose_name=_("人员"))
    org_kind = models.CharField(_("组织类别"), max_length=12, choices=OrgKind.choices)
    party_organisation = models.ForeignKey(PartyOrganisation, on_delete=models.PROTECT,
                                           null=True, blank=True, related_name="posts",
                                           verbose_name=_("社区党组织"))
    role = models.CharField(_("职务"), max_length=20, choices=PostRole.choices)
    start = models.DateField(_("任职日期"), null=True, blank=True)
    end = models.DateField(_("离任日期"), null=True, blank=True)

    class Meta:
        ordering = ["subdistrict", "org_kind", "role", "person"]
        verbose_name = _("职务")
        verbose_name_plural = pgettext_lazy("plural", "职务")

    def __str__(self) -> str:
        return f"{self.person} · {self.get_role_display()} · {self.owner or ''}"

    @property
    def owner(self):
        if self.org_kind == OrgKind.PARTY:
            return self.party_organisation
        return self.station if self.org_kind == OrgKind.STATION else self.committee

    def clean_owner(self, errors: dict) -> None:
        need = {OrgKind.STATION: "station", OrgKind.COMMITTEE: "committee",
                OrgKind.PARTY: "party_organisation"}.get(self.org_kind)
        if need and not getattr(self, f"{need}_id"):
            errors[need] = _("请选择该职务所在的组织。")
        # an org_kind outside the choices is clean_fields()'s error, which full_clean()
        # reports together with this method's
        if self.org_kind in ROLES_BY_ORG and self.role \
                and self.role not in ROLES_BY_ORG[self.org_kind]:
            errors["role"] = _("该职务不属于所选的组织类别。")
        if self.end and self.start and self.end < self.start:
            errors["end"] = _("离任日期不能早于任职日期。")


class Asset(OwnedByOrg):
    description = models.CharField(_("资产名称"), max_length=200)
    value_fen = models.BigIntegerField(_("价值（分）"), default=0, validators=_nonneg,
                                       help_text=_("金额以分为单位的整数"))
    state_owned = models.BooleanField(_("国有资产"), default=True)
    status = models.CharField(_("状态"), max_length=12, choices=AssetStatus.choices,
                              default=AssetStatus.IN_USE)
    cleared = models.BooleanField(_("已清理"), default=False, help_text=_("资产清理（§2(8)）"))

    class Meta:
        ordering = ["subdistrict", "pk"]
        verbose_name = _("资产")
        verbose_name_plural = pgettext_lazy("plural", "资产")

    def __str__(self) -> str:
        return self.description

    @property
    def value_yuan(self) -> str:
        return f"{self.value_fen // 100:,}.{self.value_fen % 100:02d}"


REGISTRY_MODELS = [Subdistrict, Committee, Station, StationMembership, Person, Post,
                   PartyOrganisation, Asset]
