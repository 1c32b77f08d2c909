"""In a real browser: log in, read the dashboard and the map, run the planner and watch it
finish, compare two plans, submit and approve — as the district's users would."""

import re

import pytest

from yizhan.data.bundled import load_luohu

from .conftest import login

pytestmark = pytest.mark.browser


def test_login_dashboard_shows_targets_chart_table_and_findings(server, new_page):
    page = new_page()
    login(page, server, "admin")
    assert "总览" in page.title()
    assert page.locator("#targets tr.target").count() == 4  # R2, R4, R5 service, R5 plaza
    assert page.locator("#households-chart .bar").count() == 83  # the official 2006 plan
    rows = page.locator("#per-subdistrict tbody tr[data-parent]")
    assert rows.count() == 10
    assert page.locator("#per-subdistrict tr[data-parent=东门] td").nth(2).inner_text() == "7"
    assert "R2" in page.locator("table.findings").inner_text()
    assert page.locator(".banner-synthetic").is_visible()  # synthetic data is labelled
    page.select_option("#plan-select", "current")
    page.wait_for_url(re.compile(r".*plan=current"))
    assert page.locator("[data-metric=stations]").inner_text() == "115"


def test_map_draws_stations_and_shows_a_committees_details_on_click(server, new_page):
    page = new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    login(page, server, "admin")
    page.click("nav.mainnav >> text=地图")
    page.wait_for_selector("#map[data-loaded='1']")
    assert page.locator("#map").get_attribute("data-features") == "115"
    assert page.locator("#map path.leaflet-interactive").count() >= 115
    page.locator("#map path.leaflet-interactive").nth(10).click(force=True)
    details = page.locator("#map-details")
    details.locator("table").wait_for()
    text = details.inner_text()
    assert "户数" in text and "工作站" in text and "办公用房" in text and "街道" in text
    assert page.locator(".leaflet-popup-content").is_visible()
    page.check("input[name=layer][value=before]")
    page.wait_for_timeout(500)
    assert not errors, errors
    # no request left the machine: Leaflet came from /static/
    assert page.evaluate("typeof L") == "object"


def test_officer_runs_the_planner_with_pins_and_sees_it_finish(server, new_page):
    page = new_page()
    login(page, server, "officer-dongmen")
    page.goto(server.url + "/planning/runs/add/")
    page.fill("#id_name", "东门规划器方案")
    # 东门 and 北门 stay apart: picked by name in the searchable pair picker (no codes typed)
    field = page.locator(".field:has(#id_never)")
    assert not page.locator("#id_never").is_visible()
    boxes, lists = field.locator(".pair-cell .picker-search"), field.locator(".pair-select")
    boxes.nth(0).fill("东门")
    assert lists.nth(0).locator("option:not([hidden])").count() >= 1
    lists.nth(0).select_option(label="东门（东门）")
    boxes.nth(1).fill("北门")
    lists.nth(1).select_option(label="北门（东门）")
    field.locator(".pair-picker button").click()
    assert "东门（东门） + 北门（东门）" in field.locator(".pair-list").inner_text()
    assert page.locator("#id_never").input_value() == "LH040 LH041"
    assert not page.locator("#id_seed").is_visible()  # under 高级 (advanced)
    page.fill("#id_time_limit", "10")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/runs/\d+/$"))
    page.wait_for_selector("#run-status.run-succeeded", timeout=90_000)
    page.wait_for_selector("text=求解结果")  # the page reloads itself with the report
    assert page.locator("#progress-bar").get_attribute("style").replace(" ", "") == "width:100%"
    assert "LH040 + LH041" in page.inner_text("#run-panel")
    # the report as tables: terms with value, bound and gap; the subdistrict; the stations
    terms = page.inner_text("#report-terms")
    assert "户数区间外户数（R2）" in terms and "下界" in terms and "差距" in terms
    assert "东门" in page.inner_text("#report-parents")
    assert page.locator("#report-stations tbody tr").count() >= 1
    page.click("#plan-link")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    assert "规划器计算" in page.inner_text("body") and "草稿" in page.inner_text("#plan-status")
    assert page.locator("#station-table tbody tr").count() >= 1


