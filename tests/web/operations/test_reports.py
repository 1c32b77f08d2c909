"""The documents of part 四 (docs/reports.md): each one's figures are the operations API's
answers for the same user (one source), each is read through the downloading user's scope,
text goes into the document escaped, and the command line reads the web database or says why
it cannot (exit 2, no figures invented)."""

import datetime
import io
import os
import subprocess
import sys
from collections import Counter

import pytest
from django.urls import reverse
from docx import Document
from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.web.operations import models as m

from .report_world import TODAY, build_reports

API = "/api/operations"


@pytest.fixture
def reports(world):
    return build_reports(world)


def _doc(response) -> tuple[str, list[list[list[str]]]]:
    assert response.status_code == 200, response.content[:300]
    assert "attachment" in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]
    return "\n".join(p.text for p in doc.paragraphs), tables


def _table(tables, *head) -> list[list[str]]:
    """The rows (header left out) of the table whose header starts with ``head``."""
    found = [t for t in tables if tuple(t[0][:len(head)]) == head]
    assert len(found) == 1, [t[0] for t in tables]
    return found[0][1:]


def _get(client, kind, **params):
    return client.get(reverse("operations:report"), {"kind": kind, "format": "docx", **params})


def _fen(text: str) -> int:
    yuan, fen = text.replace(",", "").split(".")
    return int(yuan) * 100 + int(fen)


def _names(world):
    return {world[s]["station"].pk: world[s]["station"].name for s in ("own", "other")}


# ---------------------------------------------------------------------- one source
@pytest.mark.parametrize("user", ["admin", "officer", "station_staff", "department",
                                  "committee_member", "community_building"])
def test_the_approval_forms_ledger_is_the_apis_station_tasks(user, reports, world, client_for):
    client = client_for(user)
    text, tables = _doc(_get(client, "tasks"))
    ledger = _table(tables, "工作站", "工作事项", "性质", "经费到账", "经费支出", "结余")
    api = client.get(f"{API}/station-tasks/").json()
    names = _names(world)
    assert sorted((r[0], r[1], _fen(r[3]), _fen(r[4]), _fen(r[5])) for r in ledger) == sorted(
        (names[t["station"]], t["title"], t["received_fen"], t["spent_fen"], t["balance_fen"])
        for t in api)
    assert api  # every role here sees some station task: the comparison is not of nothing
    approved = _table(tables, "序号", "提出部门", "工作事项", "性质", "承办工作站")
    assert {r[2] for r in approved} == {t["title"] for t in api}


def test_the_approval_form_shows_funding_the_refusal_and_what_has_not_arrived(
        reports, client_for):
    text, tables = _doc(_get(client_for("community_building"), "tasks"))
    approved = {r[2]: r for r in _table(tables, "序号", "提出部门", "工作事项", "性质", "承办工作站")}
    temp = approved["own老年人优待证集中办理"]
    assert temp[3] == "临时性" and temp[6] == "5,000.00"
    assert temp[7] == "区财政专项；派驻工作人员1名，提供办证设备"
    assert temp[8].startswith("cb-reports ")
    refused = _table(tables, "序号", "提出部门", "工作事项", "性质", "不予批准的理由")
    assert [r[4] for r in refused] == ["临时性任务未附经费和工作条件"] * 2
    assert "不予批准2项；待审批2项" in text
    unfunded = _table(tables, "工作事项", "提出部门", "配套经费", "已拨付到工作站", "差额")
    assert {(r[0], r[4], r[5]) for r in unfunded} == {("own老年人优待证集中办理", "2,000.00", "是"),
                                                      ("other老年人优待证集中办理", "2,000.00", "是")}
    per_station = _table(tables, "工作站", "承接工作事项")
    assert {(r[0], r[1], r[2], r[3], r[4]) for r in per_station} == {
        ("黄贝工作站", "2", "3,000.00", "1,200.00", "1,800.00"),
        ("南湖工作站", "2", "3,000.00", "1,200.00", "1,800.00")}


@pytest.mark.parametrize("user", ["admin", "officer", "station_staff", "viewer"])
def test_the_window_report_is_the_apis_statistics(user, reports, world, client_for):
    client = client_for(user)
    period = {"from": (TODAY - datetime.timedelta(days=1)).isoformat(),
              "to": TODAY.isoformat()}
    text, tables = _doc(_get(client, "window", **period))
    rows = _table(tables, "工作站", "受理", "办结", "转办", "在办", "超时")
    api = client.get(f"{API}/window/statistics/", {"received_from": period["from"],
                                                    "received_to": period["to"]}).json()
    assert api
    assert sorted(r[:6] + [r[6]] for r in rows) == sorted(
        [s["name"], str(s["total"]), str(s["done"]), str(s["referred"]), str(s["open"]),
         str(s["overdue"]), "—" if s["mean_hours"] is None else f"{s['mean_hours']:.1f}"]
        for s in api)


