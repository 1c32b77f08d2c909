"""Committee import: the preview shows every problem and every change; commit writes exactly
that, all rows or none (issue 7, items 1 and 2: scope before writing, re-import never clears)."""

import datetime
import io
import json

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yizhan.web.context import change_context
from yizhan.web.registry.models import Committee, CommitteeAdjacency, StationMembership

from .factories import build_side

HEADER = "code,name,parent,households,office_m2,service_m2,plaza_m2\n"
URL = "registry:committee_import"


def _upload(client, text, name="units.csv", **extra):
    return client.post(reverse(URL), {"file": SimpleUploadedFile(name, text.encode("utf-8"))},
                       **extra)


def _commit(client, response):
    token = response.context["token"]
    assert token, response.context.get("problems")
    return client.post(reverse(URL), {"token": token})


def _problems(response):
    return [(p["row"], p["column"], p["kind"]) for p in response.context["problems"]]


def _changes(response, code):
    row = next(r for r in response.context["plan"].rows if r.committee.code == code)
    return row.action, [(c.field, c.before, c.after) for c in row.changes]


def test_preview_lists_every_problem_with_row_and_column(world, client_for):
    text = HEADER + ("N001,甲,黄贝,abc,10,10,10\n"
                     "N002,乙,不存在,100,-5,10,10\n"
                     "N001,丙,黄贝,100,10,10,\n")
    response = _upload(client_for("admin"), text)
    assert response.status_code == 200
    assert {(2, "households", "wrong_type"), (3, "parent", "unknown_parent"),
            (3, "office_m2", "negative"), (4, "code", "duplicate_code"),
            (4, "plaza_m2", "missing_value")} <= set(_problems(response))
    assert response.context["token"] is None
    html = response.content.decode()
    assert "第2行" in html and "没有写入任何数据" in html
    assert not Committee.objects.filter(code__startswith="N").exists()


def test_valid_file_previews_then_commits(world, client_for):
    client = client_for("admin")
    text = HEADER + "N001,甲,黄贝,100,10,10,10\nT001,黄贝社区,黄贝,777,0,0,0\n"
    preview = _upload(client, text)
    assert [r.action for r in preview.context["plan"].rows] == ["create", "update"]
    assert _changes(preview, "T001") == ("update", [("households", "5000", "777")])
    assert "5000 → 777" in preview.content.decode()
    assert not Committee.objects.filter(code="N001").exists()  # preview writes nothing
    done = _commit(client, preview)
    assert done.status_code == 302
    assert Committee.objects.get(code="N001").households == 100
    assert Committee.objects.get(code="T001").households == 777


def test_a_rule_of_the_model_is_an_error_of_the_preview(world, client_for):
    client = client_for("admin")
    # row 3 passes the file checks but its name is longer than the model allows
    text = HEADER + f"N001,甲,黄贝,100,10,10,10\nN002,{'长' * 51},黄贝,100,10,10,10\n"
    response = _upload(client, text)
    assert _problems(response) == [(3, "名称", "invalid")]
    assert response.context["token"] is None
    assert not Committee.objects.filter(code__in=["N001", "N002"]).exists()


def test_names_stay_unique_within_a_subdistrict(world, client_for):
    client = client_for("admin")
    # the name of an existing committee of 黄贝, and one name twice in the file
    response = _upload(client, HEADER + "N001,黄贝社区,黄贝,100,10,10,10\n"
                       "N002,甲,黄贝,100,10,10,10\nN003,甲,黄贝,100,10,10,10\n")
    assert _problems(response) == [(2, "名称", "duplicate_name"), (4, "名称", "duplicate_name")]
    assert "T001" in response.context["problems"][0]["message"]
    assert not Committee.objects.filter(code__startswith="N").exists()
    # a name the same file frees (T001 renamed) may be taken; another subdistrict's too
    preview = _upload(client, HEADER + "N001,黄贝社区,黄贝,100,10,10,10\n"
                      "N002,南湖社区,黄贝,100,10,10,10\nT001,新名,黄贝,5000,0,0,0\n")
    _commit(client, preview)
    assert Committee.objects.get(code="N001").name == "黄贝社区"


# ------------------------------------------------------------------ item 1: scope
def _dongmen(world):
    """东门 with committee LH040, served by a station of 东门 (an open membership)."""
    with change_context(label="test-setup"):
        return build_side("东门", "440303004", "LH040")


