"""Importers: every error class is reported with its row, column and value; nothing loads on
error; Chinese/GBK, XLSX and GeoJSON inputs round-trip. All fixtures are written to tmp_path."""

from __future__ import annotations

import doctest
import io
import json
import unicodedata

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.core.instance import OPTIONAL_COLUMNS, REQUIRED_COLUMNS, Instance
from yizhan.data.importers import (KINDS, ImportFailed, ImportProblem, Upload, load_instance,
                                   read_adjacency, read_geometry, read_units)
from yizhan.data.importers.units import COLUMN_PARSERS, canonical_column

HEADER = "code,name,parent,households,office_m2,service_m2,plaza_m2"
ROWS = ["LH001,碧波,黄贝,4000,250,900,1200",
        "LH002,湖滨,黄贝,3500,150,0,0",
        "LH003,罗芳,黄贝,5200,300,1000,0",
        "LH004,向西,南湖,9000,210,950,1100"]
GOOD = "\n".join([HEADER, *ROWS]) + "\n"
ZH_HEADER = "编码,名称,街道,户数（户）,办公用房(平方米),服务设施,文体广场,类型,办公用房状态"


def units_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def failure(call, *args, **kwargs) -> ImportFailed:
    with pytest.raises(ImportFailed) as info:
        call(*args, **kwargs)
    return info.value


def only(exc: ImportFailed, kind: str) -> ImportProblem:
    found = [p for p in exc.problems if p.kind == kind]
    assert len(found) == 1, [p.to_dict() for p in exc.problems]
    return found[0]


def names_value(problem: ImportProblem, value: str) -> None:
    assert value in problem.message, problem.message
    assert value in problem.message_en, problem.message_en


# ---------------------------------------------------------------- units: one test per error class
UNIT_CELL_ERRORS = [
    # (row 3 replaced by, kind, column, value)
    ("LH002,湖滨,黄贝,abc,150,0,0", "wrong_type", "households", "abc"),
    ("LH002,湖滨,黄贝,12.5,150,0,0", "wrong_type", "households", "12.5"),
    ("LH002,湖滨,黄贝,3500,x1,0,0", "wrong_type", "office_m2", "x1"),
    ("LH002,湖滨,黄贝,-7,150,0,0", "negative", "households", "-7"),
    ("LH002,湖滨,黄贝,3500,150,-0.5,0", "negative", "service_m2", "-0.5"),
]


@pytest.mark.parametrize("row3, kind, column, value", UNIT_CELL_ERRORS)
def test_bad_cell_is_reported_with_row_column_and_value(tmp_path, row3, kind, column, value):
    rows = list(ROWS)
    rows[1] = row3
    exc = failure(read_units, write(tmp_path, "u.csv", units_text(*rows)))
    problem = only(exc, kind)
    assert (problem.row, problem.column, problem.severity) == (3, column, "error")
    names_value(problem, value)
    assert "第3行" in problem.message and "Row 3" in problem.message_en


@pytest.mark.parametrize("column, value, kind", [
    ("type", "乡村社区", "unknown_value"),
    ("office_status", "ok", "unknown_value"),
    ("self_contained", "maybe", "unknown_value"),
    ("y", "95", "out_of_range"),
    ("nbs_code", "4403031", "wrong_format"),
    ("party_members", "many", "wrong_type"),
])
def test_bad_optional_value(tmp_path, column, value, kind):
    text = units_text(f"LH001,碧波,黄贝,4000,250,900,1200,{value}", header=f"{HEADER},{column}")
    problem = only(failure(read_units, write(tmp_path, "u.csv", text)), kind)
    assert (problem.row, problem.column) == (2, column)
    names_value(problem, value)


def test_rows_are_numbered_as_excel_shows_them(tmp_path):
    """A blank line is a row; a quoted name with a line break inside is one row."""
    text = units_text('LH001,"碧波\n一村",黄贝,4000,250,900,1200', "", "LH002,湖滨,黄贝,abc,1,1,1")
    problem = only(failure(read_units, write(tmp_path, "u.csv", text)), "wrong_type")
    assert problem.row == 4


def test_csv_that_cannot_be_parsed_is_unreadable():
    huge = "x" * 200_000  # beyond the csv module's field size limit
    exc = failure(read_units, Upload("u.csv", (GOOD + f"LH009,{huge},黄贝,1,1,1,1\n").encode()))
    assert [(p.kind, p.row) for p in exc.problems] == [("unreadable", 6)]


