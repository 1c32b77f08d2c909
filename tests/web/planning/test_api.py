"""The planning API end to end: create from every source, read, findings, OpenAPI."""

from yizhan.web.planning.models import Plan


def test_openapi_lists_the_planning_and_dashboard_endpoints(world, client_for):
    paths = client_for("viewer").get("/api/openapi.json").json()["paths"]
    for p in ("/api/planning/plans/", "/api/planning/plans/{pk}/transition/",
              "/api/planning/plans/{pk}/findings/", "/api/planning/runs/",
              "/api/planning/runs/{pk}/cancel/", "/api/dashboard/summary/",
              "/api/dashboard/stations.geojson"):
        assert p in paths, p


def test_create_from_csv_and_assignment_and_refuse_bad_files(world, pw, client_for):
    client = client_for("officer")
    sub = world["own"]["subdistrict"].pk
    csv = "code,station\nT001,甲\nH00,甲\nH01,乙\nH10,乙\nH11,乙\n"
    ok = client.post("/api/planning/plans/", {"name": "文件方案", "subdistrict": sub,
                                              "source": "csv", "csv": csv},
                     content_type="application/json")
    assert ok.status_code == 201, ok.content
    body = ok.json()
    assert body["source"] == "imported" and body["stations"] == 2 and body["units"] == 5
    assert body["metrics"]["stations"] == 2 and body["status"] == "draft"
    bad = client.post("/api/planning/plans/", {
        "name": "坏文件", "subdistrict": sub, "source": "csv",
        "csv": "code,station\nT001,甲\nT001,乙\nT002,丙\n"}, content_type="application/json")
    assert bad.status_code == 422 and "T001" in bad.json()["detail"]
    missing = client.post("/api/planning/plans/", {
        "name": "缺", "subdistrict": sub, "source": "assignment",
        "assignment": {"T001": "甲"}}, content_type="application/json")
    assert missing.status_code == 422 and "H00" in missing.json()["detail"]
    assert not Plan.objects.filter(name__in=["坏文件", "缺"]).exists()


def test_findings_endpoint_is_the_checker_json(pw, client_for):
    plan = pw[("own", "draft")]
    data = client_for("viewer").get(f"/api/planning/plans/{plan.pk}/findings/").json()
    for key in ("stations", "band_deviation", "office_share", "service_share", "plaza_share",
                "contiguous", "crosses_parent", "findings", "targets"):
        assert key in data, key
    assert all({"rule", "article", "severity", "subject", "message", "message_en"} <= set(f)
               for f in data["findings"])


def test_import_preview_lists_every_problem_and_creates_nothing(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    bad = "code,station\nT001,甲\nT001,乙\nT999,丙\n".encode("gbk")
    response = client_for("officer").post(reverse("planning:plan_add"), {
        "name": "坏", "source": "file", "scope": world["own"]["subdistrict"].pk,
        "file": SimpleUploadedFile("方案.csv", bad, content_type="text/csv")})
    html = response.content.decode()
    assert response.status_code == 200 and "import-preview" in html
    assert "T001" in html and "重复" in html  # row 3: a code twice
    assert "T999" in html  # not a committee of this scope
    assert not Plan.objects.exists()
