"""The permission matrix (NetBox's generic view tests): ONE table of
(role, endpoint, own/other subdistrict, expected status), walked by ONE parametrized test.

Roles: ``admin`` (district administrator), ``officer`` (of the ``own`` subdistrict),
``viewer``, ``anonymous``. "own"/"other" is whose subdistrict the object belongs to.
Expected: pages 200; 302 to login for anonymous; 403 when the role may not take the action
at all; 404 when the object lies outside the officer's subdistrict. API: 401 anonymous, 201
created, 204 deleted, 422 when a related id is outside the user's scope (or a delete is
blocked by the history it would erase).
"""

import pytest
from django.urls import reverse

MODELS = ["subdistrict", "committee", "station", "stationmembership", "person", "post",
          "partyorganisation", "facility", "asset"]
API_PREFIX = {"subdistrict": "subdistricts", "committee": "committees", "station": "stations",
              "stationmembership": "memberships", "person": "people", "post": "posts",
              "partyorganisation": "party-organisations", "facility": "facilities",
              "asset": "assets"}
#: models nothing else points to: deleting them is allowed (others are protected: 422)
LEAF = {"post", "facility", "asset", "stationmembership", "partyorganisation"}
ROLES = ["admin", "officer", "viewer", "anonymous"]


def _page_expect(role, action, side, model):
    """Expected status of an HTML page."""
    if role == "anonymous":
        return 302
    if role == "admin":
        return 200
    if role == "viewer":
        return 200 if action in ("list", "detail", "export") else 403
    # officer
    if model == "subdistrict" and action in ("add", "delete", "import"):
        return 403
    if action in ("list", "add", "export", "import"):
        return 200
    return 200 if side == "own" else 404


def _api_expect(role, method, side, model):
    if role == "anonymous":
        return 401
    write = method != "read" and method != "list"
    if role == "viewer":
        return 403 if write else 200
    if role == "officer":
        if model == "subdistrict" and method in ("create", "delete"):
            return 403
        if method == "list":
            return 200
        if side == "other":
            return 422 if method == "create" else 404
    ok = {"list": 200, "read": 200, "create": 201, "update": 200, "delete": 204}[method]
    if method == "delete" and model not in LEAF:
        return 422
    return ok


def _matrix():
    rows = []
    for role in ROLES:
        for model in MODELS:
            for action in ("list", "add", "export"):
                rows.append((role, "page", model, action, "own", _page_expect(role, action, "own", model)))
            if model == "committee":
                rows.append((role, "page", model, "import", "own",
                             _page_expect(role, "import", "own", model)))
            for action in ("detail", "edit", "delete"):
                for side in ("own", "other"):
                    rows.append((role, "page", model, action, side,
                                 _page_expect(role, action, side, model)))
            rows.append((role, "api", model, "list", "own", _api_expect(role, "list", "own", model)))
            for method in ("read", "create", "update", "delete"):
                for side in ("own", "other"):
                    rows.append((role, "api", model, method, side,
                                 _api_expect(role, method, side, model)))
        rows.append((role, "page", "objectchange", "list", "own", 302 if role == "anonymous" else 200))
    return rows


MATRIX = _matrix()


def _payload(model, world, side):
    o = world[side]
    s = "own" if side == "own" else "oth"
    return {
        "subdistrict": {"name": f"新街道{s}", "street_code": "440303099"},
        "committee": {"code": f"N-{s}", "name": f"新社区{s}", "subdistrict": o["subdistrict"].pk,
                      "households": 100},
        "station": {"code": f"NS-{s}", "name": f"新工作站{s}", "subdistrict": o["subdistrict"].pk},
        "stationmembership": {"station": o["station"].pk, "committee": o["committee"].pk,
                              "start": "2005-01-01", "end": "2006-05-31"},
        "person": {"person_id": f"NP-{s}", "name": "某人", "subdistrict": o["subdistrict"].pk},
        "post": {"person": o["person"].pk, "org_kind": "committee",
                 "committee": o["committee"].pk, "role": "member"},
        "partyorganisation": {"name": "新党支部", "kind": "branch", "committee": o["committee"].pk,
                              "members": 3},
        "facility": {"kind": "plaza", "committee": o["committee"].pk, "area_m2": 10},
        "asset": {"description": "电脑", "committee": o["committee"].pk, "value_fen": 100},
    }[model]


