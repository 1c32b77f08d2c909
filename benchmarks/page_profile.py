"""Where one page's time goes: cProfile over ``--repeats`` requests of one page, in process.

Prepares a fresh data directory as ``yizhan serve`` does (migrations, the bundled data, the
demo users), logs the administrator (or ``--user``) in through Django's test client, requests
the page once to warm caches, then profiles ``--repeats`` more requests. Prints the mean
milliseconds per request (wall and CPU) and the functions with the most time.

    .venv/bin/python benchmarks/page_profile.py                        # the committee list
    .venv/bin/python benchmarks/page_profile.py --path /planning/plans/ --sort tottime
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--path", default="/registry/committees/")
    ap.add_argument("--user", default="admin")
    ap.add_argument("--repeats", type=int, default=50)
    ap.add_argument("--sort", default="cumulative", choices=["cumulative", "tottime"])
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="yizhan-profile-") as data_dir:
        os.environ.pop("DATABASE_URL", None)
        os.environ.update(YIZHAN_DATA_DIR=data_dir, DJANGO_SETTINGS_MODULE="yizhan.web.settings")
        from yizhan.web.serve import prepare, setup_django

        setup_django()
        prepare(echo=lambda text: None)
        from django.contrib.auth.models import User
        from django.test import Client

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=args.user))
        first = client.get(args.path)
        assert first.status_code == 200, first.status_code
        profile = cProfile.Profile()
        wall, cpu = time.perf_counter(), time.process_time()
        profile.enable()
        for _ in range(args.repeats):
            client.get(args.path)
        profile.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(f"python {sys.version.split()[0]}, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average "
          f"{os.getloadavg()[0]:.2f}; {args.path} as {args.user}, {len(first.content)} bytes; "
          f"{args.repeats} requests under cProfile: {wall / args.repeats * 1000:.1f} ms wall, "
          f"{cpu / args.repeats * 1000:.1f} ms CPU per request (the profiler adds to both)")
    print(out.getvalue())


if __name__ == "__main__":
    main()
