"""Make the screenshots of docs/screenshots/: dashboard, map, plan comparison, an import
preview with errors, the planner form (committees picked by name) and a planner run (its
report as tables), a plan page, the plan list, an approval with its findings summary, the
plan in force (administrator and 黄贝 officer) and the dashboard on it; the change-log detail
(field labels), a post's person search, a committee's boundary upload, a station's derived
facilities, assets in 元 and the import page with its template.

Starts ``yizhan serve`` on a random loopback port with a fresh SQLite database (the bundled
Luohu data), drives Debian's chromium through Playwright (never ``playwright install``) in
Chinese, creates the plans it needs through the UI, and writes PNGs.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--port 18081]
"""

from __future__ import annotations

import argparse
import re
import tempfile
from pathlib import Path

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer

#: a plan file with mistakes: a code twice, an empty station, an unknown code; and since it
#: names only four committees, every other committee of 黄贝 is reported without a station
BAD_PLAN = """code,station
LH001,碧波+湖滨
LH002,碧波+湖滨
LH002,新秀+新湖
LH003,
LH999,不存在的工作站
"""


def login(page, url, user, password):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard/.*"))


def new_plan(page, url, name, source) -> str:
    page.goto(url + "/planning/plans/add/")
    page.fill("#id_name", name)
    page.check(f"input[name=source][value={source}]")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
    return page.url.rstrip("/").rsplit("/", 1)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1]
                                             / "docs" / "screenshots"))
    parser.add_argument("--port", type=int, default=None, help="default: a free port")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yizhan-shots-") as data_dir:
        with LiveServer(data_dir, port=args.port) as server, sync_playwright() as p:
            url, pw = server.url, server.passwords
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900},
                                      device_scale_factor=1)
            ctx.set_default_timeout(60_000)
            page = ctx.new_page()
            login(page, url, "admin", pw["admin"])

            def shot(name, full=True):
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print("wrote", out / f"{name}.png")

            page.goto(url + "/dashboard/")
            shot("dashboard")
            page.goto(url + "/dashboard/map/")
            page.wait_for_selector("#map[data-loaded='1']")
            page.locator("#map path.leaflet-interactive").nth(40).click(force=True)
            shot("map", full=False)

            current = new_plan(page, url, "现状（115个工作站）", "current")
            official = new_plan(page, url, "2006年正式方案（83个工作站）", "official")
            page.goto(url + "/planning/runs/add/")
            page.fill("#id_name", "规划器方案（全区）")
            page.fill("#id_time_limit", "20")
            pick_pair(page, "#id_never", "碧波", "LH001", "湖滨", "LH002")
            page.locator(".picker-search").first.fill("水库")
            page.click("details.advanced summary")
            shot("planner-form")
            page.locator(".picker-search").first.fill("")
            page.click("#run-form button[type=submit]")
            page.wait_for_selector("#run-status.run-succeeded", timeout=180_000)
            page.wait_for_selector("text=求解结果")
            shot("planner-run")
            planned = page.get_attribute("#plan-link", "href").rstrip("/").rsplit("/", 1)[-1]
            page.goto(f"{url}/planning/compare/?a={official}&b={planned}")
            page.wait_for_selector("#map-a[data-loaded='1']")
            page.wait_for_selector("#map-b[data-loaded='1']")
            shot("compare")
            page.goto(f"{url}/planning/plans/{official}/")
            shot("plan")
            page.goto(f"{url}/planning/plans/")
            shot("plan-list")

            page.goto(url + "/planning/plans/add/")
            page.fill("#id_name", "黄贝街道调整方案")
            page.select_option("#id_scope", label="黄贝")
            page.check("input[name=source][value=file]")
            page.set_input_files("#id_file", files=[{
                "name": "黄贝方案.csv", "mimeType": "text/csv",
                "buffer": BAD_PLAN.encode("utf-8")}])
            page.click("form.form button[type=submit]")
            page.wait_for_selector("#import-preview")
            shot("import-preview-errors")
            del current

            # plan authority: admin submits the 2006 plan, admin-2 approves it (four eyes);
            # 黄贝's officer submits a 黄贝 plan, admin approves it after reading the summary
            page.goto(f"{url}/planning/plans/{official}/")
            page.click("button[name=action][value=submit]")
            page.wait_for_selector("#plan-status.status-submitted")
            second = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
            other = second.new_page()
            login(other, url, "admin-2", pw["admin-2"])
            approve(other, f"{url}/planning/plans/{official}/")
            officer_ctx = browser.new_context(locale="zh-CN",
                                              viewport={"width": 1440, "height": 900})
            officer = officer_ctx.new_page()
            login(officer, url, "officer-huangbei", pw["officer-huangbei"])
            huangbei = new_plan(officer, url, "黄贝街道现状方案", "current")
            officer.click("button[name=action][value=submit]")
            officer.wait_for_selector("#plan-status.status-submitted")
            page.goto(f"{url}/planning/plans/{huangbei}/")
            page.check("#confirm-approve")
            shot("plan-approve")
            page.click("button[name=action][value=approve]")
            page.wait_for_selector("#plan-status.status-approved")
            page.goto(url + "/planning/in-force/")
            shot("in-force")
            page.goto(url + "/dashboard/")
            shot("dashboard-in-force")
            officer.goto(url + "/planning/in-force/")
            officer.wait_for_timeout(300)
            officer.screenshot(path=str(out / "in-force-officer.png"), full_page=True)
            print("wrote", out / "in-force-officer.png")
            registry_pages(page, url, shot)
            browser.close()


