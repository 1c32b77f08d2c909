"""The Content-Security-Policy and the pages it must not break (issue 7 items 3 and 12).

The policy forbids inline script; a crawler renders every page reachable from the home
page (as the administrator, who sees the most) plus the pages only reached with parameters,
and checks each for the header and for script the policy would block: a ``<script>``
without ``src`` (other than ``application/json`` data), an ``on…=`` handler attribute or a
``javascript:`` URL.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urldefrag, urlsplit

from django.urls import reverse

_SKIP = ("/static/", "/accounts/logout/", "/i18n/", "/jsi18n/")


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.inline, self.links = [], []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "script" and not a.get("src") and a.get("type") != "application/json":
            self.inline.append(f"<script {a}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.inline.append(f"<{tag} {name}={value!r}>")
            if value and value.strip().lower().startswith("javascript:"):
                self.inline.append(f"<{tag} {name}={value!r}>")
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])


def inline_scripts(html: str) -> list[str]:
    """What a ``script-src 'self'`` policy would block in ``html``."""
    scan = _Scan()
    scan.feed(html)
    return scan.inline


def _links(html: str) -> list[str]:
    scan = _Scan()
    scan.feed(html)
    return scan.links


def _shape(url: str) -> str:
    """One page per kind: ids and query strings do not make a new kind of page."""
    return re.sub(r"/\d+/", "/N/", urlsplit(url).path)


def crawl(client, start: list[str], limit: int = 400) -> dict[str, object]:
    seen, queue, pages = set(), list(start), {}
    while queue and len(pages) < limit:
        url = urldefrag(queue.pop(0))[0]
        if not url.startswith("/") or url.startswith(_SKIP) or "export=" in url:
            continue
        key = url if url in start else _shape(url)  # start pages: each with its parameters
        if key in seen:
            continue
        seen.add(key)
        response = client.get(url, follow=True)
        pages[url] = response
        if response.get("Content-Type", "").startswith("text/html"):
            queue += _links(response.content.decode())
    return pages


def test_every_page_has_the_policy_and_no_inline_script(pw, world, users, client_for):
    users["admin"].is_staff = users["admin"].is_superuser = True  # the user admin pages too
    users["admin"].save()
    client = client_for("admin")
    a, b = pw[("own", "draft")], pw[("own", "approved")]
    start = ["/", reverse("planning:compare") + f"?a={a.pk}&b={b.pk}",
             reverse("dashboard:map") + f"?plan={a.pk}",
             reverse("planning:run", args=[pw[("own", "run")].pk]), "/api/docs"]
    pages = crawl(client, start) | crawl(client_for("anonymous"), ["/accounts/login/"])
    assert all(r.status_code == 200 for r in pages.values()), sorted(
        (u, r.status_code) for u, r in pages.items() if r.status_code != 200)
    html_pages = {u: r for u, r in pages.items()
                  if r.get("Content-Type", "").startswith("text/html")}
    assert len(html_pages) >= 60, sorted(pages)
    html_pages["404"] = client.get("/registry/committees/999999/")
    html_pages["403"] = client_for("viewer").get(reverse("registry:committee_add"))
    assert (html_pages["404"].status_code, html_pages["403"].status_code) == (404, 403)
    for url, response in html_pages.items():
        policy = response.get("Content-Security-Policy", "")
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split(
            "script-src")[1].split(";")[0], url
        assert inline_scripts(response.content.decode()) == [], url
    shapes = {_shape(u) for u in html_pages}
    for must in ("/planning/compare/", "/dashboard/map/", "/api/docs", "/registry/committees/N/edit/",
                 "/changes/N/", "/planning/plans/N/", "/admin/", "/accounts/login/"):
        assert must in shapes, must


def test_the_policy_has_no_exception_for_the_api_docs(world, client_for):
    """Swagger UI (django-ninja's offline page) keeps its settings in application/json data."""
    response = client_for("viewer").get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'src="/static/ninja/swagger-ui-init.js"' in html and inline_scripts(html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_scan_finds_what_the_policy_blocks():
    """The checker itself: each kind of inline script is found, data and files are not."""
    found = inline_scripts('<script>alert(1)</script><select onchange="go()"></select>'
                           '<a href="javascript:alert(1)">x</a><script src="/s.js"></script>'
                           '<script type="application/json" id="d">{"a": 1}</script>')
    assert len(found) == 3
