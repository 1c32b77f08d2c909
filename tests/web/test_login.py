"""Login (issue 7, item 11): throttling per user and per address, a password-change page for
every user, and the district administrator's password reset."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange

from .factories import make_user

LOGIN = "/accounts/login/"


def _login(username, password, address="127.0.0.1", path=LOGIN):
    client = Client(REMOTE_ADDR=address)
    response = client.post(path, {"username": username, "password": password})
    return client, response


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_thirty_wrong_passwords_then_the_right_one_is_refused(users, settings):
    """The issue's reproduction."""
    for _ in range(30):
        _login("officer", "wrong-password")
    client, response = _login("officer", "pw-officer-2006")
    assert response.status_code == 429 and not _logged_in(client)
    assert "登录失败次数过多，已暂停登录 15 分钟" in response.content.decode()


def test_below_the_per_user_limit_the_right_password_works(users, settings):
    for _ in range(settings.YIZHAN_LOGIN_FAILURES_PER_USER - 1):
        _, response = _login("officer", "wrong-password")
        assert response.status_code == 200
    client, response = _login("officer", "pw-officer-2006")
    assert response.status_code == 302 and _logged_in(client)


def test_per_user_lock_holds_from_every_address_and_through_the_admin_login(users, settings):
    for i in range(settings.YIZHAN_LOGIN_FAILURES_PER_USER):
        _login("admin", "wrong-password", address=f"10.0.0.{i + 1}")
    client, response = _login("admin", "pw-admin-2006", address="10.9.9.9")
    assert response.status_code == 429 and not _logged_in(client)
    client, response = _login("admin", "pw-admin-2006", address="10.9.9.9", path="/admin/login/")
    assert response.status_code == 429 and not _logged_in(client)


def test_per_address_lock_spans_user_names_but_not_other_addresses(users, settings):
    per_user = settings.YIZHAN_LOGIN_FAILURES_PER_USER
    failures, name = 0, 0
    while failures < settings.YIZHAN_LOGIN_FAILURES_PER_ADDRESS:  # never per_user on one name
        for _ in range(per_user - 1):
            _login(f"guess{name}", "wrong", address="10.1.1.1")
            failures += 1
        name += 1
    client, response = _login("viewer", "pw-viewer-2006", address="10.1.1.1")
    assert response.status_code == 429 and not _logged_in(client)
    client, response = _login("viewer", "pw-viewer-2006", address="10.1.1.2")
    assert response.status_code == 302 and _logged_in(client)


def test_failures_older_than_the_cooloff_no_longer_count(users, settings):
    for _ in range(settings.YIZHAN_LOGIN_FAILURES_PER_USER):
        _login("viewer", "wrong")
    AccessAttempt.objects.update(attempt_time=datetime.datetime.now(datetime.timezone.utc)
                                 - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1))
    client, response = _login("viewer", "pw-viewer-2006")
    assert response.status_code == 302 and _logged_in(client)


def test_api_takes_no_password(world, users):
    """No password login in the API (sessions or tokens only), so no way around the lock."""
    from yizhan.web.api import api

    schema = api.get_openapi_schema()
    assert not [p for p in schema["paths"] if "login" in p or "token" in p]
    basic = Client().get("/api/registry/committees/",
                         HTTP_AUTHORIZATION="Basic b2ZmaWNlcjpwdy1vZmZpY2VyLTIwMDY=")
    assert basic.status_code == 401


@pytest.mark.parametrize("role", ["officer", "viewer", "admin"])
def test_every_user_changes_their_own_password(role, users, client_for):
    client = client_for(role)
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("accounts:password_change") in profile
    assert client.get(reverse("accounts:password_change")).status_code == 200
    response = client.post(reverse("accounts:password_change"), {
        "old_password": f"pw-{role}-2006", "new_password1": "Luohu-new-2006!",
        "new_password2": "Luohu-new-2006!"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change_done")
    assert client.get(response["Location"]).status_code == 200
    assert _logged_in(_login(role, "Luohu-new-2006!")[0])
    assert not _logged_in(_login(role, f"pw-{role}-2006")[0])


def test_password_change_refuses_a_wrong_old_password(users, client_for):
    response = client_for("viewer").post(reverse("accounts:password_change"), {
        "old_password": "nope", "new_password1": "Luohu-new-2006!",
        "new_password2": "Luohu-new-2006!"})
    assert response.status_code == 200 and "旧密码" in response.content.decode()
    assert User.objects.get(username="viewer").check_password("pw-viewer-2006")


@pytest.fixture
def district_admin(world):
    """A district administrator by role, without Django's staff or superuser flags."""
    return make_user("district", "admin")


def test_district_administrator_resets_a_password_once_and_it_must_be_changed(
        users, district_admin, settings):
    for _ in range(settings.YIZHAN_LOGIN_FAILURES_PER_USER):
        _login("officer", "wrong")
    admin = Client()
    admin.force_login(district_admin)
    listing = admin.get(reverse("accounts:user_list")).content.decode()
    assert "登录已锁定" in listing
    url = reverse("accounts:user_reset_password", args=[users["officer"].pk])
    assert url in listing
    assert "one-time-password" not in admin.get(url).content.decode()  # GET only asks
    page = admin.post(url)
    assert page["Cache-Control"].startswith("max-age=0")
    password = page.content.decode().split('id="one-time-password">')[1].split("<")[0]
    assert len(password) >= 12

    assert not _logged_in(_login("officer", "pw-officer-2006")[0])
    client, response = _login("officer", password)  # the lock is lifted with the reset
    assert response.status_code == 302 and _logged_in(client)
    assert client.get("/registry/committees/")["Location"] == reverse("accounts:password_change")
    assert client.get("/api/registry/committees/").status_code == 403
    client.post(reverse("accounts:password_change"), {
        "old_password": password, "new_password1": "Officer-own-2006!",
        "new_password2": "Officer-own-2006!"})
    assert client.get("/registry/committees/").status_code == 200

    (entry,) = ObjectChange.objects.filter(changed_object_id=users["officer"].pk,
                                           object_repr="officer", user=district_admin)
    assert entry.postchange_data == {"password": "reset"}


def test_only_district_administrators_reset_passwords(users, client_for):
    url = reverse("accounts:user_reset_password", args=[users["viewer"].pk])
    for role in ("officer", "viewer"):
        client = client_for(role)
        assert client.get(reverse("accounts:user_list")).status_code == 403
        assert client.post(url).status_code == 403
    assert User.objects.get(username="viewer").check_password("pw-viewer-2006")


def test_a_district_administrator_cannot_reset_a_superuser(users, district_admin):
    boss = User.objects.create_superuser("boss", password="pw-boss-2006")
    client = Client()
    client.force_login(district_admin)
    assert client.post(reverse("accounts:user_reset_password", args=[boss.pk])).status_code == 403
    assert User.objects.get(username="boss").check_password("pw-boss-2006")


def test_lockout_message_in_english(users, settings):
    for _ in range(settings.YIZHAN_LOGIN_FAILURES_PER_USER):
        _login("viewer", "wrong")
    response = Client(HTTP_ACCEPT_LANGUAGE="en").post(
        LOGIN, {"username": "viewer", "password": "pw-viewer-2006"})
    assert response.status_code == 429
    assert "Too many failed logins: logging in is suspended for 15 minutes" in (
        response.content.decode())
