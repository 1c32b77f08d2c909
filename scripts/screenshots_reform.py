"""Make the reform screenshots of docs/screenshots/ (docs/rollout.md): the overview with
the timetable, groups and progress; the district leading group; a subdistrict's task list;
the dashboard's overdue flag (the checklist blocked and accepted: scripts/screenshots_rollout.py,
after a rollout is applied).

Starts ``yizhan serve`` on a random loopback port with a fresh SQLite database (the bundled
Luohu data), drives Debian's chromium through Playwright in Chinese, and writes PNGs.

    .venv/bin/python scripts/screenshots_reform.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer


def login(page, url, user, password):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard/.*"))


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

            def context_page(user):
                ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
                ctx.set_default_timeout(60_000)
                page = ctx.new_page()
                login(page, url, user, pw[user])
                return page

            def shot(page, name, full=True):
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print("wrote", out / f"{name}.png")

            admin = context_page("admin")
            admin.goto(url + "/reform/")
            admin.click("#start-reform")
            admin.wait_for_selector("#timetable")
            admin.click("#groups a >> nth=0")
            admin.click("#members a >> text=曾节")
            admin.click("text=编辑")
            admin.select_option("#id_user", label="admin")
            admin.click("form.form button[type=submit]")
            admin.wait_for_selector("text=已保存")
            admin.goto(url + "/reform/")
            admin.click("#groups a >> nth=0")
            shot(admin, "reform-group")
            for name in ("黄贝", "东门"):
                admin.goto(url + "/reform/")
                admin.locator("#progress tr", has_text=name).locator(
                    "button", has_text="生成任务清单").click()
                admin.wait_for_url(re.compile(r".*/reform/tasks/\?subdistrict=\d+"))
            shot(admin, "reform-tasks")
            admin.click("table.table tbody tr >> nth=0 >> a")
            admin.click("button[value=start]")
            admin.wait_for_selector(".badge.status-in_progress")
            shot(admin, "reform-task")

            # the checklist blocked and accepted needs a rollout applied first (a subdistrict
            # is accepted only after it): scripts/screenshots_rollout.py makes those two
            admin.goto(url + "/reform/")
            shot(admin, "reform-overview")
            admin.goto(url + "/dashboard/")
            admin.locator("#overdue-tasks").screenshot(path=str(out / "reform-overdue.png"))
            print("wrote", out / "reform-overdue.png")
            browser.close()


if __name__ == "__main__":
    main()
