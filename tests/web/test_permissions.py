"""The permission matrix (NetBox's generic view tests): ONE table of
(role, endpoint, own/other subdistrict, expected status), walked by ONE parametrized test.

Roles: ``admin`` (district administrator), ``officer`` (of the ``own`` subdistrict),
``viewer``, ``anonymous``. "own"/"other" is whose subdistrict the object belongs to.
Expected: pages 200; 302 to login for anonymous; 403 when the role may not take the action
at all; 404 when the object lies outside the officer's subdistrict. API: 401 anonymous, 201
created, 204 deleted, 422 when a related id is outside the user's scope (or a delete is
blocked by the history it would erase).
"""

"""The permission matrix (NetBox's generic view tests), driven by the grant table.

For every user of ``factories.ROLE_USERS`` (one per role of :mod:`yizhan.web.grants`, with
its scope in the ``own`` side of the test world) and ``anonymous``, every registry model,
every page and API call, on the ``own`` and the ``other`` side's object: the status the real
request answers must be the one :mod:`.grant_oracle` reads from the table. Pages: 200; 302 to
login for anonymous; 403 when the role may not take the action at all; 404 when the object
lies outside the user's scope. API: 401 anonymous, 201 created, 204 deleted, 422 when a
related id is outside the user's scope (or a delete is blocked by the history it would erase),
403 when the saved result would be.

The three original roles' answers are also pinned by hand (:func:`_legacy_page` and
:func:`_legacy_api`, web part 1's matrix): a change of the table that alters them fails.
"""

import pytest
from django.db import transaction
from django.urls import reverse

from . import grant_oracle as oracle
from .factories import ROLE_USERS

MODELS = ["subdistrict", "committee", "station", "stationmembership", "person", "post",
          "partyorganisation", "asset"]
API_PREFIX = {"subdistrict": "subdistricts", "committee": "committees", "station": "stations",
              "stationmembership": "memberships", "person": "people", "post": "posts",
              "partyorganisation": "party-organisations", "asset": "assets"}
#: models nothing else points to: deleting them is allowed (others are protected: 422)
LEAF = {"post", "asset", "stationmembership", "partyorganisation"}
#: the models whose objects a create payload names (they must be viewable: else 422)
RELATED = {"subdistrict": [], "committee": ["subdistrict"], "station": ["subdistrict"],
           "stationmembership": ["station", "committee"], "person": ["subdistrict"],
           "post": ["person", "committee"], "partyorganisation": ["committee"],
           "asset": ["committee"]}
USERS = list(ROLE_USERS) + ["anonymous"]
PAGE_ACTION = {"list": "view", "export": "view", "add": "add", "import": "add",
               "detail": "view", "edit": "change", "delete": "delete"}
API_ACTION = {"list": "view", "read": "view", "create": "add", "update": "change",
              "delete": "delete"}


def _label(model):
    return f"registry.{model}"


def _page_expect(user, action, side, model):
    """Expected status of an HTML page, from the table."""
    if user == "anonymous":
        return 302
    need = PAGE_ACTION[action]
    if not oracle.permits(user, _label(model), need):
        return 403
    if action in ("list", "add", "export", "import"):
        return 200
    return 200 if oracle.in_scope(user, _label(model), need, side) else 404


def _api_expect(user, method, side, model):
    """Expected status of an API call, from the table."""
    if user == "anonymous":
        return 401
    need = API_ACTION[method]
    if not oracle.permits(user, _label(model), need):
        return 403
    if method == "list":
        return 200
    if method == "create":
        if not all(oracle.in_scope(user, _label(r), "view", side) for r in RELATED[model]):
            return 422
        return 201 if oracle.in_scope(user, _label(model), "add", side) else 403
    if not oracle.in_scope(user, _label(model), need, side):
        return 404
    if method == "delete" and model not in LEAF:
        return 422
    return {"read": 200, "update": 200, "delete": 204}[method]


def _legacy_page(role, action, side, model):
    """Web part 1's hand-written expectation for admin, officer, viewer and anonymous."""
    if role == "anonymous":
        return 302
    if role == "admin":
        return 200
    if role == "viewer":
        return 200 if action in ("list", "detail", "export") else 403
    if model == "subdistrict" and action in ("add", "delete", "import"):
        return 403
    if action in ("list", "add", "export", "import"):
        return 200
    return 200 if side == "own" else 404


