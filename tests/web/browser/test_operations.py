"""In a real browser, 四、（一）: a government department fills in a temporary task request
with its funding and submits it; the community-building committee finds it on its dashboard
and approves it; the station then sees the task, with the funding, in its own task list —
and not before."""

import re

import pytest

pytestmark = pytest.mark.browser

TITLE = "老年人优待证集中办理（浏览器测试）"


def sign_in(page, server, username: str) -> None:
    """Sign in; roles without the district summary land on their daily-work page."""
    page.goto(server.url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", server.passwords[username])
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(dashboard/)?$"))


def test_department_request_approved_then_seen_by_the_station(server, new_page):
    station_page = new_page()
    sign_in(station_page, server, "station-staff")
    station_page.goto(server.url + "/operations/tasks/")
    assert TITLE not in station_page.inner_text("main")
    station_name = station_page.evaluate(
        "fetch('/api/registry/stations/').then(r => r.json()).then(j => j.items[0].name)")

    department = new_page()
    sign_in(department, server, "department")
    department.goto(server.url + "/operations/requests/add/")
    department.fill("#id_title", TITLE)
    department.select_option("#id_kind", "temporary")
    department.fill("#id_description", "为辖区70岁以上老人集中办理优待证。")
    department.select_option("#id_stations", label=station_name)
    department.fill("#id_start", "2026-12-01")
    department.fill("#id_end", "2026-12-31")
    department.fill("#id_funding_fen", "3000")
    department.fill("#id_funding_source", "区财政专项")
    department.fill("#id_conditions", "派驻工作人员1名，提供办证设备")
    department.click("form.form button[type=submit]")
    department.wait_for_selector("#request-status.status-draft")
    assert "3,000.00" in department.inner_text("main")
    department.click("#workflow button[value=submit]")
    department.wait_for_selector("#request-status.status-submitted")
    request_url = department.url

    # still nothing at the station: submitted is not approved
    station_page.reload()
    assert TITLE not in station_page.inner_text("main")

    committee = new_page()
    sign_in(committee, server, "community-building")
    committee.goto(server.url + "/dashboard/")
    committee.click(f"#pending-requests a >> text={TITLE}")
    assert committee.url == request_url
    committee.fill("#workflow-reason", "经费、条件齐备，同意下达。")
    committee.click("#workflow button[value=approve]")
    committee.wait_for_selector("#request-status.status-approved")
    assert station_name in committee.inner_text("#station-tasks")
    log = committee.inner_text("#transitions")
    assert "community-building" in log and "批准" in log and "department" in log

    station_page.reload()
    station_page.click(f"table.table a >> text={TITLE}")
    station_page.wait_for_selector("#task-status.status-assigned")
    text = station_page.inner_text("main")
    assert "区卫生健康局" in text and "3,000.00" in text and "区财政专项" in text
