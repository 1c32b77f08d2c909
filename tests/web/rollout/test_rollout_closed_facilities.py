"""Closed stations keep no facilities: a station's areas are its open committees' (issue 8's
single source of truth), so after a rollout the closed stations count none and the new
station counts its members' — in the model, on the station page and in the instance the
planner and the dashboard read."""

import datetime

from django.urls import reverse

from yizhan.web.registry import models as m
from yizhan.web.registry.instance import build_instance
from yizhan.web.rollout import service

from .helpers import EFFECTIVE

DAY = datetime.date.fromisoformat(EFFECTIVE)


def test_closed_stations_count_no_facilities(rw, users, client_for):
    old = m.Station.objects.get(code="SH00")
    assert old.facilities()["office"] == 250  # H00's office before
    service.apply(users["admin"], rw["sub"], DAY, {"HR0": "黄贝一站"})
    old.refresh_from_db()
    assert old.dissolved == DAY
    assert old.facilities() == {"office": 0, "service": 0, "plaza": 0}
    new = m.Station.objects.get(name="黄贝一站")
    assert new.facilities()["office"] == 250 and new.facilities()["service"] == 1000
    page = client_for("admin").get(reverse("registry:station", args=[old.pk]))
    assert page.status_code == 200
    # the instance (planner, checker, dashboard) has no committee left on a closed station
    stations = set(build_instance(rw["sub"]).units["station"])
    closed = set(m.Station.objects.filter(dissolved__isnull=False).values_list("code", flat=True))
    assert closed and not stations & closed
