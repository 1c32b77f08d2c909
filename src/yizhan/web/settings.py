"""Django settings for yizhan (一站).

Everything a deployment changes comes from the environment:

``YIZHAN_DATA_DIR``   where the SQLite file, the secret key and uploads live (default ``./var``)
``DATABASE_URL``      ``postgres://user@host:5432/db`` selects PostgreSQL (dj-database-url);
                      unset means SQLite at ``$YIZHAN_DATA_DIR/yizhan.sqlite3``
``YIZHAN_SECRET_KEY`` the secret key (default: generated once into ``$YIZHAN_DATA_DIR``)
``YIZHAN_DEBUG``      ``1`` for Django's debug pages (never on a shared intranet server)
``YIZHAN_ALLOWED_HOSTS`` comma-separated host names (default: loopback names)
``YIZHAN_STATIC_ROOT`` where ``collectstatic`` puts the static files for nginx
                      (default ``$YIZHAN_DATA_DIR/static``)
``YIZHAN_LOG_LEVEL``  the root logger's level (default ``WARNING``)
``YIZHAN_HTTPS``      ``1``: served over HTTPS (by nginx): secure cookies, HSTS, redirect to
                      HTTPS, ``X-Forwarded-Proto`` from the proxy believed; ``0``: plain HTTP
                      on the intranet, declared (``yizhan check-deploy`` wants one or the other)
``YIZHAN_HSTS_SECONDS`` HSTS max-age when ``YIZHAN_HTTPS=1`` (default one day: raise it once
                      HTTPS is known to stay); ``YIZHAN_HSTS_SUBDOMAINS=0`` drops includeSubDomains
``YIZHAN_TRUSTED_PROXIES`` comma-separated addresses of reverse proxies (nginx: ``127.0.0.1``)
                      whose ``X-Real-IP`` header names the client (login throttling counts
                      failures per client address; behind nginx every request comes from it)
``YIZHAN_IMPORT_MAX_BYTES``, ``YIZHAN_IMPORT_MAX_ROWS`` the limits of an uploaded file (5 MiB)
                      and of an import's data rows (20,000)
``YIZHAN_LOGIN_FAILURES_PER_USER`` / ``_PER_ADDRESS`` / ``YIZHAN_LOGIN_COOLOFF_MINUTES``
                      login throttling (default 5 / 30 failures within 15 minutes)
``YIZHAN_WORKER_BEAT_SECONDS`` seconds between two heartbeats of a task worker (default 10;
                      one value for every process); silent for three beats it is taken for dead
``YIZHAN_JOB_ATTEMPTS`` starts of a job before a worker dying under it fails it (default 2)
``YIZHAN_PUBLIC_TICKETS_PER_HOUR`` online service requests accepted from one client address
                      per hour on the public form (default 10)
``YIZHAN_PUBLIC_LOOKUPS_PER_HOUR`` status lookups (``/open/status/``) from one client address
                      in any hour (default 60; 429 with ``Retry-After`` beyond)

Air-gapped intranet: no CDN anywhere. Static files come from the installed packages
(our own CSS, django-leaflet's Leaflet, django-ninja's Swagger UI) and are served by the
app itself through WhiteNoise (from the packages, no ``collectstatic`` needed), so ``yizhan
serve`` needs no web server in front; behind nginx, nginx serves the collected copy.

Nothing here is needed for the demo (``make run``): every variable has a default that works on
one machine. ``yizhan check-deploy`` says which defaults a production server must not keep.
"""

from __future__ import annotations

import os
import secrets
import warnings
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF

WEB_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("YIZHAN_DATA_DIR") or Path.cwd() / "var").resolve()


