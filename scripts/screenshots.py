"""Make the screenshots of docs/screenshots/: dashboard, map, plan comparison, an import
preview with errors (and a planner run, a plan page).

Starts ``yizhan serve`` on a random loopback port with a fresh SQLite database (the bundled
Luohu data), drives Debian's chromium through Playwright (never ``playwright install``) in
Chinese, creates the plans it needs through the UI, and writes PNGs.

    .venv/bin/python scripts/screenshots.py [--out docs/screenshots]
"""

from __future__ import annotations

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--lang=zh-CN"]

#: a plan file with mistakes: a code twice, an empty station, an unknown code; and since it
#: names only four committees, every other committee of 黄贝 is reported without a station
BAD_PLAN = """code,station
LH001,碧波+湖滨
LH002,碧波+湖滨
LH002,新秀+新湖
LH003,
LH999,不存在的工作站
"""


def start_server(data_dir: str):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(YIZHAN_DATA_DIR=data_dir, PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "yizhan.cli", "serve", "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    passwords, ready = {}, threading.Event()

    def read():
        for line in proc.stdout:
            m = re.search(r"用户名 (\S+)\s+密码 (\S+)", line)
            if m:
                passwords[m.group(1)] = m.group(2)
            if "一站 yizhan: http" in line:
                ready.set()

    threading.Thread(target=read, daemon=True).start()
    if not ready.wait(120):
        proc.kill()
        raise SystemExit("yizhan serve did not start")
    for _ in range(100):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                break
        time.sleep(0.2)
    return proc, f"http://127.0.0.1:{port}", passwords


def stop_server(proc) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


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
    out = Path(parser.parse_args().out)
    out.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="yizhan-shots-") as data_dir:
        proc, url, pw = start_server(data_dir)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
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
                browser.close()
        finally:
            stop_server(proc)


if __name__ == "__main__":
    main()
