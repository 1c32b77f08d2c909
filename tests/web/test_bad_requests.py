"""Odd requests are a 400 or 404 with a message in the user's language, never a 500 (issue 7,
item 7): the exact reproductions, then every filter of every list page and every API list.
Django's test client re-raises a view's exception, so a server error fails these tests."""

import json

import pytest
from django.test import override_settings

from yizhan.web.generic import ObjectListView
from yizhan.web.params import MAX_ID, MAX_LIMIT
from yizhan.web.registry.api import API_FAMILIES

from .crawl import list_views

HUGE = "99999999999999999999999"


def _message(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content)["detail"]
    return response.content.decode()


@pytest.mark.parametrize("url, name, value", [
    (f"/registry/committees/?subdistrict={HUGE}", "subdistrict", HUGE),
    (f"/changes/?user={HUGE}", "user", HUGE),
    (f"/changes/?changed_object_id={HUGE}", "changed_object_id", HUGE),
    ("/changes/?request_id=abc", "request_id", "abc"),
    ("/planning/compare/?a=abc", "a", "abc"),
    ("/planning/compare/?a=1.5", "a", "1.5"),
    ("/planning/compare/?b=%00", "b", r"\x00"),
    (f"/planning/compare/?a={HUGE}", "a", HUGE),
    ("/registry/committees/?q=%00", "q", r"\x00"),
    ("/dashboard/?plan=%C2%B2", "plan", "²"),
    (f"/api/registry/committees/?offset={HUGE}", "offset", HUGE),
    (f"/api/registry/committees/?limit={HUGE}", "limit", HUGE),
    (f"/api/registry/committees/?limit={MAX_LIMIT + 1}", "limit", str(MAX_LIMIT + 1)),
    ("/api/registry/committees/?offset=-1", "offset", "-1"),
    (f"/api/registry/committees/?subdistrict={HUGE}", "subdistrict", HUGE),
    (f"/api/planning/plans/?subdistrict={HUGE}", "subdistrict", HUGE),
    ("/api/planning/plans/?status=%00", "status", r"\x00"),
    ("/api/dashboard/summary/?plan=abc", "plan", "abc"),
])
def test_reproductions_are_400_with_a_message(client_for, url, name, value):
    client = client_for("viewer")
    zh = client.get(url)
    assert zh.status_code == 400
    assert f"参数“{name}”的值无效：{value}" in _message(zh)
    en = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert en.status_code == 400
    assert f"Invalid value of the parameter “{name}”: {value}" in _message(en)


def test_the_400_page_is_the_sites_page_not_a_trace(client_for):
    response = client_for("admin").get(f"/registry/committees/?subdistrict={HUGE}")
    page = response.content.decode()
    assert response.status_code == 400 and "<h1>请求无效</h1>" in page
    assert "Traceback" not in page and "OverflowError" not in page
    assert 'class="mainnav"' in page  # the site's own page, with its navigation


