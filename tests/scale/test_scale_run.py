"""National runs on Dask: resumable (nothing lost or written twice), the same plan wherever a
district is solved, honest statuses, and refusal of a folder holding another run."""

import json

import pandas as pd
import pytest
from scale_helpers import parents_of, plan_of

from yizhan.core.policy import Policy
from yizhan.planner import Planner
from yizhan.planner.parent import Settings
from yizhan.scale.batches import Manifest, ManifestError
from yizhan.scale.run import run_national
from yizhan.scale.store import Store


def test_every_parent_and_committee_is_planned_exactly_once(reference, sample_dir):
    out, summary = reference
    units = pd.read_parquet(sample_dir / "units")
    plan = plan_of(out)
    assert plan["code"].is_unique and set(plan["code"]) == set(units["code"])
    parents = pd.read_parquet(out / "parents.parquet")
    assert parents["parent"].is_unique and len(parents) == summary["parents"]
    # a station lies in one parent, and the stations counted per parent are the plan's
    station_parents = plan.groupby("station")["parent"].nunique()
    assert (station_parents == 1).all()
    assert plan.groupby("parent")["station"].nunique().sort_index().tolist() == \
        parents.set_index("parent")["stations"].sort_index().tolist()
    assert summary["stations"] == plan["station"].nunique()


def test_statuses_are_the_planners_and_optimal_only_when_proven(reference):
    out, summary = reference
    parents = pd.read_parquet(out / "parents.parquet")
    assert set(parents["status"]) <= {"optimal", "feasible"}
    optimal = parents["status"] == "optimal"
    assert (parents.loc[optimal, "unproven"] == "").all()
    assert (parents.loc[~optimal, "unproven"] != "").all()
    assert (parents["band_bound"] <= parents["band_deviation"]).all()
    assert summary["parents_optimal"] == int(optimal.sum())
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["parents"] == len(parents)


def test_a_district_planned_alone_gets_the_same_plan(reference, sample_dir):
    out, _ = reference
    plan = plan_of(out).set_index("code")["station"]
    store = Store(sample_dir)
    parents = store.parents()
    for province, rows in list(parents.groupby("province"))[:3]:
        for district, inst in store.instances(province, sorted(rows["district"].unique())):
            alone = Planner(inst, Policy(), workers=1, processes=1).solve().plan
            for members in alone.stations().values():
                assert plan[members].nunique() == 1  # the same groups ...
            assert len(alone.stations()) == plan[inst.codes].nunique()  # ... and no others


def test_interrupted_and_resumed_gives_the_uninterrupted_result(reference, sample_dir, inproc,
                                                                tmp_path):
    ref_out, ref = reference
    out = tmp_path / "resumed"
    first = run_national(sample_dir, out, scheduler=inproc, batch_units=25, stop_after=2)
    assert first["finished"] is False and first["batches_done"] == 2
    # a batch whose commit mark was never written (the client killed between files): its
    # files are there, but it is not done, and will be solved again and replaced
    manifest = Manifest(out, json.loads((out / "manifest.json").read_text(encoding="utf-8")))
    pending = manifest.todo()[0]
    (out / "plan" / f"{pending.name}.parquet").write_bytes(b"half a file")
    again = run_national(sample_dir, out, scheduler=inproc, batch_units=25)
    assert again["session"]["batches"] == ref["batches"] - 2  # finished ones not solved again
    pd.testing.assert_frame_equal(plan_of(out), plan_of(ref_out))
    pd.testing.assert_frame_equal(parents_of(out), parents_of(ref_out))
    for key in ("stations", "band_deviation", "parents_optimal", "districts"):
        assert again[key] == ref[key]
    # a finished run run again solves nothing and says the same
    third = run_national(sample_dir, out, scheduler=inproc, batch_units=25)
    assert third["session"]["batches"] == 0 and third["stations"] == ref["stations"]


def test_a_folder_of_another_run_is_refused(reference, sample_dir, inproc):
    out, _ = reference
    with pytest.raises(ManifestError):
        run_national(sample_dir, out, scheduler=inproc, settings=Settings(seed=1))


def test_the_cli_runs_and_resumes(sample_dir, inproc, tmp_path, reference):
    from typer.testing import CliRunner

    from yizhan.cli import app

    out = tmp_path / "cli"
    args = ["--lang", "en", "plan", "--instance", str(sample_dir), "--out", str(out),
            "--scheduler", inproc, "--batch-units", "25"]
    done = CliRunner().invoke(app, args)
    assert done.exit_code == 0, done.output
    assert "SYNTHETIC" in done.output and "parents proven optimal" in done.output
    pd.testing.assert_frame_equal(plan_of(out), plan_of(reference[0]))
    mixed = CliRunner().invoke(app, args + ["--keep", "x"])
    assert mixed.exit_code == 2
