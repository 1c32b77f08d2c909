"""Plan files read the way every import reads (encoding detected, every problem listed,
readable rows kept for the coverage check), and the 2006 plan carried over to a registry."""

import pytest

from yizhan.core.plan import PlanFileError
from yizhan.data.bundled import load_luohu, official_plan_for
from yizhan.data.importers import Upload, check_plan_file, read_plan


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "utf-16"])
def test_a_plan_file_in_any_clerk_encoding_reads_the_same(encoding):
    text = "code,station\nLH001,碧波+湖滨\nLH002,碧波+湖滨\n"
    plan = read_plan(Upload("方案.csv", text.encode(encoding)))
    assert plan.assignment == {"LH001": "碧波+湖滨", "LH002": "碧波+湖滨"} and plan.name == "方案"


def test_every_problem_at_once_and_the_readable_rows_kept():
    text = "code,station\nA,S1\nA,S2\n,S3\nB,S1\n"
    found = check_plan_file(Upload("p.csv", text.encode()))
    assert found.plan is None
    assert found.rows == {"A": "S1", "B": "S1"}
    assert len(found.problems) == 2 and "第3行" in found.problems[0] and "第4行" in found.problems[1]
    with pytest.raises(PlanFileError) as err:
        read_plan(Upload("p.csv", text.encode()))
    assert err.value.problems == found.problems


def test_undecodable_bytes_are_a_problem_in_both_languages():
    found = check_plan_file(Upload("p.csv", b"code,station\n\xff\xfe\xfa,\x81\n"))
    assert found.plan is None and found.problems and "/" in found.problems[0]


def test_the_official_plan_follows_codes_then_names_and_keeps_unknown_committees_alone():
    data = load_luohu()
    inst = data.instance
    assignment, unmatched = official_plan_for(inst)
    assert assignment == data.official_plan.assignment and unmatched == []
    units = inst.units.copy()
    first, second = units.index[:2]
    renamed = units.rename(index={first: "NEW001"})  # re-coded: matched by (subdistrict, name)
    renamed.loc["NEW002"] = renamed.loc[second]
    renamed.loc["NEW002", "name"] = "新社区"          # unknown: its own station
    from yizhan.core import Instance

    other = Instance(renamed.reset_index(names="code"), [], name="x")
    assignment, unmatched = official_plan_for(other)
    assert assignment["NEW001"] == data.official_plan.assignment[first]
    assert unmatched == ["NEW002"] and assignment["NEW002"] == "新社区"


def test_the_units_template_has_every_importer_column_an_example_and_drop_down_lists():
    from openpyxl import load_workbook

    from yizhan.data.importers import read_units
    from yizhan.data.importers.template import TEMPLATE_COLUMNS, units_template
    from yizhan.data.importers.units import COLUMN_PARSERS, canonical_column
    import io

    assert set(TEMPLATE_COLUMNS) == set(COLUMN_PARSERS)
    book = units_template(["黄贝", "南湖"])
    wb = load_workbook(io.BytesIO(book))
    ws = wb["居委会"]
    headers = [c.value for c in ws[1]]
    assert [canonical_column(h) for h in headers] == list(TEMPLATE_COLUMNS)
    lists = {str(dv.sqref).split(":")[0][:-1]: dv for dv in ws.data_validations.dataValidation}
    type_col = headers.index("类型")
    from openpyxl.utils import get_column_letter

    dv = lists[get_column_letter(type_col + 1)]
    assert dv.type == "list" and "选项" in dv.formula1
    options = wb["选项"]
    assert wb["选项"].sheet_state == "hidden"
    col = dv.formula1.split("!")[1].split(":")[0].replace("$", "")[:-1]
    assert [c.value for c in options[col] if c.value] == ["中高档社区", "老住宅区社区", "城中村社区", "插花地社区"]
    assert lists[get_column_letter(headers.index("户数") + 1)].type == "whole"
    # the importer reads the template as it comes: the example row is a valid row
    frame = read_units(Upload("模板.xlsx", book), known_parents=["黄贝", "南湖"]).frame
    assert len(frame) == 1 and frame.loc[0, "parent"] == "黄贝"
