"""One request at a time: how much does the HTTP server add to what Django spends?

Starts ``yizhan serve --workers 0`` (the one-process server; with ``--workers N``, gunicorn) on a
fresh data directory with the bundled data, logs the administrator in, then alternates: the
same page once through Django's test client in this process (on the same database file) and
once over HTTP on one keep-alive connection, ``--repeats`` times. Prints the median of each
side and their ratio. Loopback only, bounded (a few hundred requests), stops by itself.

    .venv/bin/python benchmarks/serve_latency.py                     # the plan list, serve
    .venv/bin/python benchmarks/serve_latency.py --workers 2 --path /registry/committees/

Before/after a change of the server: run the script with ``PYTHONPATH`` pointing at the other
source tree (``git archive <commit> src | tar -x -C /tmp/old``; ``PYTHONPATH=/tmp/old/src``),
both in the same minute, and compare the HTTP − in-process difference.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import sys
import tempfile
import time

from yizhan.web.liveserver import LiveServer


def _http_session(port: int, password: str):
    """A logged-in keep-alive connection (cookies by hand, as web_load.py's Session)."""
    sys.path.insert(0, os.path.dirname(__file__))
    from web_load import Session

    return Session(f"http://127.0.0.1:{port}", "admin", password)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", default="/planning/plans/")
    ap.add_argument("--repeats", type=int, default=100)
    ap.add_argument("--workers", type=int, default=0,
                    help="serve with gunicorn and N workers (default 0: the built-in server)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, load average {os.getloadavg()[0]:.2f} "
          f"{os.getloadavg()[1]:.2f}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, path {args.path}, "
          f"{args.repeats} repeats, server: "
          f"{'gunicorn --workers %d' % args.workers if args.workers else 'serve --workers 0 (built-in, one process)'}",
          flush=True)
    with tempfile.TemporaryDirectory(prefix="yizhan-latency-") as data_dir:
        extra = ["--no-worker", "--workers", str(args.workers)]  # 0: the one-process server
        with LiveServer(data_dir, args=extra) as server:
            session = _http_session(server.port, server.passwords["admin"])
            os.environ.pop("DATABASE_URL", None)
            os.environ.update(YIZHAN_DATA_DIR=data_dir,
                              DJANGO_SETTINGS_MODULE="yizhan.web.settings")
            import django

            django.setup()
            from django.contrib.auth.models import User
            from django.test import Client

            client = Client(HTTP_HOST="127.0.0.1")  # an allowed host
            client.force_login(User.objects.get(username="admin"))
            inproc, http_ = [], []
            for _ in range(3):  # warm both sides
                client.get(args.path)
                session.get(args.path)
            size = 0
            for _ in range(args.repeats):
                start = time.perf_counter()
                response = client.get(args.path)
                inproc.append(time.perf_counter() - start)
                assert response.status_code == 200, response.status_code
                seconds, status, size = session.get(args.path)
                assert status == 200, status
                http_.append(seconds)
    a, b = statistics.median(inproc) * 1000, statistics.median(http_) * 1000
    print(f"{'side':<28}{'median ms':>10}{'p90 ms':>9}")
    for label, values in (("in process (test client)", inproc), ("over HTTP (keep-alive)", http_)):
        q = statistics.quantiles(values, n=10)[-1] * 1000
        print(f"{label:<28}{statistics.median(values) * 1000:>10.1f}{q:>9.1f}")
    print(f"page {size} bytes; HTTP / in process = {b / a:.2f}; the server adds {b - a:.1f} ms "
          f"per request (median); load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
