"""A bounded soak: steady load for ``--minutes`` (default 30), memory of every process sampled.

Starts ``yizhan serve --workers N`` (gunicorn, the configuration of deploy/; ``--workers 0``
for the one-process server) with its task worker on a random 127.0.0.1 port with the bundled
data (SQLite, or PostgreSQL with ``--db postgres``: a scratch database, dropped at the end),
logs ``--users`` users in and lets them request the pages and API of benchmarks/web_load.py in
a closed loop with a random think time (0 to 2 × ``--think`` seconds) until the time is up.
Every ``--sample`` seconds it prints: requests and errors so far, requests/s and p95 of the
interval, and the resident memory (RSS, MB) of every process of the server — the gunicorn
master, each worker (by pid: a worker replaced after ``max_requests`` shows as a new pid) and
the task worker. At the end: the totals and, per process, the first and last RSS.

    .venv/bin/python benchmarks/soak.py                  # 30 minutes (the lead's run)
    .venv/bin/python benchmarks/soak.py --minutes 3      # proves it works

Loopback only; stops by itself (the server is stopped in any case).
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from web_load import PLANNING, REGISTRY, more_users, pct, prepare_users, with_postgres  # noqa: E402

from yizhan.web.liveserver import LiveServer  # noqa: E402


def _processes(root: int) -> dict[int, tuple[str, float]]:
    """pid → (role, RSS MB) for the server process and all its descendants."""
    out = {}
    try:
        top = psutil.Process(root)
        procs = [top, *top.children(recursive=True)]
    except psutil.NoSuchProcess:
        return out
    for p in procs:
        try:
            cmd = " ".join(p.cmdline())
            role = ("task worker" if " worker" in cmd and "yizhan.web" in cmd else
                    "master/serve" if p.pid == root else "web worker")
            out[p.pid] = (role, p.memory_info().rss / 2**20)
        except psutil.NoSuchProcess:
            pass
    return out


def soak(url: str, passwords: dict, root: int, args) -> None:
    users = more_users(prepare_users(url, passwords), args.users)
    endpoints = PLANNING + REGISTRY
    stop = time.monotonic() + args.minutes * 60
    lock = threading.Lock()
    latencies: list[float] = []
    totals = {"requests": 0, "errors": 0}

    def user(item):
        s, _name, plan = item
        rng = random.Random(id(s))
        while time.monotonic() < stop:
            _label, path = rng.choice(endpoints)
            try:
                seconds, status, _size = s.get(path.format(plan=plan))
            except OSError:
                seconds, status = float("nan"), 0
            with lock:
                totals["requests"] += 1
                if status != 200:
                    totals["errors"] += 1
                else:
                    latencies.append(seconds)
            time.sleep(rng.uniform(0, 2 * args.think))

    first: dict[int, tuple[str, float]] = {}
    last: dict[int, tuple[str, float]] = {}
    print(f"{'min':>5}{'requests':>10}{'errors':>8}{'req/s':>7}{'p95 ms':>8}  RSS MB by process "
          f"(pid role)  load average", flush=True)
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        futures = [pool.submit(user, u) for u in users]
        seen = 0
        while time.monotonic() < stop:
            time.sleep(min(args.sample, max(0.0, stop - time.monotonic())))
            with lock:
                window, latencies[:] = list(latencies), []
                done, errors = totals["requests"], totals["errors"]
            procs = _processes(root)
            for pid, value in procs.items():
                first.setdefault(pid, value)
                last[pid] = value
            rss = ", ".join(f"{pid} {role.split('/')[0]}: {mb:.0f}"
                            for pid, (role, mb) in sorted(procs.items()))
            elapsed = time.monotonic() - start
            print(f"{elapsed / 60:>5.1f}{done:>10}{errors:>8}"
                  f"{(done - seen) / args.sample:>7.0f}{pct(window, .95) * 1000:>8.0f}  {rss}  "
                  f"{os.getloadavg()[0]:.2f}", flush=True)
            seen = done
        for f in futures:
            f.result()
    print(f"\ntotal: {totals['requests']} requests in {args.minutes} min, {totals['errors']} "
          f"errors, {args.users} users, think time ~{args.think} s")
    print("| pid | role | RSS MB first sample | RSS MB last sample |\n| ---: | --- | ---: | ---: |")
    for pid in sorted(first):
        print(f"| {pid} | {first[pid][0]} | {first[pid][1]:.0f} | {last[pid][1]:.0f} |")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=30)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--think", type=float, default=0.25,
                    help="mean think time between a user's requests, seconds (default 0.25)")
    ap.add_argument("--workers", type=int, default=4, help="gunicorn workers; 0: serve's one-process server")
    ap.add_argument("--sample", type=float, default=None,
                    help="seconds between samples (default: a tenth of the run, at most 60)")
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    args = ap.parse_args()
    args.sample = args.sample or min(60.0, max(5.0, args.minutes * 6))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {args.minutes} min, "
          f"{args.users} users, {'gunicorn %d workers' % args.workers if args.workers else 'serve --workers 0 (one process)'}"
          f", {args.db}, load average {os.getloadavg()[0]:.2f}", flush=True)
    serve_args = ["--workers", str(args.workers)]  # 0: the one-process server

    def run(env: dict) -> None:
        with tempfile.TemporaryDirectory(prefix="yizhan-soak-") as data_dir, \
                LiveServer(data_dir, env=env, args=serve_args) as server:
            soak(server.url, server.passwords, server.proc.pid, args)

    if args.db == "postgres":
        pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")
        with_postgres(pg, lambda url: run({"DATABASE_URL": url}))
    else:
        run({})


if __name__ == "__main__":
    main()
