"""In a real browser under the Content-Security-Policy: the pages that run script still
work (maps, Swagger UI, the pickers, the delete confirmation) and the browser reports no
blocked script; a committee named with markup is shown as text on the map."""

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    """Collect what the browser blocked or failed to run on ``page``."""
    problems = []
    page.on("pageerror", lambda e: problems.append(f"error: {e}"))
    page.on("console", lambda m: problems.append(f"console: {m.text}")
            if "Content Security Policy" in m.text or m.type == "error" else None)
    return problems


def test_pages_run_their_scripts_under_the_policy(server, new_page):
    page = new_page()
    problems = _watch(page)
    login(page, server, "admin")
    page.goto(server.url + "/dashboard/map/")
    page.wait_for_selector("#map[data-loaded='1']")
    page.goto(server.url + "/dashboard/map/print/?layer=before")  # labels set by map-print.js
    page.wait_for_selector("#print-sheet[data-ready='1'] .print-label")
    page.goto(server.url + "/api/docs")
    page.wait_for_selector(".swagger-ui .info .title")  # Swagger UI rendered the OpenAPI doc
    assert "yizhan API" in page.inner_text(".swagger-ui .info .title")
    page.goto(server.url + "/registry/committees/")
    page.select_option("select[name=language]", "en")  # data-autosubmit (site.js)
    page.wait_for_selector("html[lang=en]")
    assert "Residential committees" in page.inner_text("h1")
    page.select_option("select[name=language]", "zh-hans")
    page.wait_for_selector("html[lang=zh-hans]")
    assert not problems, problems


def test_deleting_a_draft_asks_first(server, new_page):
    page = new_page()
    problems = _watch(page)
    login(page, server, "admin")
    page.goto(server.url + "/planning/plans/add/")
    page.fill("#id_name", "待删除的草稿")
    page.check("input[name=source][value=current]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    plan_url = page.url
    asked = []
    page.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    page.click("form[data-confirm] button[type=submit]")
    assert asked and "删除" in asked[0]
    assert page.url == plan_url  # dismissed: nothing was deleted
    page.once("dialog", lambda d: d.accept())
    page.click("form[data-confirm] button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/$"))
    assert "已删除方案：待删除的草稿" in page.inner_text(".messages")
    assert not problems, problems


def test_a_committee_named_with_markup_is_text_in_the_map_popup(server, new_page):
    page = new_page()
    problems = _watch(page)
    login(page, server, "admin")
    api = page.request
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    found = api.get(server.url + "/api/registry/committees/?q=LH115").json()["items"][0]
    markup = '<img src=x onerror="document.body.dataset.xss=1">'
    headers = {"X-CSRFToken": token, "Referer": server.url + "/"}
    assert api.patch(f"{server.url}/api/registry/committees/{found['id']}/",
                     data={"name": markup}, headers=headers).status == 200
    try:
        page.goto(server.url + "/dashboard/map/?plan=current")
        page.wait_for_selector("#map[data-loaded='1']")
        # click each committee (a DOM click on its path, as Leaflet sees a mouse click)
        # until the details panel shows the renamed one
        shown = page.evaluate("""(markup) => {
            for (const p of document.querySelectorAll("#map path.leaflet-interactive")) {
                p.dispatchEvent(new MouseEvent("click", {bubbles: true}));
                const text = document.getElementById("map-details").innerText;
                if (text.includes(markup)) return text;
            }
            return null;
        }""", markup)
        assert shown is not None, "the renamed committee was not found on the map"
        assert page.locator("#map-details img").count() == 0
        assert page.evaluate("document.body.dataset.xss") is None
    finally:
        api.patch(f"{server.url}/api/registry/committees/{found['id']}/",
                  data={"name": found["name"]}, headers=headers)
    assert not [p for p in problems if "404" not in p], problems  # x is a missing image
