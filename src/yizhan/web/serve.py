"""``yizhan serve``: migrate, load the bundled data once, create demo users once, serve.

On POSIX the server is gunicorn with several worker processes (by default
:func:`yizhan.web.gunicorn_conf.default_workers`: ``YIZHAN_WORKERS``, else 2 per CPU), the
configuration of ``deploy/`` (:mod:`yizhan.web.gunicorn_conf`): one Python process renders on
one core at a time (the GIL), so one process cannot serve 20 users at p95 < 200 ms on two
cores and several can (benchmarks/RESULTS.md). ``--workers N`` sets the count; ``--workers 0``
(and the default where gunicorn does not run, Windows) serves with Django's threaded WSGI
server in this one process, without the autoreloader and with DEBUG off — for debugging (a
breakpoint, one process to trace). Static files are served by the app itself (Django's
finders, from the installed packages; no CDN).

Everything that must happen once — migrating, loading, creating the demo users and printing
their passwords — happens in this process before gunicorn forks its workers (the application is
preloaded, so the workers start in milliseconds). Several processes on one SQLite file: the
settings open it in WAL mode with a 20 s busy timeout and immediate write transactions
(docs/web.md "Concurrency"), as for the service.

A background worker for django-tasks (planner jobs) runs as a child process unless
``--no-worker`` is given. Ctrl+C (SIGINT to the terminal's process group) or SIGTERM to this
process stops the server, its web workers and the task worker.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys

__all__ = ["prepare", "create_demo_users", "serve", "default_workers", "database_problem",
           "DEMO_PINYIN"]

#: usernames of the demo subdistrict officers (officer-<pinyin>)
DEMO_PINYIN = {"黄贝": "huangbei", "南湖": "nanhu", "桂园": "guiyuan", "东门": "dongmen",
               "笋岗": "sungang", "清水河": "qingshuihe", "翠竹": "cuizhu", "东晓": "dongxiao",
               "东湖": "donghu", "莲塘": "liantang"}

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def setup_django(host: str = "127.0.0.1", allowed_hosts=(), echo=print) -> None:
    """Django's settings for serving on ``host``.

    ``ALLOWED_HOSTS`` are the names given (``--allowed-host``), else ``YIZHAN_ALLOWED_HOSTS``,
    else the loopback names. Never ``*``: with a wildcard any ``Host`` header is believed,
    and links Django builds from it (redirects, password-reset mails) can point elsewhere.
    Listening beyond loopback without names is allowed but said, because other computers
    then get 400 until their host name is listed.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
    if allowed_hosts:
        os.environ["YIZHAN_ALLOWED_HOSTS"] = ",".join(allowed_hosts)
    import django

    django.setup()
    from django.conf import settings

    if host in LOOPBACK:
        return
    names = "、".join(settings.ALLOWED_HOSTS)
    if allowed_hosts or "YIZHAN_ALLOWED_HOSTS" in os.environ:
        echo(f"接受的主机名 / allowed host names: {names}")
    else:
        echo(f"注意：监听 {host}，但只接受主机名 {names}，其他电脑的请求会得到 400。请用 "
             "--allowed-host 名称（可重复）或环境变量 YIZHAN_ALLOWED_HOSTS（逗号分隔）给出"
             "其他电脑访问本机所用的主机名或 IP 地址。/ note: listening on "
             f"{host} but accepting only the host names {names}: other computers get 400. "
             "Give the host names or IP addresses they use with --allowed-host NAME "
             "(repeatable) or YIZHAN_ALLOWED_HOSTS (comma-separated).")


