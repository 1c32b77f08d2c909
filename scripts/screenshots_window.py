"""Make the service-window and open-affairs screenshots of docs/screenshots/
(docs/operations.md, 四（二）and 四（四））: a station's open-affairs page on a desktop and on a
phone, the public request form refusing bad input, the reference after submitting, the staff's
ticket page with its workflow, the window statistics, a fee refused for want of a legal basis,
and the rules each station lacks.

Starts ``yizhan serve`` on a random loopback port with a fresh SQLite database (the bundled
Luohu data), adds a station-staff user and a small catalogue through ``manage shell``, drives
Debian's chromium through Playwright in Chinese, and writes PNGs.

    .venv/bin/python scripts/screenshots_window.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from yizhan.web.liveserver import CHROMIUM, CHROMIUM_ARGS, LiveServer

SEED = """
import datetime
from django.contrib.auth.models import User
from yizhan.web.accounts.models import Profile
from yizhan.web.context import change_context
from yizhan.web.operations.models import ServiceItem, StationRule
from yizhan.web.registry.models import Station
station = Station.objects.get(name__startswith="碧波")
with change_context(label="screenshots"):
    user = User.objects.create_user("staff-bibo", password="bibo-window-2006")
    Profile.objects.create(user=user, role="station_staff", station=station)
    ServiceItem.objects.create(station=station, name="居住证申办代办", kind="housing_residence",
        legal_basis="《深圳经济特区居住证条例》", time_limit_days=3,
        description="携带身份证、租赁合同到窗口办理")
    ServiceItem.objects.create(station=station, name="最低生活保障申请受理", kind="social_security",
        legal_basis="《城市居民最低生活保障条例》第七条", time_limit_days=5)
    ServiceItem.objects.create(station=station, name="证件工本费代收", kind="administrative",
        legal_basis="《居民身份证法》", fee_fen=2000, fee_basis="《居民身份证法》第二十条",
        time_limit_days=0)
    ServiceItem.objects.create(station=station, name="居家养老上门服务", kind="elderly_disabled",
        delivery="purchased", provider="罗湖区某社工服务中心", contract="LH-GM-2006-031",
        contract_start=datetime.date(2006, 10, 1), contract_end=datetime.date(2007, 9, 30),
        cost_fen=12000000, time_limit_days=7)
    for kind, title in [("consultation", "社区事务协商议事制度"), ("integrity", "廉政建设制度"),
                        ("open_affairs", "站务公开制度"), ("finance", "财务管理制度")]:
        StationRule.objects.create(station=station, kind=kind, title=title,
                                   adopted=datetime.date(2006, 9, 10))
print("station", station.code)
"""


def login(page, url, user, password):
    page.goto(url + "/accounts/login/")
    page.fill("input[name=username]", user)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda u: "/accounts/login/" not in u)  # the role's start page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parents[1]
                                             / "docs" / "screenshots"))
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yizhan-shots-") as data_dir:
        with LiveServer(data_dir) as server, sync_playwright() as p:
            url = server.url
            code = next(line.split()[1] for line in server.manage("shell", "-c", SEED)
                        .splitlines() if line.startswith("station "))
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

            def new_page(width=1440, height=900, mobile=False):
                ctx = browser.new_context(locale="zh-CN", is_mobile=mobile,
                                          viewport={"width": width, "height": height},
                                          device_scale_factor=2 if mobile else 1)
                ctx.set_default_timeout(60_000)
                return ctx.new_page()

            def shot(page, name, full=True):
                page.wait_for_timeout(300)
                page.screenshot(path=str(out / f"{name}.png"), full_page=full)
                print("wrote", out / f"{name}.png")

            resident = new_page()
            station_url = f"{url}/open/{code}/"
            for subject in ("想办居住证", "楼道灯不亮，请转物业", "咨询低保申请条件"):
                resident.goto(station_url + "request/")
                resident.fill("#id_subject", subject)
                resident.click("#request-form button[type=submit]")
                resident.wait_for_selector("#new-reference")
            shot(resident, "open-status")
            resident.goto(station_url + "request/")
            resident.fill("#id_subject", "")
            resident.fill("#id_name", "王先生")
            resident.fill("#id_phone", "请回电")
            resident.click("#request-form button[type=submit]")
            resident.wait_for_selector(".has-error")
            shot(resident, "open-request-errors")

            staff = new_page()
            login(staff, url, "staff-bibo", "bibo-window-2006")
            staff.goto(url + "/operations/tickets/")
            for action, reason in (("close", "已告知办理材料，当场办结"),
                                   ("refer", "属物业管理事项，转小区物业服务中心")):
                staff.goto(url + "/operations/tickets/?status=received")
                staff.click("table.table tbody tr >> nth=0 >> a")
                staff.click("button[value=start]")
                staff.wait_for_selector("#ticket-status.status-in_progress")
                staff.fill("textarea[name=reason]", reason)
                staff.click(f"button[value={action}]")
                staff.wait_for_selector(f"#ticket-status.status-{'done' if action == 'close' else 'referred'}")
            shot(staff, "window-ticket")
            staff.goto(url + "/operations/window/statistics/")
            shot(staff, "window-statistics")
            staff.goto(url + "/operations/services/add/")
            staff.fill("#id_name", "复印代办")
            staff.select_option("#id_kind", label="政务代办与证明")
            staff.fill("#id_fee_fen", "2.00")
            staff.click("form.form button[type=submit]")
            staff.wait_for_selector(".has-error")
            shot(staff, "window-fee-refused")

            admin = new_page()
            login(admin, url, "admin", server.passwords["admin"])
            admin.goto(url + "/operations/rules/coverage/")
            shot(admin, "rules-coverage", full=False)

            resident.goto(station_url)
            shot(resident, "open-station")
            phone = new_page(390, 844, mobile=True)
            phone.goto(station_url)
            shot(phone, "open-station-phone", full=False)
            phone.goto(station_url + "request/")
            shot(phone, "open-request-phone", full=False)
            browser.close()


if __name__ == "__main__":
    main()
