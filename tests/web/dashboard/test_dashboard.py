"""The dashboard says what ``core.metrics.evaluate`` and the policy checker say, for the
scope the user may see; the map draws dissolved stations from local Leaflet files."""

import json
import re

import pytest
from django.urls import reverse

from yizhan.core.metrics import evaluate
from yizhan.policy.checker import check
from yizhan.web.registry.snapshot import instance_for
from yizhan.policy.rules import document_article
from yizhan.web.registry.instance import build_instance, build_posts


def _cards(html: str) -> dict:
    return {k: v for k, v in re.findall(r'data-metric="(\w+)">([^<]*)<', html)}


@pytest.mark.parametrize("side", ["own", "other"])
def test_dashboard_numbers_equal_core_evaluate_on_the_same_plan(side, pw, client_for):
    plan = pw[(side, "draft")]
    instance = build_instance(plan.subdistrict)
    expected = evaluate(instance, plan.core_plan())
    html = client_for("admin").get(reverse("dashboard:index") + f"?plan={plan.pk}").content.decode()
    cards = _cards(html)
    assert int(cards["stations"]) == expected.stations
    assert int(cards["units"]) == expected.units
    assert int(cards["stations_in_band"]) == expected.stations_in_band
    assert int(cards["band_deviation"]) == expected.band_deviation
    assert int(cards["exempt_stations"]) == expected.exempt_stations
    targets = dict(re.findall(r'data-rule="(R\d)".*?data-actual="([^"]+)"', html, re.S))
    assert float(targets["R4"]) == pytest.approx(expected.office_share, abs=1e-4)
    assert float(targets["R2"]) == expected.band_deviation

    data = client_for("admin").get(f"/api/dashboard/summary/?plan={plan.pk}").json()
    m = data["metrics"]
    for key in ("stations", "units", "band_deviation", "stations_in_band", "exempt_stations",
                "contiguous", "crosses_parent", "cut_edges"):
        assert m[key] == getattr(expected, key), key
    for key in ("office_share", "service_share", "plaza_share"):
        assert m[key] == pytest.approx(getattr(expected, key), abs=1e-4), key
    checked = check(instance, plan.core_plan(), posts=build_posts(plan.subdistrict))
    assert data["targets"] == [t.to_dict() for t in checked.targets]
    assert data["findings"] == [f.to_dict() for f in checked.findings]
    per = {r["parent"]: r for r in data["per_subdistrict"]}
    for parent, row in expected.per_parent.iterrows():
        assert (per[parent]["before"], per[parent]["after"]) == (row["before"], row["after"])
    assert sum(data["band_counts"].values()) == expected.stations


def test_dashboard_shows_merged_groups_and_kept_alone_as_in_spec_table(pw, client_for):
    plan = pw[("own", "draft")]
    data = client_for("admin").get(f"/api/dashboard/summary/?plan={plan.pk}").json()
    (row,) = data["per_subdistrict"]
    assert row["parent"] == "黄贝" and row["before"] == 5 and row["after"] == 3
    assert sorted(row["merged"]) == ["黄贝00+黄贝01", "黄贝10+黄贝11"]
    assert row["alone"] == ["黄贝社区"]


def test_dashboard_without_a_plan_shows_the_official_plan_of_the_users_scope(pw, client_for):
    data = client_for("officer").get("/api/dashboard/summary/").json()
    assert data["plan"] == "official" and data["scope"] == pw[("own", "draft")].subdistrict_id
    expected = evaluate(instance_for(data["scope"]), instance_for(data["scope"]).current_plan())
    assert data["before"]["metrics"]["stations"] == expected.stations == 5
    page = client_for("officer").get(reverse("dashboard:index")).content.decode()
    assert "南湖" not in page.split("检查发现")[0].split("各街道整合前后工作站数")[1]


