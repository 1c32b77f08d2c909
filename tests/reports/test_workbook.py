"""The workbook: sheets, headers, frozen rows, filters, formats, lists; and the round trip
through the importer the registry's import page and `yizhan import` use."""

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from yizhan.data.importers import Upload, read_units
from yizhan.reports.build import report_bytes
from yizhan.reports.workbook import UNIT_COLUMNS


@pytest.fixture(scope="module")
def figures(figures_for_test):
    return figures_for_test("district", None, False)


@pytest.fixture(scope="module")
def data(figures):
    return report_bytes("district", "xlsx", figures)


def _header_row(sheet) -> int:
    return int(sheet.freeze_panes[1:]) - 1


def test_the_workbook_has_its_sheets_each_with_a_frozen_filtered_header(data):
    from openpyxl.utils.cell import range_boundaries

    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["居委会", "工作站", "方案", "目标", "检查发现", "人员配备", "时间安排"]
    for sheet in book.worksheets:
        head = _header_row(sheet)
        assert sheet.freeze_panes == f"A{head + 1}"  # frozen just below the header
        first_col, first_row, last_col, last_row = range_boundaries(sheet.auto_filter.ref)
        # the filter runs from the header to the sheet's last row: nothing below it
        assert (first_col, first_row, last_row) == (1, head, sheet.max_row), sheet.title
        assert last_col == sheet.max_column
        assert all(c.font.bold for c in sheet[head])
    committees = book["居委会"]
    assert _header_row(committees) == 1
    committees = book["居委会"]
    assert [c.value for c in committees[1]][:4] == ["编码", "名称", "街道", "户数（户）"]
    assert committees["D2"].number_format == "#,##0"


def test_the_timetable_note_is_above_the_header_outside_the_filter_and_the_lists(data):
    sheet = load_workbook(io.BytesIO(data))["时间安排"]
    assert _header_row(sheet) == 2
    assert sheet["A1"].value.startswith("说明：") and "A1:H1" in sheet.merged_cells
    assert [c.value for c in sheet[2]][:3] == ["街道", "阶段", "任务或工作内容"]
    assert sheet.auto_filter.ref.startswith("A2:")
    lists = {str(dv.sqref).split(":")[0] for dv in sheet.data_validations.dataValidation}
    assert lists == {"A3", "H3"}  # the lists start below the header, not on the note
    assert not any(str(r[0] or "").startswith("说明") for r in sheet.iter_rows(min_row=3, values_only=True))


def test_fixed_vocabularies_have_drop_down_lists(data):
    sheet = load_workbook(io.BytesIO(data))["居委会"]
    lists = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    assert lists["J2"] == '"中高档社区,老住宅区社区,城中村社区,插花地社区"'
    assert lists["M2"] == '"已达标,年内可达标,年内较难达标"'
    assert lists["L2"] == '"是,否"'
    assert "黄贝" in lists["C2"]


def test_every_sheet_says_what_the_checker_says(data, figures):
    book = load_workbook(io.BytesIO(data))
    stations = list(book["工作站"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[4], r[6]) for r in stations] == [
        (s["station"], s["households"], s["band_deviation"]) for s in figures.stations]
    findings = list(book["检查发现"].iter_rows(min_row=2, values_only=True))
    assert len(findings) == len(figures.result.findings)
    plan = {r[0]: r[4] for r in book["方案"].iter_rows(min_row=2, values_only=True)}
    assert plan == figures.inputs.plan.assignment


def test_the_committees_sheet_reimports_unchanged(data, figures):
    imported = read_units(Upload("workbook.xlsx", data)).frame.set_index("code")
    units = figures.inputs.instance.units
    columns = [c for c, _ in UNIT_COLUMNS if c != "code"]
    pd.testing.assert_frame_equal(imported[columns], units[columns], check_dtype=False,
                                  check_names=False)


def test_text_that_looks_like_a_formula_is_written_as_text_and_reads_back(figures):
    from dataclasses import replace

    units = figures.inputs.instance.units.copy()
    first = units.index[0]
    units.loc[first, "name"] = '=HYPERLINK("http://x","y")'
    instance = type(figures.inputs.instance)(units, figures.inputs.instance.edges,
                                             name="t", synthetic=True)
    inputs = replace(figures.inputs, instance=instance)
    data = report_bytes("district", "xlsx", replace(figures, inputs=inputs))
    sheet = load_workbook(io.BytesIO(data))["居委会"]
    assert sheet["B2"].value == "'" + '=HYPERLINK("http://x","y")'
    assert sheet["B2"].data_type == "s"
    imported = read_units(Upload("w.xlsx", data)).frame.set_index("code")
    assert imported.loc[first, "name"] == '=HYPERLINK("http://x","y")'
