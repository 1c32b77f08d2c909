"""The Word documents: GB/T 9704-2012 page geometry and fonts, and figures equal to the CLI's."""

import io
import json

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.reports.build import report_bytes

runner = CliRunner()


def _doc(data: bytes):
    return Document(io.BytesIO(data))


def _east_asia(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def _tables_text(doc):
    return [[[c.text for c in row.cells] for row in t.rows] for t in doc.tables]


@pytest.fixture(scope="module")
def filing(figures_for_test):
    return _doc(report_bytes("filing", "docx", figures_for_test("filing", "黄贝", False)))


def test_the_page_is_a4_with_the_standards_margins_and_type_area(filing):
    section = filing.sections[0]

    def mm(length):  # Word stores twips: 210 mm is 11,906 twips = 210.01 mm
        return round(Length(length).mm, 1)

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin,
               section.right_margin)
    assert tuple(map(mm, margins)) == (37, 35, 28, 26)
    assert mm(section.page_width - section.left_margin - section.right_margin) == 156
    assert mm(section.page_height - section.top_margin - section.bottom_margin) == 225


def test_the_section_grid_is_22_lines_of_28_characters(filing):
    grid = filing.sections[0]._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "linesAndChars"
    pitch = int(grid.get(qn("w:linePitch")))  # twips
    assert 22 * pitch <= Mm(225).twips < 23 * pitch  # 22 lines fit, 23 do not
    char_pitch = 16 + int(grid.get(qn("w:charSpace"))) / 4096  # points, relative to 三号
    assert 28 * char_pitch <= Mm(156).pt < 29 * char_pitch
    normal = filing.styles["Normal"]
    assert normal.font.size == Pt(16)
    assert normal.paragraph_format.line_spacing.twips == pitch
    # condensed characters: 28 fit in the type area, 29 do not
    condense = int(normal.element.rPr.find(qn("w:spacing")).get(qn("w:val"))) / 20
    assert 28 * (16 + condense) <= Mm(156).pt < 29 * (16 + condense)


def test_fonts_are_named_as_the_standard_says(filing):
    styles = filing.styles
    assert _east_asia(styles["Normal"]) == "仿宋_GB2312"
    assert _east_asia(styles["Title"]) == "方正小标宋简体" and styles["Title"].font.size == Pt(22)
    assert _east_asia(styles["Heading 1"]) == "黑体"
    assert _east_asia(styles["Heading 2"]) == "楷体_GB2312"
    assert {_east_asia(styles["Heading 3"]), _east_asia(styles["Heading 4"])} == {"仿宋_GB2312"}
    assert _east_asia(styles["Page Number"]) == "宋体" and styles["Page Number"].font.size == Pt(14)


def test_page_numbers_are_dashed_and_outside_odd_right_even_left(filing):
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    assert filing.settings.odd_and_even_pages_header_footer
    section = filing.sections[0]
    for footer, align in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
                          (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)):
        p = footer.paragraphs[0]
        assert p.alignment == align
        xml = p._p.xml
        assert "PAGE" in xml and p.text.startswith("— ") and p.text.endswith(" —")


def test_the_document_carries_its_number_and_date_lines(figures_for_test):
    import datetime as dt
    from dataclasses import replace

    figures = figures_for_test("filing", "黄贝", False)
    heading = replace(figures.inputs.heading, number="罗一站办〔2006〕7号",
                      date=dt.date(2006, 8, 14))
    figures.inputs.heading, old = heading, figures.inputs.heading
    try:
        doc = _doc(report_bytes("filing", "docx", figures))
        text = "\n".join(p.text for p in doc.paragraphs)
    finally:
        figures.inputs.heading = old
    assert "罗一站办〔2006〕7号" in text
    assert "2006年8月14日" in text
    assert _imprint(doc)[-1] == ["一站多居工作领导小组办公室", "2006年8月14日印发"]


WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"


def _imprint_box(doc):
    """The text box holding the 版记 (``wp:anchor`` named 版记) in the document's body."""
    boxes = [a for a in doc.element.body.iter(WP + "anchor")
             if a.find(WP + "docPr").get("name") == "版记"]
    assert len(boxes) == 1
    return boxes[0]


def _imprint(doc):
    """The 版记's rows: the text of each cell."""
    from docx.table import Table

    tbl = _imprint_box(doc).find(".//" + qn("w:txbxContent")).find(qn("w:tbl"))
    return [[c.text for c in row.cells] for row in Table(tbl, doc._body).rows]