def test_findings_carry_rule_ids_and_articles(pw, client_for):
    plan = pw[("own", "draft")]
    html = client_for("admin").get(reverse("dashboard:index") + f"?plan={plan.pk}").content.decode()
    findings = check(build_instance(plan.subdistrict), plan.core_plan(),
                     posts=build_posts(plan.subdistrict)).findings
    assert findings
    for f in findings:
        # the document's numbering (二、（二）) shown, SPEC's (§2(2)) as its tooltip
        assert f.rule in html and document_article(f.article) in html and f.article in html
    assert "二、（二）" in html


def test_station_geojson_is_the_dissolved_plan(pw, client_for):
    plan = pw[("own", "draft")]
    data = client_for("admin").get(reverse("dashboard:stations_geojson") + f"?plan={plan.pk}").json()
    props = {f["properties"]["station"]: f for f in data["features"]}
    assert set(props) == {"HR0", "HR1"}  # T001 has no boundary
    from shapely.geometry import shape

    top = shape(props["HR0"]["geometry"])
    assert top.geom_type == "Polygon" and top.area == pytest.approx(0.0002, rel=1e-3)
    assert props["HR0"]["properties"]["households"] == 7000
    assert props["HR0"]["properties"]["band"] == "in_band"
    assert props["HR1"]["properties"]["band"] == "in_band"
    committees = client_for("admin").get(
        reverse("dashboard:committees_geojson") + f"?plan={plan.pk}").json()
    c = {f["properties"]["code"]: f["properties"] for f in committees["features"]}
    assert c["H00"]["station"] == "HR0" and c["H00"]["station_households"] == 7000
    assert c["H00"]["households"] == 3000 and c["H00"]["subdistrict"] == "黄贝"
    assert c["H00"]["office_m2"] == 250


def test_before_map_colours_each_committee_by_its_own_band(pw, client_for):
    data = client_for("admin").get(reverse("dashboard:committees_geojson")
                                   + "?plan=current").json()
    bands = {f["properties"]["code"]: f["properties"]["band"] for f in data["features"]}
    assert bands["H00"] == "below"  # 3,000 households < 6,000


def test_map_page_loads_leaflet_from_local_static_files(pw, client_for):
    html = client_for("viewer").get(reverse("dashboard:map")).content.decode()
    assert "/static/leaflet/leaflet.js" in html and "/static/leaflet/leaflet.css" in html
    assert "/static/dashboard/map.js" in html
    assert "http://" not in html and "https://" not in html
    assert json.loads(re.search(r'id="map-tiles" type="application/json">(.*?)</script>',
                                html).group(1)) == []


def test_intranet_tile_server_is_a_setting(pw, client_for, settings):
    settings.LEAFLET_CONFIG = {**settings.LEAFLET_CONFIG,
                               "TILES": [("内网", "http://tiles.intranet/{z}/{x}/{y}.png", "")]}
    html = client_for("viewer").get(reverse("dashboard:map")).content.decode()
    assert "tiles.intranet" in html


def test_cache_follows_registry_changes(pw, client_for):
    from yizhan.web.context import change_context
    from yizhan.web.registry.models import Committee

    plan = pw[("own", "draft")]
    url = f"/api/dashboard/summary/?plan={plan.pk}"
    before = client_for("admin").get(url).json()["metrics"]["band_deviation"]
    with change_context(label="test"):
        c = Committee.objects.get(code="H00")
        c.households = 9000
        c.save()
    after = client_for("admin").get(url).json()["metrics"]["band_deviation"]
    assert before != after


def test_pages_are_chinese_by_default_and_english_on_request(pw, client_for):
    client = client_for("admin")
    zh = client.get(reverse("dashboard:index")).content.decode()
    assert "目标达成" in zh and "各街道整合前后工作站数" in zh
    en = client.get(reverse("dashboard:index"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Targets" in en and "Stations per subdistrict, before and after" in en
    assert "目标达成" not in en
    plan = pw[("own", "submitted")]
    detail = client.get(reverse("planning:plan", args=[plan.pk]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Reject" in detail.content.decode() and "Approval log" in detail.content.decode()
