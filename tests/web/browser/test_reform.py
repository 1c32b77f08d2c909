"""In a real browser, the rollout from the plan in force to acceptance (parts 三 and 七): the
administrator starts the reform from the document and takes the district leading group's
leader seat; a 南湖 plan (the 2006 plan's part) is approved by a second administrator; the
administrator previews and applies it for 南湖 — which opens 南湖's task list — an inspector
fills and signs the checklist, and the district accepts the subdistrict."""

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.browser

SUBDISTRICT = "南湖"


def _start_reform_and_take_the_leaders_seat(page, server):
    page.goto(server.url + "/reform/")
    if page.locator("#start-reform").count():  # another test may have started it
        page.click("#start-reform")
    page.wait_for_selector("#timetable")
    assert "2006-09-15" in page.inner_text("#timetable")
    page.click("#groups a >> nth=0")                     # the district group (三、（一））
    assert "区民政局" in page.inner_text("main")
    page.click("#members a >> text=曾节")
    page.click("text=编辑")
    page.select_option("#id_user", label="admin")
    page.click("form.form button[type=submit]")
    page.wait_for_selector("text=已保存")


def _approved_subdistrict_plan(admin, second, server) -> None:
    """A 南湖 plan from the 2006 document, submitted by one administrator and approved by
    another (four eyes): 南湖's part of the plan in force."""
    admin.goto(server.url + "/planning/plans/add/")
    admin.fill("#id_name", "南湖整合方案（2006）")
    admin.select_option("#id_scope", label=SUBDISTRICT)
    admin.check("input[name=source][value=official]")
    admin.click("form.form button[type=submit]")
    admin.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    url = admin.url
    admin.click("button[name=action][value=submit]")
    admin.wait_for_selector("#plan-status.status-submitted")
    second.goto(url)
    second.fill("#reason", "同意按文件方案实施")
    second.check("#confirm-approve")
    second.click("button[name=action][value=approve]")
    second.wait_for_selector("#plan-status.status-approved")


def _preview_and_apply(page, server) -> None:
    page.goto(server.url + "/rollout/")
    page.select_option("#rollout-scope select[name=subdistrict]", label=SUBDISTRICT)
    page.fill("#rollout-scope input[name=effective]", "2006-08-31")
    page.click("#rollout-scope button[type=submit]")
    page.wait_for_selector("#rollout-totals")
    totals = page.inner_text("#rollout-totals")
    assert "14 → 9" in totals, totals                     # 南湖: 14 stations become 9
    assert page.locator("#violation-count").inner_text() == "0"
    page.click("#apply-button")
    page.wait_for_url(re.compile(r".*/rollout/records/\d+/$"))
    assert "14 → 9" in page.inner_text("#record-totals")


def test_preview_apply_task_list_inspection_and_acceptance(server, new_page):
    admin = new_page()
    login(admin, server, "admin")
    _start_reform_and_take_the_leaders_seat(admin, server)
    second = new_page()
    login(second, server, "admin-2")
    _approved_subdistrict_plan(admin, second, server)
    _preview_and_apply(admin, server)

    # applying opened 南湖's task list (七) in the reform in progress
    admin.goto(server.url + f"/reform/tasks/?subdistrict={_subdistrict_pk(admin, server)}")
    rows = admin.locator("table.table tbody tr")
    assert rows.count() == 12 and "拟定本街道具体实施方案" in admin.inner_text("table.table")
    assert "逾期" in admin.inner_text("table.table")       # 2006 deadlines are past
    admin.goto(server.url + "/dashboard/")
    assert admin.locator("#overdue-tasks").is_visible()

    inspector = new_page()
    login(inspector, server, "inspector")
    inspector.goto(server.url + "/reform/inspections/")
    inspector.click(f"table.table a >> text={SUBDISTRICT}")
    items = inspector.locator("#checklist tbody tr")
    assert items.count() == 8
    for i in range(items.count()):
        row = inspector.locator("#checklist tbody tr").nth(i)
        row.locator("button[value=pass]").click()
        inspector.wait_for_load_state()
    assert inspector.locator("#checklist .status-passed").count() == 8
    inspector.click("#inspection-workflow button[value=sign]")
    inspector.wait_for_selector("#inspection-status.status-signed")

    admin.goto(inspector.url)
    admin.click("#inspection-workflow button[value=accept]")
    admin.wait_for_selector("#inspection-status.status-accepted")
    log = admin.inner_text("#inspection-workflow #transitions")
    assert "inspector" in log and "签署检查表" in log and "验收通过" in log and "admin" in log


def _subdistrict_pk(page, server) -> str:
    page.goto(server.url + "/rollout/")
    option = page.locator("#rollout-scope select[name=subdistrict] option", has_text=SUBDISTRICT)
    return option.get_attribute("value")
