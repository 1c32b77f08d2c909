"""yizhan's planner against PySAL spopt's MaxPHeuristic: both timed as whole processes.

Fairness, and what each number means:

- **Same inputs**: both sides read the same ``units.csv`` and ``adjacency.csv``, written by
  ``benchmarks/instances.py`` (the bundled Luohu 2006 files; planted instances with the seed
  stated in the output).
- **Whole processes**: each side is one fresh process per instance and run — interpreter
  start, imports (spopt, geopandas, libpysal once; yizhan's own), reading the files, solving
  every subdistrict and writing the plan. yizhan is the ``yizhan plan --units … --adjacency …
  --out … --processes 1`` command with its default settings otherwise (one process, CP-SAT
  with one worker, as spopt has one); spopt is
  ``benchmarks/spopt_maxp.py`` (MaxP per subdistrict, threshold = the band minimum).
- **Seeded**: ``--seed`` goes to both (yizhan's CP-SAT seed; numpy's and random's generators
  before every spopt call), so every run of a side should give the same plan; the output says
  whether it did.
- **Repeated**: ``--repeats`` runs per side, alternating the sides, minimum and median shown;
  ratios are spopt / yizhan of the medians (and of the minima).
- spopt 0.7.0 can loop forever on small problems: each call has ``--spopt-timeout`` CPU seconds
  and is then counted as a hang; ``--spopt-budget`` bounds a whole spopt run.

Quality is measured afterwards, untimed, on the plans the two processes wrote, with
``yizhan.core.evaluate``. Usage::

    .venv/bin/python benchmarks/planner_vs_spopt.py [luohu planted-100 planted-1000]
        [--repeats 3] [--seed 0] [--spopt-timeout 20] [--spopt-budget 900] [--yizhan-processes 1]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from instances import DEFAULT_DIR, ensure
from timing import run, summary, uptime, yizhan_command

from yizhan.core import Plan, Policy, evaluate
from yizhan.core.metrics import facility_shortfall
from yizhan.data.importers import load_instance

HERE = Path(__file__).resolve().parent


def quality(instance, plan, policy) -> dict:
    """The planner's lexicographic terms and targets for ``plan`` (untimed)."""
    m = evaluate(instance, plan, policy)
    short = facility_shortfall(m.table, policy)
    return {"stations": m.stations, "band": m.band_deviation,
            "shortfall": sum(short.values()), "contiguous": m.contiguous,
            "targets": m.band_deviation == 0 and not any(short.values())}


def bench(name: str, folder: Path, args, policy: Policy, work: Path) -> dict:
    units, adjacency = folder / "units.csv", folder / "adjacency.csv"
    sides = {"yizhan": [], "spopt": []}
    plans = {"yizhan": [], "spopt": []}
    stats, status = [], []
    for r in range(args.repeats):
        out, report = work / f"{name}-yizhan-{r}.csv", work / f"{name}-yizhan-{r}.json"
        sides["yizhan"].append(run(yizhan_command() + [
            "plan", "--units", str(units), "--adjacency", str(adjacency), "--out", str(out),
            "--report", str(report), "--seed", str(args.seed),
            "--processes", str(args.yizhan_processes)]))
        plans["yizhan"].append(Plan.read_csv(out))
        status.append(json.loads(report.read_text(encoding="utf-8"))["status"])
        out, st = work / f"{name}-spopt-{r}.csv", work / f"{name}-spopt-{r}.json"
        sides["spopt"].append(run([sys.executable, str(HERE / "spopt_maxp.py"), str(folder),
                                   "--out", str(out), "--stats", str(st), "--seed", str(args.seed),
                                   "--threshold", str(policy.band.min_households),
                                   "--timeout", str(args.spopt_timeout),
                                   "--budget", str(args.spopt_budget)]))
        plans["spopt"].append(Plan.read_csv(out))
        stats.append(json.loads(st.read_text(encoding="utf-8")))
    instance, _ = load_instance(units, adjacency)
    row = {"name": name, "units": instance.n_units, "parents": len(instance.parents),
           "status": sorted(set(status)), "stats": stats[-1]}
    for side in sides:
        runs = sides[side]
        assert all(m.returncode == 0 for m in runs), f"{side} failed on {name}: {runs}"
        row[side] = {"wall": summary([m.wall for m in runs]), "cpu": summary([m.cpu for m in runs]),
                     "rss": max(m.max_rss_mb for m in runs),
                     "same_plan": all(p.assignment == plans[side][0].assignment for p in plans[side]),
                     "quality": quality(instance, plans[side][0], policy),
                     "walls": [m.wall for m in runs], "loads": [m.load_before for m in runs]}
    return row


