"""First start: seconds from ``yizhan serve`` on an empty data directory to the first page.

What ``make run`` does on a fresh clone (the environment already built): start ``yizhan
serve`` with a data directory that does not exist yet, then wait until ``GET /accounts/login/``
answers 200. Then, in a fresh process each time, the phases of that start on another empty
directory, timed one by one (wall and CPU seconds): importing and setting up Django, the
migrations, loading the bundled data, creating the demo users (password hashing).

    .venv/bin/python benchmarks/first_start.py                  # 3 starts + the phases
    .venv/bin/python benchmarks/first_start.py --repeats 1

Loopback only, a random free port, the server stopped after each start; bounded (each start is
given 180 s). The load average is printed beside every figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from yizhan.web.liveserver import free_port

PHASES = r"""
import json, os, sys, time
marks = {}
def mark(name, t0, c0):
    marks[name] = (time.perf_counter() - t0, time.process_time() - c0)
t0, c0 = time.perf_counter(), time.process_time()
from yizhan.web.serve import setup_django
setup_django()
mark("import + django.setup", t0, c0)
from pathlib import Path
from django.conf import settings
from django.core.management import call_command
from yizhan.web.template_db import copy_template
t0, c0 = time.perf_counter(), time.process_time()
Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
copied = copy_template(Path(settings.DATABASES["default"]["NAME"]))
mark(f"copy the install-time template ({'copied' if copied else 'none for this code'})", t0, c0)
t0, c0 = time.perf_counter(), time.process_time()
call_command("migrate", interactive=False, verbosity=0)
mark("migrate", t0, c0)
from yizhan.web.registry.loader import load_bundled
t0, c0 = time.perf_counter(), time.process_time()
load_bundled()
mark("load bundled data", t0, c0)
from yizhan.web.serve import create_demo_users
t0, c0 = time.perf_counter(), time.process_time()
users = create_demo_users()
mark(f"demo users ({len(users)})", t0, c0)
print("@phases", json.dumps(marks))
"""


def _env(data_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(YIZHAN_DATA_DIR=data_dir, PYTHONUNBUFFERED="1")
    return env


def time_to_first_page(timeout: float = 180) -> tuple[float, float]:
    """Seconds from starting ``yizhan serve`` on a new data directory to a 200 from it, and
    the CPU seconds of serve and its task worker by the time they are stopped."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="yizhan-first-") as tmp:
        data_dir = os.path.join(tmp, "var")  # does not exist yet, as on a fresh clone
        start = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "yizhan.cli", "serve", "--host", "127.0.0.1",
             "--port", str(port)], env=_env(data_dir), stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            while time.perf_counter() - start < timeout:
                try:
                    with urllib.request.urlopen(
                            f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as resp:
                        if resp.status == 200:
                            return time.perf_counter() - start, _cpu_after(proc)
                except OSError:
                    pass
                if proc.poll() is not None:
                    raise SystemExit(f"yizhan serve exited with {proc.returncode}")
                time.sleep(0.05)
            raise SystemExit(f"no answer within {timeout} s")
        finally:
            proc.terminate()
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, 9)
                proc.wait()


def _cpu_after(proc) -> float:
    """Stop ``proc`` (serve stops its worker) and return the CPU its tree used."""
    before = os.times()
    proc.terminate()
    proc.wait(30)
    after = os.times()
    return (after.children_user - before.children_user
            + after.children_system - before.children_system)


def phases() -> dict:
    with tempfile.TemporaryDirectory(prefix="yizhan-phases-") as tmp:
        out = subprocess.run([sys.executable, "-c", PHASES], env=_env(os.path.join(tmp, "var")),
                             capture_output=True, text=True, check=True, timeout=300).stdout
    return json.loads(out.rpartition("@phases ")[2])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}", flush=True)
    print("| start | seconds to first page | CPU s of serve + task worker | load average "
          "before |\n| ---: | ---: | ---: | ---: |")
    for i in range(args.repeats):
        load = os.getloadavg()[0]
        wall, cpu = time_to_first_page()
        print(f"| {i + 1} | {wall:.1f} | {cpu:.1f} | {load:.1f} |", flush=True)
    load = os.getloadavg()[0]
    print(f"\nphases of a first start, one process (load average before {load:.1f}):")
    print("| phase | wall s | CPU s |\n| --- | ---: | ---: |")
    for name, (wall, cpu) in phases().items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
