"""Make the screenshots of docs/operations.md for 四、（一） and 四、（三）: a temporary task
request refused for want of funding (R13), a funded one approved, the station's task with its
ledger, the station's ledger, a committee's opinion answered by the station, the overdue flag
on the station's start page, and the yearly assessment form.

Starts ``yizhan serve`` on a loopback port (``YIZHAN_PORT_RANGE`` if set) with a fresh SQLite
database (the bundled Luohu data and its demo users), drives Debian's chromium through
Playwright in Chinese, and writes PNGs. The overdue example's deadline is moved into the past
through ``yizhan.web shell`` (the pages refuse a deadline before today), and says so.

    .venv/bin/python scripts/screenshots_operations.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer

_BACKDATE = """
import datetime
from yizhan.web.context import change_context
from yizhan.web.operations.models import SupervisionItem
with change_context(label="system"):
    for item in SupervisionItem.objects.filter(title=%r):
        item.deadline = datetime.date.today() - datetime.timedelta(days=3)
        item.save()
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1]
                                             / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yizhan-shots-") as data_dir:
        with LiveServer(data_dir) as server, sync_playwright() as p:
            url, pw = server.url, server.passwords
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def as_user(user):
                ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
                ctx.set_default_timeout(60_000)
                page = ctx.new_page()
                page.goto(url + "/accounts/login/")
                page.fill("input[name=username]", user)
                page.fill("input[name=password]", pw[user])
                page.click("button[type=submit]")
                page.wait_for_url(re.compile(r".*/(dashboard/)?$"))
                return page

            def shot(page, name, full=True):
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print("wrote", out / f"{name}.png")

            station = as_user("station-staff")
            station_name = station.evaluate("fetch('/api/registry/stations/')"
                                            ".then(r => r.json()).then(j => j.items[0].name)")

            def request(page, title, kind, yuan, source, conditions):
                page.goto(url + "/operations/requests/add/")
                page.fill("#id_title", title)
                page.select_option("#id_kind", kind)
                page.fill("#id_description", "为辖区70岁以上老人集中办理优待证，入户核实身份。")
                page.select_option("#id_stations", label=station_name)
                page.fill("#id_start", "2026-12-01")
                page.fill("#id_end", "2026-12-31")
                page.fill("#id_funding_fen", yuan)
                page.fill("#id_funding_source", source)
                page.fill("#id_conditions", conditions)
                page.click("form.form button[type=submit]")
                page.wait_for_selector("#request-status.status-draft")
                page.click("#workflow button[value=submit]")
                page.wait_for_selector("#request-status.status-submitted")
                return page.url

            dept = as_user("department")
            dept.goto(url + "/operations/requests/add/")
            shot(dept, "ops-request-form")
            unfunded = request(dept, "疫苗接种入户宣传（未附经费）", "temporary", "0", "", "")
            funded = request(dept, "老年人优待证集中办理", "temporary", "3000", "区财政专项",
                             "派驻工作人员1名，提供办证设备")

            cb = as_user("community-building")
            cb.goto(url + "/dashboard/")
            cb.locator("#pending-requests").scroll_into_view_if_needed()
            shot(cb, "ops-pending", full=False)
            cb.goto(unfunded)
            shot(cb, "ops-request-refused")
            cb.goto(funded)
            cb.fill("#workflow-reason", "经费、条件齐备，同意下达。")
            cb.click("#workflow button[value=approve]")
            cb.wait_for_selector("#request-status.status-approved")
            shot(cb, "ops-request-approved")

            station.goto(url + "/operations/tasks/")
            shot(station, "ops-station-tasks", full=False)
            station.click("table.table a >> text=老年人优待证集中办理")
            for kind, amount, note in (("received", "3000", "区财政专项拨入"),
                                       ("spent", "1260.50", "办证照片及耗材")):
                station.select_option("#id_kind", kind)
                station.fill("#id_amount_fen", amount)
                station.fill("#id_date", "2026-12-0" + ("1" if kind == "received" else "5"))
                station.fill("#id_note", note)
                station.click("#entry-form button[type=submit]")
                station.wait_for_selector("text=已记账")
            station.select_option("#id_kind", "spent")
            station.fill("#id_amount_fen", "5000")
            station.fill("#id_date", "2026-12-06")
            station.fill("#id_note", "超出结余的支出")
            station.click("#entry-form button[type=submit]")
            station.wait_for_selector(".errorlist")
            shot(station, "ops-station-task-ledger")
            station.click("text=本站经费台账")
            shot(station, "ops-station-ledger", full=False)

            member = as_user("committee-member")
            for title in ("服务窗口午间无人值守", "站务公开栏三个月未更新"):
                member.goto(url + "/operations/supervision/add/")
                member.select_option("#id_committee", index=1)
                member.fill("#id_title", title)
                member.fill("#id_content", "居民反映：" + title + "，请工作站说明并整改。")
                member.click("form.form button[type=submit]")
                member.wait_for_selector("#item-status.status-submitted")
            station.goto(member.url)
            station.fill("#workflow-reason", "已安排午间轮值，12月5日起执行，轮值表在窗口公示。")
            station.click("#workflow button[value=answer]")
            station.wait_for_selector("#item-status.status-answered")
            shot(station, "ops-supervision-answered")
            server.manage("shell", "-c", _BACKDATE % "服务窗口午间无人值守")
            station.goto(url + "/")
            shot(station, "ops-supervision-overdue", full=False)

            member.goto(url + "/operations/assessments/add/")
            member.select_option("#id_committee", index=1)
            member.fill("#id_year", "2026")
            for field, value in (("rating_service", "satisfied"), ("rating_efficiency", "basic"),
                                 ("rating_openness", "satisfied"),
                                 ("rating_integrity", "satisfied"), ("overall", "satisfied")):
                member.select_option(f"#id_{field}", value)
            member.fill("#id_comments", "窗口服务有改进；站务公开栏应按月更新。")
            member.click("form.form button[type=submit]")
            member.wait_for_selector("text=已保存")
            shot(member, "ops-assessment")
            browser.close()


if __name__ == "__main__":
    main()
