"""Every write path refuses what the others refuse (issue 7 items 5, 6, 12; code fields).

The edit forms, the registry API and the planning API call ``full_clean()``; these tests
send the issue's reproductions through each and check the refusal, its message in both
languages, and that nothing was stored.
"""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse

from yizhan.web.planning.models import Plan, PlannerRun
from yizhan.web.registry import models as m
from yizhan.web.registry.api import API_FAMILIES

FAMILIES = {model: (prefix, form) for model, prefix, form, _ in API_FAMILIES}


def _text_fields():
    """(model name, field) for every free-text field of every registry edit form."""
    out = []
    for model, (_, form) in FAMILIES.items():
        for name in form.Meta.fields:
            field = model._meta.get_field(name)
            if isinstance(field, (models.CharField, models.TextField)) and not field.choices:
                out.append((model._meta.model_name, name))
    return out


TEXT_FIELDS = _text_fields()


def _model(name):
    return next(model for model in FAMILIES if model._meta.model_name == name)


def form_data(obj, user) -> dict:
    """What the edit page would post back unchanged for ``obj``."""
    form = FAMILIES[type(obj)][1](instance=obj, user=user)
    data = {}
    for bf in form:
        value = bf.value()
        if value is None or value is False:
            continue
        data[bf.name] = "on" if value is True else value
    return data


def test_every_registry_text_field_is_covered():
    assert ("committee", "name") in TEXT_FIELDS and ("asset", "description") in TEXT_FIELDS
    assert len(TEXT_FIELDS) >= 10


@pytest.mark.parametrize("model_name, field", TEXT_FIELDS)
def test_a_vertical_tab_is_refused_in_every_text_field_on_form_and_api(model_name, field, world,
                                                                      users, client_for):
    obj = world["own"][model_name]
    before = getattr(obj, field)
    text = before if len(before) >= 3 else "xyz"
    bad = text[0] + "\x0b" + text[2:]  # inside (forms strip the ends), within the length
    client = client_for("admin")
    data = form_data(obj, users["admin"]) | {field: bad}
    # a field with its own pattern (codes) reports the pattern; the others the character
    named = "" if any(isinstance(v, RegexValidator) for v in
                      _model(model_name)._meta.get_field(field).validators) else "U+000B"
    page = client.post(reverse(f"registry:{model_name}_edit", args=[obj.pk]), data)
    assert page.status_code == 200 and "has-error" in page.content.decode(), field
    assert named in page.content.decode()
    prefix = FAMILIES[type(obj)][0]
    api = client.patch(f"/api/registry/{prefix}/{obj.pk}/", {field: bad},
                       content_type="application/json")
    assert api.status_code == 422 and named in api.json()["detail"][field][0]
    obj.refresh_from_db()
    assert getattr(obj, field) == before


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0b"])
def test_a_control_character_in_a_new_name_is_refused_in_chinese_or_english(char, world,
                                                                            client_for):
    client = client_for("admin")
    payload = {"code": "N001", "name": f"新{char}社区", "households": 1,
               "subdistrict": world["own"]["subdistrict"].pk}
    zh = client.post("/api/registry/committees/", payload, content_type="application/json")
    en = client.post("/api/registry/committees/", payload, content_type="application/json",
                     HTTP_ACCEPT_LANGUAGE="en")
    code = f"U+{ord(char):04X}"
    assert zh.status_code == en.status_code == 422
    assert "控制字符" in zh.json()["detail"]["name"][0] and code in zh.json()["detail"]["name"][0]
    assert "must not contain control" in en.json()["detail"]["name"][0].lower()
    assert not m.Committee.objects.filter(code="N001").exists()


