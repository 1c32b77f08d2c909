"""Edit forms of the registry (one per model; related choices restricted to the user)."""

from __future__ import annotations

from django import forms

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.registry import models as m

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
        widgets = {"start": _date, "end": _date}


class PartyOrganisationForm(RestrictedModelForm):
    class Meta:
        model = m.PartyOrganisation
        fields = ["name", "kind", "station", "committee", "members"]


class FacilityForm(RestrictedModelForm):
    class Meta:
        model = m.Facility
        fields = ["kind", "station", "committee", "area_m2", "status"]


class AssetForm(RestrictedModelForm):
    class Meta:
        model = m.Asset
        fields = ["description", "station", "committee", "value_fen", "state_owned", "status",
                  "cleared"]
