"""``yizhan check-deploy``: is this server set up for production? One line per check.

Django's own deployment checks (``manage.py check --deploy``) plus what only we know: debug
off, host names given explicitly (no wildcard), HTTPS declared and, when on, secure cookies
and HSTS; the database reachable and fully migrated; the static files collected for nginx
(every file the app has, at its current size); the data directory writable; a task worker
beating. Any failure makes the command exit non-zero, so an install script or a systemd
``ExecStartPre`` can stop on it.

The defaults that make ``make run`` work on one machine (loopback host names, a generated
secret key in the data directory, static files from the packages) are exactly what a
production server must not rely on silently; this is where that is said.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Check", "run_checks", "HTTPS_ONLY_DJANGO_CHECKS"]

#: Django deployment warnings that only make sense over HTTPS (HSTS, redirect, secure cookies):
#: with plain HTTP declared (YIZHAN_HTTPS=0) they are shown as notes, not failures
HTTPS_ONLY_DJANGO_CHECKS = {"security.W004", "security.W008", "security.W012", "security.W016"}


@dataclass(frozen=True)
class Check:
    """One line of the report. ``ok`` None: a note that does not fail the run."""

    ok: bool | None
    zh: str
    en: str

    def line(self) -> str:
        mark = {True: "通过 ok  ", False: "失败 FAIL", None: "注意 note"}[self.ok]
        return f"[{mark}] {self.zh} / {self.en}"


def run_checks() -> list[Check]:
    """Every check, in order; Django must be set up."""
    out = [*_django_deploy_checks(), _debug(), _allowed_hosts(), *_https(), _data_dir()]
    db = _database()
    out.append(db)
    if db.ok:
        migrated = _migrated()
        out.append(migrated)
        out.append(_worker() if migrated.ok else Check(
            False, "任务进程：未检查（数据库未迁移）", "task worker: not checked (database not "
            "migrated)"))
    else:
        out.append(Check(False, "数据库迁移与任务进程：未检查（数据库不可用）",
                         "migrations and task worker: not checked (database unreachable)"))
    out.append(_static_collected())
    return out


def _django_deploy_checks() -> list[Check]:
    from django.conf import settings
    from django.core import checks

    messages = [m for m in checks.run_checks(include_deployment_checks=True)
                if m.level >= checks.WARNING and not m.is_silenced()]
    plain_http = settings.YIZHAN_HTTPS is False
    out = []
    for m in messages:
        text = f"{m.id}: {m.msg}"
        if plain_http and m.id in HTTPS_ONLY_DJANGO_CHECKS:
            out.append(Check(None, "Django 部署检查（已声明纯 HTTP，不适用）",
                             f"Django deployment check (plain HTTP declared, n/a): {text}"))
        else:
            out.append(Check(False, "Django 部署检查", f"Django deployment check: {text}"))
    if not any(c.ok is False for c in out):
        out.insert(0, Check(True, "Django 部署检查（check --deploy）无问题",
                            "Django deployment checks (check --deploy) pass"))
    return out


def _debug() -> Check:
    from django.conf import settings

    if settings.DEBUG:
        return Check(False, "调试模式开着：出错页面会向任何访问者显示代码和设置，设 YIZHAN_DEBUG=0",
                     "debug is on: error pages show code and settings to anyone; set "
                     "YIZHAN_DEBUG=0")
    return Check(True, "调试模式已关闭", "debug is off")


def _allowed_hosts() -> Check:
    from django.conf import settings

    hosts = list(settings.ALLOWED_HOSTS)
    wild = [h for h in hosts if "*" in h or h.startswith(".")]
    if wild:
        return Check(False, f"YIZHAN_ALLOWED_HOSTS 含通配符 {'、'.join(wild)}：任何 Host 头都会被"
                     "相信，请逐个列出服务器的主机名或 IP",
                     f"YIZHAN_ALLOWED_HOSTS has wildcards {', '.join(wild)}: any Host header "
                     "would be believed; list the server's names or addresses one by one")
    if not settings.YIZHAN_ALLOWED_HOSTS_GIVEN:
        return Check(False, "未设置 YIZHAN_ALLOWED_HOSTS：默认只接受本机名，其他电脑会得到 400",
                     "YIZHAN_ALLOWED_HOSTS not set: the default accepts loopback names only, "
                     "other computers get 400")
    return Check(True, f"接受的主机名：{'、'.join(hosts)}", f"allowed hosts: {', '.join(hosts)}")


def _https() -> list[Check]:
    from django.conf import settings

    if settings.YIZHAN_HTTPS is None:
        return [Check(False, "未声明是否使用 HTTPS：设 YIZHAN_HTTPS=1（nginx 提供 HTTPS）或 "
                      "YIZHAN_HTTPS=0（内网明文 HTTP）",
                      "HTTPS not declared: set YIZHAN_HTTPS=1 (nginx serves HTTPS) or "
                      "YIZHAN_HTTPS=0 (plain HTTP on the intranet)")]
    if settings.YIZHAN_HTTPS is False:
        return [Check(None, "已声明纯 HTTP：登录密码和会话 Cookie 以明文经过内网",
                      "plain HTTP declared: passwords and session cookies cross the intranet "
                      "in clear")]
    secure = {"SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
              "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE}
    bad = [name for name, value in secure.items() if not value]
    out = [Check(not bad, "HTTPS：Cookie 仅经 HTTPS 发送" if not bad else
                 f"HTTPS 下 {'、'.join(bad)} 未开启",
                 "HTTPS: cookies sent over HTTPS only" if not bad else
                 f"HTTPS but {', '.join(bad)} off")]
    hsts = settings.SECURE_HSTS_SECONDS
    out.append(Check(hsts > 0, f"HSTS：{hsts} 秒" if hsts else "HTTPS 下未开启 HSTS",
                     f"HSTS: {hsts} s" if hsts else "HTTPS but no HSTS"))
    return out


def _data_dir() -> Check:
    from django.conf import settings

    path = Path(settings.DATA_DIR)
    if path.is_dir() and os.access(path, os.W_OK | os.X_OK):
        return Check(True, f"数据目录可写：{path}", f"data directory writable: {path}")
    return Check(False, f"数据目录不存在或不可写：{path}（YIZHAN_DATA_DIR）",
                 f"data directory missing or not writable: {path} (YIZHAN_DATA_DIR)")


def _database() -> Check:
    from django.db import DatabaseError, connection

    name = f"{connection.vendor} {connection.settings_dict.get('NAME')}"
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        return Check(False, f"数据库不可用：{name}：{exc}", f"database unreachable: {name}: {exc}")
    return Check(True, f"数据库可用：{name}", f"database reachable: {name}")


def _migrated() -> Check:
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        more = f" …(+{len(plan) - 5})" if len(plan) > 5 else ""
        return Check(False, f"数据库有 {len(plan)} 个迁移未执行（python -m yizhan.web migrate）："
                     f"{names}{more}", f"{len(plan)} migrations not applied (python -m "
                     f"yizhan.web migrate): {names}{more}")
    return Check(True, "数据库已迁移到最新", "database fully migrated")


def _worker() -> Check:
    from yizhan.web.service.models import WorkerHeartbeat, stale_seconds

    alive = list(WorkerHeartbeat.alive())
    stale = f"{stale_seconds():g}"
    if not alive:
        return Check(False, f"没有任务进程在运行（{stale} 秒内无心跳）：方案计算不会执行；"
                     "启动 yizhan-worker 服务", f"no task worker running (no heartbeat within "
                     f"{stale} s): planner jobs would never run; start yizhan-worker")
    where = ", ".join(f"{w.host}:{w.pid}" for w in alive)
    return Check(True, f"任务进程运行中：{where}", f"task worker alive: {where}")


def _static_collected() -> Check:
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders

    root = Path(settings.STATIC_ROOT)
    missing = []
    seen = set()
    for finder in get_finders():
        for rel, storage in finder.list(["CVS", ".*", "*~"]):
            if rel in seen:  # the first finder wins, as in collectstatic
                continue
            seen.add(rel)
            target = root / rel
            if not target.is_file() or target.stat().st_size != storage.size(rel):
                missing.append(rel)
    if missing:
        return Check(False, f"静态文件未收集或已过期：{len(missing)} 个（例如 {missing[0]}），"
                     f"运行 python -m yizhan.web collectstatic --noinput（到 {root}）",
                     f"static files not collected or out of date: {len(missing)} (e.g. "
                     f"{missing[0]}); run python -m yizhan.web collectstatic --noinput "
                     f"(into {root})")
    return Check(True, f"静态文件已收集：{len(seen)} 个，{root}",
                 f"static files collected: {len(seen)} in {root}")
