"""How the planner's cost grows with the instance: wall clock, CPU and peak memory.

Each measurement is one fresh ``yizhan plan --units … --adjacency … --out … --report …``
process on a planted instance of ``benchmarks/instances.py`` (``planted-N``, subdistricts of
6–40 units, SYNTHETIC, seed stated), default settings and ``--processes P`` worker processes
for the subdistricts. Measured (``benchmarks/timing.py``): wall clock; CPU of the process and
the workers it waited for; peak resident memory of the largest single process and the peak of
the whole process tree (sampled every 0.1 s); the planner's own solve seconds and status from
the report. Ratios compare each size with the smallest: units, wall and CPU.

Usage::

    .venv/bin/python benchmarks/planner_scaling.py [--sizes 1000 2000 8000 30000]
        [--processes 1 2] [--seed 0] [--repeats 1]

The series runs the sizes in order; ``--budget`` (seconds, default none) stops before a size
once the series has used it, and the output says which sizes were left out.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from instances import DEFAULT_DIR, ensure
from timing import run, summary, uptime, yizhan_command


def measure(folder: Path, processes: int, seed: int, work: Path) -> dict:
    out, report = work / "plan.csv", work / "report.json"
    m = run(yizhan_command() + ["plan", "--units", str(folder / "units.csv"),
                                "--adjacency", str(folder / "adjacency.csv"), "--out", str(out),
                                "--report", str(report), "--seed", str(seed),
                                "--processes", str(processes)])
    if m.returncode != 0:
        return {"m": m, "status": f"exit {m.returncode}", "solve": float("nan"), "terms": ""}
    rep = json.loads(report.read_text(encoding="utf-8"))
    terms = ", ".join(f"{t} {v['value']} ({v['status']})" for t, v in rep.get("totals", {}).items())
    return {"m": m, "status": rep["status"], "solve": rep["seconds"], "terms": terms}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 2000, 8000, 30000])
    parser.add_argument("--processes", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--instances", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--budget", type=float, default=float("inf"))
    args = parser.parse_args()
    print(f"start: {uptime()}")
    folders = {n: ensure(f"planted-{n}", args.seed, args.instances) for n in args.sizes}
    print(f"instances: benchmarks/instances.py {args.instances} "
          + " ".join(f"planted-{n}" for n in args.sizes) + f" --seed {args.seed}")
    print("| units | subdistricts | processes | wall s | CPU s | solve s (report) | peak MB, "
          "largest process | peak MB, process tree | load before | status | terms |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    rows, left_out, start = [], [], time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for n, folder in folders.items():
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            for p in args.processes:
                if time.perf_counter() - start > args.budget:
                    left_out.append(f"{n:,} units with {p} process(es)")
                    continue
                runs = [measure(folder, p, args.seed, Path(tmp)) for _ in range(args.repeats)]
                wall = summary([r["m"].wall for r in runs])[1]
                cpu = summary([r["m"].cpu for r in runs])[1]
                last = runs[-1]
                rows.append((meta["units"], p, wall, cpu))
                print(f"| {meta['units']:,} | {meta['parents']} | {p} | {wall:.1f} | {cpu:.1f} "
                      f"| {last['solve']:.1f} | {max(r['m'].max_rss_mb for r in runs):.0f} "
                      f"| {max(r['m'].tree_mb for r in runs):.0f} | {last['m'].load_before:.1f} "
                      f"| {last['status']} | {last['terms']} |", flush=True)
    if left_out:
        print(f"left out (budget of {args.budget:g} s used): " + "; ".join(left_out))
    print("\nratios against the smallest instance (same number of processes); medians of "
          f"{args.repeats} run(s)")
    print("| units | processes | units × | wall × | CPU × |\n| ---: | ---: | ---: | ---: | ---: |")
    for p in args.processes:
        mine = [r for r in rows if r[1] == p]
        base = mine[0] if mine else None
        for units, _, wall, cpu in mine[1:]:
            print(f"| {units:,} | {p} | {units / base[0]:.1f} | {wall / base[2]:.1f} "
                  f"| {cpu / base[3]:.1f} |")
    print(f"end: {uptime()}")


if __name__ == "__main__":
    main()
