"""The crawler: every HTML page the URL conf serves (walked by ``crawl.pages``, so a new page
is crawled without being listed here), requested as each role with junk in every parameter it
reads — search, filters, sort, page, page size, plan ids, form prefills, unknown names — must
answer below 500; a 400 must say which parameter was wrong.

Each (page, role) is one test: every parameter at once in the default run; one at a time (so
that a parameter refused with 400 does not hide the ones after it) with ``-m slow``."""

import pytest
from django.test import Client

from yizhan.web.generic import ObjectEditView, ObjectListView

from .crawl import pages
from .factories import make_role_user
from .planning.helpers import build_planning_world

#: values no parameter should fail on: overflowing, negative, fractional, NUL, very long,
#: not numbers, numbers JSON lacks, markup, empty
JUNK = ["99999999999999999999999", "-1", "1.5", "\x00", "x" * 5000, "abc", "NaN", "1e400",
        "²", "<script>alert(1)</script>", "", "0"]
#: what the pages read besides a list's filters and a form's fields
COMMON = ["q", "sort", "page", "per_page", "export", "status", "plan", "a", "b", "subdistrict",
          "next", "no_such_field"]


def parameters(view) -> list[str]:
    cls = getattr(view, "view_class", None)
    names = list(COMMON)
    if cls is not None and issubclass(cls, ObjectListView):
        names += [*cls.filter_fields, *cls.query_fields]
    if cls is not None and issubclass(cls, ObjectEditView):
        names += list(cls.form_class.base_fields)
    return list(dict.fromkeys(names))


@pytest.fixture
def crawler(world, users):
    """A client per role over a registry with plans in every state (for ``plan``, ``a``, ``b``)."""
    from yizhan.web.registry.snapshot import clear_cache

    clear_cache()
    build_planning_world(world, users)

    def make(role):
        client = Client(raise_request_exception=False)  # collect every 500, not the first
        if role != "anonymous":
            client.force_login(users[role] if role in users else make_role_user(role, world))
        return client

    yield make
    clear_cache()


def _check(client, url, params, failures):
    response = client.get(url, params)
    if response.status_code >= 500:
        failures.append(f"{response.status_code} {url} {params!r:.200}")
    elif response.status_code == 400 and b"\xe5\x8f\x82\xe6\x95\xb0" not in response.content:
        failures.append(f"400 without naming the parameter: {url} {params!r:.200}")  # 参数


PAGES = pages()
#: the original three roles, and two whose scopes take other paths through the pages: a
#: station (no subdistrict totals: 403 on the dashboard) and a subdistrict's leading group
ROLES = ["admin", "officer", "viewer", "station_staff", "leading_group"]
#: the service window's and open affairs' (四、（二）（四）) pages of one object, and the fields
#: the public request form posts
OPEN_PAGES = ["open:station", "open:request"]
OBJECT_PAGES = ["operations:serviceitem", "operations:serviceitem_edit", "operations:ticket",
                "operations:stationrule", "operations:stationrule_edit"]
REQUEST_FIELDS = ["service", "subject", "description", "name", "phone", "ref", "new"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url, view", PAGES, ids=[u for u, _v in PAGES])
def test_no_page_fails_on_junk_parameters(crawler, url, view, role):
    """Every parameter at once, once per junk value (fast: the default run)."""
    client, failures = crawler(role), []
    names = parameters(view)
    for value in JUNK:
        _check(client, url, {name: value for name in names}, failures)
    assert not failures, "\n".join(failures)


@pytest.mark.slow
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("url, view", PAGES, ids=[u for u, _v in PAGES])
def test_no_page_fails_on_any_junk_parameter(crawler, url, view, role):
    """One parameter at a time, so a parameter the page refuses (400) does not hide the
    parameters after it."""
    client, failures = crawler(role), []
    for name in parameters(view):
        for value in JUNK:
            _check(client, url, {name: value}, failures)
    assert not failures, "\n".join(failures)


OPEN = [(url, view) for url, view in PAGES if url.startswith("/open/")]


@pytest.mark.parametrize("url, view", OPEN, ids=[u for u, _v in OPEN])
def test_no_public_page_fails_on_junk_parameters_anonymous(crawler, url, view):
    """The public pages (/open/, no login) as a visitor who is not signed in. (The signed-in
    pages only redirect such a visitor to the login page.)"""
    client, failures = crawler("anonymous"), []
    for value in JUNK:
        _check(client, url, {name: value for name in [*parameters(view), "ref", "new"]},
               failures)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", [*ROLES, "anonymous"])
def test_window_and_open_pages_of_one_object_fail_on_no_junk(crawler, world, role):
    """The pages with an object in their path (the crawl above walks those without one), as
    each role, and the public ones anonymous too: junk in every parameter, GET and (the
    public form) POST."""
    from django.urls import reverse

    from .operations.window_world import build_window

    w = build_window(world)["own"]
    station, rule = world["own"]["station"], world["own"]["station"].rules.first()
    urls = [reverse(name, args=[station.code]) for name in OPEN_PAGES]
    signed_in = OBJECT_PAGES if role != "anonymous" else []  # (they redirect to the login)
    urls += [reverse(name, args=[pk]) for name, pk in zip(signed_in, [
        w["fee"].pk, w["fee"].pk, w["online"].pk, rule.pk, rule.pk])]
    client, failures = crawler(role), []
    for url in urls:
        for value in JUNK:
            _check(client, url, {name: value for name in [*COMMON, *REQUEST_FIELDS]},
                   failures)
    form = reverse("open:request", args=[station.code])
    for value in JUNK:
        response = client.post(form, {name: value for name in REQUEST_FIELDS})
        if response.status_code >= 500:
            failures.append(f"{response.status_code} POST {form} {value!r:.50}")
    assert not failures, "\n".join(failures)
