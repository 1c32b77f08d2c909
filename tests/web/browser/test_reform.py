"""In a real browser, the organisational part of the rollout (parts 三 and 七): the
administrator starts the reform from the document and takes the district leading group's
leader seat, the subdistrict's task list appears, an inspector fills and signs the checklist,
and the district accepts the subdistrict."""

import re

import pytest

from .conftest import login

pytestmark = pytest.mark.browser

SUBDISTRICT = "黄贝"


def _start_reform_and_take_the_leaders_seat(page, server):
    page.goto(server.url + "/reform/")
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


def _open_task_list(page, server) -> None:
    """Applying the plan in force opens the subdistrict's task list; the overview's button
    does the same for a subdistrict whose rollout is not applied through this system."""
    page.goto(server.url + "/reform/")
    row = page.locator("#progress tr", has_text=SUBDISTRICT)
    row.locator("button", has_text="生成任务清单").click()
    page.wait_for_url(re.compile(r".*/reform/tasks/\?subdistrict=\d+"))


def test_task_list_inspection_and_acceptance(server, new_page):
    admin = new_page()
    login(admin, server, "admin")
    _start_reform_and_take_the_leaders_seat(admin, server)
    _open_task_list(admin, server)
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
