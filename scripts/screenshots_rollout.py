"""Make the rollout screenshots of docs/screenshots/ (docs/rollout.md): an appointment on the
bundled data with the 2006 plan approved for the district (湖景's head elected secretary, the
fix the dry run names), the preview of 南湖's
plan in force and its record after applying it, a party organisation's approval, 南湖's
checklist blocked by a failing item and accepted after the waiver, and the district-wide
preview afterwards.

Starts ``yizhan serve`` on a loopback port (``--port``, default a free one of
``YIZHAN_PORT_RANGE`` when set) with a fresh
SQLite database (the bundled Luohu data), drives Debian's chromium through Playwright in
Chinese, and writes PNGs. It also prints what the district-wide dry run says before and after
the appointment, so the claim in docs/rollout.md can be checked.

    .venv/bin/python scripts/screenshots_rollout.py [--out docs/screenshots] [--port N]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from pathlib import Path

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer

SUBDISTRICT = "南湖"


def login(page, url, user, password):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/dashboard/.*"))


def api(page, url, path):
    return json.loads(page.request.get(url + path).text())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1]
                                             / "docs" / "screenshots"))
    parser.add_argument("--port", type=int, default=None)
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yizhan-shots-") as data_dir:
        with LiveServer(data_dir, port=args.port) as server, sync_playwright() as p:
            url, pw = server.url, server.passwords
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def context_page(user):
                ctx = browser.new_context(locale="zh-CN", viewport={"width": 1440, "height": 900})
                ctx.set_default_timeout(120_000)
                page = ctx.new_page()
                login(page, url, user, pw[user])
                return page

            def shot(page, name, full=True):
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print("wrote", out / f"{name}.png")

            def r10(page):
                data = api(page, url, "/api/rollout/preview?effective=2006-08-31")
                return sorted(v["subject"] for v in data.get("violations", [])
                              if v["rule"] == "R10")

            admin = context_page("admin")
            second = context_page("admin-2")

            def approved_plan(name, scope=None):
                admin.goto(url + "/planning/plans/add/")
                admin.fill("#id_name", name)
                if scope:
                    admin.select_option("#id_scope", label=scope)
                admin.check("input[name=source][value=official]")
                admin.click("form.form button[type=submit]")
                admin.wait_for_url(re.compile(r".*/planning/plans/\d+/$"))
                plan = admin.url
                admin.click("button[name=action][value=submit]")
                admin.wait_for_selector("#plan-status.status-submitted")
                second.goto(plan)
                second.fill("#reason", "同意按文件方案实施")
                second.check("#confirm-approve")
                second.click("button[name=action][value=approve]")
                second.wait_for_selector("#plan-status.status-approved")

            approved_plan("全区整合方案（2006）")
            print("R10 violations before:", r10(admin))

            # ---- 湖景: its head elected secretary (the dry run's fix), filed before the day
            station = api(admin, url, "/api/registry/stations/?q=湖景")["items"][0]
            head = api(admin, url, "/api/registry/people/?q=P0336")["items"][0]
            admin.goto(url + "/rollout/appointments/add/")
            admin.select_option("#id_station", value=str(station["id"]))
            admin.select_option("#id_post", value="secretary")
            admin.fill("#id_effective", "2006-09-01")
            admin.click("form.form button[type=submit]")
            admin.wait_for_url(re.compile(r".*/rollout/appointments/\d+/$"))
            appointment = admin.url
            pk = appointment.rstrip("/").rsplit("/", 1)[-1]
            admin.goto(f"{url}/rollout/candidates/add/?appointment={pk}&person={head['id']}")
            admin.select_option("#id_education", value="college")
            admin.fill("#id_birth_date", "1968-04-12")
            admin.fill("#id_experience_years", "9")
            admin.fill("#id_assessment", "现任站长，熟悉社区，群众认可度高")
            admin.click("form.form button[type=submit]")
            admin.wait_for_url(re.compile(r".*/rollout/appointments/\d+/$"))
            admin.goto(f"{url}/rollout/appointments/{pk}/edit/")
            admin.select_option("#id_person", value=str(head["id"]))
            admin.click("form.form button[type=submit]")
            admin.wait_for_url(re.compile(r".*/rollout/appointments/\d+/$"))
            admin.fill("#appointment-workflow-reason", "站长兼任书记（二、（七））；学历、年龄、能力综合考虑")
            admin.click("#appointment-workflow button[value=select]")
            admin.wait_for_selector("#appointment-status.status-selected")
            admin.goto(f"{url}/rollout/filings/add/?appointment={pk}")
            admin.select_option("#id_body", value="organisation")
            admin.fill("#id_filed_on", "2006-08-25")
            admin.fill("#id_reference", "罗组备〔2006〕31号")
            admin.click("form.form button[type=submit]")
            admin.wait_for_url(re.compile(r".*/rollout/appointments/\d+/$"))
            admin.click("#appointment-workflow button[value=file]")
            admin.wait_for_selector("#appointment-status.status-filed")
            admin.click("#appointment-workflow button[value=appoint]")
            admin.wait_for_selector("#appointment-status.status-appointed")
            shot(admin, "rollout-appointment")
            print("R10 violations after 湖景's appointment:", r10(admin))

            # ---- the reform, and 南湖's plan approved (after the district's: its part in force)
            admin.goto(url + "/reform/")
            admin.click("#start-reform")
            admin.wait_for_selector("#timetable")
            admin.click("#groups a >> nth=0")
            admin.click("#members a >> text=曾节")
            admin.click("text=编辑")
            admin.select_option("#id_user", label="admin")
            admin.click("form.form button[type=submit]")
            admin.wait_for_selector("text=已保存")
            approved_plan("南湖整合方案（2006）", SUBDISTRICT)

            # ---- preview and apply
            admin.goto(url + "/rollout/")
            admin.select_option("#rollout-scope select[name=subdistrict]", label=SUBDISTRICT)
            admin.fill("#rollout-scope input[name=effective]", "2006-08-31")
            admin.click("#rollout-scope button[type=submit]")
            admin.wait_for_selector("#rollout-totals")
            shot(admin, "rollout-preview")
            admin.click("#apply-button")
            admin.wait_for_url(re.compile(r".*/rollout/records/\d+/$"))
            shot(admin, "rollout-record")

            # ---- a party organisation's approval and filing
            admin.goto(url + "/rollout/party-approvals/")
            admin.click("table.table tbody tr >> nth=0 >> a")
            admin.click("text=填写批准和备案")
            admin.fill("#id_approved_by", "南湖街道党工委")
            admin.fill("#id_approved_on", "2006-08-31")
            admin.fill("#id_approval_ref", "南党工〔2006〕18号")
            admin.click("form.form button[type=submit]")
            admin.wait_for_selector("#approval-workflow")
            admin.click("#approval-workflow button[value=approve]")
            admin.wait_for_selector("#approval-status.status-approved")
            shot(admin, "rollout-party-approval")

            # ---- 南湖's checklist: a failure blocks acceptance until waived
            inspector = context_page("inspector")
            inspector.goto(url + "/reform/inspections/")
            inspector.click(f"table.table a >> text={SUBDISTRICT}")
            rows = inspector.locator("#checklist tbody tr")
            for i in range(rows.count()):
                row = inspector.locator("#checklist tbody tr").nth(i)
                if row.get_attribute("id") == "item-office":
                    row.locator("input[name=reason]").fill("建南罗湖桥站办公用房180平方米，不足200平方米")
                    row.locator("button[value=fail]").click()
                else:
                    row.locator("button[value=pass]").click()
                inspector.wait_for_load_state()
            inspector.click("#inspection-workflow button[value=sign]")
            inspector.wait_for_selector("#inspection-status.status-signed")
            admin.goto(inspector.url)
            admin.wait_for_selector("#blocked")
            shot(admin, "reform-inspection-blocked")
            row = admin.locator("#item-office")
            row.locator("input[name=reason]").fill("已签订租赁合同，2006年底前达标")
            row.locator("button[value=waive]").click()
            admin.wait_for_load_state()
            admin.click("#inspection-workflow button[value=accept]")
            admin.wait_for_selector("#inspection-status.status-accepted")
            shot(admin, "reform-inspection-accepted")

            # ---- the district afterwards
            admin.goto(url + "/rollout/?effective=2006-08-31")
            admin.wait_for_selector("#rollout-totals")
            shot(admin, "rollout-preview-district")
            browser.close()


if __name__ == "__main__":
    main()