def test_a_period_without_tickets_reports_none_and_so_does_the_api(reports, client_for):
    client = client_for("admin")
    old = {"from": "2020-01-01", "to": "2020-12-31"}
    text, tables = _doc(_get(client, "window", **old))
    assert "本期间没有受理办件" in text and "2020年1月1日至2020年12月31日" in text
    assert client.get(f"{API}/window/statistics/", {"received_from": old["from"],
                                                     "received_to": old["to"]}).json() == []


def test_every_fee_of_the_catalogue_is_listed_as_a_finding_with_its_basis(reports, client_for):
    text, tables = _doc(_get(client_for("admin"), "window"))
    fees = _table(tables, "序号", "工作站", "服务事项", "收费（元）", "登记的收费依据")
    assert {(r[1], r[2], r[3], r[4]) for r in fees} == {
        (st, "证件工本费代收", "20.00", "《居民身份证法》第二十条") for st in ("黄贝工作站", "南湖工作站")}
    assert "收费事项2项" in text and "请逐项核查" in text
    kinds = _table(tables, "服务类别", "受理")
    assert kinds == [["出租屋与居住登记", "4", "2", "2", "0"]]


@pytest.mark.parametrize("user", ["admin", "officer", "station_staff", "committee_member"])
def test_the_supervision_report_is_the_apis_items_and_forms(user, reports, world, client_for):
    client = client_for(user)
    text, tables = _doc(_get(client, "supervision"))
    rows = _table(tables, "工作站", "提出事项", "意见建议", "评议", "已答复", "待答复", "超期未答复")
    items = client.get(f"{API}/supervision/").json()
    names = _names(world)
    want = {}
    for i in items:
        c = want.setdefault(names[i["station"]], Counter())
        c["raised"] += 1
        c[i["status"]] += 1
        c["overdue"] += i["overdue"]
    assert items and {r[0]: (int(r[1]), int(r[4]), int(r[5]), int(r[6])) for r in rows} == {
        name: (c["raised"], c["answered"], c["submitted"], c["overdue"])
        for name, c in want.items()}
    assert {r[0]: r[7] for r in rows} == {name: "1" for name in want}  # one answer sent back
    forms = _table(tables, "工作站", "年度", "评议表（份）")
    api = client.get(f"{API}/assessments/").json()
    assert sorted((r[0], int(r[1]), int(r[2])) for r in forms) == sorted(
        (names[a["station"]], a["year"], 1) for a in api)
    assert all(r[6] == "站务公开1份" and r[4] == "1" for r in forms)


def test_the_notice_board_is_the_public_pages_data(reports, world, client_for):
    st = world["own"]["station"]
    text, tables = _doc(_get(client_for("station_staff"), "open-affairs", station=st.code))
    catalogue = _table(tables, "序号", "服务事项", "服务类别", "办结时限", "收费")
    public = client_for("anonymous").get(reverse("open:station", args=[st.code])).content.decode()
    assert [r[1] for r in catalogue] and all(r[1] in public for r in catalogue)
    assert {r[1]: r[4] for r in catalogue}["证件工本费代收"] == "20.00元（《居民身份证法》第二十条）"
    assert {r[1]: r[4] for r in catalogue}["居住证申办代办"] == "免费"
    tasks = _table(tables, "序号", "工作事项", "提出部门", "起止日期", "配套经费")
    assert {(r[1], r[5], r[6], r[7]) for r in tasks} == {
        ("own老年人优待证集中办理", "3,000.00", "1,200.00", "1,800.00"),
        ("own计生入户走访", "0.00", "0.00", "0.00")}
    assert "本站共受理办件2件，办结1件，转办1件" in text
    staff = _table(tables, "姓名", "职务")
    assert staff == [["黄贝某", "站长"]]
    assert "居民甲乙丙" not in text and "13912345678" not in text  # nothing personal
    assert text.rstrip().splitlines()[-2:] == [st.name, _date_line()]


def _date_line():
    return f"{TODAY.year}年{TODAY.month}月{TODAY.day}日"


# ---------------------------------------------------------------------- scope
def test_an_officer_gets_only_their_subdistricts_records(reports, world, client_for):
    client = client_for("officer")
    for kind in ("tasks", "window", "supervision"):
        text, tables = _doc(_get(client, kind))
        body = text + str(tables)
        assert "黄贝工作站" in body and "南湖工作站" not in body, kind
        assert "黄贝街道" in text
    assert _get(client, "open-affairs", station=world["other"]["station"].code).status_code == 404


