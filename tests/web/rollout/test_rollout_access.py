"""Who may preview and apply: every rollout page and endpoint walked for every role.

One test per role walks the table in order (reads first, then the writes), so the world is
built four times, not once per cell."""

import json

import pytest
from django.urls import reverse

from yizhan.web.rollout.models import AssetClearance, RolloutRecord

from .helpers import EFFECTIVE

OWN, OTHER, DISTRICT = "own", "other", "district"

#: (method, what, scope) → expected status per role
MATRIX = [
    (("get", "preview", OWN), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 302}),
    (("get", "preview", OTHER), {"admin": 200, "officer": 404, "viewer": 200, "anonymous": 302}),
    (("get", "preview", DISTRICT), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 302}),
    (("get", "api-preview", OWN), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 401}),
    (("get", "api-preview", OTHER), {"admin": 200, "officer": 404, "viewer": 200, "anonymous": 401}),
    (("get", "records", None), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 302}),
    (("get", "api-records", None), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 401}),
    (("post", "api-apply", OTHER), {"admin": 409, "officer": 403, "viewer": 403, "anonymous": 401}),
    (("post", "apply", OWN), {"admin": 302, "officer": 403, "viewer": 403, "anonymous": 302}),
    (("get", "record", None), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 302}),
    (("get", "api-record", None), {"admin": 200, "officer": 200, "viewer": 200, "anonymous": 401}),
    (("post", "clearance", None), {"admin": 302, "officer": 403, "viewer": 403, "anonymous": 302}),
    (("patch", "api-clearance", None), {"admin": 200, "officer": 403, "viewer": 403, "anonymous": 401}),
    (("post", "sign-off", None), {"admin": 302, "officer": 403, "viewer": 403, "anonymous": 302}),
]


def _request(client, method, what, scope, world, admin_client):
    sub = {OWN: world["own"]["subdistrict"].pk, OTHER: world["other"]["subdistrict"].pk,
           DISTRICT: "", None: ""}[scope]
    if what in ("record", "api-record", "clearance", "api-clearance", "sign-off") \
            and not RolloutRecord.objects.exists():
        admin_client.post(reverse("rollout:apply"), {"subdistrict": world["own"]["subdistrict"].pk,
                                                     "effective": EFFECTIVE})
    record = RolloutRecord.objects.first()
    line = AssetClearance.objects.filter(record=record).first() if record else None
    urls = {
        "preview": (reverse("rollout:preview"), {"subdistrict": sub, "effective": EFFECTIVE}),
        "api-preview": ("/api/rollout/preview", {"subdistrict": sub, "effective": EFFECTIVE}),
        "records": (reverse("rollout:records"), None),
        "api-records": ("/api/rollout/records", None),
        "apply": (reverse("rollout:apply"), {"subdistrict": sub, "effective": EFFECTIVE}),
        "api-apply": ("/api/rollout/apply", {"subdistrict": sub, "effective": EFFECTIVE}),
        "record": (reverse("rollout:record", args=[record.pk]) if record else "", None),
        "api-record": (f"/api/rollout/records/{record.pk}" if record else "", None),
        "clearance": (reverse("rollout:clearance", args=[line.pk]) if line else "",
                      {"status": "transferred"}),
        "api-clearance": (f"/api/rollout/clearances/{line.pk}" if line else "",
                          {"status": "transferred"}),
        "sign-off": (reverse("rollout:sign_off", args=[record.pk]) if record else "", {}),
    }
    url, data = urls[what]
    if method == "get":
        return client.get(url, data or {})
    if what.startswith("api-"):
        return getattr(client, method)(url, json.dumps(data), content_type="application/json")
    return client.post(url, data)


@pytest.mark.parametrize("role", ["admin", "officer", "viewer", "anonymous"])
def test_rollout_role_matrix(rw, world, client_for, role):
    client, admin = client_for(role), client_for("admin")
    got = {}
    for (method, what, scope), expected in MATRIX:
        response = _request(client, method, what, scope, world, admin)
        got[(method, what, scope)] = (response.status_code, expected[role])
    wrong = {k: v for k, v in got.items() if v[0] != v[1]}
    assert not wrong, wrong


def test_officer_sees_only_their_subdistrict_in_the_preview(rw, world, client_for):
    page = client_for("officer").get(reverse("rollout:preview"), {"effective": EFFECTIVE})
    html = page.content.decode()
    assert "黄贝" in html and "南湖工作站" not in html
    assert 'id="apply-button"' not in html  # officers preview; administrators apply


def test_preview_page_shows_changes_names_and_findings(rw, world, client_for):
    page = client_for("admin").get(reverse("rollout:preview"),
                                   {"subdistrict": world["own"]["subdistrict"].pk, "effective": EFFECTIVE})
    html = page.content.decode()
    assert 'name="name:HR0"' in html and "黄贝00黄贝01社区工作站" in html
    assert "changes-move_post" in html and 'id="apply-button"' in html
    assert "黄贝工作站" in html  # a kept station by its registry name, not its code


def test_edited_names_are_used_and_a_bad_one_is_refused(rw, world, client_for):
    admin = client_for("admin")
    sub = world["own"]["subdistrict"].pk
    bad = admin.post(reverse("rollout:apply"), {"subdistrict": sub, "effective": EFFECTIVE,
                                                "name:HR0": "坏\x07名"})
    assert bad.status_code == 409 and not RolloutRecord.objects.exists()
    good = admin.post(reverse("rollout:apply"), {"subdistrict": sub, "effective": EFFECTIVE,
                                                 "name:HR0": "黄贝第一工作站"})
    assert good.status_code == 302
    from yizhan.web.registry.models import Station

    assert Station.objects.filter(name="黄贝第一工作站", dissolved__isnull=True).exists()


def test_api_apply_refusal_names_the_rule_and_twice_is_409(rw, world, client_for):
    admin = client_for("admin")
    body = json.dumps({"subdistrict": world["own"]["subdistrict"].pk, "effective": EFFECTIVE})
    first = admin.post("/api/rollout/apply", body, content_type="application/json")
    assert first.status_code == 201, first.content
    again = admin.post("/api/rollout/apply", body, content_type="application/json")
    assert again.status_code == 409 and "不能重复实施" in again.json()["detail"][0]


def test_openapi_lists_the_rollout_endpoints(client_for, users):
    schema = client_for("admin").get("/api/openapi.json").json()
    assert {"/api/rollout/preview", "/api/rollout/apply", "/api/rollout/records"} <= set(schema["paths"])
