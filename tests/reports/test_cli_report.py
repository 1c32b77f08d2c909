"""`yizhan report` from the command line: the file it writes opens with its reader."""

import io

from openpyxl import load_workbook
from typer.testing import CliRunner

from yizhan.cli import app

runner = CliRunner()


def test_report_writes_the_workbook_of_a_plan_file(tmp_path):
    from yizhan.data.bundled import load_luohu

    plan = tmp_path / "plan.csv"
    load_luohu().instance.current_plan().write_csv(plan)  # today's 115 stations
    out = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["report", "--plan", str(plan), "--format", "xlsx",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    stations = load_workbook(io.BytesIO(out.read_bytes()))["工作站"]
    assert stations.max_row - 1 == 115


def test_report_refuses_an_unknown_format_and_both_plan_sources(tmp_path):
    out = tmp_path / "x"
    assert runner.invoke(app, ["report", "--format", "odt", "--out", str(out)]).exit_code == 2
    result = runner.invoke(app, ["report", "--plan", "p.csv", "--plan-in-force", "--out", str(out)])
    assert result.exit_code == 2 and not out.exists()


def test_report_writes_geojson_of_one_subdistrict(tmp_path):
    from pyogrio import read_info

    out = tmp_path / "s.geojson"
    result = runner.invoke(app, ["report", "--format", "geojson", "--subdistrict", "莲塘",
                                 "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert read_info(out)["features"] == 8  # 莲塘: 9 committees, 8 stations (part 六)


def test_report_puts_the_copy_to_line_into_the_imprint(tmp_path):
    out = tmp_path / "f.docx"
    result = runner.invoke(app, ["report", "--kind", "filing", "--subdistrict", "莲塘",
                                 "--format", "docx", "--copy-to", "区委组织部，区人事局。",
                                 "--date", "2006-08-14", "--out", str(out)])
    assert result.exit_code == 0, result.output
    import zipfile

    xml = zipfile.ZipFile(out).read("word/document.xml").decode()
    box = xml[xml.index('name="版记"'):]
    # one closing 。 however it was typed, and the 版记's date after it
    assert "抄送：区委组织部，区人事局。<" in box and "。。" not in box
    assert box.index("抄送：") < box.index("2006年8月14日印发")