def _legacy_api(role, method, side, model):
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


def _cases(model):
    """(kind, action, side) of every request made for one model, reads before writes."""
    rows = [("page", action, "own") for action in ("list", "add", "export")]
    if model == "committee":
        rows.append(("page", "import", "own"))
    rows += [("page", action, side) for action in ("detail", "edit", "delete")
             for side in ("own", "other")]
    rows.append(("api", "list", "own"))
    rows += [("api", method, side) for method in ("read", "create", "update", "delete")
             for side in ("own", "other")]
    return rows


def _expect(user, kind, action, side, model):
    return (_page_expect if kind == "page" else _api_expect)(user, action, side, model)


def test_the_table_keeps_the_original_roles_answers():
    """admin, officer, viewer, anonymous: every one of web part 1's 659 cases unchanged."""
    n = 0
    for user in ("admin", "officer", "viewer", "anonymous"):
        for model in MODELS:
            for kind, action, side in _cases(model):
                legacy = (_legacy_page if kind == "page" else _legacy_api)(user, action, side,
                                                                          model)
                assert _expect(user, kind, action, side, model) == legacy, (
                    user, kind, model, action, side)
                n += 1
        assert _change_log_expect(user) == (302 if user == "anonymous" else 200)
    assert n == 4 * (len(MODELS) * 18 + 1)  # 18 requests per model, and the import page


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
        "asset": {"description": "电脑", "committee": o["committee"].pk, "value_fen": 100},
    }[model]


PATCH = {"subdistrict": {"street_code": "440303098"}, "committee": {"households": 4321},
         "station": {"name": "改名工作站"}, "stationmembership": {"end": "2010-01-01"},
         "person": {"name": "改名"}, "post": {"role": "deputy_secretary", "org_kind": "party",
                                               "party_organisation": None},
         "partyorganisation": {"members": 55},
         "asset": {"value_fen": 5}}


def _patch(model, world, side):
    data = dict(PATCH[model])
    if model == "post":  # move the head's post to the party organisation of its subdistrict
        data = {"org_kind": "committee", "committee": world[side]["committee"].pk,
                "role": "member"}
    return data


def _request(client, kind, model, action, side, world):
    if kind == "page":
        if action in ("list", "export"):
            url = reverse(f"registry:{model}_list") + ("?export=xlsx" if action == "export" else "")
        elif action in ("add", "import"):
            url = reverse(f"registry:{model}_{action}")
        else:
            obj = world[side][model]
            name = f"registry:{model}" if action == "detail" else f"registry:{model}_{action}"
            url = reverse(name, args=[obj.pk])
        return client.get(url)
    base = f"/api/registry/{API_PREFIX[model]}/"
    obj = world[side][model]
    if action == "list":
        return client.get(base)
    if action == "read":
        return client.get(f"{base}{obj.pk}/")
    if action == "create":
        return client.post(base, _payload(model, world, side), content_type="application/json")
    if action == "update":
        return client.patch(f"{base}{obj.pk}/", _patch(model, world, side),
                            content_type="application/json")
    return client.delete(f"{base}{obj.pk}/")


MATRIX = [(user, model) for user in USERS for model in MODELS]


@pytest.mark.parametrize("user,model", MATRIX, ids=[f"{u}-{m}" for u, m in MATRIX])
def test_permission_matrix(user, model, world, client_for):
    """Every page and API call of ``model`` as ``user``: each request in a savepoint rolled
    back after it, so each case sees the world as built (as if it were its own test)."""
    client = client_for(user)
    wrong = []
    for kind, action, side in _cases(model):
        expected = _expect(user, kind, action, side, model)
        with transaction.atomic():
            response = _request(client, kind, model, action, side, world)
            transaction.set_rollback(True)
        if response.status_code != expected:
            wrong.append((kind, action, side, expected, response.status_code,
                          response.content[:200]))
    assert not wrong, wrong


def _change_log_expect(user):
    if user == "anonymous":
        return 302
    return 200 if oracle.permits(user, "changelog.objectchange", "view") else 403


@pytest.mark.parametrize("user", USERS)
def test_change_log_page(user, world, client_for):
    response = client_for(user).get(reverse("changelog:objectchange_list"))
    assert response.status_code == _change_log_expect(user)


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
