"""Optimistic concurrency (issue 7, item 10): a stale edit is refused with who changed the
record when, never merged silently; PATCH writes only the fields sent; conflicts are 409.

The threaded reproductions against a running server are in ``tests/web/live/``.
"""

import re

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from yizhan.web.registry.models import Committee
from yizhan.web.versioning import StaleEdit

FORM_FIELDS = ["code", "name", "subdistrict", "households", "population", "office_m2",
               "service_m2", "plaza_m2", "party_members"]


def _form(committee, **changes):
    data = {name: getattr(committee, f"{name}_id" if name == "subdistrict" else name)
            for name in FORM_FIELDS}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["version"] = committee.version
    return data | changes


def _api(committee):
    return f"/api/registry/committees/{committee.pk}/"


def test_two_copies_saved_one_after_the_other_the_second_is_refused(world):
    first = Committee.objects.get(pk=world["own"]["committee"].pk)
    second = Committee.objects.get(pk=first.pk)
    first.population = 9000
    first.save()
    second.party_members = 77
    with pytest.raises(StaleEdit), transaction.atomic():  # as every write path saves
        second.save()
    stored = Committee.objects.get(pk=first.pk)
    assert (stored.population, stored.party_members, stored.version) == (9000, 0, 2)


def test_a_save_that_changes_nothing_is_no_new_version(world):
    c = Committee.objects.get(pk=world["own"]["committee"].pk)
    c.save()
    stale = Committee.objects.get(pk=c.pk)
    c.households += 1
    c.save()
    assert c.version == 2
    stale.households = c.households  # the same values as stored: nothing to write, no conflict
    stale.save()
    assert Committee.objects.get(pk=c.pk).version == 2


def test_stale_edit_form_is_refused_with_who_and_when(world, users, client_for):
    """The issue's reproduction: a form opened before another user's change of population
    and party members no longer overwrites it."""
    c = world["own"]["committee"]
    officer, admin = client_for("officer"), client_for("admin")
    page = officer.get(reverse("registry:committee_edit", args=[c.pk])).content.decode()
    assert re.search(r'name="version" value="1"', page)
    opened = _form(c)

    response = admin.post(reverse("registry:committee_edit", args=[c.pk]),
                          _form(c, population=12000, party_members=300))
    assert response.status_code == 302
    response = officer.post(reverse("registry:committee_edit", args=[c.pk]),
                            opened | {"households": 5100})
    assert response.status_code == 200
    c.refresh_from_db()
    assert (c.population, c.party_members, c.households, c.version) == (12000, 300, 5000, 2)
    text = response.content.decode()
    change_time = timezone.localtime(_last_change(c).time).strftime("%Y-%m-%d %H:%M")
    assert "由 admin 于 " + change_time in text and "在您打开之后已被修改" in text
    assert "12000" in text and "300" in text           # the stored values that differ
    assert re.search(r'name="version" value="2"', text)  # resubmitting is a deliberate choice
    assert 'value="5100"' in text                        # the user's input is kept


def _last_change(obj):
    from yizhan.web.changelog.models import ObjectChange

    return ObjectChange.objects.filter(changed_object_id=obj.pk).order_by("-time", "-pk").first()


def test_change_time_in_the_message_is_shanghai_time(world):
    c = Committee.objects.get(pk=world["own"]["committee"].pk)
    stale = Committee.objects.get(pk=c.pk)
    c.households = 1
    c.save()
    stale.households = 2
    with pytest.raises(StaleEdit) as info, transaction.atomic():
        stale.save()
    shanghai = timezone.localtime(_last_change(c).time, timezone=_shanghai())
    assert shanghai.strftime("%Y-%m-%d %H:%M") in info.value.message


def _shanghai():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_edit_form_without_version_is_refused(world, client_for):
    c = world["own"]["committee"]
    data = _form(c, households=1)
    del data["version"]
    response = client_for("officer").post(reverse("registry:committee_edit", args=[c.pk]), data)
    assert response.status_code == 200 and "缺少版本号" in response.content.decode()
    c.refresh_from_db()
    assert c.households == 5000