def test_markup_in_a_code_is_refused_on_api_and_form(world, users, client_for):
    markup = "<script>alert(1)</script>"  # within the 32 characters of a code
    client = client_for("admin")
    api = client.post("/api/registry/committees/", {
        "code": markup, "name": "新社区", "households": 1,
        "subdistrict": world["own"]["subdistrict"].pk}, content_type="application/json")
    assert api.status_code == 422 and "code" in api.json()["detail"]
    station = world["own"]["station"]
    page = client.post(reverse("registry:station_edit", args=[station.pk]),
                       form_data(station, users["admin"]) | {"code": markup})
    assert page.status_code == 200 and "编码只能由字母、数字和 _ . - 组成" in page.content.decode()
    assert not m.Committee.objects.filter(code=markup).exists()
    station.refresh_from_db()
    assert station.code != markup


@pytest.mark.parametrize("geometry", [
    '{"type": "Foo"}',
    '{"type": "Polygon", "coordinates": [[[1e400, 22.5], [114.1, 22.6], [114.2, 22.5], [1e400, 22.5]]]}',
])
def test_bad_geometry_is_refused_on_form_and_api(geometry, world, users, client_for):
    c = world["own"]["committee"]
    client = client_for("admin")
    upload = SimpleUploadedFile("boundary.geojson", geometry.encode())
    page = client.post(reverse("registry:committee_edit", args=[c.pk]),
                       form_data(c, users["admin"]) | {"boundary_file": upload})
    assert page.status_code == 200 and "边界" in page.content.decode()
    api = client.patch(f"/api/registry/committees/{c.pk}/", {"geometry": geometry},
                       content_type="application/json")
    assert api.status_code == 422 and "geometry" in api.json()["detail"]
    c.refresh_from_db()
    assert c.geometry == ""


def test_an_infinite_number_in_a_json_body_is_refused(world, client_for):
    c = world["own"]["committee"]
    body = b'{"area_km2": 1e400}'  # Python's JSON reads it as infinity
    response = client_for("admin").patch(f"/api/registry/committees/{c.pk}/", body,
                                         content_type="application/json")
    # refused before validation, by the API's JSON parser (StrictJSONParser): not JSON
    assert response.status_code == 400, response.content
    c.refresh_from_db()
    assert c.area_km2 is None


def test_a_longitude_outside_minus_180_to_180_is_refused(world, client_for):
    c = world["own"]["committee"]
    response = client_for("admin").patch(f"/api/registry/committees/{c.pk}/", {"x": 1140.5},
                                         content_type="application/json")
    assert response.status_code == 422 and "x" in response.json()["detail"]


# ------------------------------------------------------------------ planning: API = forms
def test_a_300_character_plan_name_is_refused_by_api_as_by_the_form(world, client_for):
    client = client_for("admin")
    name = "方" * 300
    api = client.post("/api/planning/plans/", {"name": name, "source": "current"},
                      content_type="application/json")
    assert api.status_code == 422 and "200" in api.json()["detail"]["name"][0]
    page = client.post(reverse("planning:plan_add"), {"name": name, "source": "current",
                                                      "scope": ""})
    assert page.status_code == 200 and "200" in page.content.decode()
    assert not Plan.objects.filter(name=name).exists()


@pytest.mark.parametrize("field, value", [("time_limit", -5), ("time_limit", 10**9),
                                          ("seed", 2**80), ("seed", -1)])
def test_planner_run_bounds_are_the_form_s_on_the_api(field, value, world, client_for):
    client = client_for("admin")
    payload = {"name": "越界", "time_limit": 30, "seed": 0} | {field: value}
    api = client.post("/api/planning/runs/", payload, content_type="application/json")
    assert api.status_code == 422, api.content
    message = api.json()["detail"][field][0]
    assert ("计算时限" if field == "time_limit" else "随机种子") in message
    page = client.post(reverse("planning:run_add"), payload | {"scope": ""})
    assert page.status_code == 200 and "has-error" in page.content.decode()
    assert not PlannerRun.objects.filter(name="越界").exists()