def test_a_department_gets_its_own_tasks_and_no_window_report(reports, client_for):
    client = client_for("department")
    text, tables = _doc(_get(client, "tasks"))
    titles = {r[2] for r in _table(tables, "序号", "提出部门", "工作事项", "性质", "承办工作站")}
    assert titles == {"own老年人优待证集中办理", "own计生入户走访"}
    assert [r[2] for r in _table(tables, "序号", "提出部门", "工作事项", "性质", "不予批准的理由")] \
        == ["own临时人口普查"]
    for kind in ("window", "supervision"):
        assert _get(client, kind).status_code == 403


def test_a_station_sees_approved_tasks_only_and_no_refusals(reports, client_for):
    text, tables = _doc(_get(client_for("station_staff"), "tasks"))
    assert "不予批准的事项" not in text and "临时人口普查" not in str(tables)
    assert "消防宣传" not in str(tables)


def test_roles_that_may_not_see_a_documents_records_get_403(reports, world, client_for):
    code = world["own"]["station"].code
    assert _get(client_for("community_building"), "open-affairs", station=code).status_code == 403
    assert _get(client_for("committee_member"), "window").status_code == 403
    assert client_for("anonymous").get(reverse("operations:report"),
                                       {"kind": "tasks"}).status_code == 302


@pytest.mark.parametrize("params,name", [
    ({"kind": "ledger"}, "kind"), ({"kind": "tasks", "format": "xlsx"}, "format"),
    ({"kind": "window", "from": "2026-13-01"}, "from/to"),
    ({"kind": "window", "from": "2026-02-01", "to": "2026-01-01"}, "from/to"),
    ({"kind": "open-affairs"}, "station")])
def test_a_bad_parameter_is_a_400_that_names_it(params, name, reports, client_for):
    response = client_for("admin").get(reverse("operations:report"), params)
    assert response.status_code == 400 and name in response.content.decode()


# ---------------------------------------------------------------------- escaping
def test_text_typed_by_users_goes_into_the_document_escaped(reports, world, client_for):
    st = world["own"]["station"]
    m.ServiceItem.objects.create(station=st, name="证明<w:p>&复印\"'", kind="administrative")
    text, tables = _doc(_get(client_for("admin"), "open-affairs", station=st.code))
    assert "证明<w:p>&复印\"'" in [r[1] for r in tables[0]]


# ---------------------------------------------------------------------- the command line
def test_the_command_line_reads_the_web_database(reports, tmp_path):
    out = tmp_path / "t.docx"
    result = CliRunner().invoke(app, ["report", "--kind", "supervision", "--plan-in-force",
                                      "--subdistrict", "南湖", "--out", str(out)])
    assert result.exit_code == 0, result.output
    doc = Document(io.BytesIO(out.read_bytes()))
    rows = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert rows[1][:2] == ["南湖工作站", "3"] and len(rows) == 2
    assert "关于南湖街道社区居委会监督社区工作站情况的报告" in "\n".join(p.text for p in doc.paragraphs)


def test_the_command_line_names_an_unknown_station_and_needs_one_for_the_notice(reports,
                                                                             tmp_path):
    out = tmp_path / "n.docx"
    for args, says in ((["--kind", "open-affairs"], "--station"),
                       (["--kind", "open-affairs", "--station", "NOPE"], "NOPE"),
                       (["--kind", "tasks", "--station", "S1"], "open-affairs")):
        result = CliRunner().invoke(app, ["report", "--plan-in-force", *args, "--out", str(out)])
        assert result.exit_code == 2 and says in result.output and not out.exists()