def _secret_key() -> str:
    if os.environ.get("YIZHAN_SECRET_KEY"):
        return os.environ["YIZHAN_SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except OSError:
        key = secrets.token_urlsafe(50)
        try:
            DATA_DIR.mkdir(parents=True, exist_ok=True)
            path.write_text(key)
            path.chmod(0o600)
        except OSError:  # read-only location: a per-process key (sessions end on restart)
            pass
        return key


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("YIZHAN_DEBUG", "") in ("1", "true", "yes")
ALLOWED_HOSTS = [h.strip() for h in os.environ.get(
    "YIZHAN_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]").split(",") if h.strip()]
#: False while the loopback default is in force (fine for the demo; check-deploy refuses it)
YIZHAN_ALLOWED_HOSTS_GIVEN = bool(os.environ.get("YIZHAN_ALLOWED_HOSTS", "").strip())


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


#: None when the deployment has not said whether it is served over HTTPS (check-deploy refuses)
YIZHAN_HTTPS = _flag("YIZHAN_HTTPS") if os.environ.get("YIZHAN_HTTPS", "").strip() else None
if YIZHAN_HTTPS:
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(os.environ.get("YIZHAN_HSTS_SECONDS") or 86400)
    # covers names *under* the server's own (x.yizhan.bureau.intranet), not its siblings
    SECURE_HSTS_INCLUDE_SUBDOMAINS = os.environ.get("YIZHAN_HSTS_SUBDOMAINS", "1") != "0"
    # nginx terminates TLS and always sets this header; gunicorn listens on loopback only
    # (deploy/gunicorn.conf.py), so no client can reach it without passing through nginx
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
#: an intranet host name can never be on the browsers' public HSTS preload list
SILENCED_SYSTEM_CHECKS = ["security.W021"]
YIZHAN_TRUSTED_PROXIES = frozenset(
    a.strip() for a in os.environ.get("YIZHAN_TRUSTED_PROXIES", "").split(",") if a.strip())

INSTALLED_APPS = [
    # user management for district administrators (/admin/); no autodiscover: django-leaflet's
    # admin module needs GDAL, which we do not use. urls.py imports accounts.admin itself.
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
    "ninja",
    "leaflet",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "yizhan.web.accounts",
    "yizhan.web.changelog",
    "yizhan.web.workflow",
    "yizhan.web.registry",
    "yizhan.web.planning",
    "yizhan.web.dashboard",
    "yizhan.web.reform",
    "yizhan.web.rollout",
    "yizhan.web.operations",
    "yizhan.web.service",
]

MIDDLEWARE = [
    "yizhan.web.middleware.TrustedProxyMiddleware",  # first: everything after sees the client
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # static files before sessions and the rest
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "yizhan.web.accounts.middleware.PasswordChangeRequiredMiddleware",
    "yizhan.web.middleware.RequestContextMiddleware",
    "yizhan.web.conflicts.ConflictMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the login page's 429
]

ROOT_URLCONF = "yizhan.web.urls"
WSGI_APPLICATION = "yizhan.web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yizhan.web.context_processors.yizhan",
            ],
            "builtins": ["yizhan.web.templatetags.yizhan_tags"],
        },
    },
]

_default_sqlite = f"sqlite:///{DATA_DIR / 'yizhan.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or _default_sqlite,
                                              conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # Concurrent writers on one SQLite file (docs/web.md "Concurrency"): WAL lets readers go on
    # while one writes; IMMEDIATE makes every transaction take the write lock at BEGIN, so a
    # second writer waits (up to ``timeout`` seconds) instead of failing at once with
    # "database is locked" when its read lock cannot be upgraded (SQLite does not wait then).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Login throttling (django-axes; yizhan.web.accounts.throttle): after this many failed logins
# within the cool-off, the user name (or the address) is refused, even with the right password,
# until the cool-off has passed or an administrator resets the user's password.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend",
                           "django.contrib.auth.backends.ModelBackend"]
YIZHAN_LOGIN_FAILURES_PER_USER = int(os.environ.get("YIZHAN_LOGIN_FAILURES_PER_USER", 5))
YIZHAN_LOGIN_FAILURES_PER_ADDRESS = int(os.environ.get("YIZHAN_LOGIN_FAILURES_PER_ADDRESS", 30))
# The public service-request form (/open/…/request/, no login): online submissions per client
# address and hour (yizhan.web.operations.window.too_many_submissions; counted in the database)
YIZHAN_PUBLIC_TICKETS_PER_HOUR = int(os.environ.get("YIZHAN_PUBLIC_TICKETS_PER_HOUR") or 10)
# ...and status lookups by reference (/open/status/): per client address in any hour, so
# references cannot be found by trying many (yizhan.web.operations.window.lookup_wait)
YIZHAN_PUBLIC_LOOKUPS_PER_HOUR = int(os.environ.get("YIZHAN_PUBLIC_LOOKUPS_PER_HOUR") or 60)
AXES_HANDLER = "yizhan.web.accounts.throttle.LoginThrottleHandler"
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # the handler's order: user, address
AXES_FAILURE_LIMIT = YIZHAN_LOGIN_FAILURES_PER_USER
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("YIZHAN_LOGIN_COOLOFF_MINUTES", 15)))
AXES_LOCKOUT_CALLABLE = "yizhan.web.accounts.throttle.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# the address is the connection's (REMOTE_ADDR; also if django-ipware gets installed): a client
# could write any X-Forwarded-For to spread its failures over invented addresses. Behind nginx,
# TrustedProxyMiddleware puts the client's address (X-Real-IP, from YIZHAN_TRUSTED_PROXIES only)
# into REMOTE_ADDR first.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# i18n: Chinese is the default; English is selectable (the switcher posts to set_language).
# Message ids in our code are Chinese; locale/en holds the English translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("YIZHAN_STATIC_ROOT") or DATA_DIR / "static").resolve()
STATICFILES_DIRS = [WEB_DIR / "static"]
# WhiteNoise serves /static/ in every process (the demo too, with DEBUG off): from the finders
# (the installed packages, indexed once at start) as well as STATIC_ROOT, so `yizhan serve`
# works without collectstatic. File names are not hashed, so browsers revalidate after an hour.
WHITENOISE_USE_FINDERS = True
WHITENOISE_MAX_AGE = 3600
# ...and without a collected STATIC_ROOT (the demo) WhiteNoise's "No directory at" is expected
warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)

