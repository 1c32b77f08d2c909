"""Small random instances and a brute-force solver to check the planner against."""

from __future__ import annotations

import itertools

import pandas as pd
from hypothesis import strategies as st

from yizhan.core import Instance, Plan, Policy
from yizhan.core.metrics import (band_deviation, cut_edges, disruption, evaluate, facility_area,
                                 facility_ok, facility_shortfall, is_connected, station_moved)

ORDERS = list(itertools.permutations(("band", "facilities", "disruption", "compactness")))


@st.composite
def small_instances(draw, max_units: int = 8, max_parents: int = 2):
    """An instance of 1..max_units units in 1..max_parents parents, edges drawn at random."""
    n = draw(st.integers(1, max_units))
    n_parents = draw(st.integers(1, min(max_parents, n)))
    parents = [draw(st.integers(0, n_parents - 1)) for _ in range(n)]
    codes = [f"u{i}" for i in range(n)]
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    edges = [(codes[i], codes[j]) for (i, j) in pairs if draw(st.booleans())]
    hh = st.sampled_from([500, 1500, 2500, 3000, 4000, 5500, 6000, 7000, 8000, 9500, 10000, 12000])
    area = st.sampled_from([0.0, 150.0, 250.0, 950.0, 1200.0])
    station_of = [draw(st.integers(0, max(0, n // 2))) for _ in range(n)]
    records = [dict(code=codes[i], name=f"N{i}", parent=f"P{parents[i]}", households=draw(hh),
                    office_m2=draw(area), service_m2=draw(area), plaza_m2=draw(area),
                    self_contained=draw(st.booleans()), station=f"S{station_of[i]}")
               for i in range(n)]
    return Instance.from_records(records, edges=edges, name="random")


@st.composite
def policies(draw):
    order = draw(st.sampled_from(ORDERS))
    return Policy.from_dict({
        "facilities": {"aggregation": draw(st.sampled_from(["max", "sum"])),
                       "r5_mode": draw(st.sampled_from(["each", "both"]))},
        "exemption": {"require_self_contained": draw(st.booleans())},
        "objective": {"order": list(order)},
    })


def feasible_partitions(instance: Instance, check=None):
    """Every partition into contiguous stations inside one parent (R1, R6), as lists of groups."""
    units = instance.units
    codes = instance.codes
    graph = instance.graph

    def ok_group(group):
        return (units.loc[list(group), "parent"].nunique() == 1 and is_connected(graph, group)
                and (check is None or check(group)))

    def rec(left):
        if not left:
            yield []
            return
        first, rest = left[0], left[1:]
        for r in range(len(rest) + 1):
            for others in itertools.combinations(rest, r):
                group = (first, *others)
                if not ok_group(group):
                    continue
                remaining = [c for c in rest if c not in others]
                for tail in rec(remaining):
                    yield [list(group)] + tail

    yield from rec(codes)


def objective_vector(instance: Instance, plan: Plan, policy: Policy) -> tuple:
    """The lexicographic objective vector of a plan, computed with the core's metrics only."""
    m = evaluate(instance, plan, policy)
    values = {"band": m.band_deviation,
              "facilities": sum(facility_shortfall(m.table, policy).values()),
              "disruption": disruption(instance, plan),
              "compactness": cut_edges(instance, plan)}
    return tuple(values[t] for t in policy.objective.order)


def fast_vector(instance: Instance, groups, policy: Policy, cache: dict) -> tuple:
    """:func:`objective_vector` from per-station pieces (each a core function), cached."""
    units = instance.units
    current = instance.current_plan()
    members_of = current.stations()
    rows = []
    for g in groups:
        key = frozenset(g)
        if key not in cache:
            u = units.loc[list(g)]
            row = {"band": int(band_deviation([u["households"].sum()], [len(g)],
                                              [u["self_contained"].all()], policy)[0]),
                   "moved": station_moved(list(g), current.assignment, members_of)}
            for f in ("office", "service", "plaza"):
                area = facility_area(u[f"{f}_m2"].to_numpy(), policy.facilities.aggregation)
                row[f"{f}_ok"] = bool(facility_ok(area, f, policy))
            cache[key] = row
        rows.append(cache[key])
    table = pd.DataFrame(rows)
    plan = Plan.from_groups(groups)
    values = {"band": int(table["band"].sum()),
              "facilities": sum(facility_shortfall(table, policy).values()),
              "disruption": int(table["moved"].sum()),
              "compactness": cut_edges(instance, plan)}
    return tuple(values[t] for t in policy.objective.order)


def brute_force(instance: Instance, policy: Policy, *, check=None, n_stations=None):
    """The lexicographically least objective vector over all feasible partitions (or None)."""
    best = None
    cache: dict = {}
    for groups in feasible_partitions(instance, check):
        if n_stations is not None and not n_stations(groups):
            continue
        vec = fast_vector(instance, groups, policy, cache)
        if best is None or vec < best:
            best = vec
    return best


def frame_of(instance: Instance) -> pd.DataFrame:
    return instance.units.reset_index()


def check_result(result) -> None:
    """What every planner result must satisfy (called on every solve of the planner tests).

    A plan covers every unit once with contiguous stations inside one parent; each total of
    the report equals the core's metric of that plan; each band explanation names units of
    stations the plan leaves outside the band, and every such station has one.
    """
    if result.plan is None:
        assert result.status in ("infeasible", "unknown") and result.explanations
        return
    inst, policy, plan = result.instance, result.policy, result.plan
    assert result.status in ("optimal", "feasible")
    assert not plan.coverage_problems(inst.codes)
    m = evaluate(inst, plan, policy)
    assert m.contiguous and not m.crosses_parent
    core = {"band": m.band_deviation, "facilities": sum(facility_shortfall(m.table, policy).values()),
            "disruption": disruption(inst, plan), "compactness": cut_edges(inst, plan)}
    report = result.report
    proven = True
    for term in policy.objective.order:
        st = result.totals[term]
        assert st.value == core[term] == report["totals"][term]["value"], term
        assert 0 <= st.bound <= st.value and st.status in ("optimal", "feasible")
        assert st.status != "optimal" or st.bound == st.value
        assert st.value > 0 or st.status == "optimal", term  # nothing is less than 0
        # a stage's bound holds given the earlier terms: after an unproven term only 0 is
        # proven (and for compactness the edges between parents, cut by every plan)
        assert proven or st.status != "optimal" or st.value == 0 or term == "compactness", term
        proven = proven and st.status == "optimal"
    for r in result.parents:  # the terms each parent solved on its own
        for st in r.stages:
            assert r.values[st.term] > 0 or r.status[st.term] == "optimal", st.term
    assert report["metrics"]["band_deviation"] == core["band"]
    assert sum(report["facility_shortfall"].values()) == core["facilities"]
    table = m.table
    off = table[table["band_deviation"] > 0]
    off_units = {c for members in off["members"] for c in members}
    covered = set()
    for f in result.explanations:
        if f.rule in ("R2", "R3", "R6") and f.subject not in set(inst.units["parent"]):
            units = set(f.subject.split("+"))
            assert units <= off_units, (f.subject, f.message_en)
            covered |= units
    small_parents = {p for p, codes in inst.by_parent().items()
                     if inst.units.loc[codes, "households"].sum() < policy.band.min_households}
    for members in off["members"]:
        if inst.units.at[members[0], "parent"] not in small_parents:
            assert set(members) <= covered, members
