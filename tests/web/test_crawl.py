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
