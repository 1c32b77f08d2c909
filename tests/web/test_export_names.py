"""Downloads for people (issue 8, item 8): file names in Chinese with the local date,
booleans as 是/否."""

import io
from urllib.parse import unquote

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook


def _filename(resp) -> str:
    header = resp["Content-Disposition"]
    assert header.startswith("attachment")
    return unquote(header.split("filename*=utf-8''", 1)[1])


def test_an_xlsx_export_is_named_by_the_list_and_the_date(world, client_for):
    resp = client_for("admin").get(reverse("registry:committee_list") + "?export=xlsx")
    assert _filename(resp) == f"社区居委会_{timezone.localdate().isoformat()}.xlsx"
    sheet = load_workbook(io.BytesIO(resp.content)).active
    header = [c.value for c in sheet[1]]
    # the committee export is re-importable: its yes/no column reads back through the importer
    contained = header.index("独立完整")
    assert {row[contained] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"否"}
    resp = client_for("admin").get(reverse("registry:person_list") + "?export=xlsx")
    assert _filename(resp) == f"人员_{timezone.localdate().isoformat()}.xlsx"
    sheet = load_workbook(io.BytesIO(resp.content)).active
    synthetic = [c.value for c in sheet[1]].index("合成数据")
    assert {row[synthetic] for row in sheet.iter_rows(min_row=2, values_only=True)} == {"否"}


def test_a_plan_file_is_named_by_the_plan_and_the_date(world, users, client_for):
    from yizhan.web.planning.models import Plan

    plan = Plan.objects.create(name="黄贝方案", subdistrict=world["own"]["subdistrict"],
                               source="current", assignment={"T001": "S"})
    resp = client_for("admin").get(reverse("planning:plan_download", args=[plan.pk]))
    assert _filename(resp) == f"方案_黄贝方案_{timezone.localdate().isoformat()}.csv"
