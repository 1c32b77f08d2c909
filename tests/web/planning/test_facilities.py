"""One source of truth for facilities (issue 8 item 6): a committee's areas are the record; a
station's are derived from the committees it serves. Editing a committee's office area
changes the station page, the plan's office share and the API at once; there is no station
facility record left to disagree."""

import pytest
from django.apps import apps as current_apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from yizhan.web.registry import models as m
from yizhan.web.registry.snapshot import clear_cache


def test_there_is_no_separate_facility_record():
    assert not hasattr(m, "Facility")
    assert "facility" not in {model._meta.model_name for model in current_apps.get_models()}


def test_editing_a_committees_office_area_changes_the_office_share_everywhere(pw, users,
                                                                            client_for):
    from yizhan.web.planning import services as svc

    plan = pw[("own", "draft")]
    committee = m.Committee.objects.get(code="T001")  # alone in the plan, 0 m²: below 200 m²
    station = committee.memberships.get(end__isnull=True).station
    client = client_for("admin")
    clear_cache()
    before = svc.check_plan(plan).metrics.office_share
    html = client.get(reverse("registry:station", args=[station.pk])).content.decode()
    assert "办公用房（平方米）（由所服务居委会计算" in html and ">0.0<" in html
    response = client.post(reverse("registry:committee_edit", args=[committee.pk]), {
        "code": committee.code, "name": committee.name, "subdistrict": committee.subdistrict_id,
        "households": committee.households, "party_members": 0, "office_m2": 300,
        "service_m2": committee.service_m2, "plaza_m2": committee.plaza_m2,
        "version": committee.version})
    assert response.status_code == 302, response.content.decode()[:2000]
    clear_cache()
    after = svc.check_plan(plan).metrics.office_share
    assert after > before  # its station now meets the office standard
    html = client.get(reverse("registry:station", args=[station.pk])).content.decode()
    assert ">300.0<" in html
    api = client.get(f"/api/planning/plans/{plan.pk}/findings/").json()
    assert api["office_share"] == pytest.approx(after)


@pytest.mark.django_db(transaction=True)
def test_the_migration_carries_edited_station_facilities_to_committees():
    """Before the change, a station's office area could be edited on its own record: the
    migration moves it to the committee (the largest member for a merged station)."""
    executor = MigrationExecutor(connection)
    old = [("registry", "0004_rollout_fields")]
    executor.migrate(old)
    state = executor.loader.project_state(old).apps
    Sub, Committee = state.get_model("registry", "Subdistrict"), state.get_model("registry", "Committee")
    Station = state.get_model("registry", "Station")
    Membership = state.get_model("registry", "StationMembership")
    Facility = state.get_model("registry", "Facility")
    sub = Sub.objects.create(name="黄贝", street_code="440303001")
    a = Committee.objects.create(code="A", name="甲", subdistrict=sub, office_m2=100)
    b = Committee.objects.create(code="B", name="乙", subdistrict=sub, office_m2=150)
    c = Committee.objects.create(code="C", name="丙", subdistrict=sub, plaza_m2=0)
    alone = Station.objects.create(code="S1", name="甲站", subdistrict=sub)
    merged = Station.objects.create(code="S2", name="乙丙站", subdistrict=sub)
    Membership.objects.create(station=alone, committee=a, start="2006-06-01")
    Membership.objects.create(station=merged, committee=b, start="2006-06-01")
    Membership.objects.create(station=merged, committee=c, start="2006-06-01")
    Facility.objects.create(kind="office", station=alone, area_m2=260, status="meets",
                            subdistrict=sub)
    Facility.objects.create(kind="office", station=merged, area_m2=900, subdistrict=sub)
    Facility.objects.create(kind="plaza", committee=c, area_m2=1200, status="meets",
                            subdistrict=sub)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    got = {x.code: (x.office_m2, x.office_status, x.plaza_m2, x.plaza_status)
           for x in m.Committee.objects.all()}
    assert got == {"A": (260, "meets", 0, ""), "B": (900, "", 0, ""), "C": (0, "", 1200, "meets")}
    from yizhan.web.changelog.models import ObjectChange

    logged = {o.object_repr: o.postchange_data for o in ObjectChange.objects.filter(
        changed_object_type__model="committee", user_name="system")}
    assert logged == {"甲": {"office_m2": 260.0, "office_status": "meets"},
                      "乙": {"office_m2": 900.0}, "丙": {"plaza_m2": 1200.0, "plaza_status": "meets"}}
