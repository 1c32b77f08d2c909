"""A plan whenever one exists, statuses that say only what was proven, explanations that
agree with the plan, and the same plan on a busy machine (issue 9 items 1, 2 and 4).

The work limit is CP-SAT's deterministic time, so "the limit runs out in stage k" can be
forced exactly: :func:`_cut_from` gives every solve from the k-th on a limit of 0.
"""

import json
import multiprocessing
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from planner_helpers import small_instances
from typer.testing import CliRunner

from yizhan.cli import app
from yizhan.core import Instance, Plan, Policy
from yizhan.data.bundled import load_luohu
from yizhan.planner import Pins, Planner
from yizhan.planner.solver import make_solver
from yizhan.planner.synthetic import planted_instance

runner = CliRunner()


def _cut_from(monkeypatch, k: int) -> list:
    """Every CP-SAT solve from the k-th on gets a work limit of 0 (it stops at once)."""
    calls = []

    def limited(time_limit, seed, workers=1, linearization_level=None):
        calls.append(time_limit)
        return make_solver(0.0 if len(calls) > k else time_limit, seed, workers,
                           linearization_level)

    for mod in ("exact", "master"):
        monkeypatch.setattr(f"yizhan.planner.{mod}.make_solver", limited)
    return calls


def _count_solves(monkeypatch, planner) -> int:
    calls = _cut_from(monkeypatch, 10**9)
    planner.solve()
    return len(calls)


@pytest.mark.parametrize("name,joint_limit", [("luohu", 20_000), ("planted", 20_000),
                                               ("planted", 0)])
def test_a_plan_whichever_solve_the_limit_stops(monkeypatch, name, joint_limit):
    """Without pins: stop every solve from the k-th on, for every k — always a plan (the
    parents' stages, the joint model, and with ``joint_limit=0`` the master step)."""
    inst = load_luohu().instance if name == "luohu" else planted_instance(120, seed=5)[0]
    planner = Planner(inst, joint_limit=joint_limit, processes=1)
    n = _count_solves(monkeypatch, planner)
    assert n >= 5
    statuses = set()
    for k in range(n + 1):
        _cut_from(monkeypatch, k)
        result = planner.solve()  # check_result (conftest) checks plan, totals and texts
        assert result.plan is not None
        statuses.add(result.status)
        if k == 0:
            assert result.status == "feasible"
    assert "feasible" in statuses and ("optimal" in statuses or not joint_limit)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(small_instances(max_units=7, max_parents=2), st.integers(0, 12))
def test_without_pins_no_plan_is_never_said(monkeypatch, instance, k):
    _cut_from(monkeypatch, k)
    result = Planner(instance, Policy()).solve()
    assert result.plan is not None and result.status in ("optimal", "feasible")


def _path(n, hh=4000, parent="P"):
    return Instance.from_records(
        [dict(code=f"u{i}", name=f"N{i}", parent=parent, households=hh, office_m2=300)
         for i in range(n)], edges=[(f"u{i}", f"u{i + 1}") for i in range(n - 1)])


def test_pinned_count_found_when_the_limit_allows_and_unknown_when_not(monkeypatch):
    inst = _path(8)
    assert Planner(inst, pins=Pins(stations={"P": 3})).solve().plan.n_stations == 3
    _cut_from(monkeypatch, 0)  # no seed satisfies the count, and no solve may run
    result = Planner(inst, pins=Pins(stations={"P": 3})).solve()
    assert result.plan is None and result.status == "unknown"
    assert "none was proven impossible" in result.explanations[0].message_en


def test_pinned_total_with_the_limit_hit_in_the_joint_solve(monkeypatch):
    inst = Instance.from_records(
        [dict(code=f"{p}{i}", name=f"{p}{i}", parent=p, households=3000, office_m2=300)
         for p in "PQ" for i in range(4)],
        edges=[(f"{p}{i}", f"{p}{i + 1}") for p in "PQ" for i in range(3)])
    pins = Pins(stations=3)
    planner = Planner(inst, pins=pins)
    n = _count_solves(monkeypatch, planner)
    for k in range(n + 1):
        _cut_from(monkeypatch, k)
        result = planner.solve()
        if result.plan is not None:
            assert result.plan.n_stations == 3
        else:
            assert result.status == "unknown"  # never "infeasible": 3 stations exist
    _cut_from(monkeypatch, 10**9)
    assert planner.solve().status == "optimal"


