"""``yizhan check-deploy`` (issue 14, item 1): each check refuses what it should, and a
server set up as deploy/ describes passes; the trusted-proxy address; gunicorn's settings."""

import datetime
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import timezone

from yizhan.web.middleware import TrustedProxyMiddleware
from yizhan.web.service.checks import run_checks
from yizhan.web.service.models import STALE_SECONDS, WorkerHeartbeat

#: what deploy/yizhan.env sets, as settings (YIZHAN_HTTPS=1)
PRODUCTION = dict(
    DEBUG=False, ALLOWED_HOSTS=["yizhan.intranet", "10.0.0.10"], YIZHAN_ALLOWED_HOSTS_GIVEN=True,
    YIZHAN_HTTPS=True, SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True,
    SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=86400,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECRET_KEY="k3Jq-8vXw2pLm9ZrT4yBn6HcQe1sUa7dGf0oVi5jKxRb2NwYtEuMzPq_lCh8AsDg3WfI",
)


@pytest.fixture
def collected(tmp_path):
    with override_settings(STATIC_ROOT=str(tmp_path / "static")):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path / "static"


def _beat(seconds_ago=0):
    now = timezone.now()
    return WorkerHeartbeat.objects.create(
        worker_id=f"w{seconds_ago}", host="h", pid=1, started_at=now,
        seen_at=now - datetime.timedelta(seconds=seconds_ago))


def _failures(**settings):
    with override_settings(**{**PRODUCTION, **settings}):
        return [c.en for c in run_checks() if c.ok is False]


def _has(failures, text):
    return any(text in f for f in failures)


@pytest.mark.django_db
def test_a_server_set_up_as_deploy_describes_passes_every_check(collected):
    _beat()
    with override_settings(**PRODUCTION):
        results = run_checks()
    assert [c.en for c in results if c.ok is False] == []
    text = "\n".join(c.line() for c in results)
    for said in ("debug is off", "allowed hosts: yizhan.intranet, 10.0.0.10",
                 "database fully migrated", "task worker alive", "static files collected",
                 "HSTS: 86400 s", "数据库可用"):
        assert said in text


@pytest.mark.django_db
def test_refuses_debug(collected):
    _beat()
    assert _has(_failures(DEBUG=True), "debug is on")


@pytest.mark.django_db
@pytest.mark.parametrize("hosts", [["*"], ["yizhan.intranet", ".intranet"], ["*.intranet"]])
def test_refuses_wildcard_hosts(collected, hosts):
    _beat()
    assert _has(_failures(ALLOWED_HOSTS=hosts), "wildcards")


@pytest.mark.django_db
def test_refuses_the_loopback_default_hosts(collected):
    _beat()
    assert _has(_failures(YIZHAN_ALLOWED_HOSTS_GIVEN=False,
                          ALLOWED_HOSTS=["127.0.0.1", "localhost", "[::1]"]),
                "YIZHAN_ALLOWED_HOSTS not set")


@pytest.mark.django_db
def test_https_must_be_declared_and_then_cookies_must_be_secure(collected):
    _beat()
    assert _has(_failures(YIZHAN_HTTPS=None), "HTTPS not declared")
    failures = _failures(SESSION_COOKIE_SECURE=False)
    assert _has(failures, "SESSION_COOKIE_SECURE off")
    assert _has(failures, "security.W012")  # Django's own check says it too
    assert _has(_failures(SECURE_HSTS_SECONDS=0), "no HSTS")


@pytest.mark.django_db
def test_plain_http_declared_turns_the_https_checks_into_notes(collected):
    _beat()
    plain = dict(YIZHAN_HTTPS=False, SESSION_COOKIE_SECURE=False, CSRF_COOKIE_SECURE=False,
                 SECURE_SSL_REDIRECT=False, SECURE_HSTS_SECONDS=0)
    assert _failures(**plain) == []
    with override_settings(**{**PRODUCTION, **plain}):
        notes = [c.en for c in run_checks() if c.ok is None]
    assert _has(notes, "in clear") and _has(notes, "security.W012")


@pytest.mark.django_db
def test_refuses_a_weak_secret_key_through_djangos_checks(collected):
    _beat()
    assert _has(_failures(SECRET_KEY="short"), "security.W009")


@pytest.mark.django_db
def test_refuses_a_missing_or_dead_worker(collected):
    assert _has(_failures(), "no task worker running")
    _beat(seconds_ago=STALE_SECONDS + 5)
    assert _has(_failures(), "no task worker running")
    _beat(seconds_ago=1)
    assert not _has(_failures(), "task worker")


@pytest.mark.django_db
def test_refuses_static_files_not_collected_or_out_of_date(tmp_path, collected):
    _beat()
    assert _has(_failures(STATIC_ROOT=str(tmp_path / "nothing")), "static files not collected")
    css = next(collected.rglob("*.css"))
    css.write_bytes(css.read_bytes() + b"/* changed */")
    assert _has(_failures(STATIC_ROOT=str(collected)), "out of date")


@pytest.mark.django_db
def test_refuses_a_data_directory_that_does_not_exist(collected, tmp_path):
    _beat()
    assert _has(_failures(DATA_DIR=tmp_path / "missing"), "data directory missing")


def test_an_unmigrated_database_fails_the_command(tmp_path):
    """The real command on an empty data directory: non-zero exit, the migrations named."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update(YIZHAN_DATA_DIR=str(tmp_path), YIZHAN_ALLOWED_HOSTS="yizhan.intranet",
               YIZHAN_HTTPS="0", COLUMNS="200")
    done = subprocess.run([sys.executable, "-m", "yizhan.cli", "check-deploy"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "migrations not applied" in done.stdout
    assert "not checked (database not migrated)" in done.stdout
    assert "[通过 ok  ] 调试模式已关闭 / debug is off" in done.stdout
    assert "failed" in done.stdout.splitlines()[-1]


@pytest.mark.parametrize("peer, header, seen", [
    ("127.0.0.1", "10.1.2.3", "10.1.2.3"),    # nginx on this host names the client
    ("10.9.9.9", "10.1.2.3", "10.9.9.9"),     # anyone else's header is ignored
    ("127.0.0.1", None, "127.0.0.1"),
])
def test_the_client_address_comes_from_trusted_proxies_only(peer, header, seen):
    with override_settings(YIZHAN_TRUSTED_PROXIES=frozenset({"127.0.0.1"})):
        middleware = TrustedProxyMiddleware(lambda request: request.META["REMOTE_ADDR"])
    extra = {"HTTP_X_REAL_IP": header} if header else {}
    assert middleware(RequestFactory().get("/", REMOTE_ADDR=peer, **extra)) == seen


def test_gunicorn_configuration_from_the_environment():
    code = ("import json; from yizhan.web import gunicorn_conf as c; "
            "print(json.dumps([c.bind, c.workers, c.threads, c.wsgi_app, c.preload_app]))")
    env = {**os.environ, "YIZHAN_BIND": "127.0.0.1:9001", "YIZHAN_WORKERS": "3",
           "YIZHAN_THREADS": "4"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == '["127.0.0.1:9001", 3, 4, "yizhan.web.wsgi:application", true]'