def test_without_a_database_the_command_line_says_so_and_writes_nothing(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(YIZHAN_DATA_DIR=str(tmp_path / "var"), YIZHAN_SECRET_KEY="k" * 50)
    out = tmp_path / "w.docx"
    for args in (["--kind", "window"], ["--kind", "window", "--plan-in-force"]):
        done = subprocess.run([sys.executable, "-m", "yizhan.cli", "report", *args, "--out",
                               str(out)], env=env, cwd=tmp_path, capture_output=True, text=True)
        said = " ".join((done.stdout + done.stderr).split())
        assert done.returncode == 2, said
        assert "no figures are invented" in said and "估计的数字" in said.replace(" ", ""), said
        assert "Traceback" not in said and not out.exists()
    assert not (tmp_path / "var" / "yizhan.sqlite3").exists()  # no empty database made


def test_the_start_page_and_the_dashboard_link_the_documents_the_user_may_have(reports,
                                                                               client_for):
    page = client_for("station_staff").get("/", follow=True).content.decode()
    assert "kind=tasks&amp;format=docx" in page and "kind=window&amp;format=docx" in page
    assert "kind=open-affairs&amp;format=docx&amp;station=" in page
    page = client_for("department").get("/", follow=True).content.decode()
    assert "kind=tasks&amp;format=docx" in page and "kind=window" not in page
    page = client_for("admin").get("/", follow=True).content.decode()
    assert "kind=supervision&amp;format=pdf" in page


def test_the_plan_download_does_not_take_the_operations_kinds(reports, client_for):
    response = client_for("admin").get(reverse("planning:report"), {"kind": "tasks",
                                                                    "format": "docx"})
    assert response.status_code == 400 and "district" in response.content.decode()


def test_a_request_with_stations_outside_the_scope_says_so(reports, world, users, client_for):
    from yizhan.web.context import change_context
    from yizhan.web.workflow.engine import transition

    both = [world["own"]["station"], world["other"]["station"]]
    dept = reports["own"]["dept"]
    with change_context(user=dept, label="test"):
        r = m.TaskRequest(department=dept.profile.department, title="两街道联合普查",
                          kind="temporary", description="联合普查", start=TODAY, end=TODAY,
                          funding_fen=100000, funding_source="区财政", conditions="派员1名")
        r.full_clean()
        r.save()
        r.stations.set(both)
        transition(r, "submit", dept)
    transition(r, "approve", reports["decider"])
    text, tables = _doc(_get(client_for("officer"), "tasks"))
    row = {x[2]: x for x in _table(tables, "序号", "提出部门", "工作事项", "性质", "承办工作站")}
    assert row["两街道联合普查"][4] == "黄贝工作站（另有1个工作站不在本表范围）"
    unfunded = {x[0]: x for x in _table(tables, "工作事项", "提出部门", "配套经费", "已拨付到工作站")}
    assert unfunded["两街道联合普查"][5] == "否"  # not every station of the request is counted


@pytest.mark.libreoffice
def test_the_notice_board_as_pdf_opens_with_its_fonts_embedded(reports, world, client_for):
    from pypdf import PdfReader

    response = _get(client_for("admin"), "open-affairs", station=world["own"]["station"].code,
                    format="pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = PdfReader(io.BytesIO(response.content))
    assert "黄贝工作站站务公开栏" in pdf.pages[0].extract_text().replace(" ", "")
    embedded = []
    for page in pdf.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                if "/FontDescriptor" in f:
                    d = f["/FontDescriptor"].get_object()
                    embedded.append(any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3")))
    assert embedded and all(embedded)


def test_the_supervision_period_is_the_apis_period(reports, client_for):
    client = client_for("admin")
    for start, end, count in (("2020-01-01", "2020-12-31", 0),
                              (TODAY.isoformat(), TODAY.isoformat(), 6)):
        api = client.get(f"{API}/supervision/", {"submitted_from": start,
                                                 "submitted_to": end}).json()
        assert len(api) == count
        text, tables = _doc(_get(client, "supervision", **{"from": start, "to": end}))
        if count:
            rows = _table(tables, "工作站", "提出事项")
            assert sum(int(r[1]) for r in rows) == count
        else:
            assert "本期间社区居委会没有提出监督事项" in text
    text, tables = _doc(_get(client_for("community_building"), "tasks",
                             **{"from": "2020-01-01", "to": "2020-12-31"}))
    assert "经批准由社区工作站承办的工作事项0项" in text and "不予批准0项" in text


def test_a_fee_of_an_item_taken_out_of_service_still_counts_when_used(reports, world,
                                                                     client_for):
    from yizhan.web.context import change_context
    from yizhan.web.workflow.engine import transition

    fee = reports["window"]["own"]["fee"]
    staff = reports["own"]["staff"]
    with change_context(user=staff, label="test"):
        t = m.Ticket(station=fee.station, service=fee, subject="补办证件")
        t.full_clean()
        t.save()
        transition(t, "close", staff)
        m.ServiceItem.objects.filter(pk=fee.pk).update(active=False)
    text, tables = _doc(_get(client_for("admin"), "window"))
    fees = {(r[1], r[2]): r for r in _table(tables, "序号", "工作站", "服务事项", "收费（元）")}
    assert fees["黄贝工作站", "证件工本费代收（已停办）"][5] == "1"
    assert ("南湖工作站", "证件工本费代收") in fees
