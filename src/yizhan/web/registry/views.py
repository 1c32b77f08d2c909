"""Registry views: per model a List/detail/Edit/Delete family on the generic views."""

from __future__ import annotations

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web import generic
from yizhan.web.permissions import restrict
from yizhan.web.registry import forms as f
from yizhan.web.registry import models as m
from yizhan.web.tables import Column


def _rel(model, **lookup):
    """A related list: objects of ``model`` matching ``lookup`` (values are attr names)."""
    def fn(obj, user):
        return restrict(model.objects.filter(**{k: getattr(obj, v) if v != "self" else obj
                                                for k, v in lookup.items()}), user, "view")
    return fn


# ---------------------------------------------------------------- Subdistrict
class SubdistrictListView(generic.ObjectListView):
    model = m.Subdistrict
    columns = ["name", "street_code",
               Column("committees", _("居委会数"), lambda o: o.committees.count()),
               Column("stations", _("现有工作站数"),
                      lambda o: o.stations.filter(dissolved__isnull=True).count())]
    search_fields = ["name", "street_code"]


class SubdistrictView(generic.ObjectView):
    model = m.Subdistrict
    related = [(pgettext_lazy("plural", "社区居委会"), _rel(m.Committee, subdistrict="self")),
               (pgettext_lazy("plural", "社区工作站"), _rel(m.Station, subdistrict="self"))]


class SubdistrictEditView(generic.ObjectEditView):
    model = m.Subdistrict
    form_class = f.SubdistrictForm


class SubdistrictDeleteView(generic.ObjectDeleteView):
    model = m.Subdistrict


# ---------------------------------------------------------------- Committee
def _current_station(o):
    ms = o.current_membership
    return ms.station if ms else ""


def _export_getter(field):
    from django.utils.translation import get_language

    def get(o):
        value = getattr(o, field)
        if field in ("type", "office_status", "service_status", "plaza_status"):
            # Chinese labels in a Chinese export, codes in an English one (both re-import)
            en = (get_language() or "").startswith("en")
            return value if en or not value else getattr(o, f"get_{field}_display")()
        if field == "self_contained":
            return value
        return value
    return get


class CommitteeListView(generic.ObjectListView):
    model = m.Committee
    columns = ["code", Column("name", link=True), "subdistrict", "type", "households",
               "population", "area_km2", "office_m2", "service_m2", "plaza_m2",
               Column("station", _("现属工作站"), _current_station), "synthetic"]
    search_fields = ["code", "name", "nbs_code"]
    filter_fields = ["subdistrict", "type", "self_contained", "synthetic"]

    def base_queryset(self):
        open_memberships = Prefetch(
            "memberships", to_attr="open_memberships",
            queryset=m.StationMembership.objects.filter(end__isnull=True).select_related("station"))
        return m.Committee.objects.select_related("subdistrict").prefetch_related(open_memberships)

    def get_export_columns(self, columns):
        """The units-file columns (docs/formats.md), so an export can be edited and re-imported:
        Chinese headers (编码, 名称, 街道, 户数, …) or, in English, the column codes."""
        from django.utils.translation import get_language

        from yizhan.data.importers.units import ZH_HEADER_OF
        from yizhan.web.registry.instance import UNIT_FIELDS

        en = (get_language() or "").startswith("en")
        out = []
        for col in ["code", "name", "parent", *[c for c in UNIT_FIELDS if c not in ("code", "name")],
                    "station"]:
            label = col if en else ZH_HEADER_OF.get(col, col)
            if col == "parent":
                out.append(Column(col, label, lambda o: o.subdistrict.name))
            elif col == "station":
                out.append(Column(col, label, _current_station))
            else:
                out.append(Column(col, label, _export_getter(col)))
        return out


class CommitteeView(generic.ObjectView):
    model = m.Committee
    related = [(pgettext_lazy("plural", "工作站服务范围"), _rel(m.StationMembership, committee="self")),
               (pgettext_lazy("plural", "社区党组织"), _rel(m.PartyOrganisation, committee="self")),
               (pgettext_lazy("plural", "职务"), _rel(m.Post, committee="self")),
               (pgettext_lazy("plural", "资产"), _rel(m.Asset, committee="self"))]


class CommitteeEditView(generic.ObjectEditView):
    model = m.Committee
    form_class = f.CommitteeForm


class CommitteeDeleteView(generic.ObjectDeleteView):
    model = m.Committee


# ---------------------------------------------------------------- Station
class StationListView(generic.ObjectListView):
    model = m.Station
    columns = ["code", Column("name", link=True), "subdistrict", "established", "dissolved",
               Column("committees", _("服务居委会"),
                      lambda o: "、".join(c.name for c in o.current_committees()))]
    search_fields = ["code", "name"]
    filter_fields = ["subdistrict"]

    def base_queryset(self):
        return m.Station.objects.select_related("subdistrict")