PATCH = {"subdistrict": {"street_code": "440303098"}, "committee": {"households": 4321},
         "station": {"name": "改名工作站"}, "stationmembership": {"end": "2010-01-01"},
         "person": {"name": "改名"}, "post": {"role": "deputy_secretary", "org_kind": "party",
                                               "party_organisation": None},
         "partyorganisation": {"members": 55}, "facility": {"area_m2": 300},
         "asset": {"value_fen": 5}}


def _patch(model, world, side):
    data = dict(PATCH[model])
    if model == "post":  # move the head's post to the party organisation of its subdistrict
        data = {"org_kind": "committee", "committee": world[side]["committee"].pk,
                "role": "member"}
    return data


@pytest.mark.parametrize("role,kind,model,action,side,expected", MATRIX,
                         ids=["-".join(map(str, r)) for r in MATRIX])
def test_permission_matrix(role, kind, model, action, side, expected, world, client_for):
    client = client_for(role)
    if kind == "page":
        if model == "objectchange":
            url = reverse("changelog:objectchange_list")
        elif action in ("list", "export"):
            url = reverse(f"registry:{model}_list") + ("?export=xlsx" if action == "export" else "")
        elif action in ("add", "import"):
            url = reverse(f"registry:{model}_{action}")
        else:
            obj = world[side][model]
            name = f"registry:{model}" if action == "detail" else f"registry:{model}_{action}"
            url = reverse(name, args=[obj.pk])
        response = client.get(url)
    else:
        base = f"/api/registry/{API_PREFIX[model]}/"
        obj = world[side][model]
        if action == "list":
            response = client.get(base)
        elif action == "read":
            response = client.get(f"{base}{obj.pk}/")
        elif action == "create":
            response = client.post(base, _payload(model, world, side), content_type="application/json")
        elif action == "update":
            response = client.patch(f"{base}{obj.pk}/", _patch(model, world, side),
                                    content_type="application/json")
        else:
            response = client.delete(f"{base}{obj.pk}/")
    assert response.status_code == expected, (url if kind == "page" else action,
                                              response.content[:300])


def test_officer_lists_show_only_their_subdistrict(world, client_for):
    response = client_for("officer").get("/api/registry/committees/")
    codes = {c["code"] for c in response.json()["items"]}
    assert codes == {world["own"]["committee"].code}
    page = client_for("officer").get(reverse("registry:committee_list")).content.decode()
    assert world["own"]["committee"].name in page and world["other"]["committee"].name not in page


def test_officer_cannot_move_an_object_into_another_subdistrict(world, client_for):
    c = world["own"]["committee"]
    response = client_for("officer").post(
        reverse("registry:committee_edit", args=[c.pk]),
        {"code": c.code, "name": c.name, "subdistrict": world["other"]["subdistrict"].pk,
         "households": 1, "office_m2": 0, "service_m2": 0, "plaza_m2": 0, "party_members": 0,
         "version": c.version})
    assert response.status_code == 200  # the form again, with the choice rejected
    c.refresh_from_db()
    assert c.subdistrict == world["own"]["subdistrict"]


def test_token_auth(world, users, client):
    from yizhan.web.accounts.models import Token

    _token, key = Token.create_for(users["officer"])
    ok = client.get("/api/registry/committees/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert ok.status_code == 200 and ok.json()["count"] == 1
    bad = client.get("/api/registry/committees/", HTTP_AUTHORIZATION="Bearer nope")
    assert bad.status_code == 401
