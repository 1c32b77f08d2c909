"""yizhan's planner against PySAL spopt's MaxPHeuristic, side by side, on the same instances.

Instances: the bundled Luohu 2006 data (SYNTHETIC attributes) and generated instances of about
100, 1,000 and 10,000 units in parents of 6–40 units, each with a planted plan that meets
every target (``yizhan.planner.synthetic``).

spopt runs per parent (a station may not cross a parent), threshold = the band minimum,
weights with positional ids 0..n-1. spopt 0.7.0 can loop forever in its annealing phase on
small problems, so every call runs in its own process with a time limit; a call that passes
it is killed and counted as a hang (its parent's units then stay one station each). A total
budget per instance bounds the run; parents not reached are reported as not covered.

Usage::

    .venv/bin/python benchmarks/planner_vs_spopt.py [--sizes 100 1000 10000] [--no-luohu]
        [--spopt-timeout 20] [--spopt-budget 900] [--seed 0]

Prints one table per instance and a summary; RESULTS.md records a run with its command.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import time
import warnings

from yizhan.core import Plan, Policy, evaluate
from yizhan.core.metrics import facility_shortfall
from yizhan.planner import Planner
from yizhan.planner.synthetic import planted_instance


def spopt_parent(instance, parent, threshold, queue):
    """Run MaxPHeuristic on one parent and put its groups (lists of codes) on ``queue``."""
    warnings.filterwarnings("ignore")
    import geopandas as gpd
    import libpysal
    from shapely.geometry import Point
    from spopt.region import MaxPHeuristic

    codes = instance.units_of(parent)
    idx = {c: i for i, c in enumerate(codes)}
    units = instance.units.loc[codes]
    xs = units["x"].fillna(0).to_numpy()
    ys = units["y"].fillna(0).to_numpy()
    gdf = gpd.GeoDataFrame({"households": units["households"].to_numpy()},
                           geometry=[Point(x + 1e-6 * i, y) for i, (x, y) in enumerate(zip(xs, ys))])
    neighbours = {i: [] for i in range(len(codes))}
    for a, b in instance.edges:
        if a in idx and b in idx:
            neighbours[idx[a]].append(idx[b])
            neighbours[idx[b]].append(idx[a])
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    model = MaxPHeuristic(gdf, w, ["households"], "households", threshold, top_n=2)
    model.solve()
    groups: dict = {}
    for code, label in zip(codes, model.labels_):
        groups.setdefault(int(label), []).append(code)
    queue.put(list(groups.values()))


def run_spopt(instance, policy, timeout, budget):
    """Per-parent MaxP with a time limit per call and a total budget; groups and counts."""
    ctx = mp.get_context("fork")
    groups, stats = [], {"hangs": 0, "errors": 0, "covered": 0, "parents": len(instance.parents),
                         "covered_parents": []}
    start = time.perf_counter()
    for parent in instance.parents:
        codes = instance.units_of(parent)
        if time.perf_counter() - start > budget:
            groups += [[c] for c in codes]
            continue
        queue = ctx.Queue()
        proc = ctx.Process(target=spopt_parent,
                           args=(instance, parent, policy.band.min_households, queue))
        proc.start()
        result = None
        try:
            result = queue.get(timeout=timeout)
        except Exception:  # queue.Empty on a hang; the child's own exception leaves no result
            pass
        proc.join(1)
        if proc.is_alive():
            proc.kill()
            proc.join()
        if result is None:
            stats["hangs" if proc.exitcode in (None, -9) else "errors"] += 1
            groups += [[c] for c in codes]
        else:
            groups += result
            stats["covered"] += 1
            stats["covered_parents"].append(parent)
    stats["seconds"] = time.perf_counter() - start
    return Plan.from_groups(groups, name="spopt"), stats


def quality(instance, plan, policy) -> dict:
    m = evaluate(instance, plan, policy)
    short = facility_shortfall(m.table, policy)
    return {"stations": m.stations, "band_deviation": m.band_deviation,
            "office": m.office_share, "service": m.service_share, "plaza": m.plaza_share,
            "targets_met": all(v == 0 for v in short.values()) and m.band_deviation == 0,
            "facility_shortfall": sum(short.values()), "contiguous": m.contiguous}


def bench(name, instance, args, policy):
    t0 = time.perf_counter()
    result = Planner(instance, policy, time_limit=args.time_limit, seed=args.seed).solve()
    ours_s = time.perf_counter() - t0
    ours = quality(instance, result.plan, policy)
    band_proven = sum(1 for r in result.parents if r.status.get("band") == "optimal")
    all_proven = sum(1 for r in result.parents if set(r.status.values()) == {"optimal"})
    proof = None
    if result.status != "optimal" and instance.n_units <= 2000:  # the joint model, for a proof
        t1 = time.perf_counter()
        proved = Planner(instance, policy, time_limit=args.time_limit, seed=args.seed,
                         joint_limit=10**6).solve()
        proof = (time.perf_counter() - t1, proved)
    spopt_plan, st = run_spopt(instance, policy, args.spopt_timeout, args.spopt_budget)
    theirs = quality(instance, spopt_plan, policy)
    print(f"\n## {name}: {instance.n_units} units, {len(instance.parents)} parents"
          f"{' (SYNTHETIC)' if instance.synthetic else ''}")
    print(f"{'':28}{'yizhan':>16}{'spopt MaxP':>16}")
    print(f"{'time (s)':28}{ours_s:>16.2f}{st['seconds']:>16.2f}")
    print(f"{'speed-up (spopt / yizhan)':28}{st['seconds'] / ours_s:>16.1f}")
    for key, label in [("stations", "stations"), ("band_deviation", "band deviation (hh)"),
                       ("office", "office share (R4)"), ("service", "service share (R5)"),
                       ("plaza", "plaza share (R5)"), ("facility_shortfall", "facility shortfall"),
                       ("targets_met", "every target met"), ("contiguous", "contiguous")]:
        a, b = ours[key], theirs[key]
        fmt = (lambda v: f"{v:.1%}") if isinstance(a, float) else str
        print(f"{label:28}{fmt(a):>16}{fmt(b):>16}")
    print(f"yizhan status {result.status}; terms: "
          + ", ".join(f"{t} {s.value} (≥{s.bound}, {s.status})" for t, s in result.totals.items()))
    if proof is not None:
        sec, proved = proof
        print(f"yizhan with the joint model (joint_limit=10**6): {sec:.2f} s, status {proved.status}; "
              + ", ".join(f"{t} {s.value} (≥{s.bound}, {s.status})" for t, s in proved.totals.items()))
    print(f"yizhan parents with band proven optimal: {band_proven}/{len(result.parents)}; "
          f"with every term proven: {all_proven}/{len(result.parents)}")
    print(f"spopt parents covered {st['covered']}/{st['parents']}, hangs {st['hangs']} "
          f"(killed after {args.spopt_timeout:g} s), errors {st['errors']}"
          + (f", budget {args.spopt_budget:g} s reached" if st["covered"] + st["hangs"] + st["errors"]
             < st["parents"] else ""))
    if st["covered"] < st["parents"]:  # compare on the parents spopt did cover
        codes = [c for p in st["covered_parents"] for c in instance.units_of(p)]
        sub = instance.subset(codes)
        a = quality(sub, Plan({c: result.plan.assignment[c] for c in codes}), policy)
        b = quality(sub, Plan({c: spopt_plan.assignment[c] for c in codes}), policy)
        print(f"on the {st['covered']} parents spopt covered ({len(codes)} units): "
              f"stations {a['stations']} / {b['stations']}, band deviation {a['band_deviation']} / "
              f"{b['band_deviation']}, office {a['office']:.1%} / {b['office']:.1%}, service "
              f"{a['service']:.1%} / {b['service']:.1%}, plaza {a['plaza']:.1%} / {b['plaza']:.1%}, "
              f"every target met {a['targets_met']} / {b['targets_met']} (yizhan / spopt)")
    return {"name": name, "units": instance.n_units, "ours_s": ours_s, "spopt_s": st["seconds"],
            "ours": ours, "spopt": theirs, "status": result.status, "band_proven": band_proven,
            "parents": len(result.parents), "hangs": st["hangs"], "covered": st["covered"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--no-luohu", action="store_true")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--spopt-timeout", type=float, default=20.0)
    parser.add_argument("--spopt-budget", type=float, default=900.0)
    args = parser.parse_args()
    policy = Policy()
    rows = []
    if not args.no_luohu:
        from yizhan.data.bundled import load_luohu

        rows.append(bench("Luohu 2006 (bundled)", load_luohu().instance, args, policy))
    for n in args.sizes:
        inst, planted = planted_instance(n, seed=args.seed, policy=policy)
        rows.append(bench(f"planted-{n}", inst, args, policy))
    print("\n## summary")
    print(f"{'instance':24}{'units':>7}{'yizhan s':>10}{'spopt s':>10}{'ratio':>8}"
          f"{'band y/s':>16}{'targets y/s':>13}{'hangs':>7}")
    for r in rows:
        print(f"{r['name']:24}{r['units']:>7}{r['ours_s']:>10.2f}{r['spopt_s']:>10.2f}"
              f"{r['spopt_s'] / r['ours_s']:>8.1f}"
              f"{str(r['ours']['band_deviation']) + '/' + str(r['spopt']['band_deviation']):>16}"
              f"{str(r['ours']['targets_met'])[0] + '/' + str(r['spopt']['targets_met'])[0]:>13}"
              f"{r['hangs']:>7}")


if __name__ == "__main__":
    main()
