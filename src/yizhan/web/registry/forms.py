"""Edit forms of the registry (one per model; related choices restricted to the user)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.registry import models as m
from yizhan.web.widgets import SearchSelect

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubdistrictForm(RestrictedModelForm):
    class Meta:
        model = m.Subdistrict
        fields = ["name", "street_code"]


class CommitteeForm(RestrictedModelForm):
    class Meta:
        model = m.Committee
        fields = ["code", "name", "subdistrict", "nbs_code", "type", "households", "population",
                  "area_km2", "self_contained", "party_members", "office_m2", "office_status",
                  "service_m2", "service_status", "plaza_m2", "plaza_status", "x", "y",
                  "geometry", "synthetic"]
        widgets = {"geometry": forms.Textarea(attrs={"rows": 3})}


class StationForm(RestrictedModelForm):
    class Meta:
        model = m.Station
        fields = ["code", "name", "subdistrict", "established", "dissolved"]
        widgets = {"established": _date, "dissolved": _date}


class StationMembershipForm(RestrictedModelForm):
    class Meta:
        model = m.StationMembership
        fields = ["station", "committee", "start", "end"]
        widgets = {"start": _date, "end": _date}


class PersonForm(RestrictedModelForm):
    class Meta:
        model = m.Person
        fields = ["person_id", "name", "subdistrict", "synthetic"]


class PostForm(RestrictedModelForm):
    class Meta:
        model = m.Post
        fields = ["person", "org_kind", "station", "committee", "party_organisation", "role",
                  "start", "end"]
        widgets = {"start": _date, "end": _date,
                   "person": SearchSelect("api:person_list", ("name", "person_id"))}


class PartyOrganisationForm(RestrictedModelForm):
    class Meta:
        model = m.PartyOrganisation
        fields = ["name", "kind", "station", "committee", "members"]


class FacilityForm(RestrictedModelForm):
    class Meta:
        model = m.Facility
        fields = ["kind", "station", "committee", "area_m2", "status"]


class YuanField(forms.DecimalField):
    """Money as people write it, in 元 with up to two decimals (12,345.67), stored as an
    integer number of 分 (DESIGN.md: money in fen, shown in 元)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=17, decimal_places=2, min_value=0, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):  # the stored fen
            return f"{value // 100}.{value % 100:02d}"
        return value

    def clean(self, value):
        yuan = super().clean(value)
        return None if yuan is None else int(yuan * 100)


class AssetForm(RestrictedModelForm):
    value_fen = YuanField(label=_("价值（元）"))

    class Meta:
        model = m.Asset
        fields = ["description", "station", "committee", "value_fen", "state_owned", "status",
                  "cleared"]