def database_problem() -> str:
    """Why the web database cannot be read by ``yizhan report --plan-in-force`` ("" when it
    can): no SQLite file (it is not created here), no connection, or not migrated. In Chinese
    and English, for the command's exit 2."""
    from pathlib import Path

    from django.db import DatabaseError, connection

    db = connection.settings_dict
    name = str(db["NAME"])
    in_memory = name.startswith("file:") or name == ":memory:"  # the tests' database
    if db["ENGINE"].endswith("sqlite3") and not in_memory and not Path(name).is_file():
        return (f"没有网页系统的数据库（{db['NAME']}）：现行方案、改革实施和日常工作的记录只保存在网页系统的数据库中，"
                "请在服务器上运行，或用 DATABASE_URL（或 YIZHAN_DATA_DIR）指定数据库；没有记录就不生成文件，"
                f"不用估计的数字。 / No web database ({db['NAME']}): the plan in force and the "
                "reform's and operations records exist only in the web app's database. Run this "
                "on the server, or point DATABASE_URL (or YIZHAN_DATA_DIR) at it; without records "
                "no document is made, and no figures are invented.")
    try:
        tables = set(connection.introspection.table_names())
    except DatabaseError as exc:
        return (f"无法连接网页系统的数据库：{exc} / Cannot connect to the web database: {exc}")
    from yizhan.web.operations.models import StationTask, Ticket

    if not {Ticket._meta.db_table, StationTask._meta.db_table} <= tables:
        return ("网页系统的数据库中没有日常工作记录表（尚未迁移）：请先运行一次 yizhan serve（它会迁移数据库）。"
                " / The web database has no operations tables (not migrated): run yizhan "
                "serve once first (it migrates the database).")
    return ""


def prepare(load: bool = True, echo=print, users: bool = True,
            template: bool = True) -> list[tuple[str, str, str]]:
    """Migrate, load bundled data if the registry is empty, create demo users if none exist.

    A new SQLite database starts as a copy of the template built by ``make install``
    (:mod:`yizhan.web.template_db`: the same migrations and load, done once), when there is
    one for this code; migrating and loading then find nothing left to do.

    Returns the demo credentials created now as (username, password, role text); empty when
    users already existed (passwords are printed once, never stored in clear).
    """
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    # a fresh clone has no ./var yet (SQLite cannot create the directory of its file)
    Path(settings.DATA_DIR).mkdir(parents=True, exist_ok=True)
    db = settings.DATABASES["default"]
    if template and load and db["ENGINE"].endswith("sqlite3"):
        from yizhan.web.template_db import copy_template

        if copy_template(Path(db["NAME"])):
            echo("新数据库复制自安装时预建的模板（已迁移、已载入内置数据）/ the new database is a "
                 "copy of the template built at install (migrated, bundled data loaded)")
    call_command("migrate", interactive=False, verbosity=0)
    if load:
        from yizhan.web.registry.loader import load_bundled

        if load_bundled():
            echo("已载入内置罗湖区2006年数据（合成演示数据）/ loaded the bundled Luohu 2006 data "
                 "(synthetic demonstration data)")
    return create_demo_users() if users else []


def create_demo_users() -> list[tuple[str, str, str]]:
    """The demo accounts, once: each with a random password, hashed by the default hasher
    (PBKDF2, the same strength as any user's: a demo server may well stay in use).

    Hashing is most of a first start's CPU (~0.4 s per password), so the passwords are hashed
    on every core at once: ``hashlib.pbkdf2_hmac`` releases the GIL, threads suffice.
    """
    from concurrent.futures import ThreadPoolExecutor

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User

    from yizhan.web.accounts.models import Profile, Role
    from yizhan.web.context import change_context
    from yizhan.web.registry.models import Subdistrict

    if User.objects.exists():
        return []
    accounts = [("admin", Role.ADMIN, "区级管理员 / district administrator", None),
                # four eyes (YIZHAN_FOUR_EYES): a second administrator approves what `admin`
                # submits
                ("admin-2", Role.ADMIN, "区级管理员（审批）/ second district administrator", None)]
    for i, sub in enumerate(Subdistrict.objects.order_by("pk"), start=1):
        name = DEMO_PINYIN.get(sub.name, f"{i:02d}")
        accounts.append((f"officer-{name}", Role.OFFICER,
                         f"{sub.name}街道工作人员 / subdistrict officer", sub))
    accounts.append(("viewer", Role.VIEWER, "查看者 / viewer", None))
    # the reform's checklist (七、（三））is filled and signed by an inspector
    accounts.append(("inspector", Role.INSPECTOR, "检查验收人员 / inspector", None))
    accounts += _operations_accounts()
    passwords = [secrets.token_urlsafe(9) for _ in accounts]
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        hashes = list(pool.map(make_password, passwords))
    with change_context(label="system: demo users"):
        for (username, role, _label, scope), hashed in zip(accounts, hashes):
            user = User.objects.create(username=username, password=hashed,
                                       is_superuser=(role == Role.ADMIN),
                                       is_staff=(role == Role.ADMIN))
            if not isinstance(scope, dict):
                scope = {"subdistrict": scope}
            Profile.objects.create(user=user, role=role, **scope)
    return [(username, password, label)
            for (username, _role, label, _sub), password in zip(accounts, passwords)]


