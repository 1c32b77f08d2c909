"""The planning permission matrix, in web part 1's style: ONE table of
(role, kind, endpoint, own/other subdistrict, expected status), walked by ONE test.

Roles: ``admin`` (district administrator), ``officer`` (of the ``own`` subdistrict),
``viewer``, ``anonymous``. Expected: pages 200 (302 after a POST that worked, 302 to login for
anonymous); 403 when the role may not take the action at all (a viewer writing, an officer
approving); 404 when the plan or run lies in another subdistrict (officer). API: 401
anonymous; 201/202/204 for writes that worked; 422 when the input names a subdistrict outside
the user's scope.
"""

import pytest
from django.urls import reverse

ROLES = ["admin", "officer", "viewer", "anonymous"]


def _page(role, side, allowed_roles):
    """Expected status of a page that ``allowed_roles`` may use (officers: own side only)."""
    if role == "anonymous":
        return 302
    if role not in allowed_roles:
        return 403
    if role == "officer" and side == "other":
        return 404
    return 200


def _post(role, side, allowed_roles):
    status = _page(role, side, allowed_roles)
    return 302 if status == 200 else status


def _api(role, side, allowed_roles, ok=200, other_write=404):
    if role == "anonymous":
        return 401
    if role == "officer" and side == "other" and "officer" in allowed_roles:
        return other_write
    if role not in allowed_roles:
        return 403
    return ok


EVERYONE = ("admin", "officer", "viewer")
WRITERS = ("admin", "officer")
ADMINS = ("admin",)

#: (kind, endpoint, sides, allowed roles, expectation function)
ENDPOINTS = [
    ("page", "plan_list", ["own"], EVERYONE, _page),
    ("page", "plan_add", ["own"], WRITERS, _page),
    ("page", "plan_detail", ["own", "other"], EVERYONE, _page),
    ("page", "plan_download", ["own", "other"], EVERYONE, _page),
    ("page", "plan_submit", ["own", "other"], WRITERS, _post),
    ("page", "plan_approve", ["own", "other"], ADMINS, _post),
    ("page", "plan_reject", ["own", "other"], ADMINS, _post),
    ("page", "plan_delete", ["own", "other"], WRITERS, _post),
    ("page", "compare", ["own"], EVERYONE, _page),
    ("page", "run_list", ["own"], EVERYONE, _page),
    ("page", "run_add", ["own"], WRITERS, _page),
    ("page", "run_detail", ["own", "other"], EVERYONE, _page),
    ("page", "run_status", ["own", "other"], EVERYONE, _page),
    ("page", "run_cancel", ["own", "other"], WRITERS, _post),
    ("page", "dashboard", ["own", "other"], EVERYONE, _page),
    ("page", "map", ["own", "other"], EVERYONE, _page),
    ("page", "map_committees", ["own", "other"], EVERYONE, _page),
    ("page", "map_stations", ["own", "other"], EVERYONE, _page),
    ("api", "plan_list", ["own"], EVERYONE, _api),
    ("api", "plan_read", ["own", "other"], EVERYONE, _api),
    ("api", "plan_create", ["own", "other"], WRITERS, lambda r, s, a: _api(r, s, a, 201, 422)),
    ("api", "plan_submit", ["own", "other"], WRITERS, _api),
    ("api", "plan_approve", ["own", "other"], ADMINS, _api),
    ("api", "plan_findings", ["own", "other"], EVERYONE, _api),
    ("api", "plan_delete", ["own", "other"], WRITERS, lambda r, s, a: _api(r, s, a, 204)),
    ("api", "run_list", ["own"], EVERYONE, _api),
    ("api", "run_start", ["own", "other"], WRITERS, lambda r, s, a: _api(r, s, a, 202, 422)),
    ("api", "run_status", ["own", "other"], EVERYONE, _api),
    ("api", "run_cancel", ["own", "other"], WRITERS, _api),
    ("api", "dashboard_summary", ["own", "other"], EVERYONE, _api),
    ("api", "map_stations", ["own", "other"], EVERYONE, _api),
]

MATRIX = [(role, kind, endpoint, side, expect(role, side, allowed))
          for role in ROLES for kind, endpoint, sides, allowed, expect in ENDPOINTS
          for side in sides]