def test_infeasible_only_when_proven_and_the_pin_is_named():
    islands = Instance.from_records([dict(code=c, name=c, parent="P", households=4000)
                                     for c in "ab"])
    result = Planner(islands, pins=Pins(stations={"P": 1})).solve()
    assert result.status == "infeasible" and result.plan is None
    assert [f.rule for f in result.explanations] == ["R6"]
    assert "pinned number of stations, 1" in result.explanations[0].message_en
    inst = _path(3)  # u0-u1-u2: u0 and u2 together need u1, which may not join u0
    result = Planner(inst, pins=Pins(never=[("u0", "u1")], together=[("u0", "u2")])).solve()
    assert result.status == "infeasible"
    text = " ".join(f.message_en for f in result.explanations)
    assert "never merge u0+u1" in text and "always merge u0+u2" in text
    result = Planner(inst, pins=Pins(max_units=2, together=[("u0", "u2")])).solve()
    assert result.status == "infeasible"
    text = " ".join(f.message_en for f in result.explanations)
    assert "at most 2 units per station" in text and "always merge u0+u2" in text


def test_cli_writes_the_plan_and_exits_0_when_the_limit_stops_the_solver(monkeypatch, tmp_path):
    out, rep = tmp_path / "plan.csv", tmp_path / "r.json"
    _cut_from(monkeypatch, 0)  # every solve stops at once
    result = runner.invoke(app, ["plan", "--out", str(out), "--report", str(rep)])
    assert result.exit_code == 0, result.output
    report = json.loads(rep.read_text(encoding="utf-8"))
    assert report["status"] == "feasible"
    assert all(t["lower_bound"] <= t["value"] for t in report["totals"].values())
    plan = Plan.read_csv(out)
    assert not plan.coverage_problems(load_luohu().instance.codes)


def _official_counts():
    luohu = load_luohu()
    parent = luohu.instance.units["parent"]
    counts = {}
    for members in luohu.official_plan.stations().values():
        counts[parent[members[0]]] = counts.get(parent[members[0]], 0) + 1
    return counts


@pytest.mark.slow
@pytest.mark.parametrize("stations", [["83"], "official"])
def test_official_station_counts_give_a_plan(tmp_path, stations):
    if stations == "official":
        stations = [f"{p}={k}" for p, k in _official_counts().items()]
    out = tmp_path / "plan.csv"
    args = ["plan", "--out", str(out), "--json"] + [a for s in stations for a in ("--stations", s)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] in ("optimal", "feasible")
    plan = Plan.read_csv(out)
    assert plan.n_stations == 83
    if len(stations) > 1:
        luohu = load_luohu()
        parent = luohu.instance.units["parent"]
        got = {}
        for members in plan.stations().values():
            got[parent[members[0]]] = got.get(parent[members[0]], 0) + 1
        assert got == _official_counts()


def test_explanation_of_small_units_merged_with_a_large_one_agrees_with_the_plan():
    """X2 and X3 border only the large X4 (exempt alone); the plan merges all three, so the
    text must say so — not that X2 and X3 stay alone."""
    inst = Instance.from_records(
        [dict(code="X1", name="X1", parent="P", households=8000),
         dict(code="X2", name="X2", parent="P", households=900),
         dict(code="X3", name="X3", parent="P", households=800),
         dict(code="X4", name="X4", parent="P", households=11000)],
        edges=[("X1", "X4"), ("X2", "X3"), ("X3", "X4")])
    result = Planner(inst).solve()
    groups = sorted(sorted(m) for m in result.plan.stations().values())
    assert groups == [["X1"], ["X2", "X3", "X4"]] and result.totals["band"].value == 2700
    (f,) = [f for f in result.explanations if f.rule == "R3"]
    assert f.subject == "X2+X3+X4"
    assert "merges them into" in f.message_en and "2700 above the maximum" in f.message_en
    assert "keeps them apart" not in f.message_en


def _burn(stop):
    while not stop.is_set():
        sum(i * i for i in range(10_000))


def test_the_same_plan_on_a_busy_machine():
    """Work limits that bind (the result is only feasible) give the same plan whether the
    other core is idle or busy."""
    inst, _ = planted_instance(150, seed=4)
    kwargs = dict(time_limit=0.02, seed=3, processes=1, joint_limit=0)
    idle = Planner(inst, **kwargs).solve()
    assert idle.status == "feasible"  # some solve was stopped by the limit
    ctx = multiprocessing.get_context("spawn")
    stop = ctx.Event()
    burners = [ctx.Process(target=_burn, args=(stop,)) for _ in range(2)]
    for b in burners:
        b.start()
    try:
        time.sleep(0.5)
        busy = Planner(inst, **kwargs).solve()
    finally:
        stop.set()
        for b in burners:
            b.join(10)
    assert busy.plan.assignment == idle.plan.assignment
    assert {t: (s.value, s.bound) for t, s in busy.totals.items()} == \
        {t: (s.value, s.bound) for t, s in idle.totals.items()}


@pytest.mark.slow
def test_processes_give_the_serial_plan():
    inst, _ = planted_instance(1200, seed=6)
    serial = Planner(inst, processes=1).solve()
    parallel = Planner(inst, processes=2).solve()
    assert parallel.plan.assignment == serial.plan.assignment
    assert [r.values for r in parallel.parents] == [r.values for r in serial.parents]
