"""The planning lists are the registry's generic lists: paging, sorting, search, filters and
the xlsx export, with the same filters on the page and in the API (one definition)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook


def _page_names(client, url, query):
    html = client.get(f"{url}?{query}").content.decode()
    return {name for name in ("黄贝 draft", "黄贝 submitted", "黄贝 approved", "黄贝 rejected",
                              "南湖 draft", "南湖 approved") if f">{name}<" in html}


@pytest.mark.parametrize("query", ["status=approved", "q=draft", "source=imported&status=draft",
                                   "q=黄贝&status=submitted"])
def test_page_and_api_filter_plans_alike(pw, client_for, query):
    client = client_for("admin")
    page = _page_names(client, reverse("planning:plan_list"), query)
    api = {p["name"] for p in client.get(f"/api/planning/plans/?{query}").json()["items"]}
    shown = {"黄贝 draft", "黄贝 submitted", "黄贝 approved", "黄贝 rejected", "南湖 draft",
             "南湖 approved"}
    assert page and page == api & shown


def test_a_filter_value_is_parsed_alike_on_both(pw, client_for):
    """A value the column cannot hold is a 400 naming the filter; one that matches nothing
    is an empty list — on the page and in the API."""
    client = client_for("admin")
    for url in (reverse("planning:plan_list"), "/api/planning/plans/",
                reverse("planning:run_list"), "/api/planning/runs/"):
        assert client.get(url + "?subdistrict=abc").status_code == 400, url
    assert "没有符合条件的记录" in client.get(
        reverse("planning:plan_list") + "?status=nonsense").content.decode()
    assert client.get("/api/planning/plans/?status=nonsense").json()["items"] == []


def test_plan_list_pages_sorts_and_exports_in_chinese(pw, client_for):
    client = client_for("admin")
    html = client.get(reverse("planning:plan_list") + "?sort=name").content.decode()
    assert "导出 Excel" in html and "运行规划器" in html and "方案对比" in html
    assert html.index(">南湖 approved<") < html.index(">黄贝 approved<")
    response = client.get(reverse("planning:plan_list") + "?status=approved&export=xlsx")
    assert "%E8%A7%84%E5%88%92%E6%96%B9%E6%A1%88_" in response["Content-Disposition"]  # 规划方案_
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.values)
    assert rows[0][:4] == ("名称", "范围", "来源", "状态")
    assert {r[0] for r in rows[1:]} == {"黄贝 approved", "南湖 approved"}
    assert all(r[3] == "已批准" for r in rows[1:])


def test_run_list_is_filtered_alike_and_scoped(pw, client_for):
    officer = client_for("officer")
    html = officer.get(reverse("planning:run_list") + "?q=run").content.decode()
    assert ">黄贝 run<" in html and "南湖 run" not in html
    api = officer.get("/api/planning/runs/?q=run").json()["items"]
    assert [r["name"] for r in api] == ["黄贝 run"]
    assert officer.get("/api/planning/runs/?q=nothing-like-this").json()["items"] == []
