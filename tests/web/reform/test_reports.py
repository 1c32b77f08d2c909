"""The reform's records in the reports (docs/reports.md): the inspection report from the
checklist (results, records, waivers, signatures), the implementation plan's timetable from the
reform's phases and tasks, its asset list from the registry's assets and the rollout's
clearance list — each read through the downloading user's scope."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document

from yizhan.web.context import change_context
from yizhan.web.reform.models import Phase, Task
from yizhan.web.workflow.engine import transition

from ..factories import make_user


def _text(data: bytes) -> tuple[str, list]:
    doc = Document(io.BytesIO(data))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return "\n".join(p.text for p in doc.paragraphs), tables


@pytest.fixture
def inspected(inspection, users, rolled_out):
    """The own subdistrict's checklist filled by an inspector (office failed), the failure
    waived by the district leader (admin), the checklist signed and accepted."""
    inspector = make_user("inspector", "inspector")
    with change_context(user=inspector, label="test"):
        for item in inspection.items.all():
            if item.key == "office":
                transition(item, "fail", inspector, "办公用房仅177平方米")
            else:
                transition(item, "pass", inspector)
    with change_context(user=users["admin"], label="test"):
        transition(inspection.items.get(key="office"), "waive", users["admin"], "年内可达标，已列入计划")
    transition(inspection, "sign", inspector, "检查完毕")
    transition(inspection, "accept", users["admin"])
    return inspection


def test_the_inspection_report_shows_each_result_the_waiver_and_the_signatures(
        inspected, client_for):
    resp = client_for("officer").get(reverse("reform:inspection_report", args=[inspected.pk]))
    assert resp.status_code == 200 and "attachment" in resp["Content-Disposition"]
    text, tables = _text(resp.content)
    assert "关于黄贝街道整合社区工作站工作检查验收情况的报告" in text
    assert "合格7项，不合格0项，不合格经豁免1项，待检查0项" in text
    assert "已通过区领导小组验收" in text
    checklist = {r[1]: r for r in tables[0][1:]}
    office = next(r for title, r in checklist.items() if title.startswith("整合后社区办公用房"))
    assert office[3] == "不合格（已豁免）"
    assert "inspector 不合格：办公用房仅177平方米" in office[4] and "admin 豁免" in office[4]
    assert "年内可达标，已列入计划（admin，" in text
    assert "签署检查表：inspector" in text and "验收通过：admin" in text


def test_a_checklist_not_yet_filled_says_what_is_pending(inspection, client_for):
    resp = client_for("admin").get(reverse("reform:inspection_report", args=[inspection.pk]))
    text, tables = _text(resp.content)
    assert "待检查8项" in text and "检查表尚未签署" in text
    assert {r[3] for r in tables[0][1:]} == {"待检查"}


def test_the_inspection_page_links_its_report_and_other_subdistricts_are_404(
        inspection, client_for, reform, world):
    from yizhan.web.reform import services

    officer = client_for("officer")
    page = officer.get(reverse("reform:inspection", args=[inspection.pk])).content.decode()
    assert reverse("reform:inspection_report", args=[inspection.pk]) + "?format=docx" in page
    with change_context(label="test-setup"):
        services.open_subdistrict(reform, world["other"]["subdistrict"])
    other = reform.inspections.get(subdistrict=world["other"]["subdistrict"])
    assert officer.get(reverse("reform:inspection_report", args=[other.pk])).status_code == 404
    bad = officer.get(reverse("reform:inspection_report", args=[inspection.pk]), {"format": "odt"})
    assert bad.status_code == 400


def test_the_implementation_plan_takes_the_reforms_dates_and_tasks(reform, world, users,
                                                                   client_for):
    phase = reform.phases.get(number=2)
    with change_context(label="test-setup"):
        Phase.objects.filter(pk=phase.pk).update(start=dt.date(2026, 3, 1), end=dt.date(2026, 4, 30))
        task = reform.tasks.filter(subdistrict=world["own"]["subdistrict"], phase=phase).first()
        Task.objects.filter(pk=task.pk).update(owner=users["officer"], status="done",
                                               deadline=dt.date(2026, 4, 15))
    resp = client_for("officer").get(reverse("planning:report"),
                                     {"kind": "subdistrict", "format": "docx", "plan": "current"})
    assert resp.status_code == 200
    text, tables = _text(resp.content)
    assert "系统中记录的实施步骤" in text and "系统中尚无" not in text
    phases = next(t for t in tables if t[0] == ["阶段", "时间", "工作内容"])
    assert phases[2][1] == "2026年3月1日至2026年4月30日"
    tasks = next(t for t in tables if t[0][:2] == ["阶段", "任务"])
    row = next(r for r in tasks if r[1] == task.title)
    assert row[3:] == ["2026年4月15日", "officer", "已完成"]
    assert len(tasks) - 1 == reform.tasks.filter(subdistrict=world["own"]["subdistrict"]).count()


def test_the_workbook_timetable_is_the_reforms(reform, world, client_for):
    from openpyxl import load_workbook

    resp = client_for("admin").get(reverse("planning:report"),
                                   {"kind": "district", "format": "xlsx", "plan": "current"})
    sheet = load_workbook(io.BytesIO(resp.content))["时间安排"]
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=3)]  # note, header, rows
    titles = [r[2] for r in rows if r[0] == "黄贝"]
    assert titles == list(reform.tasks.filter(subdistrict=world["own"]["subdistrict"])
                          .order_by("phase__number", "deadline", "pk").values_list("title", flat=True))
    assert sheet["A1"].value.startswith("说明：日期、负责人与状态为系统中的实施记录")


def test_the_asset_list_is_the_registrys_assets_with_their_clearance(reform, world, client_for):
    from yizhan.web.registry.models import Asset

    asset = Asset.objects.get(committee=world["own"]["committee"])
    resp = client_for("officer").get(reverse("planning:report"),
                                     {"kind": "subdistrict", "format": "docx", "plan": "current"})
    text, tables = _text(resp.content)
    assets = next(t for t in tables if t[0][:3] == ["序号", "所属单位", "资产名称"])
    assert [r[2] for r in assets[1:]] == [asset.description]
    assert assets[1][3] == "1,234.56" and assets[1][7] == "—"
    assert "尚未列入资产清理清单" in text
    assert "南湖" not in "".join(r[2] for r in assets[1:])   # the other subdistrict's asset


def test_a_cleared_asset_shows_its_clearance_line(reform, world, client_for):
    from yizhan.web.registry.models import Asset
    from yizhan.web.rollout.models import AssetClearance, RolloutRecord

    sub = world["own"]["subdistrict"]
    asset = Asset.objects.get(committee=world["own"]["committee"])
    with change_context(label="test-setup"):
        record = RolloutRecord.objects.create(subdistrict=sub, effective=dt.date(2026, 5, 1))
        AssetClearance.objects.create(record=record, asset=asset, subdistrict=sub,
                                      owner_class="国有", value_fen=123456,
                                      destination="区政府", status="transferred")
    text, tables = _text(client_for("admin").get(reverse("planning:report"), {
        "kind": "subdistrict", "format": "docx", "plan": "current", "subdistrict": "黄贝"}).content)
    assets = next(t for t in tables if t[0][:3] == ["序号", "所属单位", "资产名称"])
    assert assets[1][7] == "已移交（区政府）"
    assert "已列入整合实施的资产清理清单1项" in text


def _appointments(world):
    """A head appointment with one filing (the civil-affairs one still missing) and a party
    organisation's approval at each side's station."""
    from yizhan.web.rollout.models import Appointment, Filing, PartyOrgApproval

    with change_context(label="test-setup"):
        for side in ("own", "other"):
            s = world[side]
            a = Appointment.objects.create(station=s["station"], post="head",
                                           effective=dt.date(2026, 6, 1))
            Appointment.objects.filter(pk=a.pk).update(person=s["person"], status="selected")
            Filing.objects.create(appointment=a, body="personnel", filed_on=dt.date(2026, 5, 20),
                                  reference=f"罗人备〔2026〕{side}号")
            PartyOrgApproval.objects.create(organisation=s["partyorganisation"], kind="branch",
                                            members=40, approved_on=dt.date(2026, 5, 10),
                                            approval_ref="批1号")


def test_the_filing_form_is_the_rollouts_filing_records_in_the_users_scope(world, client_for):
    _appointments(world)
    resp = client_for("officer").get(reverse("planning:report"),
                                     {"kind": "filing", "format": "docx", "plan": "current"})
    assert resp.status_code == 200
    text, (heads, party) = _text(resp.content)
    assert heads[0][:5] == ["序号", "街道", "工作站", "职务", "姓名"]
    person = world["own"]["person"].name
    assert [r[1:5] for r in heads[1:]] == [["黄贝", world["own"]["station"].name, "站长", person]]
    assert heads[1][7] == "区人事局 2026年5月20日 罗人备〔2026〕own号" and heads[1][8] == "区民政局"
    assert [r[3:7] for r in party[1:]] == [[world["own"]["partyorganisation"].name, "党支部", "40",
                                             "街道党工委 2026年5月10日 批1号"]]
    assert "系统中登记的任职1项" in text and "南湖" not in "".join(r[1] for r in heads[1:])
    admin = _text(client_for("admin").get(reverse("planning:report"), {
        "kind": "filing", "format": "docx", "plan": "current"}).content)[1][0]
    assert sorted(r[1] for r in admin[1:]) == ["南湖", "黄贝"]


def test_without_filing_records_the_form_proposes_from_the_posts(world, client_for):
    text, (heads, _party) = _text(client_for("admin").get(reverse("planning:report"), {
        "kind": "filing", "format": "docx", "plan": "current"}).content)
    assert "系统中尚无任职与党组织设置的备案记录" in text
    assert heads[0][4] == "拟任站长"