def test_a_control_character_in_a_plan_name_or_station_label_is_refused(pw, world,
                                                                        client_for):
    client = client_for("admin")
    sub = world["own"]["subdistrict"].pk
    plan = client.post("/api/planning/plans/", {"name": "坏\x07名", "subdistrict": sub,
                                                "source": "current"},
                       content_type="application/json")
    assert plan.status_code == 422 and "U+0007" in plan.json()["detail"]["name"][0]
    labels = dict(pw[("own", "draft")].assignment)
    labels[next(iter(labels))] = "甲\x0b站"
    label = client.post("/api/planning/plans/", {"name": "坏标签", "subdistrict": sub,
                                                 "source": "assignment", "assignment": labels},
                        content_type="application/json")
    assert label.status_code == 422 and "assignment" in label.json()["detail"]
    assert not Plan.objects.filter(name__in=["坏\x07名", "坏标签"]).exists()


def test_a_control_character_in_a_transition_reason_is_refused(pw, client_for):
    plan = pw[("own", "submitted")]
    client = client_for("admin")
    api = client.post(f"/api/planning/plans/{plan.pk}/transition/",
                      {"action": "reject", "reason": "理由\x00"}, content_type="application/json")
    assert api.status_code == 422 and "U+0000" in api.json()["detail"]
    page = client.post(reverse("planning:plan_transition", args=[plan.pk]),
                       {"action": "reject", "reason": "理由\x07"}, follow=True)
    assert "U+0007" in page.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted"


def test_the_cli_refuses_a_seed_outside_cp_sat_s_range(tmp_path):
    from typer.testing import CliRunner

    from yizhan.cli import app

    result = CliRunner().invoke(app, ["plan", "--seed", str(2**80)])
    assert result.exit_code == 2 and "--seed" in result.output
    assert json.dumps(2**31 - 1) in result.output


def test_an_api_token_description_with_a_control_character_is_refused(world, users, client_for):
    from yizhan.web.accounts.models import Token

    page = client_for("viewer").post(reverse("accounts:token_add"), {"description": "我的\x00令牌"},
                                     follow=True)
    assert page.status_code == 200 and "U+0000" in page.content.decode()
    assert not Token.objects.filter(user=users["viewer"]).exists()


def test_a_boundary_is_edited_by_uploading_a_geojson_file_not_typing_json(world, users,
                                                                           client_for):
    """The form has a file field (no JSON box); a Feature or a one-feature collection is read,
    checked by geo/validate.py and stored; two features, or a bad polygon, are refused."""
    import json

    c = world["own"]["committee"]
    client = client_for("admin")
    url = reverse("registry:committee_edit", args=[c.pk])
    page = client.get(url).content.decode()
    assert 'type="file" name="boundary_file"' in page and 'name="geometry"' not in page
    assert 'enctype="multipart/form-data"' in page
    square = {"type": "Polygon", "coordinates": [[[114.1, 22.5], [114.11, 22.5], [114.11, 22.51],
                                                  [114.1, 22.51], [114.1, 22.5]]]}
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "x"}, "geometry": square}]}
    upload = SimpleUploadedFile("边界.geojson", json.dumps(collection).encode("gbk"))
    done = client.post(url, form_data(c, users["admin"]) | {"boundary_file": upload})
    assert done.status_code == 302, done.content.decode()[:2000]
    c.refresh_from_db()
    assert json.loads(c.geometry) == square
    two = dict(collection, features=collection["features"] * 2)
    refused = client.post(url, form_data(c, users["admin"]) | {
        "boundary_file": SimpleUploadedFile("b.geojson", json.dumps(two).encode())})
    assert refused.status_code == 200 and "2 个要素" in refused.content.decode()
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    refused = client.post(url, form_data(c, users["admin"]) | {
        "boundary_file": SimpleUploadedFile("b.geojson", json.dumps(bowtie).encode())})
    assert refused.status_code == 200 and "自相交" in refused.content.decode()
    c.refresh_from_db()
    assert json.loads(c.geometry) == square
    cleared = client.post(url, form_data(c, users["admin"]) | {"clear_boundary": "on"})
    assert cleared.status_code == 302
    c.refresh_from_db()
    assert c.geometry == ""