# Uploads (docs/web.md "Import and export"). A file over YIZHAN_IMPORT_MAX_BYTES is dropped
# chunk by chunk as it arrives (yizhan.web.uploads) and refused with the limit; an import
# with more data rows than YIZHAN_IMPORT_MAX_ROWS is refused when the reader gets there;
# previews never committed are deleted after YIZHAN_IMPORT_PREVIEW_MAX_AGE seconds.
YIZHAN_IMPORT_MAX_BYTES = int(os.environ.get("YIZHAN_IMPORT_MAX_BYTES") or 5 * 1024 * 1024)
YIZHAN_IMPORT_MAX_ROWS = int(os.environ.get("YIZHAN_IMPORT_MAX_ROWS") or 20_000)
YIZHAN_IMPORT_PREVIEW_MAX_AGE = 24 * 3600
FILE_UPLOAD_HANDLERS = ["yizhan.web.uploads.LimitedUploadHandler",
                        "django.core.files.uploadhandler.MemoryFileUploadHandler",
                        "django.core.files.uploadhandler.TemporaryFileUploadHandler"]
FILE_UPLOAD_MAX_MEMORY_SIZE = YIZHAN_IMPORT_MAX_BYTES  # a file within the limit stays in memory
DATA_UPLOAD_MAX_MEMORY_SIZE = YIZHAN_IMPORT_MAX_BYTES  # form fields and API bodies, files apart

# Leaflet from django-leaflet's static files; no tile server on an air-gapped intranet
# (set YIZHAN_TILES_URL to an intranet tile server if there is one).
LEAFLET_CONFIG = {
    "TILES": ([(os.environ["YIZHAN_TILES_URL"], os.environ["YIZHAN_TILES_URL"], "")]
              if os.environ.get("YIZHAN_TILES_URL") else []),
    "DEFAULT_CENTER": (22.56, 114.13),
    "DEFAULT_ZOOM": 12,
    "RESET_VIEW": False,
    "NO_GLOBALS": False,
    "ATTRIBUTION_PREFIX": "",
}

# Content-Security-Policy (django-csp): scripts only from our own static files, so markup that
# slipped into a page could not run. Pages hand data to scripts in json_script elements
# (type application/json: data, not script); behaviour is in static files (yizhan/site.js
# for the shared data-autosubmit / data-confirm attributes). Swagger UI at /api/docs needs no
# exception: django-ninja's offline page has no inline script either. Inline *styles* stay
# allowed: the dashboard's bars and the progress bar are sized by style attributes and
# Swagger UI injects styles; CSS cannot run code. Images: ours, data: URIs (Swagger UI's and
# Leaflet's icons) and the intranet tile server if one is set.
_TILES_ORIGIN = ["{0.scheme}://{0.netloc}".format(urlsplit(LEAFLET_CONFIG["TILES"][0][1]))
                 .replace("{s}", "*")] if LEAFLET_CONFIG["TILES"] else []  # {s}: subdomains
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", *_TILES_ORIGIN],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Background jobs (planner runs): Django's tasks API from the backport, stored in the DB;
# `python -m yizhan.web worker` runs them (django-tasks-db's db_worker plus a heartbeat that
# `yizhan check-deploy` reads; yizhan.web.service).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
#: seconds between two heartbeats of a task worker; a worker silent for three beats is taken for
#: dead and its job recovered (yizhan.web.service.recovery). One value for every process.
YIZHAN_WORKER_BEAT_SECONDS = float(os.environ.get("YIZHAN_WORKER_BEAT_SECONDS") or 10)
#: how many times a job is started before a worker dying under it fails it (2: one retry)
YIZHAN_JOB_ATTEMPTS = int(os.environ.get("YIZHAN_JOB_ATTEMPTS") or 2)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_AGE = 8 * 3600
PAGINATE_BY = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"],
             "level": os.environ.get("YIZHAN_LOG_LEVEL", "WARNING").strip().upper()},
    "loggers": {"django.server": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

#: /api/docs and /api/openapi.json without signing in (YIZHAN_API_DOCS_PUBLIC=1); default: users only
YIZHAN_API_DOCS_PUBLIC = os.environ.get("YIZHAN_API_DOCS_PUBLIC", "") in ("1", "true", "yes")
