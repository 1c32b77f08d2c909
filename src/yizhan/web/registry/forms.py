"""Edit forms of the registry (one per model; related choices restricted to the user)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yizhan.web.generic import RestrictedModelForm
from yizhan.web.registry import models as m
from yizhan.web.uploads import refuse_oversize
from yizhan.web.validators import in_language, validate_boundary
from yizhan.web.widgets import SearchSelect

_date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SubdistrictForm(RestrictedModelForm):
    class Meta:
        model = m.Subdistrict
        fields = ["name", "street_code"]


def read_boundary_file(upload) -> str:
    """The GeoJSON text of an uploaded boundary: a geometry, a Feature, or a collection of
    exactly one Feature (what GIS software exports for one polygon), checked by
    :func:`yizhan.geo.validate.boundary` (through :func:`validate_boundary`)."""
    import json

    from yizhan.data.importers.problems import ProblemList
    from yizhan.data.importers.sources import decode_text

    refuse_oversize(upload)
    problems = ProblemList(upload.name)
    text = decode_text(upload.read(), problems)
    if text is None:
        raise forms.ValidationError(in_language(problems.items[0].message,
                                                problems.items[0].message_en))
    try:
        data = json.loads(text)
    except ValueError:
        raise forms.ValidationError(_("文件不是有效的 GeoJSON（JSON 格式错误）。")) from None
    if isinstance(data, dict) and data.get("type") == "FeatureCollection":
        features = data.get("features") or []
        if len(features) != 1:
            raise forms.ValidationError(
                _("文件中有 %(n)d 个要素；一个居委会的边界文件只能有一个。") % {"n": len(features)})
        data = features[0]
    if isinstance(data, dict) and data.get("type") == "Feature":
        data = data.get("geometry")
    geometry = json.dumps(data, ensure_ascii=False)
    validate_boundary(geometry)
    return geometry


_COMMITTEE_FIELDS = ["code", "name", "subdistrict", "nbs_code", "type", "households",
                     "population", "area_km2", "self_contained", "party_members", "office_m2",
                     "office_status", "service_m2", "service_status", "plaza_m2", "plaza_status",
                     "x", "y", "synthetic"]


class CommitteeForm(RestrictedModelForm):
    """The boundary is uploaded as a GeoJSON file (or removed), not typed as JSON; the API
    takes it as GeoJSON in the JSON body (``api_fields``), checked by the same model rule."""

    api_fields = [*_COMMITTEE_FIELDS, "geometry"]

    boundary_file = forms.FileField(
        label=_("边界文件（GeoJSON）"), required=False,
        help_text=_("上传一个 GeoJSON 文件（多边形，WGS84 经纬度）；留空则保留现有边界"),
        widget=forms.ClearableFileInput(attrs={"accept": ".geojson,.json,application/geo+json"}))
    clear_boundary = forms.BooleanField(label=_("删除现有边界"), required=False)

    class Meta:
        model = m.Committee
        fields = _COMMITTEE_FIELDS

    def clean_boundary_file(self):
        upload = self.cleaned_data.get("boundary_file")
        return read_boundary_file(upload) if upload else None

    def _post_clean(self):
        geometry = self.cleaned_data.get("boundary_file") if hasattr(self, "cleaned_data") else None
        if geometry:
            self.instance.geometry = geometry
        elif self.cleaned_data.get("clear_boundary"):
            self.instance.geometry = ""
        super()._post_clean()


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


class YuanField(forms.DecimalField):
    """Money as people write it, in 元 with up to two decimals (12,345.67), stored as an
    integer number of 分 (DESIGN.md: money in fen, shown in 元)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=17, decimal_places=2, min_value=0, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):  # the stored fen
            return f"{value // 100}.{value % 100:02d}"
        return value

    def to_python(self, value):
        if isinstance(value, str):  # thousands separators as people write them: 12,345.67
            value = value.replace(",", "").replace("，", "")
        return super().to_python(value)

    def clean(self, value):
        yuan = super().clean(value)
        return None if yuan is None else int(yuan * 100)


class AssetForm(RestrictedModelForm):
    value_fen = YuanField(label=_("价值（元）"))

    class Meta:
        model = m.Asset
        fields = ["description", "station", "committee", "value_fen", "state_owned", "status",
                  "cleared"]
