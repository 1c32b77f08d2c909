"""A station never crosses subdistricts (R6 §2(4)), whichever side of a membership moves.

The committee side is tested with the import (``test_import.py``); this is the station side:
moving a station that still serves a committee of its subdistrict is refused on the API and
the edit form, and becomes an ordinary change once the membership has ended.
"""

import datetime

from django.urls import reverse

from yizhan.web.registry.models import Station


def _api(station):
    return f"/api/registry/stations/{station.pk}/"


def test_a_station_serving_a_committee_cannot_move_to_another_subdistrict(world, client_for):
    station, other = world["own"]["station"], world["other"]["subdistrict"]
    response = client_for("admin").patch(_api(station), {"subdistrict": other.pk},
                                         content_type="application/json")
    assert response.status_code == 422
    assert "黄贝社区" in str(response.json()["detail"]["subdistrict"])
    station.refresh_from_db()
    assert station.subdistrict == world["own"]["subdistrict"]


def test_the_edit_form_refuses_the_move_too(world, client_for):
    station, other = world["own"]["station"], world["other"]["subdistrict"]
    page = client_for("admin").post(reverse("registry:station_edit", args=[station.pk]), {
        "code": station.code, "name": station.name, "subdistrict": other.pk,
        "established": "2006-09-01", "dissolved": "", "version": station.version})
    assert page.status_code == 200 and "请先结束这一服务关系" in page.content.decode()
    assert Station.objects.get(pk=station.pk).subdistrict == world["own"]["subdistrict"]


def test_once_the_membership_has_ended_the_move_is_an_ordinary_change(world, client_for):
    station, other = world["own"]["station"], world["other"]["subdistrict"]
    membership = world["own"]["stationmembership"]
    membership.end = datetime.date(2026, 1, 1)
    membership.save()
    response = client_for("admin").patch(_api(station), {"subdistrict": other.pk},
                                         content_type="application/json")
    assert response.status_code == 200
    assert Station.objects.get(pk=station.pk).subdistrict == other
