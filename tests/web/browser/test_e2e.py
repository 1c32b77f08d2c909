"""In a real browser: log in, read the dashboard and the map, run the planner and watch it
finish, compare two plans, submit and approve — as the district's users would."""

import re

import pytest

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
    page.fill("#id_never", "LH040 LH041")  # 东门 and 北门 stay apart
    page.fill("#id_time_limit", "10")
    page.click("#run-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/runs/\d+/$"))
    page.wait_for_selector("#run-status.run-succeeded", timeout=90_000)
    page.wait_for_selector("text=求解结果")  # the page reloads itself with the report
    assert page.locator("#progress-bar").get_attribute("style").replace(" ", "") == "width:100%"
    assert "LH040 + LH041" in page.inner_text("#run-panel")
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
    admin.click("button[name=action][value=approve]")
    admin.wait_for_selector("#plan-status.status-approved")
    log = admin.inner_text("#transitions")
    assert "officer-huangbei" in log and "admin" in log and "同意按文件方案实施" in log
    # the approved plan is now the dashboard's default for the officer
    officer.goto(server.url + "/dashboard/")
    assert "黄贝整合方案" in officer.inner_text("h1")
