"""``yizhan rollout``: the dry run on files or the bundled data, JSON or tables, exit codes."""

import json

import pandas as pd
from rollout_helpers import instance, roster
from typer.testing import CliRunner

from yizhan.cli import app

runner = CliRunner()
KEYS = {"stations", "headcount_before", "headcount_after", "stations_with_one_head_secretary",
        "violations", "changes"}


def write_files(tmp_path, plan_rows, **roster_overrides):
    inst = instance()
    inst.units.reset_index().to_csv(tmp_path / "units.csv", index=False)
    pd.DataFrame(inst.edges, columns=["a", "b"]).to_csv(tmp_path / "adj.csv", index=False)
    pd.DataFrame(plan_rows, columns=["code", "station"]).to_csv(tmp_path / "plan.csv", index=False)
    r = roster(**roster_overrides)
    r.people.to_csv(tmp_path / "people.csv", index=False)
    r.posts.to_csv(tmp_path / "posts.csv", index=False)
    r.party[["org_id", "unit", "name", "kind", "members"]].to_csv(tmp_path / "party.csv", index=False)
    assets = r.assets.assign(value_yuan=r.assets["value_fen"] / 100).drop(columns="value_fen")
    assets.to_csv(tmp_path / "assets.csv", index=False)
    r.funds.assign(amount_yuan=r.funds["amount_fen"] / 100).drop(columns="amount_fen") \
        .to_csv(tmp_path / "funds.csv", index=False)
    return ["--units", str(tmp_path / "units.csv"), "--adjacency", str(tmp_path / "adj.csv"),
            "--plan", str(tmp_path / "plan.csv"), "--people", str(tmp_path / "people.csv"),
            "--posts", str(tmp_path / "posts.csv"), "--party", str(tmp_path / "party.csv"),
            "--assets", str(tmp_path / "assets.csv"), "--funds", str(tmp_path / "funds.csv"),
            "--effective", "2006-08-31"]


def test_bundled_official_plan_rolls_out_to_83_stations_with_653_staff_and_names_what_to_change():
    result = runner.invoke(app, ["rollout", "--json", "--effective", "2006-08-31"])
    assert result.exit_code == 1, result.output  # R10 cannot be met on the synthetic data as is
    data = json.loads(result.stdout)
    assert KEYS <= set(data)
    assert (data["stations"], data["headcount_before"], data["headcount_after"]) == (83, 653, 653)
    assert data["synthetic"] is True
    for v in data["violations"]:
        assert {"rule", "article", "subject", "message", "message_en"} <= set(v)
        assert v["rule"] == "R10" and v["article"] == "二、（七）"
    assert {g["field"] for g in data["gaps"]} == {"pay_grade", "assets", "funds"}


def test_files_that_keep_every_invariant_exit_0(tmp_path):
    args = write_files(tmp_path, [("a", "A+B"), ("b", "A+B"), ("c", "C"), ("d", "D")])
    result = runner.invoke(app, ["rollout", *args, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["applicable"] and data["violations"] == []
    assets = {c["subject"]: c["data"] for c in data["changes"] if c["kind"] == "clear_asset"}
    assert assets["A1"]["value_fen"] == 500000 and assets["A1"]["destination"] == "district_government"


def test_a_plan_file_crossing_subdistricts_is_refused_naming_r6(tmp_path):
    args = write_files(tmp_path, [("a", "X"), ("b", "X"), ("c", "X"), ("d", "X")])
    result = runner.invoke(app, ["rollout", *args, "--json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["refused"] and data["changes"] == []
    assert "R6" in {v["rule"] for v in data["violations"]}


def test_tables_in_english_name_the_rule_and_the_counts(tmp_path):
    args = write_files(tmp_path, [("a", "A+B"), ("b", "A+B"), ("c", "C"), ("d", "D")])
    result = runner.invoke(app, ["rollout", *args, "--lang", "en"])
    assert result.exit_code == 0, result.output
    assert "station staff 13 before, 13 after" in result.output
    assert "can be applied: yes" in result.output


def test_bad_roster_files_are_listed_every_problem_and_exit_2(tmp_path):
    args = write_files(tmp_path, [("a", "A+B"), ("b", "A+B"), ("c", "C"), ("d", "D")])
    (tmp_path / "posts.csv").write_text("person_id,org,unit,role\nP01,station,zz,head\n"
                                        "P02,station,a,secretary\n", encoding="utf-8")
    result = runner.invoke(app, ["rollout", *args])
    assert result.exit_code == 2
    assert "zz" in result.output and "secretary" in result.output


def test_a_bad_effective_date_is_refused():
    result = runner.invoke(app, ["rollout", "--effective", "2006-13-01"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