def _request(client, kind, endpoint, side, world, pw):
    """Make the request of one matrix row; returns the response."""
    draft, submitted = pw[(side, "draft")], pw[(side, "submitted")]
    run = pw[(side, "run")]
    sub = world[side]["subdistrict"]
    if kind == "page":
        get = {
            "plan_list": reverse("planning:plan_list"),
            "plan_add": reverse("planning:plan_add"),
            "plan_detail": reverse("planning:plan", args=[draft.pk]),
            "plan_download": reverse("planning:plan_download", args=[draft.pk]),
            "compare": reverse("planning:compare") + f"?a={draft.pk}&b={submitted.pk}",
            "run_list": reverse("planning:run_list"),
            "run_add": reverse("planning:run_add"),
            "run_detail": reverse("planning:run", args=[run.pk]),
            "run_status": reverse("planning:run_status", args=[run.pk]),
            "dashboard": reverse("dashboard:index") + f"?plan={draft.pk}",
            "map": reverse("dashboard:map") + f"?plan={draft.pk}",
            "map_committees": reverse("dashboard:committees_geojson") + f"?plan={draft.pk}",
            "map_stations": reverse("dashboard:stations_geojson") + f"?plan={draft.pk}",
        }
        if endpoint in get:
            return client.get(get[endpoint])
        post = {
            "plan_submit": (reverse("planning:plan_transition", args=[draft.pk]),
                            {"action": "submit"}),
            "plan_approve": (reverse("planning:plan_transition", args=[submitted.pk]),
                             {"action": "approve"}),
            "plan_reject": (reverse("planning:plan_transition", args=[submitted.pk]),
                            {"action": "reject", "reason": "户数不足"}),
            "plan_delete": (reverse("planning:plan_delete", args=[draft.pk]), {}),
            "run_cancel": (reverse("planning:run_cancel", args=[run.pk]), {}),
        }[endpoint]
        return client.post(*post)
    base = "/api/planning"
    j = "application/json"
    return {
        "plan_list": lambda: client.get(f"{base}/plans/"),
        "plan_read": lambda: client.get(f"{base}/plans/{draft.pk}/"),
        "plan_create": lambda: client.post(f"{base}/plans/", {
            "name": "新方案", "subdistrict": sub.pk, "source": "current"}, content_type=j),
        "plan_submit": lambda: client.post(f"{base}/plans/{draft.pk}/transition/",
                                           {"action": "submit"}, content_type=j),
        "plan_approve": lambda: client.post(f"{base}/plans/{submitted.pk}/transition/",
                                            {"action": "approve"}, content_type=j),
        "plan_findings": lambda: client.get(f"{base}/plans/{draft.pk}/findings/"),
        "plan_delete": lambda: client.delete(f"{base}/plans/{draft.pk}/"),
        "run_list": lambda: client.get(f"{base}/runs/"),
        "run_start": lambda: client.post(f"{base}/runs/", {
            "name": "计算", "subdistrict": sub.pk, "time_limit": 5}, content_type=j),
        "run_status": lambda: client.get(f"{base}/runs/{run.pk}/"),
        "run_cancel": lambda: client.post(f"{base}/runs/{run.pk}/cancel/"),
        "dashboard_summary": lambda: client.get(f"/api/dashboard/summary/?plan={draft.pk}"),
        "map_stations": lambda: client.get(f"/api/dashboard/stations.geojson?plan={draft.pk}"),
    }[endpoint]()


@pytest.mark.parametrize("role,kind,endpoint,side,expected", MATRIX,
                         ids=["-".join(map(str, r)) for r in MATRIX])
def test_planning_permission_matrix(role, kind, endpoint, side, expected, world, pw,
                                    client_for):
    response = _request(client_for(role), kind, endpoint, side, world, pw)
    assert response.status_code == expected, (endpoint, response.content[:300])


def test_officer_lists_show_only_their_subdistrict(world, pw, client_for):
    names = {p["name"] for p in client_for("officer").get("/api/planning/plans/").json()["items"]}
    assert names and all(n.startswith("黄贝") for n in names)
    page = client_for("officer").get(reverse("planning:plan_list")).content.decode()
    assert "黄贝 draft" in page and "南湖 draft" not in page
    runs = client_for("officer").get("/api/planning/runs/").json()["items"]
    assert [r["name"] for r in runs] == ["黄贝 run"]


def test_officer_cannot_make_a_district_wide_plan(world, pw, client_for):
    response = client_for("officer").post("/api/planning/plans/", {
        "name": "全区", "source": "current"}, content_type="application/json")
    assert response.status_code == 422
    page = client_for("officer").post(reverse("planning:plan_add"), {
        "name": "全区", "source": "current", "scope": ""})
    assert page.status_code == 200 and "只能为本街道" in page.content.decode()


def test_officer_map_data_holds_only_their_committees(world, pw, client_for):
    data = client_for("officer").get(reverse("dashboard:committees_geojson")).json()
    subs = {f["properties"]["subdistrict"] for f in data["features"]}
    assert subs == {"黄贝"} and len(data["features"]) == 4  # the grid (T001 has no boundary)
    everyone = client_for("admin").get(reverse("dashboard:committees_geojson")).json()
    assert {f["properties"]["subdistrict"] for f in everyone["features"]} == {"黄贝", "南湖"}