def pick_pair(page, area, a_search, a_code, b_search, b_code) -> None:
    """Add a pair with the pair picker of ``area`` (planning/pickers.js): search each list
    by name, choose, click add."""
    field = page.locator(f".field:has({area})")
    boxes, lists = field.locator(".pair-cell .picker-search"), field.locator(".pair-select")
    boxes.nth(0).fill(a_search)
    lists.nth(0).select_option(a_code)
    boxes.nth(1).fill(b_search)
    lists.nth(1).select_option(b_code)
    field.locator(".pair-picker button").click()


def registry_pages(page, url, shot) -> None:
    """The registry pages this issue changed: a committee edit (boundary file, which also
    writes a change-log entry), its change with field labels, a post's person search, a
    station's derived facilities, assets in 元, the import page with its template."""
    page.goto(url + "/registry/committees/?q=碧波")
    page.locator("table tbody a").first.click()
    page.wait_for_url(re.compile(r".*/registry/committees/\d+/$"))
    page.goto(page.url + "edit/")
    page.fill("#id_office_m2", "320")
    shot("committee-edit")
    page.click("form.form button[type=submit]")
    page.wait_for_url(re.compile(r".*/registry/committees/\d+/$"))
    page.locator(".changes a, table.compact a").first.click()
    page.wait_for_url(re.compile(r".*/changes/\d+/$"))
    shot("change-detail")
    page.goto(url + "/registry/stations/?q=碧波")
    page.locator("table tbody a").first.click()
    shot("station")
    page.goto(url + "/registry/posts/")
    page.locator("table tbody a").first.click()
    page.goto(page.url + "edit/")
    box = page.locator(".field:has(#id_person) .picker-search")
    box.fill("王")
    # a locator wait, not wait_for_function: CSP forbids the eval that a string predicate needs
    page.locator("#id_person option").nth(3).wait_for(state="attached")
    shot("post-person-search", full=False)
    page.goto(url + "/registry/assets/")
    shot("assets")
    page.goto(url + "/registry/committees/import/")
    shot("import")


def approve(page, plan_url) -> None:
    """Tick the confirmation under the findings summary and approve."""
    page.goto(plan_url)
    page.check("#confirm-approve")
    page.click("button[name=action][value=approve]")
    page.wait_for_selector("#plan-status.status-approved")


if __name__ == "__main__":
    main()
