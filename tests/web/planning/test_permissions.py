"""The planning permission matrix, driven by the grant table (as the registry's).

For every user of ``factories.ROLE_USERS`` and ``anonymous``, every planning page and API
call, on the ``own`` and the ``other`` side's plan or run: the real request must answer what
:mod:`..grant_oracle` reads from the table for the endpoint's (model, action). Pages 200 (302
after a POST that worked, 302 to login for anonymous); 403 when the role may not take the
action at all (a viewer writing, an officer approving); 404 when the plan or run lies outside
the user's scope. API: 401 anonymous; 201/202/204 for writes that worked; 422 when the input
names a subdistrict outside the user's scope.

Web part 2's hand-written expectations of the original roles stay as :data:`LEGACY` and are
checked against the table.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from .. import grant_oracle as oracle
from ..factories import ROLE_USERS

USERS = list(ROLE_USERS) + ["anonymous"]
PLAN, RUN = "planning.plan", "planning.plannerrun"

#: (kind, endpoint, sides, (model, action) needed, status when it worked, status outside the
#: user's scope)
ENDPOINTS = [
    ("page", "plan_list", ["own"], (PLAN, "view"), 200, 404),
    ("page", "plan_add", ["own"], (PLAN, "add"), 200, 404),
    ("page", "plan_detail", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "plan_download", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "plan_submit", ["own", "other"], (PLAN, "submit"), 302, 404),
    ("page", "plan_approve", ["own", "other"], (PLAN, "approve"), 302, 404),
    ("page", "plan_reject", ["own", "other"], (PLAN, "approve"), 302, 404),
    ("page", "plan_delete", ["own", "other"], (PLAN, "delete"), 302, 404),
    ("page", "compare", ["own"], (PLAN, "view"), 200, 404),
    ("page", "run_list", ["own"], (RUN, "view"), 200, 404),
    ("page", "run_add", ["own"], (RUN, "add"), 200, 404),
    ("page", "run_detail", ["own", "other"], (RUN, "view"), 200, 404),
    ("page", "run_status", ["own", "other"], (RUN, "view"), 200, 404),
    ("page", "run_cancel", ["own", "other"], (RUN, "change"), 302, 404),
    ("page", "dashboard", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "map", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "map_committees", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "map_stations", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "report_download", ["own", "other"], (PLAN, "view"), 200, 404),
    ("page", "map_print", ["own", "other"], (PLAN, "view"), 200, 404),
    ("api", "plan_list", ["own"], (PLAN, "view"), 200, 404),
    ("api", "plan_read", ["own", "other"], (PLAN, "view"), 200, 404),
    ("api", "plan_create", ["own", "other"], (PLAN, "add"), 201, 422),
    ("api", "plan_submit", ["own", "other"], (PLAN, "submit"), 200, 404),
    ("api", "plan_approve", ["own", "other"], (PLAN, "approve"), 200, 404),
    ("api", "plan_findings", ["own", "other"], (PLAN, "view"), 200, 404),
    ("api", "plan_delete", ["own", "other"], (PLAN, "delete"), 204, 404),
    ("api", "run_list", ["own"], (RUN, "view"), 200, 404),
    ("api", "run_start", ["own", "other"], (RUN, "add"), 202, 422),
    ("api", "run_status", ["own", "other"], (RUN, "view"), 200, 404),
    ("api", "run_cancel", ["own", "other"], (RUN, "change"), 200, 404),
    ("api", "dashboard_summary", ["own", "other"], (PLAN, "view"), 200, 404),
    ("api", "map_stations", ["own", "other"], (PLAN, "view"), 200, 404),
]


#: the status the table gives a user for one endpoint on a side's object
expected = oracle.status


#: web part 2's hand-written allowed roles per endpoint (officers: own side only)
EVERYONE, WRITERS, ADMINS = ("admin", "officer", "viewer"), ("admin", "officer"), ("admin",)
LEGACY = {"plan_list": EVERYONE, "plan_add": WRITERS, "plan_detail": EVERYONE,
          "plan_download": EVERYONE, "plan_submit": WRITERS, "plan_approve": ADMINS,
          "plan_reject": ADMINS, "plan_delete": WRITERS, "compare": EVERYONE,
          "run_list": EVERYONE, "run_add": WRITERS, "run_detail": EVERYONE,
          "run_status": EVERYONE, "run_cancel": WRITERS, "dashboard": EVERYONE,
          "map": EVERYONE, "map_committees": EVERYONE, "map_stations": EVERYONE,
          "plan_read": EVERYONE, "plan_create": WRITERS, "plan_findings": EVERYONE,
          "run_start": WRITERS, "dashboard_summary": EVERYONE, "report_download": EVERYONE,
          "map_print": EVERYONE}


def _legacy(role, kind, side, allowed, ok, outside):
    if role == "anonymous":
        return 302 if kind == "page" else 401
    if role not in allowed:
        return 403
    return outside if role == "officer" and side == "other" else ok


def test_the_table_keeps_the_original_roles_answers():
    """admin, officer, viewer, anonymous: every one of web part 2's 223 cases unchanged."""
    n = 0
    for role in ("admin", "officer", "viewer", "anonymous"):
        for kind, endpoint, sides, need, ok, outside in ENDPOINTS:
            for side in sides:
                assert expected(role, kind, side, need, ok, outside) == _legacy(
                    role, kind, side, LEGACY[endpoint], ok, outside), (role, kind, endpoint, side)
                n += 1
    assert n == 4 * 59


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
            # a document of the plan's subdistrict (docs/reports.md)
            "report_download": reverse("planning:report") + f"?plan={draft.pk}&kind=filing"
                                                            "&format=docx",
            "map_print": reverse("dashboard:map_print") + f"?plan={draft.pk}&paper=A3",
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
                                            {"action": "approve", "confirm": True},
                                            content_type=j),
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


MATRIX = [(user, kind) for user in USERS for kind in ("page", "api")]


@pytest.mark.parametrize("user,kind", MATRIX, ids=[f"{u}-{k}" for u, k in MATRIX])
def test_planning_permission_matrix(user, kind, world, pw, client_for):
    """Every planning endpoint of ``kind`` as ``user``: each request in a savepoint rolled
    back after it (and the planning caches emptied), so each case sees the world as built."""
    from yizhan.web.registry.snapshot import clear_cache

    client = client_for(user)
    wrong = []
    for k, endpoint, sides, need, ok, outside in ENDPOINTS:
        if k != kind:
            continue
        for side in sides:
            want = expected(user, kind, side, need, ok, outside)
            with transaction.atomic():
                response = _request(client, kind, endpoint, side, world, pw)
                transaction.set_rollback(True)
            clear_cache()
            if response.status_code != want:
                wrong.append((endpoint, side, want, response.status_code,
                              response.content[:200]))
    assert not wrong, wrong


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
