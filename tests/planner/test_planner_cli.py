"""``yizhan plan`` and ``yizhan compare`` through the command a user types."""

import csv
import json

from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.core import Plan
from yizhan.data.bundled import load_luohu

runner = CliRunner()

UNITS = """code,name,parent,households,office_m2,service_m2,plaza_m2,station
a,甲,P,4000,300,1000,1200,a
b,乙,P,3000,0,0,0,b
c,丙,P,5000,250,0,0,c
d,丁,P,2500,0,950,1100,d
e,戊,Q,7000,300,0,0,e
"""
ADJ = "a,b\na,b\nb,c\nc,d\nd,e\n"


def _files(tmp_path):
    units, adj = tmp_path / "units.csv", tmp_path / "adj.csv"
    units.write_text(UNITS, encoding="utf-8")
    adj.write_text(ADJ, encoding="utf-8")
    return units, adj


def test_plan_writes_a_plan_and_a_report(tmp_path):
    units, adj = _files(tmp_path)
    out, rep = tmp_path / "plan.csv", tmp_path / "r.json"
    result = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj),
                                 "--out", str(out), "--report", str(rep), "--staff-total", "20"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["code"] for r in rows] == ["a", "b", "c", "d", "e"]
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["status"] == "optimal" and report["totals"]["band"]["value"] == 0
    assert sum(report["staffing"]["per_station"].values()) == 20
    # the status in words of the chosen language, saying what was proved
    assert "状态: 最优（已证明）" in result.output
    english = runner.invoke(app, ["--lang", "en", "plan", "--units", str(units),
                                  "--adjacency", str(adj), "--staff-total", "20"])
    assert "status: optimal (proved)" in english.output


def test_plan_with_pins_and_json(tmp_path):
    units, adj = _files(tmp_path)
    result = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj),
                                 "--never", "a,b", "--stations", "P=2", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["parents"][0]["stations"] == 2


def test_impossible_pins_exit_1_with_the_reason(tmp_path):
    units, adj = _files(tmp_path)
    result = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj),
                                 "--together", "a,e"])
    assert result.exit_code == 1
    assert "R6" in result.output and "不同街道" in result.output
    english = runner.invoke(app, ["--lang", "en", "plan", "--units", str(units),
                                  "--adjacency", str(adj), "--together", "a,e"])
    assert english.exit_code == 1
    assert "different subdistricts" in english.output.replace("\n", " ")
    assert "status: infeasible" in english.output


def test_frontier_as_table_and_data(tmp_path):
    units, adj = _files(tmp_path)
    fout = tmp_path / "f.csv"
    result = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj),
                                 "--frontier", "--frontier-out", str(fout)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(fout.open(encoding="utf-8")))
    assert {int(r["stations"]) for r in rows} == {2, 3, 4, 5}


def test_plan_on_the_bundled_data_is_proven_optimal(tmp_path):
    out = tmp_path / "plan.csv"
    result = runner.invoke(app, ["plan", "--out", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["synthetic"] is True and data["status"] == "optimal"
    assert data["staffing"]["total"] == 653
    luohu = load_luohu()
    plan = Plan.read_csv(out)
    assert not plan.coverage_problems(luohu.instance.codes)


def test_compare_the_planner_with_the_official_plan(tmp_path):
    out, official = tmp_path / "plan.csv", tmp_path / "official.csv"
    assert runner.invoke(app, ["plan", "--out", str(out)]).exit_code == 0
    load_luohu().official_plan.write_csv(official)
    result = runner.invoke(app, ["compare", str(out), str(official), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    a, b = data["metrics"]["a"], data["metrics"]["b"]
    assert a["band_deviation"] <= b["band_deviation"] and b["stations"] == 83
    assert data["moved_units"] and all(set(m) == {"code", "name", "a", "b"} for m in data["moved_units"])


def test_plan_shows_the_planners_real_progress_as_a_bar_on_stderr(tmp_path):
    """The bar counts subdistricts done (P and Q: 2/2), from the planner's callback; with
    --json stdout stays one JSON object and no bar is drawn."""
    units, adj = _files(tmp_path)
    result = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj)])
    assert result.exit_code == 0, result.output
    assert "已完成街道" in result.stderr and "2/2" in result.stderr
    quiet = runner.invoke(app, ["plan", "--units", str(units), "--adjacency", str(adj), "--json"])
    assert json.loads(quiet.stdout)["status"] == "optimal"
    assert "2/2" not in quiet.stderr
