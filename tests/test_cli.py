"""The foundation's must-shows, through the command a user types."""

import json

from typer.testing import CliRunner

from yizhan.cli import app

runner = CliRunner()

#: SPEC.md §5 (document part 六): stations per subdistrict before and after.
DOCUMENT_PLAN = {"黄贝": (13, 10), "南湖": (14, 9), "桂园": (12, 8), "东门": (15, 7), "笋岗": (8, 6),
                 "清水河": (8, 7), "翠竹": (12, 11), "东晓": (12, 8), "东湖": (12, 9), "莲塘": (9, 8)}


def run_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_stats_reproduces_every_count_of_the_document():
    data = run_json("stats")
    assert data["synthetic"] is True
    assert data["all_equal"] is True
    assert len(data["comparison"]) == 39
    assert data["stats"]["staff"]["station_staff"] == 653
    assert data["stats"]["cross_appointments"]["heads_as_secretary"] == 105


def test_check_on_the_official_plan_gives_the_documents_stations():
    data = run_json("check")
    assert data["stations"] == 83
    assert data["contiguous"] is True and data["crosses_parent"] is False
    assert {r["parent"]: (r["before"], r["after"]) for r in data["per_parent"]} == DOCUMENT_PLAN
    assert data["finding_counts"]["violation"] == 0
    assert all(f["article"].startswith("§") for f in data["findings"])
    assert {f["rule"] for f in data["findings"]} <= {"R2", "R3", "R4", "R5", "R8", "R9", "R10"}


def test_check_of_a_plan_crossing_a_subdistrict_fails_with_exit_code_1(tmp_path):
    from yizhan.data.bundled import load_luohu

    data = load_luohu()
    units = data.instance.units
    a = units.index[units["parent"] == "黄贝"][0]
    b = units.index[units["parent"] == "南湖"][0]
    assignment = dict(data.official_plan.assignment)
    assignment[b] = assignment[a]
    path = tmp_path / "bad.csv"
    path.write_text("code,station\n" + "".join(f"{c},{s}\n" for c, s in assignment.items()),
                    encoding="utf-8")
    result = runner.invoke(app, ["check", "--plan", str(path), "--json"])
    assert result.exit_code == 0  # --json reports, it does not judge
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "R6" and f["severity"] == "violation" for f in findings)
    assert runner.invoke(app, ["check", "--plan", str(path)]).exit_code == 1


def test_check_reports_a_bad_plan_file_in_both_languages(tmp_path):
    path = tmp_path / "dup.csv"
    path.write_text("code,station\nLH001,x\nLH001,y\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--plan", str(path)])
    assert result.exit_code == 2
    assert "重复" in result.output and "appears twice" in result.output


def test_reconcile_counts():
    data = run_json("reconcile")
    counts = data["counts"]
    assert counts["exact"] + counts["confirmed"] + counts["missing_2006"] == 115
    assert counts["missing_2023"] >= 1


def test_policy_show_names_articles_and_toml_round_trips():
    from yizhan.core import Policy

    rows = run_json("policy", "show")
    band_min = [r for r in rows if (r["section"], r["key"]) == ("band", "min_households")][0]
    assert (band_min["value"], band_min["article"]) == (6000, "R2 §2(2)")
    assert all(r["article"] and r["zh"] and r["en"] for r in rows)
    shown = runner.invoke(app, ["policy", "show"])
    assert shown.exit_code == 0 and "R2 §2(2)" in shown.output  # the table, at any width
    toml = runner.invoke(app, ["policy", "show", "--toml"])
    assert Policy.from_toml_text(toml.stdout) == Policy()


def _terminal(*args, lang="zh", columns=80) -> str:
    """What an official sees in an 80-column terminal (a real process: rich reads COLUMNS)."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "COLUMNS": str(columns), "YIZHAN_LANG": lang}
    done = subprocess.run([sys.executable, "-c", "from yizhan.cli import main; main()", *args],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode in (0, 1), done.stderr
    return done.stdout


def test_check_at_80_columns_cuts_no_cell_and_speaks_one_language():
    from rich.cells import cell_len

    zh = _terminal("check")
    assert "…" not in zh and max(cell_len(line) for line in zh.splitlines()) <= 80
    assert "羲龙" in zh                      # the merged group 罗芳+羲龙, folded not cut
    assert "≥ 100.0%" in zh                  # the R4 target as a percentage, not 1.0
    assert "警告" in zh and "warning" not in zh and "二、（二）" in zh
    en = _terminal("check", lang="en")
    assert "…" not in en and "warning" in en and "警告" not in en and "§2(2)" in en
    data = run_json("check")
    office = [t for t in data["targets"] if t["rule"] == "R4"][0]
    assert f"{office['actual'] * 100:.1f}%" in zh and f"{office['actual'] * 100:.1f}%" in en