def test_api_returns_version_and_etag(world, client_for):
    c = world["own"]["committee"]
    response = client_for("officer").get(_api(c))
    assert response.json()["version"] == 1 and response["ETag"] == '"1"'


def test_api_stale_if_match_is_412_and_body_version_409(world, client_for):
    c = world["own"]["committee"]
    client = client_for("admin")
    ok = client.patch(_api(c), {"population": 100}, content_type="application/json",
                      HTTP_IF_MATCH='"1"')
    assert ok.status_code == 200 and ok["ETag"] == '"2"' and ok.json()["version"] == 2
    stale = client.patch(_api(c), {"party_members": 5}, content_type="application/json",
                         HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412 and "由 admin 于" in stale.json()["detail"]
    stale = client.patch(_api(c), {"party_members": 5, "version": 1},
                         content_type="application/json")
    assert stale.status_code == 409 and "由 admin 于" in stale.json()["detail"]
    gone = client.delete(_api(c), HTTP_IF_MATCH='"1"')
    assert gone.status_code == 412
    c.refresh_from_db()
    assert (c.population, c.party_members, c.version) == (100, 0, 2)
    assert client.patch(_api(c), {"party_members": 5}, content_type="application/json",
                        HTTP_IF_MATCH='W/"2"').status_code == 200


def test_patch_writes_only_the_fields_sent(world, client_for):
    c = world["own"]["committee"]
    with CaptureQueriesContext(connection) as queries:
        response = client_for("officer").patch(_api(c), {"party_members": 12},
                                               content_type="application/json")
    assert response.status_code == 200
    (update,) = [q["sql"] for q in queries if q["sql"].startswith("UPDATE") and
                 "registry_committee" in q["sql"]]
    assigned = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert sorted(re.findall(r'"(\w+)" =', assigned)) == ["party_members", "version"]
    assert '"version" = ' in update.split(" WHERE ", 1)[1]  # conditional on the version read


def test_patch_moving_an_owned_object_moves_its_subdistrict(world, client_for):
    asset = world["own"]["asset"]
    response = client_for("admin").patch(
        f"/api/registry/assets/{asset.pk}/", {"committee": world["other"]["committee"].pk},
        content_type="application/json")
    assert response.status_code == 200
    asset.refresh_from_db()
    assert asset.subdistrict == world["other"]["subdistrict"]


def test_database_busy_is_409_with_a_message_not_500(world, client_for, monkeypatch):
    def locked(*args, **kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(Committee, "full_clean", locked)
    c = world["own"]["committee"]
    client = client_for("officer")
    client.raise_request_exception = False
    page = client.post(reverse("registry:committee_edit", args=[c.pk]), _form(c, households=1))
    assert page.status_code == 409 and "数据库正被另一项修改占用" in page.content.decode()
    api = client.patch(_api(c), {"households": 1}, content_type="application/json")
    assert api.status_code == 409 and "数据库正被另一项修改占用" in api.json()["detail"]


def test_other_database_errors_stay_server_errors(world, client_for, monkeypatch):
    def broken(*args, **kwargs):
        raise OperationalError("no such column: x")

    monkeypatch.setattr(Committee, "full_clean", broken)
    c = world["own"]["committee"]
    client = client_for("officer")
    client.raise_request_exception = False
    assert client.patch(_api(c), {"households": 1},
                        content_type="application/json").status_code == 500


def test_stale_message_in_english(world, client_for):
    c = world["own"]["committee"]
    client = client_for("admin")
    client.patch(_api(c), {"population": 1}, content_type="application/json")
    stale = client.patch(_api(c), {"population": 2}, content_type="application/json",
                         HTTP_IF_MATCH='"1"', HTTP_ACCEPT_LANGUAGE="en")
    assert stale.status_code == 412
    assert "has been changed by admin at " in stale.json()["detail"]
