"""First start: seconds from ``yizhan serve`` on an empty data directory to the first page.

What ``make run`` does on a fresh clone (the environment already built): start ``yizhan
serve`` with a data directory that does not exist yet — without ``--workers``, as ``make run``
does (gunicorn with the automatic worker count), or with ``--workers N`` given here (0: the
one-process server) — then wait until ``GET /accounts/login/`` answers 200. Each row names
the server ``serve`` said it started. Then, in a fresh process each time, the phases of that start on another empty
directory, timed one by one (wall and CPU seconds): importing and setting up Django, the
migrations, loading the bundled data, creating the demo users (password hashing).

    .venv/bin/python benchmarks/first_start.py                  # 3 starts + the phases
    .venv/bin/python benchmarks/first_start.py --repeats 1
    .venv/bin/python benchmarks/first_start.py --workers 0      # the one-process server

Loopback only, a random free port, the server stopped after each start; bounded (each start is
given 180 s). The load average is printed beside every figure: the machine may be shared.
"""

from __future__ import annotations

import argparse
import json
import os
import re
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


def time_to_first_page(workers: int | None = None,
                       timeout: float = 180) -> tuple[float, float, str]:
    """Seconds from starting ``yizhan serve`` on a new data directory to a 200 from it, the
    CPU seconds of serve and every process it started (web workers, task worker) by the time
    they are stopped, and which server it said it started."""
    port = free_port()
    args = [] if workers is None else ["--workers", str(workers)]
    with tempfile.TemporaryDirectory(prefix="yizhan-first-") as tmp:
        data_dir = os.path.join(tmp, "var")  # does not exist yet, as on a fresh clone
        out_path = os.path.join(tmp, "serve.out")
        with open(out_path, "w") as out:
            start = time.perf_counter()
            proc = subprocess.Popen(
                [sys.executable, "-m", "yizhan.cli", "serve", "--host", "127.0.0.1",
                 "--port", str(port), *args], env=_env(data_dir), stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while time.perf_counter() - start < timeout:
                try:
                    with urllib.request.urlopen(
                            f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as resp:
                        if resp.status == 200:
                            wall = time.perf_counter() - start
                            return wall, _cpu_after(proc), _server(out_path)
                except OSError:
                    pass
                if proc.poll() is not None:
                    raise SystemExit(f"yizhan serve exited with {proc.returncode}")
                time.sleep(0.05)
            raise SystemExit(f"no answer within {timeout} s")
        finally:
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, 9)
                    proc.wait()


def _server(out_path: str) -> str:
    """The server ``serve`` said it started (its line "一站 yizhan: URL (server; …)")."""
    with open(out_path) as fh:
        line = next((line for line in fh if line.startswith("一站 yizhan:")), "")
    match = re.search(r"\((.*); Ctrl\+C", line)
    return match.group(1).split(" / ", 1)[-1] if match else "?"


def _cpu_after(proc) -> float:
    """Stop ``proc`` (serve stops its web workers and task worker, and waits for them) and
    return the CPU its tree used."""
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
    ap.add_argument("--workers", type=int, default=None,
                    help="pass --workers N to serve (default: none, as make run)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, command: yizhan serve"
          f"{'' if args.workers is None else f' --workers {args.workers}'}", flush=True)
    print("| start | server (as serve said) | seconds to first page | CPU s of serve and the "
          "processes it started | load average before |\n| ---: | --- | ---: | ---: | ---: |")
    for i in range(args.repeats):
        load = os.getloadavg()[0]
        wall, cpu, server = time_to_first_page(args.workers)
        print(f"| {i + 1} | {server} | {wall:.1f} | {cpu:.1f} | {load:.1f} |", flush=True)
    load = os.getloadavg()[0]
    print(f"\nphases of a first start, one process (load average before {load:.1f}):")
    print("| phase | wall s | CPU s |\n| --- | ---: | ---: |")
    for name, (wall, cpu) in phases().items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
