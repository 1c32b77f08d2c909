"""Choices of the registry, with the codes of docs/formats.md and Chinese labels."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommunityType(models.TextChoices):
    MID_HIGH_END = "mid_high_end", _("中高档社区")
    OLD_RESIDENTIAL = "old_residential", _("老住宅区社区")
    URBAN_VILLAGE = "urban_village", _("城中村社区")
    ENCLAVE = "enclave", _("插花地社区")


class FacilityStatus(models.TextChoices):
    MEETS = "meets", _("已达标")
    THIS_YEAR = "this_year", _("年内可达标")
    HARD = "hard", _("年内较难达标")


class OrgKind(models.TextChoices):
    STATION = "station", _("社区工作站")
    COMMITTEE = "committee", _("社区居委会")
    PARTY = "party", _("社区党组织")


class PostRole(models.TextChoices):
    # station
    HEAD = "head", _("站长")
    ASSISTANT = "assistant", _("站长助理")
    STAFF = "staff", _("工作人员")
    # committee
    DIRECTOR = "director", _("主任")
    DEPUTY = "deputy", _("副主任")
    MEMBER = "member", _("委员")
    # party
    SECRETARY = "secretary", _("书记")
    DEPUTY_SECRETARY = "deputy_secretary", _("副书记")


#: which roles belong to which kind of organisation (docs/formats.md posts.csv)
ROLES_BY_ORG = {
    OrgKind.STATION: {PostRole.HEAD, PostRole.ASSISTANT, PostRole.STAFF},
    OrgKind.COMMITTEE: {PostRole.DIRECTOR, PostRole.DEPUTY, PostRole.MEMBER},
    OrgKind.PARTY: {PostRole.SECRETARY, PostRole.DEPUTY_SECRETARY, PostRole.MEMBER},
}


class PartyKind(models.TextChoices):
    BRANCH = "branch", _("党支部")
    GENERAL_BRANCH = "general_branch", _("党总支")
    COMMITTEE = "committee", _("党委")


class AssetStatus(models.TextChoices):
    IN_USE = "in_use", _("在用")
    TRANSFERRED = "transferred", _("已移交")
    DISPOSED = "disposed", _("已处置")
