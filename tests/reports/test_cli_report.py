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