def test_compare_two_plans_on_maps_and_metrics(server, new_page):
    page = new_page()
    login(page, server, "admin")
    page.goto(server.url + "/planning/plans/add/")
    page.fill("#id_name", "全区正式方案")
    page.check("input[name=source][value=official]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    official = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(server.url + "/planning/plans/add/")
    page.fill("#id_name", "全区现状")
    page.check("input[name=source][value=current]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    current = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.goto(f"{server.url}/planning/compare/?a={current}&b={official}")
    page.wait_for_selector("#map-a[data-loaded='1']")
    page.wait_for_selector("#map-b[data-loaded='1']")
    # 115 committees, 53 kept alone in the document (SPEC §5): 62 change their station
    assert "归属不同的居委会：62 个" in page.inner_text("body")
    assert page.locator("#moved-units tbody tr").count() == 62
    metrics = page.locator("#compare-metrics").inner_text()
    assert "115" in metrics and "83" in metrics


def test_officer_submits_admin_rejects_without_reason_is_refused_then_approves(server,
                                                                             new_page):
    officer = new_page()
    login(officer, server, "officer-huangbei")
    officer.goto(server.url + "/planning/plans/add/")
    officer.fill("#id_name", "黄贝整合方案")
    officer.check("input[name=source][value=official]")
    officer.click("form.form button[type=submit]")
    officer.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    plan_url = officer.url
    officer.fill("#reason", "请区民政局审批")
    officer.click("button[name=action][value=submit]")
    officer.wait_for_selector("#plan-status.status-submitted")
    assert officer.locator("button[name=action][value=approve]").count() == 0

    admin = new_page()
    login(admin, server, "admin")
    admin.goto(plan_url)
    admin.click("button[name=action][value=reject]")
    admin.wait_for_selector(".messages .msg-error")
    assert "退回方案必须填写理由" in admin.inner_text(".messages")
    assert "已提交" in admin.inner_text("#plan-status")
    admin.fill("#reason", "同意按文件方案实施")
    admin.click("button[name=action][value=approve]")  # not confirmed: refused
    admin.wait_for_selector(".messages .msg-error")
    assert "勾选确认" in admin.inner_text(".messages")
    assert "违反" in admin.inner_text("#approve-summary")  # the findings summary
    admin.fill("#reason", "同意按文件方案实施")
    admin.check("#confirm-approve")
    admin.click("button[name=action][value=approve]")
    admin.wait_for_selector("#plan-status.status-approved")
    log = admin.inner_text("#transitions")
    assert "officer-huangbei" in log and "admin" in log and "同意按文件方案实施" in log
    # the plan in force is now the dashboard's default; 黄贝's part comes from this plan
    officer.goto(server.url + "/dashboard/")
    assert "现行方案" in officer.inner_text("h1")
    assert "黄贝整合方案" in officer.inner_text("#in-force-sources")


def _new_plan(page, server, name, source="official") -> str:
    page.goto(server.url + "/planning/plans/add/")
    page.fill("#id_name", name)
    page.check(f"input[name=source][value={source}]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    return page.url


def _approve(page, url):
    page.goto(url)
    page.check("#confirm-approve")
    page.click("button[name=action][value=approve]")
    page.wait_for_selector("#plan-status.status-approved")


def test_district_then_huangbei_approval_compose_the_plan_in_force(server, new_page):
    """The administrator's district plan, then a 黄贝 plan: the dashboard and 现行方案 show
    the district plan with 黄贝's part replaced, the whole district; 黄贝's officer sees it."""
    admin = new_page()
    login(admin, server, "admin")
    district_url = _new_plan(admin, server, "全区方案（批准）")
    admin.click("button[name=action][value=submit]")
    admin.wait_for_selector("#plan-status.status-submitted")
    # four eyes: the submitter is offered no approve button
    assert admin.locator("button[name=action][value=approve]").count() == 0
    assert "四眼原则" in admin.inner_text("#four-eyes")
    second = new_page()
    login(second, server, "admin-2")
    _approve(second, district_url)

    officer = new_page()
    login(officer, server, "officer-huangbei")
    huangbei_url = _new_plan(officer, server, "黄贝现状方案", source="current")
    officer.click("button[name=action][value=submit]")
    officer.wait_for_selector("#plan-status.status-submitted")
    _approve(admin, huangbei_url)

    admin.goto(server.url + "/dashboard/")
    assert "现行方案" in admin.inner_text("h1")
    sources = admin.inner_text("#in-force-sources")
    assert "全区方案（批准）" in sources and "黄贝现状方案" in sources
    # the whole district: 黄贝 keeps its stations of today, the rest as in the 2006 plan
    data = load_luohu()
    units, official = data.instance.units, data.official_plan.assignment
    codes = [c for c in units.index if units.at[c, "parent"] == "黄贝"]
    expected = (len(set(official.values())) - len({official[c] for c in codes})
                + len({units.at[c, "station"] for c in codes}))
    assert admin.locator("[data-metric=units]").inner_text() == str(len(units))
    assert admin.locator("[data-metric=stations]").inner_text() == str(expected)

    admin.click("nav.mainnav >> text=现行方案")
    parts = admin.locator("#in-force-parts tbody tr")
    assert parts.count() == 10
    huangbei = admin.locator("#in-force-parts tr[data-subdistrict=黄贝]").inner_text()
    assert "黄贝现状方案" in huangbei and "officer-huangbei" not in huangbei
    assert "全区方案（批准）" in admin.locator("#in-force-parts tr[data-subdistrict=东门]") \
        .inner_text()
    assert "admin" in huangbei  # approved by

    officer.click("nav.mainnav >> text=现行方案")
    assert officer.locator("#in-force-parts tbody tr").count() == 1
    assert "黄贝现状方案" in officer.inner_text("#in-force-parts")
    assert "115" in officer.inner_text("#district-totals")
    officer.click("#in-force-map")
    officer.wait_for_selector("#map[data-loaded='1']")
    # the approved district plan is readable by the officer, without workflow buttons
    officer.goto(district_url)
    assert "全区方案（批准）" in officer.inner_text("h1")
    assert officer.locator("#workflow").count() == 0