def test_the_imprint_is_a_box_at_the_foot_of_the_type_area_in_the_last_paragraph(figures_for_test):
    """GB/T 9704-2012 §7.4: the 版记 at the foot of the last page, its last rule on the type
    area's bottom edge: a box as wide as the type area, aligned to the bottom of the margin
    box (the type area), text pushed clear of it, anchored in the document's last paragraph;
    抄送 only when the heading has it. Where LibreOffice puts it: tests/reports/test_pdf.py."""
    from dataclasses import replace

    figures = figures_for_test("filing", "黄贝", False)
    doc = _doc(report_bytes("filing", "docx", figures))
    box = _imprint_box(doc)
    assert doc.element.body.findall(qn("w:p"))[-1] is box.getparent().getparent().getparent()
    position = box.find(WP + "positionV")
    assert (position.get("relativeFrom"), position.find(WP + "align").text) == ("margin", "bottom")
    assert box.find(WP + "positionH").get("relativeFrom") == "margin"
    assert box.find(WP + "wrapTopAndBottom") is not None
    assert Length(int(box.find(WP + "extent").get("cx"))).mm == pytest.approx(156, abs=0.01)
    heading = figures.inputs.heading
    assert _imprint(doc) == [[heading.issuer, heading.date_text + "印发"]]
    figures.inputs.heading = replace(heading, copy_to="区委组织部，区人事局")
    try:
        copied = _doc(report_bytes("filing", "docx", figures))
    finally:
        figures.inputs.heading = heading
    rows = _imprint(copied)
    assert rows[0][0] == "抄送：区委组织部，区人事局。" and rows[1][1] == heading.date_text + "印发"


def test_the_signature_is_kept_with_the_last_body_paragraph(figures_for_test):
    """GB/T 9704-2012 §7.3.5: the 落款 never alone on a page. The last body paragraph, the
    blank line and the issuer each keep with the next; the date does not (the 版记 may go
    to the next page). Whether LibreOffice holds it: tests/reports/test_pdf.py."""
    figures = figures_for_test("subdistrict", "黄贝", False)
    doc = _doc(report_bytes("subdistrict", "docx", figures))
    paragraphs = doc.paragraphs
    date = max(i for i, p in enumerate(paragraphs) if p.text == figures.inputs.heading.date_text)
    last_body, blank, issuer = paragraphs[date - 3:date]
    listed = sum(f.severity != "info" for f in figures.result.findings)  # the plan's list
    assert listed > 1 and last_body.text.startswith(f"{listed}．")
    assert blank.text == "" and issuer.text == figures.inputs.heading.issuer
    for p in (last_body, blank, issuer):
        assert p.paragraph_format.keep_with_next
    assert not paragraphs[date].paragraph_format.keep_with_next
    kept = [p.text for p in paragraphs[:date - 3] if p.paragraph_format.keep_with_next
            and p.style.name == "Normal"]
    assert not any(t.startswith("1．") for t in kept)  # the other findings are not chained


def test_the_filing_form_lists_every_station_of_the_subdistrict_with_its_head(filing,
                                                                              figures_for_test):
    figures = figures_for_test("filing", "黄贝", False)
    heads, party = _tables_text(filing)
    assert [r[2] for r in heads[1:]] == [s["station"] for s in figures.stations]
    assert [r[4] for r in heads[1:]] == [s["proposed_head"] or "—" for s in figures.stations]
    assert [r[4] for r in party[1:]] == [s["party_label"] for s in figures.stations]


def test_the_subdistrict_plan_equals_the_check_of_its_stations(figures_for_test):
    figures = figures_for_test("subdistrict", "东门", False)
    doc = _doc(report_bytes("subdistrict", "docx", figures))
    stations = _tables_text(doc)[0][1:]
    check = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    per_parent = {r["parent"]: r for r in check["per_parent"]}
    assert len(stations) == per_parent["东门"]["after"] == 7
    assert "东门街道整合社区工作站推行“一站多居”体制实施方案" in doc.paragraphs[3].text
    phases = _tables_text(doc)[4][1:]
    assert [r[1] for r in phases] == ["2006年6月1日至2006年7月31日", "2006年8月1日至2006年8月31日",
                                      "2006年9月1日至2006年9月15日"]
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "系统中尚无改革实施记录" in text  # the document's dates, and it says so
    tasks = _tables_text(doc)[5][1:]
    assert len(tasks) == 12 and tasks[0][1] == "成立街道领导小组"


def test_text_a_user_typed_is_escaped_not_read_as_markup(figures_for_test):
    figures = figures_for_test("filing", "莲塘", False)
    name = "<w:p>&{{ x }}"
    station = figures.stations[0]
    old = station["station"]
    station["station"] = name
    try:
        doc = _doc(report_bytes("filing", "docx", figures))
    finally:
        station["station"] = old
    assert _tables_text(doc)[0][1][2] == name