def test_missing_required_value(tmp_path):
    text = units_text("LH001,,黄贝,4000,250,900,1200")
    problem = only(failure(read_units, write(tmp_path, "u.csv", text)), "missing_value")
    assert (problem.row, problem.column) == (2, "name")
    assert "第2行" in problem.message and "“name”" in problem.message_en


def test_duplicate_code_names_both_rows(tmp_path):
    text = units_text(*ROWS, "LH002,另一个,黄贝,100,1,1,1")
    problem = only(failure(read_units, write(tmp_path, "u.csv", text)), "duplicate_code")
    assert (problem.row, problem.column) == (6, "code")
    names_value(problem, "LH002")
    assert "第3行" in problem.message and "row 3" in problem.message_en


def test_unknown_parent_only_when_parents_are_known(tmp_path):
    path = write(tmp_path, "u.csv", GOOD)
    assert len(read_units(path).frame) == 4
    problem = only(failure(read_units, path, known_parents=["黄贝"]), "unknown_parent")
    assert (problem.row, problem.column) == (5, "parent")
    names_value(problem, "南湖")


def test_missing_and_duplicate_columns(tmp_path):
    text = units_text("LH001,碧波,黄贝,4000,250,900,1", header=HEADER.replace("plaza_m2", "编码"))
    exc = failure(read_units, write(tmp_path, "u.csv", text))
    missing = only(exc, "missing_column")
    assert missing.column == "plaza_m2" and missing.row == 1
    assert "文体广场" in missing.message and "plaza_m2" in missing.message_en
    duplicate = only(exc, "duplicate_column")
    names_value(duplicate, "编码")
    names_value(duplicate, "code")


def test_a_missing_column_does_not_hide_bad_cells(tmp_path):
    text = units_text("LH001,碧波,黄贝,abc,250,900", header=HEADER.replace(",plaza_m2", ""))
    exc = failure(read_units, write(tmp_path, "u.csv", text))
    assert {(p.kind, p.row) for p in exc.problems} == {("missing_column", 1), ("wrong_type", 2)}


def test_extra_values_in_a_row(tmp_path):
    text = units_text("LH001,碧波,一村,黄贝,4000,250,900,1200")
    exc = failure(read_units, write(tmp_path, "u.csv", text))
    problem = only(exc, "extra_values")
    assert problem.row == 2
    names_value(problem, "1200")
    assert only(exc, "wrong_type").column == "households"  # the shifted “黄贝”


@pytest.mark.parametrize("data", [b"", b"  \n\n", HEADER.encode() + b"\n"])
def test_empty_file(data):
    exc = failure(read_units, Upload("u.csv", data))
    assert [p.kind for p in exc.problems] == ["empty_file"]


def test_bad_encoding():
    exc = failure(read_units, Upload("u.csv", HEADER.encode() + b"\n\x80\xff,a\n"))
    assert [p.kind for p in exc.problems] == ["bad_encoding"]
    assert "GBK" in exc.problems[0].message and "UTF-8" in exc.problems[0].message_en


@pytest.mark.parametrize("source", [
    "does/not/exist.csv", Upload("old.xls", b"\xd0\xcf\x11\xe0"), Upload("u.xlsx", b"not a zip")])
def test_unreadable(source):
    exc = failure(read_units, source)
    assert [p.kind for p in exc.problems] == ["unreadable"]


def test_unknown_column_is_only_a_warning(tmp_path):
    text = units_text("LH001,碧波,黄贝,4000,250,900,1200,见附件", header=f"{HEADER},备注")
    result = read_units(write(tmp_path, "u.csv", text))
    (warning,) = result.warnings
    assert (warning.kind, warning.severity, warning.column) == ("unknown_column", "warning", "备注")
    assert "备注" not in result.frame.columns


def test_every_error_of_a_file_is_listed(tmp_path):
    text = units_text("LH001,碧波,黄贝,abc,250,900,1200",
                      "LH002,,黄贝,3500,-1,0,0",
                      "LH001,罗芳,黄贝,5200,300,1000,x")
    exc = failure(read_units, write(tmp_path, "u.csv", text))
    assert {(p.kind, p.row, p.column) for p in exc.errors} == {
        ("wrong_type", 2, "households"), ("missing_value", 3, "name"),
        ("negative", 3, "office_m2"), ("duplicate_code", 4, "code"),
        ("wrong_type", 4, "plaza_m2")}