def _operations_accounts() -> list:
    """The daily work's roles (四): a department that asks, the community-building committee
    that approves, the staff of the first station that serves a committee, and a member of
    that committee (the last two only when the registry has such a station)."""
    from yizhan.web.accounts.models import Role
    from yizhan.web.registry.models import Station

    out = [("department", Role.DEPARTMENT, "政府职能部门（区卫生健康局）/ government department",
            {"department": "区卫生健康局"}),
           ("community-building", Role.COMMUNITY_BUILDING,
            "区社区建设工作委员会 / community-building committee", {})]
    station = (Station.objects.filter(dissolved__isnull=True, memberships__end__isnull=True)
               .order_by("code").first())
    if station is not None:
        committee = station.current_committees().order_by("code").first()
        out += [("station-staff", Role.STATION_STAFF,
                 f"{station.name}工作人员 / station staff", {"station": station}),
                ("committee-member", Role.COMMITTEE_MEMBER,
                 f"{committee.name}居委会成员 / committee member", {"committee": committee})]
    return out


def _start_worker():
    """The task worker, a child process that ends with this one: stopped by ``serve``'s
    ``finally`` on Ctrl+C or SIGTERM, and on Linux sent SIGTERM by the kernel if ``serve`` is
    killed outright (``kill -9``, the OOM killer; it then finishes the run it is computing, if
    any, and stops), as gunicorn's workers notice their master's death by themselves."""
    parent = os.getpid()
    prctl = None
    if sys.platform == "linux":
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl

    def die_with_serve():  # in the child between fork and exec: only the system call
        PR_SET_PDEATHSIG = 1
        prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        if os.getppid() != parent:  # serve died before prctl
            os._exit(1)

    return subprocess.Popen([sys.executable, "-m", "yizhan.web", "worker", "--interval", "1"],
                            env=os.environ.copy(),
                            preexec_fn=die_with_serve if prctl is not None else None)


def _gunicorn(host: str, port: int, workers: int):
    """gunicorn with :mod:`yizhan.web.gunicorn_conf`, on ``host:port`` with ``workers``."""
    from gunicorn.app.base import BaseApplication

    from yizhan.web import gunicorn_conf

    class Application(BaseApplication):
        def load_config(self):
            for key, value in vars(gunicorn_conf).items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)
            self.cfg.set("bind", [f"[{host}]:{port}" if ":" in host else f"{host}:{port}"])
            self.cfg.set("workers", workers)

        def load(self):
            from django.core.wsgi import get_wsgi_application

            return get_wsgi_application()

    return Application()


def _server_class():
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer

    class RequestHandler(WSGIRequestHandler):
        """Names itself ``yizhan`` in error responses it writes itself (e.g. 414): the
        default ``WSGIServer/0.2 CPython/3.11.2`` tells a visitor which versions to attack.

        Writes each response in one piece, at once. wsgiref writes the status line, the
        headers and the body as three small unbuffered writes; with Nagle's algorithm on,
        the second waits for the client to acknowledge the first, and the client delays that
        acknowledgement (40 ms on Linux) hoping to piggyback it: ~45 ms lost on every
        request (issue 14; ``benchmarks/serve_latency.py``). So: TCP_NODELAY on every
        connection, and a buffered writer that wsgiref flushes once per body chunk, so that
        headers and body leave in the same packet.
        """

        server_version = "yizhan"
        disable_nagle_algorithm = True  # socketserver sets TCP_NODELAY in setup()
        wbufsize = 64 * 1024

        def version_string(self):
            return self.server_version

        def handle_one_request(self):
            # Django's version returns without flushing after an error it writes itself (414),
            # and handle() then shuts the socket down before finish() would flush
            try:
                super().handle_one_request()
            finally:
                try:
                    self.wfile.flush()
                except OSError:  # the client has gone
                    pass

    class BacklogWSGIServer(WSGIServer):
        """Django's server with a deeper listen queue (its default of 10 pending connections
        makes the 11th of 20 simultaneous users wait a whole second for a TCP retry:
        benchmarks/web_load.py measured 1.1 s and 2.1 s outliers) and no version banner."""

        request_queue_size = 128
        handler_class = RequestHandler

        def __init__(self, address, _handler, *args, **kwargs):
            super().__init__(address, RequestHandler, *args, **kwargs)

        def get_app(self):
            app = super().get_app()

            def named(environ, start_response):
                # wsgiref adds its own "Server: WSGIServer/0.2 CPython/…" unless the
                # response names a server; this is the one place every response passes
                def start(status, headers, exc_info=None):
                    return start_response(status, [*headers, ("Server", "yizhan")], exc_info)

                return app(environ, start)

            return named

    return BacklogWSGIServer


