"""A bounded load on the web app: concurrent closed-loop users on loopback, a fixed number of
requests, p50/p95 per endpoint, through ``yizhan serve`` as ``make run`` starts it, its
one-process server and gunicorn with a given worker count, on SQLite and PostgreSQL.
Stops by itself.

For each database and server it starts ``yizhan serve`` without options (``--server serve``:
what ``make run`` starts, gunicorn with the automatic worker count), ``yizhan serve --workers 0``
(``--server one-process``: Django's threaded WSGI server in one process) or ``yizhan serve
--workers N`` (``--server gunicorn``: N worker processes, the configuration of deploy/), each
with the task worker beside it, on a
random 127.0.0.1 port with the bundled Luohu data; logs 20 users in (the administrator, the
ten subdistrict officers, the viewer, several sessions each), makes two plans through the
API, warms the caches with one pass, then lets every user request every endpoint
``--rounds`` times in a shuffled order. Latency is measured in the client, from sending the
request to reading the whole body; each user keeps one HTTP/1.1 connection open, as a
browser does. ``--find-max`` then raises the number of users by ``--step`` until the worst
p95 of any endpoint (committee list included) reaches 200 ms, and reports the highest count
that still met it. Every result is labelled with the server and the worker count that ``serve``
said it started (e.g. "serve (default: gunicorn, 4 worker processes)"). The load average is
printed before and after every run.

    .venv/bin/python benchmarks/web_load.py                     # all three servers, both databases
    .venv/bin/python benchmarks/web_load.py --server serve --db both --find-max   # make run's server
    .venv/bin/python benchmarks/web_load.py --db sqlite --server gunicorn --workers 2 --rounds 5
    .venv/bin/python benchmarks/web_load.py --server one-process
    BENCH_PG=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/web_load.py

PostgreSQL: a scratch database ``yizhan_bench_<pid>`` is created on the server of
``BENCH_PG`` (default ``postgres://postgres@127.0.0.1:5432/postgres``) for each server run and
dropped after it. Loopback only: the script refuses any other host.
"""

from __future__ import annotations

import argparse
import http.client
import http.cookies
import json
import os
import random
import re
import sys
import tempfile
import threading
import time
import urllib.parse
from concurrent.futures import ThreadPoolExecutor

from yizhan.web.liveserver import LiveServer

USERS = 20
#: (label, path) of the planning workspace, dashboard and map (web part 2): lists, map data,
#: dashboard and API endpoints; {plan} is a plan in the user's scope
PLANNING = [
    ("page  plan list", "/planning/plans/"),
    ("page  run list", "/planning/runs/"),
    ("page  dashboard", "/dashboard/?plan=official"),
    ("map   committees.geojson", "/dashboard/map/committees.geojson?plan={plan}"),
    ("map   stations.geojson", "/dashboard/map/stations.geojson?plan={plan}"),
    ("api   planning/plans", "/api/planning/plans/"),
    ("api   planning/runs", "/api/planning/runs/"),
    ("api   plan findings", "/api/planning/plans/{plan}/findings/"),
    ("api   dashboard/summary", "/api/dashboard/summary/?plan=official"),
]
#: the registry's committee list (web part 1), measured in a second phase together with the above
REGISTRY = [
    ("page  committee list", "/registry/committees/"),
    ("api   registry/committees", "/api/registry/committees/?limit=50"),
]