# ---------------------------------------------------------------- units: formats
def test_good_file_gives_a_correct_instance(tmp_path):
    text = units_text("LH001,碧波,黄贝,4000,250,900,1200,城中村,年内可达标,是,1.5",
                      "LH002,湖滨,黄贝,\"3,500\",150,0,0,old_residential,meets,,",
                      header=f"{HEADER},type,office_status,self_contained,area_km2")
    frame = read_units(write(tmp_path, "u.csv", text)).frame
    assert list(frame.columns) == [*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS]
    inst = Instance(frame, [("LH001", "LH002")])
    assert inst.codes == ["LH001", "LH002"] and inst.parents == ["黄贝"]
    assert inst.units["households"].tolist() == [4000, 3500]
    assert inst.units["type"].tolist() == ["urban_village", "old_residential"]
    assert inst.units["office_status"].tolist() == ["this_year", "meets"]
    assert inst.units["self_contained"].tolist() == [True, False]
    assert inst.units.loc["LH001", "area_km2"] == 1.5
    assert pd.isna(inst.units.loc["LH002", "area_km2"])


def zh_text() -> str:
    return units_text("LH001,碧波,黄贝,4000,250,900,1200,城中村社区,已达标",
                      "LH002,湖滨,黄贝,3500,150,0,0,老住宅区,年内较难达标", header=ZH_HEADER)


def en_frame(tmp_path) -> pd.DataFrame:
    text = units_text("LH001,碧波,黄贝,4000,250,900,1200,urban_village,meets",
                      "LH002,湖滨,黄贝,3500,150,0,0,old_residential,hard",
                      header=f"{HEADER},type,office_status")
    return read_units(write(tmp_path, "en.csv", text)).frame


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig", "utf-8"])
def test_chinese_headers_in_gbk_and_utf8(tmp_path, encoding):
    frame = read_units(write(tmp_path, "zh.csv", zh_text(), encoding)).frame
    pd.testing.assert_frame_equal(frame, en_frame(tmp_path))


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    data = zh_text().replace(",", "\t").encode("utf-16")
    frame = read_units(Upload("zh.txt", data)).frame
    pd.testing.assert_frame_equal(frame, en_frame(tmp_path))


def test_chinese_header_reports_the_chinese_column_name(tmp_path):
    text = units_text("LH001,碧波,黄贝,很多,250,900,1200,城中村,已达标", header=ZH_HEADER)
    problem = only(failure(read_units, write(tmp_path, "zh.csv", text, "gbk")), "wrong_type")
    assert problem.column == "户数（户）"
    assert "第2行“户数（户）”列的值“很多”不是整数" in problem.message


def write_xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_round_trip(tmp_path):
    data = write_xlsx([["编码", "名称", "街道", "户数", "办公用房", "服务设施", "文体广场", "类型",
                        "办公用房状态"],
                       ["LH001", "碧波", "黄贝", 4000, 250, 900.0, 1200, "城中村", "已达标"],
                       [None] * 9,
                       ["LH002", "湖滨", "黄贝", 3500.0, 150, 0, 0, "老住宅区社区", "年内较难达标"]])
    path = tmp_path / "units.xlsx"
    path.write_bytes(data)
    pd.testing.assert_frame_equal(read_units(path).frame, en_frame(tmp_path))


def test_xlsx_rows_are_excel_rows_and_numeric_codes_become_text():
    data = write_xlsx([list(HEADER.split(",")), [101, "碧波", "黄贝", 4000, 1, 1, 1],
                       [None] * 7, [102, "湖滨", "黄贝", "abc", 1, 1, 1]])
    problem = only(failure(read_units, io.BytesIO(data), filename="u.xlsx"), "wrong_type")
    assert (problem.file, problem.row, problem.column) == ("u.xlsx", 4, "households")
    good = write_xlsx([list(HEADER.split(",")), [101, "碧波", "黄贝", 4000, 1, 1, 1]])
    assert read_units(good, filename="u.xlsx").frame["code"].tolist() == ["101"]