def print_instance(row, args) -> None:
    y, s = row["yizhan"], row["spopt"]
    st = row["stats"]
    print(f"\n## {row['name']}: {row['units']} units, {row['parents']} subdistricts")
    print("| | yizhan | spopt MaxP |\n| --- | ---: | ---: |")
    for key, label in (("wall", "wall s"), ("cpu", "CPU s")):
        print(f"| {label}, min / median | {y[key][0]:.2f} / {y[key][1]:.2f} "
              f"| {s[key][0]:.2f} / {s[key][1]:.2f} |")
    print(f"| wall s, each run | {', '.join(f'{w:.2f}' for w in y['walls'])} "
          f"| {', '.join(f'{w:.2f}' for w in s['walls'])} |")
    print(f"| load average before each run | {', '.join(f'{v:.1f}' for v in y['loads'])} "
          f"| {', '.join(f'{v:.1f}' for v in s['loads'])} |")
    print(f"| peak memory MB (largest process) | {y['rss']:.0f} | {s['rss']:.0f} |")
    print(f"| same plan in every run | {y['same_plan']} | {s['same_plan']} |")
    for key, label in (("stations", "stations"), ("band", "band deviation (households)"),
                       ("shortfall", "facility shortfall (stations)"),
                       ("targets", "every target met"), ("contiguous", "contiguous")):
        print(f"| {label} | {y['quality'][key]} | {s['quality'][key]} |")
    print(f"| yizhan status / spopt calls | {', '.join(row['status'])} "
          f"| {len(st['covered'])} done, {len(st['hangs'])} hangs (> {args.spopt_timeout:g} CPU s), "
          f"{len(st['errors'])} errors, {len(st['not_tried'])} not tried |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=["luohu", "planted-100", "planted-1000"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--spopt-timeout", type=float, default=20.0)
    parser.add_argument("--spopt-budget", type=float, default=900.0)
    parser.add_argument("--instances", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--yizhan-processes", type=int, default=1)
    args = parser.parse_args()
    policy = Policy()
    print(f"start: {uptime()}")
    print(f"instances: benchmarks/instances.py {args.instances} {' '.join(args.names)} "
          f"--seed {args.seed}; {args.repeats} runs per side, sides alternating")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.names:
            rows.append(bench(name, ensure(name, args.seed, args.instances), args, policy, Path(tmp)))
            print_instance(rows[-1], args)
    print("\n## summary (spopt / yizhan, whole processes)")
    print("| instance | units | yizhan wall s (median) | spopt wall s (median) | ratio of medians "
          "| ratio of minima | CPU ratio (medians) | band yizhan / spopt | targets yizhan / spopt |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for r in rows:
        y, s = r["yizhan"], r["spopt"]
        print(f"| {r['name']} | {r['units']} | {y['wall'][1]:.2f} | {s['wall'][1]:.2f} "
              f"| {s['wall'][1] / y['wall'][1]:.1f}× | {s['wall'][0] / y['wall'][0]:.1f}× "
              f"| {s['cpu'][1] / y['cpu'][1]:.1f}× | {y['quality']['band']:,} / {s['quality']['band']:,} "
              f"| {'yes' if y['quality']['targets'] else 'no'} / {'yes' if s['quality']['targets'] else 'no'} |")
    print(f"end: {uptime()}")


if __name__ == "__main__":
    main()