class StationView(generic.ObjectView):
    model = m.Station
    related = [(pgettext_lazy("plural", "工作站服务范围"), _rel(m.StationMembership, station="self")),
               (pgettext_lazy("plural", "职务"), _rel(m.Post, station="self")),
               (pgettext_lazy("plural", "资产"), _rel(m.Asset, station="self"))]

    def detail_fields(self, obj):
        """The station's facilities as the planner counts them: derived from the committees it
        serves (:meth:`Station.facilities`), edited on those committees."""
        areas = obj.facilities()
        note = _("（由所服务居委会计算，在居委会中修改）")
        return super().detail_fields(obj) + [
            (_("办公用房（平方米）") + note, areas["office"]),
            (_("服务设施（平方米）") + note, areas["service"]),
            (_("文体广场（平方米）") + note, areas["plaza"])]


class StationEditView(generic.ObjectEditView):
    model = m.Station
    form_class = f.StationForm


class StationDeleteView(generic.ObjectDeleteView):
    model = m.Station


# ---------------------------------------------------------------- StationMembership
class StationMembershipListView(generic.ObjectListView):
    model = m.StationMembership
    columns = [Column("id", _("编号"), lambda o: o.pk, link=True), "station", "committee",
               "start", "end"]
    search_fields = ["station__name", "committee__name", "committee__code"]
    filter_fields = ["station", "committee"]

    def base_queryset(self):
        return m.StationMembership.objects.select_related("station", "committee")


class StationMembershipView(generic.ObjectView):
    model = m.StationMembership


class StationMembershipEditView(generic.ObjectEditView):
    model = m.StationMembership
    form_class = f.StationMembershipForm


class StationMembershipDeleteView(generic.ObjectDeleteView):
    model = m.StationMembership


# ---------------------------------------------------------------- Person
class PersonListView(generic.ObjectListView):
    model = m.Person
    columns = ["person_id", Column("name", link=True), "subdistrict", "synthetic"]
    search_fields = ["person_id", "name"]
    filter_fields = ["subdistrict"]


class PersonView(generic.ObjectView):
    model = m.Person
    related = [(pgettext_lazy("plural", "职务"), _rel(m.Post, person="self"))]


class PersonEditView(generic.ObjectEditView):
    model = m.Person
    form_class = f.PersonForm


class PersonDeleteView(generic.ObjectDeleteView):
    model = m.Person


# ---------------------------------------------------------------- Post
class PostListView(generic.ObjectListView):
    model = m.Post
    columns = [Column("person", link=True), "org_kind",
               Column("org", _("组织"), lambda o: o.owner or ""), "role", "subdistrict",
               "start", "end"]
    search_fields = ["person__name", "station__name", "committee__name"]
    filter_fields = ["subdistrict", "org_kind", "role"]

    def base_queryset(self):
        return m.Post.objects.select_related("person", "station", "committee",
                                             "party_organisation", "subdistrict")


class PostView(generic.ObjectView):
    model = m.Post


class PostEditView(generic.ObjectEditView):
    model = m.Post
    form_class = f.PostForm


class PostDeleteView(generic.ObjectDeleteView):
    model = m.Post


# ---------------------------------------------------------------- PartyOrganisation
class PartyOrganisationListView(generic.ObjectListView):
    model = m.PartyOrganisation
    columns = ["name", "kind", Column("org", _("所属组织"), lambda o: o.owner or ""),
               "subdistrict", "members"]
    search_fields = ["name"]
    filter_fields = ["subdistrict", "kind"]


class PartyOrganisationView(generic.ObjectView):
    model = m.PartyOrganisation
    related = [(pgettext_lazy("plural", "职务"), _rel(m.Post, party_organisation="self"))]


class PartyOrganisationEditView(generic.ObjectEditView):
    model = m.PartyOrganisation
    form_class = f.PartyOrganisationForm


class PartyOrganisationDeleteView(generic.ObjectDeleteView):
    model = m.PartyOrganisation


# ---------------------------------------------------------------- Asset
class AssetListView(generic.ObjectListView):
    model = m.Asset
    columns = [Column("description", link=True),
               Column("org", _("所属组织"), lambda o: o.owner or ""), "subdistrict",
               Column("value_fen", _("价值（元）"), lambda o: o.value_yuan, sort="value_fen"),
               "state_owned", "status", "cleared"]
    search_fields = ["description"]
    filter_fields = ["subdistrict", "state_owned", "status", "cleared"]


class AssetView(generic.ObjectView):
    model = m.Asset

    def detail_fields(self, obj):
        """Money in 元 (stored in 分)."""
        return [(_("价值（元）"), obj.value_yuan) if name == m.Asset._meta.get_field("value_fen")
                .verbose_name else (name, value) for name, value in super().detail_fields(obj)]


class AssetEditView(generic.ObjectEditView):
    model = m.Asset
    form_class = f.AssetForm


class AssetDeleteView(generic.ObjectDeleteView):
    model = m.Asset