@pytest.mark.parametrize("header, column", [
    ("户数(户)", "households"), ("户数（户）", "households"), (" Households ", "households"),
    ("Office m²", "office_m2"), ("常住人口户数", "households"), ("公共服务设施", "service_m2"),
    ("备注", None)])
def test_header_spellings(header, column):
    assert canonical_column(header) == column


def test_every_core_column_has_a_parser():
    assert set(COLUMN_PARSERS) == {*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=8))
def test_any_households_text_is_loaded_or_reported(value):
    cell = '"' + value.replace('"', '""') + '"'
    data = units_text(f"LH001,碧波,黄贝,{cell},1,1,1").encode()
    try:
        households = read_units(Upload("u.csv", data)).frame["households"].iloc[0]
    except ImportFailed as exc:
        assert {p.kind for p in exc.errors} <= {"wrong_type", "negative", "missing_value"}
    else:  # full-width digits and thousands separators are accepted
        expected = float(unicodedata.normalize("NFKC", value).replace(",", "").strip())
        assert households == expected >= 0


# ---------------------------------------------------------------- adjacency
CODES = ["LH001", "LH002", "LH003", "LH004"]


def test_adjacency_reads_pairs_and_drops_repeats_with_a_warning(tmp_path):
    path = write(tmp_path, "adj.csv", "a,b\nLH002,LH001\nLH001,LH002\nLH003,LH002\n")
    result = read_adjacency(path, known_codes=CODES)
    assert result.edges == [("LH001", "LH002"), ("LH002", "LH003")]
    (warning,) = result.warnings
    assert (warning.kind, warning.row) == ("duplicate_edge", 3)
    assert "第2行" in warning.message


def test_adjacency_unknown_code(tmp_path):
    path = write(tmp_path, "adj.csv", "a,b\nLH001,LH002\nLH003,LH999\n")
    problem = only(failure(read_adjacency, path, known_codes=CODES), "unknown_unit")
    assert (problem.row, problem.column) == (3, "b")
    names_value(problem, "LH999")


def test_adjacency_self_loop(tmp_path):
    path = write(tmp_path, "adj.csv", "a,b\nLH001,LH002\nLH003,LH003\n")
    problem = only(failure(read_adjacency, path, known_codes=CODES), "self_loop")
    assert (problem.row, problem.column) == (3, "b")
    names_value(problem, "LH003")


@pytest.mark.parametrize("text, kind", [("x,y\nLH001,LH002\n", "missing_column"),
                                        ("a,b\n", "empty_file"), ("", "empty_file"),
                                        ("a,b\nLH001,\n", "missing_value")])
def test_adjacency_structure_errors(text, kind):
    exc = failure(read_adjacency, Upload("adj.csv", text.encode()), known_codes=CODES)
    assert exc.problems[0].kind == kind


# ---------------------------------------------------------------- geometry
def square(x: float, y: float = 0.0) -> dict:
    return {"type": "Polygon",
            "coordinates": [[[x, y], [x + 1, y], [x + 1, y + 1], [x, y + 1], [x, y]]]}


def collection(*features) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geom} for props, geom in features
    ]}, ensure_ascii=False).encode()


# LH001 | LH002 share a side; LH003 touches LH002 only at a corner; LH004 is far away.
GOOD_GEO = collection(({"code": "LH001"}, square(0)), ({"编码": "LH002"}, square(1)),
                      ({"code": "LH003"}, square(2, 1)), ({"code": "LH004"}, square(9)))


def test_geometry_derives_adjacency_from_shared_sides():
    result = read_geometry(Upload("g.geojson", GOOD_GEO), known_codes=CODES)
    assert sorted(result.geometries) == CODES
    assert result.edges == [("LH001", "LH002")]


@pytest.mark.parametrize("geometry, kind_name", [
    ({"type": "Point", "coordinates": [0, 0]}, "Point"),
    ({"type": "LineString", "coordinates": [[0, 0], [1, 1]]}, "LineString")])
def test_non_polygon_geometry(geometry, kind_name):
    data = collection(({"code": "LH001"}, square(0)), ({"code": "LH002"}, geometry))
    problem = only(failure(read_geometry, Upload("g.geojson", data)), "not_polygon")
    assert (problem.row, problem.column) == (2, "geometry")
    names_value(problem, kind_name)
    names_value(problem, "LH002")