def default_workers() -> int:
    """The number of gunicorn workers ``serve`` starts without ``--workers``: the service's
    default (:func:`yizhan.web.gunicorn_conf.default_workers`) on POSIX, 0 (the one-process
    server) where gunicorn does not run."""
    if os.name != "posix":
        return 0
    from yizhan.web.gunicorn_conf import default_workers as gunicorn_default

    return gunicorn_default()


def serving_line(url: str, workers: int, automatic: bool) -> str:
    """What ``serve`` prints when it starts serving: the address, the server and why that many
    workers (:class:`yizhan.web.liveserver.LiveServer` waits for this line and reads the
    worker count from it)."""
    if not workers:
        zh, en = "单进程服务器", "one-process server"
        if automatic:
            zh += "（gunicorn 只能在 POSIX 系统上运行）"
            en += " (gunicorn runs on POSIX systems only)"
    else:
        zh, en = f"gunicorn，{workers} 个工作进程", f"gunicorn, {workers} worker processes"
        if automatic and os.environ.get("YIZHAN_WORKERS"):
            zh, en = zh + "（YIZHAN_WORKERS）", en + " (YIZHAN_WORKERS)"
        elif automatic:
            zh, en = zh + "（每个 CPU 2 个）", en + " (2 per CPU)"
    processes = f"{zh} / {en}"
    return f"一站 yizhan: {url} ({processes}; Ctrl+C 退出 / to stop)"


def serve(host: str = "127.0.0.1", port: int = 8000, load: bool = True, worker: bool = True,
          echo=print, allowed_hosts=(), workers: int | None = None) -> None:
    """Prepare and serve; ``workers`` None: :func:`default_workers`; 0: Django's threaded
    server in this process; N ≥ 1: gunicorn with N worker processes."""
    automatic = workers is None
    if automatic:
        workers = default_workers()

    def _stop(signum, frame):
        raise KeyboardInterrupt

    # until gunicorn's arbiter installs its own handlers (and for the one-process server
    # throughout): SIGTERM and SIGINT (Ctrl+C, even when started in the background) end this
    # process through ``finally``, which stops the task worker
    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    child = None
    try:
        setup_django(host, allowed_hosts, echo)
        for username, password, label in prepare(load=load, echo=echo):
            echo(f"  {label:<40} 用户名 {username:<22} 密码 {password}")
        from django.conf import settings
        from django.db import connections

        db = settings.DATABASES["default"]
        echo(f"数据库 / database: {db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}")
        connections.close_all()  # gunicorn forks this process: no connection may be shared
        server = _gunicorn(host, port, workers) if workers else None
        child = _start_worker() if worker else None
        shown = "127.0.0.1" if host in ("0.0.0.0", "::") else (
            f"[{host}]" if ":" in host else host)
        echo(serving_line(f"http://{shown}:{port}/", workers, automatic))
        if server is not None:
            # gunicorn's arbiter: SIGTERM stops the workers gracefully, SIGINT at once; both
            # end in SystemExit, which passes through ``finally``
            server.run()
        else:
            from django.core.servers.basehttp import run
            from django.core.wsgi import get_wsgi_application

            run(host, port, get_wsgi_application(), ipv6=":" in host, threading=True,
                server_cls=_server_class())
    except KeyboardInterrupt:
        pass
    finally:
        if child is not None:
            child.terminate()
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