def test_officer_cannot_take_over_another_subdistricts_committee(world, client_for):
    """Issue 7 item 1: the 黄贝 officer uploads LH040,x,黄贝 for 东门's committee LH040."""
    side = _dongmen(world)
    client = client_for("officer")
    text = HEADER + "LH040,x,黄贝,100,10,10,10\n"
    response = _upload(client, text)
    assert _problems(response) == [(2, "编码", "out_of_scope")]
    message = response.context["problems"][0]["message"]
    assert "LH040" in message and "管辖范围" in message and "东门" not in message
    assert response.context["token"] is None and response.context["errors"] == 1
    english = _upload(client, text, HTTP_ACCEPT_LANGUAGE="en")
    assert "outside your scope" in english.context["problems"][0]["message"]
    committee = Committee.objects.get(code="LH040")
    assert (committee.name, committee.subdistrict) == ("东门社区", side["subdistrict"])


def test_commit_checks_scope_again_and_writes_nothing(world, client_for, users):
    """A preview made while LH040 was the officer's; an administrator moves it to 东门
    before the commit: the commit refuses, and nothing of the file is written."""
    side = _dongmen(world)
    lh040 = Committee.objects.get(code="LH040")
    StationMembership.objects.filter(committee=lh040).delete()
    lh040.subdistrict = world["own"]["subdistrict"]
    lh040.save()
    client = client_for("officer")
    preview = _upload(client, HEADER + "N001,甲,黄贝,100,10,10,10\nLH040,x,黄贝,100,10,10,10\n")
    assert _changes(preview, "LH040")[1][0] == ("name", "东门社区", "x")
    lh040.subdistrict = side["subdistrict"]
    lh040.save()
    response = _commit(client, preview)
    assert response.context["commit_refused"]
    assert _problems(response) == [(3, "编码", "out_of_scope")]
    assert "没有写入任何数据" in response.content.decode()
    assert not Committee.objects.filter(code="N001").exists()
    assert Committee.objects.get(code="LH040").name == "东门社区"


def test_officer_row_for_a_new_committee_of_another_subdistrict(world, client_for):
    client = client_for("officer")  # officer of 黄贝
    response = _upload(client, HEADER + "N001,甲,黄贝,100,10,10,10\nN002,乙,南湖,100,10,10,10\n")
    assert _problems(response) == [(3, "街道", "out_of_scope")]
    assert "南湖" in response.context["problems"][0]["message"]
    assert response.context["token"] is None
    assert not Committee.objects.filter(code__in=["N001", "N002"]).exists()


def test_a_committee_served_by_a_station_cannot_move_away_from_it(world, client_for):
    """Even an administrator: the station of 东门 would then serve a committee of 黄贝."""
    side = _dongmen(world)
    response = _upload(client_for("admin"), HEADER + "LH040,x,黄贝,100,10,10,10\n")
    assert _problems(response) == [(2, "街道", "invalid")]
    assert "东门工作站" in response.context["problems"][0]["message"]
    assert response.context["token"] is None
    membership = StationMembership.objects.get(committee__code="LH040", end__isnull=True)
    assert membership.station.subdistrict == membership.committee.subdistrict \
        == side["subdistrict"]
    # once the membership has ended, the move is an ordinary change
    membership.end = datetime.date(2026, 1, 1)
    membership.save()
    client = client_for("admin")
    preview = _upload(client, HEADER + "LH040,x,黄贝,100,10,10,10\n")
    assert ("subdistrict", "东门", "黄贝") in _changes(preview, "LH040")[1]
    _commit(client, preview)
    assert Committee.objects.get(code="LH040").subdistrict == world["own"]["subdistrict"]


# ------------------------------------------------------------------ item 2: no silent clearing
FULL = dict(population=12345, area_km2=1.5, nbs_code="440303001001", type="urban_village",
            party_members=35, office_status="meets", service_status="this_year",
            plaza_status="hard", x=114.12, y=22.55, office_m2=250, service_m2=900, plaza_m2=0)


def _filled_t001():
    Committee.objects.filter(code="T001").update(**FULL)
    return {k: getattr(Committee.objects.get(code="T001"), k) for k in FULL}


def test_reimport_with_only_the_required_columns_keeps_every_other_field(world, client_for):
    """Issue 7 item 2: re-importing with the required columns blanked population, area, NBS
    code, type, party members, statuses and coordinates."""
    before = _filled_t001()
    client = client_for("admin")
    same = _upload(client, HEADER + "T001,黄贝社区,黄贝,5000,250,900,0\n")
    assert _changes(same, "T001") == ("unchanged", [])
    assert "无变化" in same.content.decode()
    _commit(client, same)
    changed = _upload(client, HEADER + "T001,黄贝社区,黄贝,6000,250,900,0\n")
    assert _changes(changed, "T001") == ("update", [("households", "5000", "6000")])
    _commit(client, changed)
    t001 = Committee.objects.get(code="T001")
    assert t001.households == 6000
    assert {k: getattr(t001, k) for k in FULL} == before