def test_self_intersecting_polygon_is_reported_not_fixed():
    bowtie = {"type": "Polygon", "coordinates": [[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]}
    data = collection(({"code": "LH001"}, bowtie))
    problem = only(failure(read_geometry, Upload("g.geojson", data)), "invalid_geometry")
    assert problem.row == 1 and "自相交" in problem.message
    assert "Self-intersection" in problem.message_en


@pytest.mark.parametrize("data, kind", [
    (b"{not json", "not_json"), (b'{"type": "Feature"}', "not_feature_collection"),
    (b"[1, 2]", "not_feature_collection"), (b"", "empty_file"),
    (collection(({"name": "碧波"}, square(0))), "missing_value"),
    (collection(({"code": "LH001"}, None)), "missing_value"),
    (collection(({"code": "LH001"}, {"type": "Polygon", "coordinates": "x"})), "invalid_geometry"),
])
def test_geometry_file_errors(data, kind):
    exc = failure(read_geometry, Upload("g.geojson", data))
    assert [p.kind for p in exc.problems] == [kind]


def test_geometry_duplicate_and_unknown_codes():
    data = collection(({"code": "LH001"}, square(0)), ({"code": "LH001"}, square(1)),
                      ({"code": "LH777"}, square(2)))
    exc = failure(read_geometry, Upload("g.geojson", data), known_codes=CODES)
    duplicate, unknown = only(exc, "duplicate_code"), only(exc, "unknown_unit")
    assert duplicate.row == 2 and "第1个要素" in duplicate.message
    names_value(duplicate, "LH001")
    assert unknown.row == 3
    names_value(unknown, "LH777")


# ---------------------------------------------------------------- load_instance
def test_load_instance_from_geometry(tmp_path):
    units = write(tmp_path, "u.csv", GOOD)
    geo = tmp_path / "g.geojson"
    geo.write_bytes(GOOD_GEO)
    inst, warnings = load_instance(units, geometry=geo)
    assert inst.edges == [("LH001", "LH002")]
    isolated = [w for w in warnings if w.kind == "isolated_unit"]
    assert [(w.row, w.severity) for w in isolated] == [(4, "warning"), (5, "warning")]
    names_value(isolated[0], "LH003")


def test_isolated_unit_is_a_warning(tmp_path):
    units = write(tmp_path, "u.csv", GOOD)
    adj = write(tmp_path, "adj.csv", "a,b\nLH001,LH002\nLH002,LH003\n")
    inst, warnings = load_instance(units, adj)
    assert inst.isolated_units() == ["LH004"]
    (warning,) = warnings
    assert (warning.kind, warning.row, warning.file) == ("isolated_unit", 5, str(units))
    names_value(warning, "LH004")


def test_adjacency_file_wins_over_polygons_and_differences_are_warned(tmp_path):
    units = write(tmp_path, "u.csv", GOOD)
    adj = write(tmp_path, "adj.csv", "a,b\nLH002,LH003\nLH003,LH004\n")
    inst, warnings = load_instance(units, adj, Upload("g.geojson", GOOD_GEO))
    assert inst.edges == [("LH002", "LH003"), ("LH003", "LH004")]
    mismatches = [w for w in warnings if w.kind == "adjacency_mismatch"]
    assert len(mismatches) == 3 and {w.file for w in mismatches} == {str(adj)}
    assert {w.row for w in mismatches} == {2, 3, None}


def test_nothing_is_loaded_when_any_file_has_an_error(tmp_path):
    units = write(tmp_path, "u.csv", units_text(*ROWS[:3], "LH004,向西,南湖,abc,1,1,1"))
    adj = write(tmp_path, "adj.csv", "a,b\nLH001,LH009\n")
    geo = Upload("g.geojson", collection(({"code": "LH001"}, {"type": "Point",
                                                             "coordinates": [0, 0]})))
    exc = failure(load_instance, units, adj, geo)
    assert {(p.file, p.kind) for p in exc.errors} == {
        (str(units), "wrong_type"), (str(adj), "unknown_unit"), ("g.geojson", "not_polygon")}


def test_no_adjacency_at_all_is_one_warning(tmp_path):
    inst, warnings = load_instance(write(tmp_path, "u.csv", GOOD))
    assert len(inst.isolated_units()) == 4
    assert [w.kind for w in warnings] == ["no_adjacency"]


def test_docstring_example_runs():
    import yizhan.data.importers

    result = doctest.testmod(yizhan.data.importers)
    assert result.attempted > 0 and result.failed == 0


def test_problem_records_are_checked_and_serialisable():
    with pytest.raises(ValueError):
        ImportProblem("f", 1, "c", "no_such_kind", "error", "", "")
    problem = ImportProblem("f", 2, "c", KINDS[0], "warning", "中", "en")
    assert problem.to_dict() == dict(file="f", row=2, column="c", kind=KINDS[0],
                                     severity="warning", message="中", message_en="en")


# ---------------------------------------------------------------- CLI
runner = CliRunner()


def test_cli_ok_and_warnings_exit_zero(tmp_path):
    units = write(tmp_path, "u.csv", GOOD)
    adj = write(tmp_path, "adj.csv", "a,b\nLH001,LH002\nLH002,LH003\n")
    result = runner.invoke(app, ["import", "--units", str(units), "--adjacency", str(adj),
                                 "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["ok"], report["units"], report["parents"], report["edges"]) == (True, 4, 2, 2)
    assert [p["kind"] for p in report["problems"]] == ["isolated_unit"]
    table = runner.invoke(app, ["import", "-u", str(units), "-a", str(adj)])
    assert table.exit_code == 0 and "LH004" in table.stdout and "孤立 1" in table.stdout
    english = runner.invoke(app, ["--lang", "en", "import", "-u", str(units), "-a", str(adj)])
    assert "isolated 1" in english.stdout and "孤立" not in english.stdout


def test_cli_errors_exit_one(tmp_path):
    units = write(tmp_path, "u.csv", units_text("LH001,碧波,黄贝,abc,1,1,1"))
    result = runner.invoke(app, ["import", "--units", str(units), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False and report["units"] is None
    assert report["problems"][0]["kind"] == "wrong_type" and report["problems"][0]["row"] == 2
    table = runner.invoke(app, ["import", "--units", str(units)])
    assert table.exit_code == 1 and "abc" in table.stdout and "未导入" in table.stdout
    english = runner.invoke(app, ["--lang", "en", "import", "--units", str(units)])
    assert english.exit_code == 1 and "nothing loaded" in english.stdout


def test_row_limit_stops_reading_and_counts_data_rows_only():
    header = "code,name,parent,households,office_m2,service_m2,plaza_m2\n"
    rows = "".join(f"N{i},甲{i},黄贝,100,1,1,1\n" for i in range(1, 4))
    ok = read_units(Upload("u.csv", (header + "\n" + rows + "\n\n").encode()), max_rows=3)
    assert ok.row_numbers == [3, 4, 5] and len(ok.frame) == 3
    extra = header + rows + "N4,甲4,黄贝,abc,1,1,1\nN5,甲5,黄贝,abc,1,1,1\n"
    exc = failure(read_units, Upload("u.csv", extra.encode()), max_rows=3)
    problem = only(exc, "too_many_rows")
    assert problem.row == 5 and len(exc.problems) == 1  # the bad rows after it are not read


def test_units_import_says_which_columns_the_file_has():
    text = "编码,名称,街道,户数,办公用房,服务设施,文体广场,人口\nN1,甲,黄贝,100,1,1,1,\n"
    result = read_units(Upload("u.csv", text.encode()))
    assert result.columns == ("code", "name", "parent", "households", "office_m2",
                              "service_m2", "plaza_m2", "population")
    assert "party_members" in result.frame.columns  # the frame still has every column


def test_xlsx_claiming_a_million_rows_and_columns_is_read_as_it_is():
    """The sheet's recorded size is ignored: a small workbook may claim A1:XFD1048576."""
    from tests.web.import_files import tiny_xlsx

    header = ["code", "name", "parent", "households", "office_m2", "service_m2", "plaza_m2"]
    data = tiny_xlsx(header, lambda i: [f"N{i}", f"甲{i}", "黄贝", 100, 1, 1, 1], 3,
                     dimension="A1:XFD1048576")
    result = read_units(Upload("u.xlsx", data), max_rows=3)
    assert result.row_numbers == [2, 3, 4] and list(result.frame["code"]) == ["N1", "N2", "N3"]
