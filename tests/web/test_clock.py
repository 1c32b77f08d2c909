"""One clock (issue 8, item 7): every surface shows Beijing time (Asia/Shanghai, UTC+8) —
list pages, detail pages, the xlsx export and the API (ISO 8601 with ``+08:00``)."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yizhan.web.changelog.models import ObjectChange
from yizhan.web.planning.choices import PlanSource, PlanStatus
from yizhan.web.planning.models import Plan

#: 2026-11-30 13:05:09 UTC = 21:05:09 in Beijing: the hour tells the clocks apart
UTC = datetime.datetime(2026, 11, 30, 13, 5, 9, tzinfo=datetime.timezone.utc)


@pytest.fixture
def stamped(world, users):
    plan = Plan.objects.create(name="时钟", subdistrict=world["own"]["subdistrict"],
                               source=PlanSource.CURRENT, assignment={"T001": "S"},
                               status=PlanStatus.SUBMITTED)
    Plan.objects.filter(pk=plan.pk).update(created=UTC, updated=UTC)
    plan.transitions.create(action="submit", from_status="draft", to_status="submitted",
                            user_name="officer", time=UTC)
    ObjectChange.objects.update(time=UTC)
    return Plan.objects.get(pk=plan.pk)


def test_the_change_list_shows_beijing_time(stamped, client_for):
    html = client_for("admin").get(reverse("changelog:objectchange_list")).content.decode()
    assert "21:05" in html and "13:05" not in html


def test_a_change_and_a_plan_page_show_beijing_time(stamped, client_for):
    change = ObjectChange.objects.first()
    html = client_for("admin").get(reverse("changelog:objectchange", args=[change.pk])) \
        .content.decode()
    assert "2026-11-30 21:05:09" in html
    html = client_for("admin").get(stamped.get_absolute_url()).content.decode()
    assert "2026-11-30 21:05:09" in html and "13:05" not in html


def test_the_xlsx_export_writes_beijing_time_with_its_offset(stamped, client_for):
    resp = client_for("admin").get(reverse("changelog:objectchange_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(resp.content)).active
    times = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert times == {"2026-11-30 21:05:09+08:00"}


def test_the_api_answers_iso_8601_with_the_beijing_offset(stamped, client_for):
    data = client_for("admin").get(f"/api/planning/plans/{stamped.pk}/").json()
    assert data["created"] == "2026-11-30T21:05:09+08:00"
    assert data["transitions"][0]["time"] == "2026-11-30T21:05:09+08:00"
    listed = client_for("admin").get("/api/planning/plans/").json()
    assert "2026-11-30T21:05:09+08:00" in [p["created"] for p in listed["items"]]