class Session:
    """One logged-in browser session: cookies, CSRF token and, like a browser, one
    keep-alive connection (HTTP/1.1) that is reopened if the server closes it."""

    def __init__(self, base: str, username: str, password: str | None):
        self.base = base
        self.host, port = urllib.parse.urlparse(base).netloc.split(":")
        if self.host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit("loopback only")
        self.port = int(port)
        self.conn = None
        self.cookies: dict[str, str] = {}
        if password is None:  # see clone()
            return
        status, html = self.request("GET", "/accounts/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html.decode()).group(1)
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token})
        status, _ = self.request("POST", "/accounts/login/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": base + "/accounts/login/"})
        if status != 302:
            raise SystemExit(f"login failed for {username}")

    def request(self, method: str, path: str, body=None, headers=None) -> tuple[int, bytes]:
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        for attempt in (1, 2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                data = resp.read()
                break
            except (http.client.HTTPException, ConnectionError, OSError):
                self.conn.close()
                self.conn = None
                if attempt == 2:
                    raise
        for header in resp.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            for k, morsel in cookie.items():
                self.cookies[k] = morsel.value
        if resp.headers.get("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return resp.status, data

    def clone(self) -> Session:
        """Another browser tab of the same login: the cookies, a connection of its own (more
        closed-loop users without a password hash per login on the server)."""
        other = Session(self.base, "", None)
        other.cookies = dict(self.cookies)
        return other

    def get(self, path: str) -> tuple[float, int, int]:
        start = time.perf_counter()
        status, body = self.request("GET", path)
        return time.perf_counter() - start, status, len(body)

    def get_json(self, path: str):
        return json.loads(self.request("GET", path)[1])

    def post_json(self, path: str, data: dict) -> dict:
        status, body = self.request("POST", path, json.dumps(data), {
            "Content-Type": "application/json", "X-CSRFToken": self.cookies["csrftoken"],
            "Referer": self.base + "/"})
        if status >= 300:
            raise SystemExit(f"POST {path}: {status} {body[:300]!r}")
        return json.loads(body)


def prepare_users(base: str, passwords: dict) -> list[tuple[Session, str, int]]:
    """Log the 20 users in; make plans (district: admin; each officer: their subdistrict)."""
    admin = Session(base, "admin", passwords["admin"])
    official = admin.post_json("/api/planning/plans/", {"name": "正式方案", "source": "official"})
    admin.post_json("/api/planning/plans/", {"name": "现状", "source": "current"})
    names = ["admin"] + sorted(n for n in passwords if n.startswith("officer-")) + ["viewer"]
    logins = [names[i % len(names)] for i in range(USERS)]
    sessions = [Session(base, n, passwords[n]) for n in logins]
    plans = {}
    for s, n in zip(sessions, logins):
        if n.startswith("officer-") and n not in plans:
            plans[n] = s.post_json("/api/planning/plans/", {
                "name": f"{n} 现状", "source": "current",
                "subdistrict": _own_subdistrict(s)})["id"]
    return [(s, n, plans.get(n, official["id"])) for s, n in zip(sessions, logins)]


def more_users(users, n: int):
    """``users`` extended to ``n`` by cloning its sessions round-robin."""
    out = list(users)
    while len(out) < n:
        s, name, plan = users[len(out) % len(users)]
        out.append((s.clone(), name, plan))
    return out


def run_load(users, endpoints, rounds: int, seed: int) -> dict:
    for s, _n, plan in users:  # warm-up pass (caches)
        for _label, path in endpoints:
            s.get(path.format(plan=plan))
    rng = random.Random(seed)
    work = []
    for s, _n, plan in users:
        jobs = [(label, path.format(plan=plan)) for label, path in endpoints] * rounds
        rng.shuffle(jobs)
        work.append((s, jobs))
    results: dict[str, list[float]] = {label: [] for label, _ in endpoints}
    errors: dict[str, int] = {label: 0 for label, _ in endpoints}
    lock = threading.Lock()

    def user(item):
        s, jobs = item
        for label, path in jobs:
            seconds, status, _size = s.get(path)
            with lock:
                results[label].append(seconds)
                if status != 200:
                    errors[label] += 1

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        list(pool.map(user, work))
    wall = time.perf_counter() - start
    return {"results": results, "errors": errors, "wall": wall, "users": len(users),
            "requests": sum(len(v) for v in results.values())}


def _own_subdistrict(session: Session) -> int:
    return session.get_json("/api/registry/subdistricts/")["items"][0]["id"]


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    if not values:
        return float("nan")
    k = max(0, min(len(values) - 1, int(round(q * (len(values) - 1)))))
    return values[k]


def worst_p95(out: dict) -> tuple[float, str]:
    """The highest p95 of any endpoint (ms) and that endpoint."""
    p95, label = max((pct(values, .95), label) for label, values in out["results"].items())
    return p95 * 1000, label.split(maxsplit=1)[-1]


def load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def report(db: str, out: dict) -> str:
    lines = [f"## {db}: {out['requests']} requests, {out['users']} concurrent users, "
             f"{out['wall']:.1f} s wall, {out['requests'] / out['wall']:.0f} req/s",
             f"{'endpoint':<30}{'n':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'errors':>8}"]
    worst, slowest = 0.0, ""
    for label, values in out["results"].items():
        p50, p95 = pct(values, .5) * 1000, pct(values, .95) * 1000
        if p95 > worst:
            worst, slowest = p95, label.split(maxsplit=1)[-1]
        lines.append(f"{label:<30}{len(values):>6}{p50:>9.1f}{p95:>9.1f}"
                     f"{max(values) * 1000:>9.1f}{out['errors'][label]:>8}")
    lines.append(f"worst p95: {worst:.1f} ms, {slowest} (target < 200 ms: "
                 f"{'met' if worst < 200 else 'NOT met'})")
    return "\n".join(lines)


def server_label(name: str, serve_args: list[str], server: LiveServer) -> str:
    """Which server was measured, with the worker count ``serve`` said it started."""
    if not server.workers:
        return f"serve {' '.join(serve_args)} (one process)"
    what = f"gunicorn, {server.workers} worker processes"
    if name == "serve":
        return f"serve (default: {what})"
    return f"serve {' '.join(serve_args)} ({what})"


def with_postgres(pg_url: str, fn):
    import psycopg

    parsed = urllib.parse.urlparse(pg_url)
    if parsed.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("loopback only: BENCH_PG must point at 127.0.0.1")
    name = f"yizhan_bench_{os.getpid()}"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        return fn(urllib.parse.urlunparse(parsed._replace(path=f"/{name}")))
    finally:
        with psycopg.connect(pg_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--server", choices=["serve", "one-process", "gunicorn", "all"],
                    default="all",
                    help="serve: `yizhan serve` as make run starts it (its automatic worker "
                    "count); one-process: --workers 0; gunicorn: --workers N (--workers); "
                    "all: the three (default)")
    ap.add_argument("--workers", type=int, default=4,
                    help="worker processes of --server gunicorn (default 4)")
    ap.add_argument("--rounds", type=int, default=10,
                    help="passes over the endpoints per user (default 10)")
    ap.add_argument("--seed", type=int, default=2006)
    ap.add_argument("--skip-registry", action="store_true",
                    help="leave out the second phase (with the registry's committee list)")
    ap.add_argument("--find-max", action="store_true",
                    help="then raise the users by --step while every p95 stays < 200 ms")
    ap.add_argument("--step", type=int, default=10)
    ap.add_argument("--max-users", type=int, default=100)
    ap.add_argument("--search-rounds", type=int, default=3,
                    help="passes per user in each --find-max run (default 3)")
    args = ap.parse_args()
    pg = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432/postgres")

    def bench(env: dict, db: str, name: str, serve_args: list[str]) -> None:
        with tempfile.TemporaryDirectory(prefix="yizhan-bench-") as data_dir, \
                LiveServer(data_dir, env=env, args=serve_args) as server:
            label = f"{db}, {server_label(name, serve_args, server)}"
            print(f"{label}: {server.serving}", flush=True)
            users = prepare_users(server.url, server.passwords)
            for phase, endpoints in (("planning/dashboard/map", PLANNING),
                                     ("+ registry committee list", PLANNING + REGISTRY)):
                if phase.startswith("+") and args.skip_registry:
                    continue
                print(f"({load()})", flush=True)
                out = run_load(users, endpoints, args.rounds, args.seed)
                print(report(f"{label}, {phase}", out), flush=True)
                print(f"({load()})\n", flush=True)
            if not args.find_max:
                return
            best, n = None, len(users)
            endpoints = PLANNING + ([] if args.skip_registry else REGISTRY)
            while n <= args.max_users:
                before = load()
                out = run_load(more_users(users, n), endpoints, args.search_rounds, args.seed)
                worst, slowest = worst_p95(out)
                print(f"{label}: {n} users, {out['requests']} requests, "
                      f"{out['requests'] / out['wall']:.0f} req/s, worst p95 {worst:.0f} ms "
                      f"({slowest}) "
                      f"({before}; after: {load()})", flush=True)
                if worst >= 200:
                    break
                best, n = n, n + args.step
            print(f"{label}: highest user count meeting p95 < 200 ms for every endpoint: "
                  f"{best if best is not None else f'none (not even {len(users)})'}"
                  f"{' (the search stopped at --max-users)' if n > args.max_users else ''}\n",
                  flush=True)

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, "
          f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, rounds={args.rounds}, "
          f"{load()}", flush=True)
    servers = [("serve", []), ("one-process", ["--workers", "0"]),
               ("gunicorn", ["--workers", str(args.workers)])]
    for name, serve_args in servers:
        if args.server not in (name, "all"):
            continue
        if args.db in ("sqlite", "both"):
            bench({}, "SQLite", name, serve_args)
        if args.db in ("postgres", "both"):
            with_postgres(pg, lambda url: bench({"DATABASE_URL": url}, "PostgreSQL", name,
                                                serve_args))


if __name__ == "__main__":
    main()