def test_without_records_the_inspection_report_is_the_blank_checklist_with_the_checks_figures(
        figures_for_test, tmp_path):
    """No database: part 七（三）'s checklist to fill in, results empty, and per station the
    facility figures ``yizhan check`` computes (one source)."""
    from yizhan.web.reform.defaults import CHECKLIST

    figures = figures_for_test("filing", "黄贝", False)
    doc = _doc(report_bytes("inspection", "docx", figures))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于黄贝街道整合社区工作站工作检查验收情况的报告" in text
    assert "系统中尚无检查记录" in text
    checklist, stations = _tables_text(doc)
    assert [r[1] for r in checklist[1:]] == [title for _k, title, _a in CHECKLIST]
    assert {r[3] for r in checklist[1:]} == {""}
    check = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    after = {r["parent"]: r["after"] for r in check["per_parent"]}["黄贝"]
    short = {f["subject"] for f in check["findings"] if f["rule"] == "R4" and "办公用房" in f["message"]}
    assert len(stations) - 1 == after
    assert {r[0] for r in stations[1:] if r[2] == "否"} == short & {r[0] for r in stations[1:]}
    assert any(r[2] == "否" for r in stations[1:]) and any(r[2] == "是" for r in stations[1:])
    out = tmp_path / "i.docx"
    result = runner.invoke(app, ["report", "--kind", "inspection", "--subdistrict", "黄贝",
                                 "--out", str(out)])
    assert result.exit_code == 0 and _doc(out.read_bytes()).tables


def test_a_subdistrict_plan_needs_a_known_subdistrict(tmp_path):
    out = tmp_path / "x.docx"
    result = runner.invoke(app, ["report", "--kind", "subdistrict", "--out", str(out)])
    assert result.exit_code == 2 and "--subdistrict" in result.output
    result = runner.invoke(app, ["report", "--kind", "subdistrict", "--subdistrict", "无此",
                                 "--out", str(out)])
    assert result.exit_code == 2 and "黄贝" in result.output and not out.exists()


@pytest.mark.slow
def test_the_district_report_states_the_figures_of_stats_and_check(cjk_font, figures_for_test):
    """The district report's tables say what `yizhan stats --json` and `yizhan check --json`
    say: part 五's numbers, part 六's per-subdistrict counts, every target's figures."""
    doc = _doc(report_bytes("district", "docx", figures_for_test("district", None, True)))
    tables = _tables_text(doc)
    stats = json.loads(runner.invoke(app, ["stats", "--json"]).stdout)
    check = json.loads(runner.invoke(app, ["check", "--json"]).stdout)
    baseline = [row for t in tables[:6] for row in t[1:]]
    assert [(r[1], r[2]) for r in baseline] == [
        (f"{r['document']:,}", f"{r['computed']:,}") for r in stats["comparison"]]
    per_parent = tables[6][1:]
    assert [(r[0], int(r[1]), int(r[2]), int(r[5].replace(",", ""))) for r in per_parent] == [
        (r["parent"], r["before"], r["after"], r["band_deviation"]) for r in check["per_parent"]]
    targets = tables[7][1:]
    assert [(r[0], r[5]) for r in targets] == [
        (t["rule"], "是" if t["attained"] else "否") for t in check["targets"]]
    assert targets[0][4] == f"{check['band_deviation']:,}户"
    assert [r[4] for r in targets[1:]] == [f"{t['actual']:.1%}" for t in check["targets"][1:]]
    counts = {(r[0], k): int(v) for r in tables[8][1:] for k, v in zip(
        ("violation", "warning", "info"), r[3:])}
    for rule in {f["rule"] for f in check["findings"]}:
        for severity in ("violation", "warning", "info"):
            assert counts[(rule, severity)] == sum(
                1 for f in check["findings"] if f["rule"] == rule and f["severity"] == severity)
    assert len(doc.inline_shapes) == 4  # households and targets charts, the frontier, the map


def test_the_red_rule_is_the_number_paragraphs_bottom_border(filing):
    """版头 (GB/T 9704-2012 §7.2.5): the document number's paragraph carries the red rule as
    its bottom border, 8 pt from its line (4 mm from the characters in the PDF: test_pdf)."""
    number = next(p for p in filing.paragraphs if p.style.name == "Document Number")
    border = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert (border.get(qn("w:color")), border.get(qn("w:space")), border.get(qn("w:sz"))) == (
        "E60012", "8", "16")
