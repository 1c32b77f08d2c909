"""四、（四）: each station records its six kinds of internal rules; the coverage page and the
API say which kinds a station lacks, and the rollout's inspection (its checklist item
"rules") shows it for every station of the subdistrict."""

import datetime

from django.urls import reverse

from yizhan.policy.service import RULE_KINDS, SERVICE_KINDS
from yizhan.web.context import change_context
from yizhan.web.operations.models import RuleKind, ServiceKind, StationRule, missing_kinds

from .window_world import wworld  # noqa: F401


def test_the_translatable_choices_are_the_policys_lists():
    assert [(k, str(v)) for k, v in RuleKind.choices] == [(k, zh) for k, zh, _en in RULE_KINDS]
    assert [(k, str(v)) for k, v in ServiceKind.choices] == [
        (k, zh) for k, zh, _en in SERVICE_KINDS]


def test_missing_kinds_counts_rules_in_force_only(world, wworld):
    own, other = world["own"]["station"], world["other"]["station"]
    assert missing_kinds([own, other]) == {
        own: (), other: ("open_affairs", "finance", "study", "post_responsibility")}
    rule = StationRule.objects.get(station=own, kind="finance")
    rule.repealed = datetime.date(2006, 12, 31)
    rule.save()
    assert missing_kinds([own], today=datetime.date(2007, 1, 1)) == {own: ("finance",)}
    assert missing_kinds([own], today=datetime.date(2006, 12, 30)) == {own: ()}


def test_coverage_page_and_api(world, wworld, client_for):
    html = client_for("admin").get(reverse("operations:rule_coverage")).content.decode()
    assert "1 / 2 个工作站制度齐全" in html and "站务公开制度、财务制度、学习制度、岗位责任制" in html
    r = client_for("station_staff").get("/api/operations/rules/coverage/")
    assert r.json() == [{"station": world["own"]["station"].pk, "name": "黄贝工作站",
                         "missing": []}]


def test_station_staff_record_a_rule_for_their_station_only(world, client_for):
    client = client_for("station_staff")
    data = {"kind": "study", "title": "学习制度", "adopted": "2006-09-10", "content": "每周一次"}
    page = client.post(reverse("operations:stationrule_add"),
                       {**data, "station": world["other"]["station"].pk})
    assert page.status_code == 200 and not StationRule.objects.exists()
    page = client.post(reverse("operations:stationrule_add"),
                       {**data, "station": world["own"]["station"].pk})
    assert page.status_code == 302 and StationRule.objects.get().station == world["own"]["station"]


def test_repealed_before_adopted_is_refused(world, client_for):
    r = client_for("admin").post("/api/operations/rules/", {
        "station": world["own"]["station"].pk, "kind": "finance", "title": "财务制度",
        "adopted": "2006-09-10", "repealed": "2006-09-01"}, content_type="application/json")
    assert r.status_code == 422 and "废止日期" in r.json()["detail"]["repealed"][0]


def test_the_inspection_reads_the_stations_rules(world, wworld, client_for):
    from yizhan.web.reform import services

    with change_context(label="test-setup"):
        reform = services.start_reform()
        services.open_subdistrict(reform, world["other"]["subdistrict"])
    inspection = reform.inspections.get(subdistrict=world["other"]["subdistrict"])
    html = client_for("inspector").get(
        reverse("reform:inspection", args=[inspection.pk])).content.decode()
    assert 'id="rules-coverage"' in html
    assert "南湖工作站：" in html and "缺站务公开制度、财务制度、学习制度、岗位责任制" in html
    with change_context(label="test-setup"):
        for kind in ("open_affairs", "finance", "study", "post_responsibility"):
            StationRule.objects.create(station=world["other"]["station"], kind=kind,
                                       title=kind, adopted=datetime.date(2006, 9, 1))
    html = client_for("inspector").get(
        reverse("reform:inspection", args=[inspection.pk])).content.decode()
    assert "南湖工作站：齐全" in html
