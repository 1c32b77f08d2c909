"""The district administrator's user page: new users with any role of the table and the
scope it needs, validated, change-logged; other roles may not."""

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.permissions import restrict
from yizhan.web.registry.models import Station

from .factories import make_user


def _admin_client(world):
    admin = make_user("district", "admin")
    client = Client()
    client.force_login(admin)
    return admin, client


def test_an_administrator_creates_a_station_staff_user(world):
    admin, client = _admin_client(world)
    station = world["own"]["station"]
    page = client.post(reverse("accounts:user_add"), {
        "username": "zhan-yuan", "full_name": "王站员", "role": "station_staff",
        "station": station.pk})
    assert page.status_code == 200 and page["Cache-Control"].startswith("max-age=0")
    password = page.content.decode().split('id="one-time-password">')[1].split("<")[0]
    user = User.objects.get(username="zhan-yuan")
    assert user.check_password(password) and user.first_name == "王站员"
    assert user.profile.role == "station_staff" and user.profile.station == station
    assert user.profile.must_change_password
    (entry,) = ObjectChange.objects.filter(changed_object_type__model="profile",
                                           changed_object_id=user.profile.pk, action="create")
    assert entry.user == admin and entry.postchange_data["station"] == station.pk
    # the new user sees their station's records, nothing of the other station
    assert list(restrict(Station.objects.all(), user)) == [station]


def test_a_role_without_its_scope_is_refused_with_the_reason(world):
    _admin, client = _admin_client(world)
    cases = [({"role": "station_staff"}, "必须指定所属工作站"),
             ({"role": "officer"}, "必须指定所属街道"),
             ({"role": "department", "department": " "}, "必须指定部门/单位"),
             ({"role": "viewer", "committee": world["own"]["committee"].pk}, "不使用所属居委会"),
             ({"role": "superuser"}, "不在可用的选项中"),
             ({"role": "viewer", "username": "bad name!"}, "用户名")]
    for data, message in cases:
        page = client.post(reverse("accounts:user_add"), {"username": "neu", **data})
        assert page.status_code == 200 and message in page.content.decode(), (data, message)
    assert not User.objects.filter(username__in=["neu", "bad name!"]).exists()
    taken = client.post(reverse("accounts:user_add"), {"username": "DISTRICT", "role": "viewer"})
    assert "已被使用" in taken.content.decode()


def test_an_administrator_changes_a_role_and_it_is_logged(world, users):
    admin, client = _admin_client(world)
    officer = users["officer"]
    url = reverse("accounts:user_edit", args=[officer.pk])
    assert url in client.get(reverse("accounts:user_list")).content.decode()
    refused = client.post(url, {"role": "station_staff", "subdistrict": officer.profile.subdistrict_id,
                                "station": world["own"]["station"].pk})
    assert "不使用所属街道" in refused.content.decode()
    done = client.post(url, {"role": "station_staff", "station": world["own"]["station"].pk,
                             "full_name": "李"})
    assert done.status_code == 302
    officer.refresh_from_db()
    assert officer.profile.role == "station_staff" and officer.profile.subdistrict is None
    entry = ObjectChange.objects.filter(changed_object_type__model="profile",
                                        changed_object_id=officer.profile.pk,
                                        action="update").get()
    assert entry.user == admin
    assert entry.prechange_data["role"] == "officer"
    assert entry.postchange_data["role"] == "station_staff"


def test_only_administrators_manage_users(world, users, client_for):
    for key in ("officer", "viewer", "auditor", "leading_group_district"):
        client = client_for(key)
        assert client.get(reverse("accounts:user_add")).status_code == 403
        assert client.post(reverse("accounts:user_add"), {
            "username": "x", "role": "admin"}).status_code == 403
        assert client.post(reverse("accounts:user_edit", args=[users["viewer"].pk]), {
            "role": "admin"}).status_code == 403
    assert not User.objects.filter(username="x").exists()
    assert users["viewer"].profile.role == "viewer"
    _admin, client = _admin_client(world)
    boss = User.objects.create_superuser("boss", password="pw-boss-2006")
    assert client.get(reverse("accounts:user_edit", args=[boss.pk])).status_code == 403
