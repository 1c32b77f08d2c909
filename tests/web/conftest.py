"""Django for the web tests only: core tests never import Django or touch a database.

The settings module is set here (not in pyproject) so ``pytest tests/core`` stays free of
Django. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test`` runs the same suite on
PostgreSQL (Django creates and drops its own ``test_…`` database).

Shared fixtures (web part 2's tests under tests/web/ may use them): ``world`` — two
subdistricts, ``own`` (the officer's) and ``other``, each with a committee, a station, a
membership, a person, a post, a party organisation and an asset; ``users`` — one
user per role: ``admin``, ``officer`` (of ``own``), ``viewer``; ``client_for`` — a logged-in
test client per user key (those three, ``anonymous``, or any of
``factories.ROLE_USERS``: a station-staff user of the ``own`` station, …).
"""

import os
import tempfile

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yizhan.web.settings")
os.environ.setdefault("YIZHAN_DATA_DIR", tempfile.mkdtemp(prefix="yizhan-test-"))
os.environ.setdefault("YIZHAN_SECRET_KEY", "test-secret-key-not-for-production")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402

settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests

import pytest  # noqa: E402

from .factories import build_world, make_user  # noqa: E402


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def users(world):
    return {
        "admin": make_user("admin", "admin"),
        "officer": make_user("officer", "officer", world["own"]["subdistrict"]),
        "viewer": make_user("viewer", "viewer"),
    }


@pytest.fixture
def client_for(users, world):
    """A client logged in as ``users[role]``; the other roles' users of
    :data:`factories.ROLE_USERS` are made on first use."""
    from django.test import Client

    from .factories import make_role_user

    def make(role):
        client = Client()
        if role != "anonymous":
            if role not in users:
                users[role] = make_role_user(role, world)
            client.force_login(users[role])
        return client

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the default language: a request in English (LocaleMiddleware)
    leaves English active in the thread, and messages made outside a request
    (``transition()``'s errors) would follow whichever test ran before."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