def test_an_empty_cell_in_a_present_column_is_a_change_the_preview_shows(world, client_for):
    _filled_t001()
    client = client_for("admin")
    text = (HEADER.strip() + ",population,party_members,type\n"
            "T001,黄贝社区,黄贝,5000,250,900,0,,,城中村\n")
    preview = _upload(client, text)
    action, changes = _changes(preview, "T001")
    assert (action, changes) == ("update", [("population", "12345", "（空）"),
                                            ("party_members", "35", "0")])
    html = preview.content.decode()
    assert "人口</span>：12345 → （空）" in html and "党员数</span>：35 → 0" in html
    _commit(client, preview)
    t001 = Committee.objects.get(code="T001")
    assert (t001.population, t001.party_members, t001.type, t001.area_km2) == \
        (None, 0, "urban_village", 1.5)


def test_registry_changed_since_the_preview_shows_the_new_preview(world, client_for):
    client = client_for("admin")
    preview = _upload(client, HEADER + "T001,黄贝社区,黄贝,6000,0,0,0\n")
    Committee.objects.filter(code="T001").update(households=5500)
    response = _commit(client, preview)
    assert response.status_code == 200 and response.context["notice"]
    assert _changes(response, "T001") == ("update", [("households", "5500", "6000")])
    assert Committee.objects.get(code="T001").households == 5500
    _commit(client, response)
    assert Committee.objects.get(code="T001").households == 6000


def test_station_column_is_left_alone_with_a_warning(world, client_for):
    client = client_for("admin")
    preview = _upload(client, HEADER.strip() + ",station\nT001,黄贝社区,黄贝,5000,0,0,0,S9\n")
    assert _problems(preview) == [(None, "工作站", "ignored_column")]
    assert preview.context["token"]


# ------------------------------------------------------------------ round trip and GeoJSON
def test_xlsx_export_reimports_unchanged(world, client_for):
    from openpyxl import load_workbook

    _filled_t001()
    client = client_for("admin")
    export = client.get(reverse("registry:committee_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:4] == ["编码", "名称", "街道", "户数"]
    buf = io.BytesIO()
    sheet.parent.save(buf)
    same = client.post(reverse(URL), {"file": SimpleUploadedFile("c.xlsx", buf.getvalue())})
    assert {r.action for r in same.context["plan"].rows} == {"unchanged"}
    sheet.cell(row=2, column=4, value=9999)
    buf = io.BytesIO()
    sheet.parent.save(buf)
    preview = client.post(reverse(URL), {"file": SimpleUploadedFile("c.xlsx", buf.getvalue())})
    assert not [p for p in preview.context["problems"] if p["severity"] == "error"]
    code = sheet.cell(row=2, column=1).value
    assert _changes(preview, code)[1] == [("households", "5000", "9999")]
    _commit(client, preview)
    assert Committee.objects.get(code=code).households == 9999


def _square(x):
    return {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}


def test_geojson_sets_boundaries_and_adjacency(world, client_for):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "T001"}, "geometry": _square(0)},
        {"type": "Feature", "properties": {"code": "T002"}, "geometry": _square(1)}]}
    client = client_for("admin")
    _commit(client, _upload(client, json.dumps(fc), "b.geojson"))
    assert Committee.objects.get(code="T001").geometry
    assert CommitteeAdjacency.objects.count() == 1
    # an officer of 黄贝 cannot set 南湖's boundary: the preview says so, nothing written
    Committee.objects.filter(code="T001").update(geometry="")
    response = _upload(client_for("officer"), json.dumps(fc), "b.geojson")
    assert _problems(response) == [(2, "编码", "out_of_scope")]
    assert response.context["token"] is None
    assert Committee.objects.get(code="T001").geometry == ""


def test_import_page_forbidden_for_viewer(world, client_for):
    assert client_for("viewer").get(reverse(URL)).status_code == 403


def test_the_import_page_offers_a_template_workbook_with_the_users_subdistricts(world, client_for):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    client = client_for("officer")
    page = client.get(reverse("registry:committee_import")).content.decode()
    url = reverse("registry:committee_import_template")
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200
    assert "%E5%B1%85%E5%A7%94%E4%BC%9A%E5%AF%BC%E5%85%A5%E6%A8%A1%E6%9D%BF_" in response["Content-Disposition"]
    wb = load_workbook(BytesIO(response.content))
    parents = [c.value for c in wb["选项"]["A"] if c.value]
    assert parents == [world["own"]["subdistrict"].name]  # an officer: their own only
    assert client_for("viewer").get(url).status_code == 403
