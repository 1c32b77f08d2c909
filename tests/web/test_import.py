"""Committee import: the preview lists every problem; commit writes all rows or none."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yizhan.web.registry.models import Committee

HEADER = "code,name,parent,households,office_m2,service_m2,plaza_m2\n"


def _upload(client, text, name="units.csv"):
    return client.post(reverse("registry:committee_import"),
                       {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def _commit(client, response):
    token = response.context["token"]
    assert token, response.context.get("problems")
    return client.post(reverse("registry:committee_import"), {"token": token})


def test_preview_lists_every_problem_with_row_and_column(world, client_for):
    text = HEADER + ("N001,甲,黄贝,abc,10,10,10\n"
                     "N002,乙,不存在,100,-5,10,10\n"
                     "N001,丙,黄贝,100,10,10,\n")
    response = _upload(client_for("admin"), text)
    assert response.status_code == 200
    problems = {(p["row"], p["column"], p["kind"]) for p in response.context["problems"]}
    assert {(2, "households", "wrong_type"), (3, "parent", "unknown_parent"),
            (3, "office_m2", "negative"), (4, "code", "duplicate_code"),
            (4, "plaza_m2", "missing_value")} <= problems
    assert response.context["token"] is None
    html = response.content.decode()
    assert "第2行" in html and "没有写入任何数据" in html
    assert not Committee.objects.filter(code__startswith="N").exists()


def test_valid_file_previews_then_commits(world, client_for):
    client = client_for("admin")
    text = HEADER + "N001,甲,黄贝,100,10,10,10\nT001,黄贝社区,黄贝,777,1,2,3\n"
    preview = _upload(client, text)
    assert [r["new"] for r in preview.context["preview"]] == [True, False]
    assert not Committee.objects.filter(code="N001").exists()  # preview writes nothing
    done = _commit(client, preview)
    assert done.status_code == 302
    assert Committee.objects.get(code="N001").households == 100
    assert Committee.objects.get(code="T001").households == 777


def test_failure_during_commit_rolls_back_every_row(world, client_for):
    client = client_for("admin")
    # row 3 passes the file checks but clashes with the name of an existing committee of 黄贝
    text = HEADER + "N001,甲,黄贝,100,10,10,10\nN002,黄贝社区,黄贝,100,10,10,10\n"
    response = _commit(client, _upload(client, text))
    assert response.status_code == 200
    assert response.context["write_problems"]
    assert "已全部回滚" in response.content.decode()
    assert not Committee.objects.filter(code__in=["N001", "N002"]).exists()


def test_officer_row_of_another_subdistrict_rolls_back_everything(world, client_for):
    client = client_for("officer")  # officer of 黄贝
    text = HEADER + "N001,甲,黄贝,100,10,10,10\nN002,乙,南湖,100,10,10,10\n"
    response = _commit(client, _upload(client, text))
    problems = response.context["write_problems"]
    assert [(p.row, p.column) for p in problems] == [(3, "parent")]
    assert "南湖" in problems[0].message
    assert not Committee.objects.filter(code__in=["N001", "N002"]).exists()


def test_xlsx_export_reimports_unchanged(world, client_for):
    from openpyxl import load_workbook

    client = client_for("admin")
    export = client.get(reverse("registry:committee_list") + "?export=xlsx")
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert [c.value for c in sheet[1]][:4] == ["编码", "名称", "街道", "户数"]
    sheet.cell(row=2, column=4, value=9999)
    buf = io.BytesIO()
    sheet.parent.save(buf)
    preview = client.post(reverse("registry:committee_import"), {
        "file": SimpleUploadedFile("committees.xlsx", buf.getvalue())})
    assert not [p for p in preview.context["problems"] if p["severity"] == "error"]
    _commit(client, preview)
    code = sheet.cell(row=2, column=1).value
    assert Committee.objects.get(code=code).households == 9999


def test_geojson_sets_boundaries_and_adjacency(world, client_for):
    import json

    from yizhan.web.registry.models import CommitteeAdjacency

    sq = lambda x: {"type": "Polygon", "coordinates": [[[x, 0], [x + 1, 0], [x + 1, 1], [x, 1], [x, 0]]]}  # noqa: E731
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "T001"}, "geometry": sq(0)},
        {"type": "Feature", "properties": {"code": "T002"}, "geometry": sq(1)}]}
    client = client_for("admin")
    preview = _upload(client, json.dumps(fc), "b.geojson")
    _commit(client, preview)
    assert Committee.objects.get(code="T001").geometry
    assert CommitteeAdjacency.objects.count() == 1
    # an officer of 黄贝 cannot set 南湖's boundary: nothing written
    Committee.objects.filter(code="T001").update(geometry="")
    officer = client_for("officer")
    response = _commit(officer, _upload(officer, json.dumps(fc), "b.geojson"))
    assert response.context["write_problems"]
    assert Committee.objects.get(code="T001").geometry == ""


def test_import_page_forbidden_for_viewer(world, client_for):
    assert client_for("viewer").get(reverse("registry:committee_import")).status_code == 403
