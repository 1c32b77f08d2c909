"""gunicorn's configuration for yizhan, from the environment (one place for both uses).

``deploy/gunicorn.conf.py`` (the systemd unit's ``gunicorn -c``) imports everything from here;
``yizhan serve`` (gunicorn by default, :mod:`yizhan.web.serve`) loads it too and overrides the
address and, when ``--workers N`` is given, the worker count.

``YIZHAN_BIND``       address to listen on (default ``127.0.0.1:8000``: nginx in front on
                      the same host; never a public address, see ``SECURE_PROXY_SSL_HEADER``)
``YIZHAN_WORKERS``    worker processes (default: 2 per CPU, at least 2; :func:`default_workers`),
                      also the default of ``yizhan serve``. Each is a separate
                      Python process, so pages are rendered on every core at once (one
                      process is held to one core by the GIL)
``YIZHAN_WORKER_CLASS`` gunicorn's worker type (default ``sync``, see below)
``YIZHAN_THREADS``    threads per worker (default 1; more turns ``sync`` into ``gthread``)
``YIZHAN_ACCESS_LOG`` ``-`` (standard output, i.e. the journal) or a file; unset: none
"""

from __future__ import annotations

import os


def default_workers() -> int:
    """``YIZHAN_WORKERS``, else 2 per CPU this process may run on, at least 2 (the default of
    the service and of ``yizhan serve``). Two per core: while one worker waits for the
    database, the other has the core."""
    if os.environ.get("YIZHAN_WORKERS"):
        return int(os.environ["YIZHAN_WORKERS"])
    try:
        cpus = len(os.sched_getaffinity(0))  # a container's or taskset's limit, if any
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 1
    return max(2, 2 * cpus)


bind = os.environ.get("YIZHAN_BIND", "127.0.0.1:8000")
workers = default_workers()
# sync: a worker takes a connection only when it is free, so the kernel hands each request
# to an idle process. With gthread a worker accepts connections greedily and keeps them alive,
# so keep-alive users can queue behind one busy worker while another idles (seen in a
# benchmarks/soak.py run: one of four gthread workers stayed at 130 MB, barely used; the four
# sync workers grew alike).
# nginx in front absorbs slow clients and keeps its own connections to the browsers.
worker_class = os.environ.get("YIZHAN_WORKER_CLASS") or "sync"
threads = int(os.environ.get("YIZHAN_THREADS") or 1)
keepalive = 5  # gthread only
# a planner job runs in the task worker, never in a request: 60 s is generous for a request
# (an xlsx export of a district) and ends a stuck one
timeout = 60
graceful_timeout = 30
# a worker is replaced after this many requests (jittered so that they do not all restart at
# once): bounds the memory any slow growth could take over months of uptime
max_requests = 5000
max_requests_jitter = 500
# load the application once in the master and fork it: workers start in milliseconds and share
# the imported code's memory. Safe: Django opens database connections lazily, in each worker.
preload_app = True
backlog = 256
proc_name = "yizhan"
wsgi_app = "yizhan.web.wsgi:application"
# nginx on the same host: X-Forwarded-Proto from it is believed (wsgi.url_scheme)
forwarded_allow_ips = "127.0.0.1,::1"
accesslog = os.environ.get("YIZHAN_ACCESS_LOG") or None
errorlog = "-"
# gunicorn >= 25 opens a control socket for `gunicornc` by default, at
# $XDG_RUNTIME_DIR/gunicorn.ctl or ~/.gunicorn/gunicorn.ctl: one path for every gunicorn of the
# user, so a second server (two `yizhan serve` on one machine) takes it over and the first to
# stop deletes the other's; for the service it would be a socket in the data directory (the
# yizhan user's home). Nothing here uses it: signals control the server (systemctl, Ctrl+C).
control_socket_disable = True
loglevel = os.environ.get("YIZHAN_LOG_LEVEL", "warning").lower()