def test_the_404_page_is_localized(client_for):
    client = client_for("admin")
    assert "未找到" in client.get("/registry/committees/999999/").content.decode()
    assert "Not found" in client.get("/registry/committees/999999/",
                                     HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_valid_values_still_filter(client_for, world):
    client = client_for("admin")
    own = world["own"]["subdistrict"]
    page = client.get(f"/registry/committees/?subdistrict={own.pk}")
    assert page.status_code == 200 and page.context["total"] == 1
    # a well-formed id that names nothing is an empty list, not an error
    assert client.get(f"/registry/committees/?subdistrict={MAX_ID}").context["total"] == 0
    api = client.get(f"/api/registry/committees/?subdistrict={own.pk}&offset={MAX_ID}")
    assert api.status_code == 200 and api.json() == {"items": [], "count": 1}
    assert client.get(f"/planning/compare/?a={MAX_ID}").status_code == 200


def _filters(view):
    return [*view.filter_fields, *view.query_fields]


@pytest.mark.parametrize("url, view", [(u, v) for u, v in list_views() if _filters(v)])
@pytest.mark.parametrize("value", [HUGE, "-1", "1.5", "abc", "%00", "x" * 300])
def test_every_filter_of_every_list_page(client_for, url, view, value):
    """Each filter with a value of the wrong type or beyond the database's range: 400, or a
    200 list when the value is a valid one that matches nothing (e.g. text filters)."""
    client = client_for("officer")
    for name in _filters(view):
        response = client.get(f"{url}?{name}={value}")
        assert response.status_code in (200, 400), (url, name, value)
        if response.status_code == 400:
            assert f"参数“{name}”的值无效" in _message(response)


@pytest.mark.parametrize("model, prefix, form, view", API_FAMILIES)
def test_every_api_list_refuses_overflowing_filters_and_pages(client_for, model, prefix, form,
                                                             view):
    client = client_for("officer")
    url = f"/api/registry/{prefix}/"
    for name in [*_filters(view), "offset", "limit"]:
        response = client.get(f"{url}?{name}={HUGE}")
        assert response.status_code == 400, (url, name)
        assert name in response.json()["detail"]


@pytest.mark.parametrize("url", ["/api/planning/plans/", "/api/planning/runs/"])
def test_planning_api_lists_refuse_overflowing_pages(client_for, url):
    for name in ("offset", "limit"):
        assert client_for("admin").get(f"{url}?{name}={HUGE}").status_code == 400


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e400"])
@pytest.mark.parametrize("method, url, body", [
    ("patch", "/api/registry/committees/{pk}/", '{{"area_km2": {x}}}'),
    ("post", "/api/registry/committees/",
     '{{"code": "LH999", "name": "新社区", "subdistrict": {sub}, "households": 1, "area_km2": {x}}}'),
    ("post", "/api/planning/runs/", '{{"name": "run", "time_limit": {x}}}'),
])
def test_nan_and_infinity_in_json_bodies_are_400(client_for, world, literal, method, url, body):
    """Python's json reads these (1e400 as inf); stored, NaN broke the change log's JSON
    column (a 500 on SQLite's CHECK constraint). One parser refuses them for every endpoint."""
    own = world["own"]
    client = client_for("admin")
    response = getattr(client, method)(
        url.format(pk=own["committee"].pk),
        body.format(x=literal, sub=own["subdistrict"].pk), content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("请求内容不是有效的 JSON：")
    assert literal in response.json()["detail"]
    own["committee"].refresh_from_db()
    assert own["committee"].area_km2 is None or own["committee"].area_km2 < 1e300


def test_broken_json_is_a_localized_400(client_for, world):
    response = client_for("admin").patch(
        f"/api/registry/committees/{world['own']['committee'].pk}/", '{"name":',
        content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request body is not valid JSON: ")


def test_a_post_with_an_unknown_org_kind_is_422_not_500(client_for, world):
    """Found by the fuzzer: Post.clean() looked the org kind up before clean_fields() had
    refused it."""
    response = client_for("admin").post(
        "/api/registry/posts/", {"person": world["own"]["person"].pk, "org_kind": "\x05F",
                                 "role": "head"}, content_type="application/json")
    assert response.status_code == 422
    assert "org_kind" in response.json()["detail"]


# ------------------------------------------------------------------ API docs
@pytest.mark.parametrize("url", ["/api/docs", "/api/openapi.json"])
def test_api_docs_need_a_signed_in_user(client_for, users, url):
    from yizhan.web.accounts.models import Token

    anonymous = client_for("anonymous").get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    assert client_for("viewer").get(url).status_code == 200
    _token, key = Token.create_for(users["viewer"])
    assert client_for("anonymous").get(url, HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    assert client_for("anonymous").get(url, HTTP_AUTHORIZATION="Bearer nope").status_code == 302


@pytest.mark.parametrize("url", ["/api/docs", "/api/openapi.json"])
def test_a_setting_makes_the_api_docs_public(client_for, url):
    with override_settings(YIZHAN_API_DOCS_PUBLIC=True):
        assert client_for("anonymous").get(url).status_code == 200


def test_the_openapi_document_shows_the_pagination_bounds(client_for):
    doc = client_for("viewer").get("/api/openapi.json").json()
    params = {p["name"]: p["schema"] for p in
              doc["paths"]["/api/registry/committees/"]["get"]["parameters"]}
    assert params["limit"]["maximum"] == MAX_LIMIT and params["offset"]["maximum"] == MAX_ID


def test_list_views_are_discovered():
    """The crawler and the filter test above walk what the URL conf serves: every registry
    model's list and the change log are among them."""
    urls = {u for u, _v in list_views()}
    assert {"/registry/committees/", "/registry/assets/", "/changes/"} <= urls
    assert all(issubclass(v, ObjectListView) for _u, v in list_views())


def test_the_500_page_is_localized_and_names_no_internals(rf):
    """What a server error shows with DEBUG off: Django's own page is English only."""
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("en"):
        page = server_error(rf.get("/")).content.decode()
    assert "Server error" in page and "Traceback" not in page
    with translation.override("zh-hans"):
        assert "服务器内部错误" in server_error(rf.get("/")).content.decode()
