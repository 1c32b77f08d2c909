"""spopt's MaxPHeuristic on one instance, as one whole process (the spopt side of
``planner_vs_spopt.py``).

spopt, geopandas and libpysal are imported once, at the top, like any program using them.
MaxP runs per subdistrict (a station may not cross one), threshold = the band minimum,
``attrs = ["households"]``, weights with positional ids 0..n-1 (spopt 0.7 requires them), one
point per unit. Its randomness comes from numpy's global generator (``np.random.shuffle``,
``randint``): both it and ``random`` are seeded with ``--seed`` before every subdistrict, so a
run is reproducible and a subdistrict's result does not depend on the ones before it.

spopt 0.7.0 can loop forever in its annealing phase on small problems (pysal/spopt PR #506,
not released): every call gets ``--timeout`` seconds of CPU time (``ITIMER_PROF``: a loop
burns CPU, and a busy machine does not make a working call look hung, as a wall-clock limit
did at load 15; the loop is Python, so the signal interrupts it) and is then counted as a
hang, its units left one station each. After
``--budget`` seconds in total the remaining subdistricts are not attempted (also one station
per unit) and reported as not covered.

Usage::

    .venv/bin/python benchmarks/spopt_maxp.py INSTANCE_DIR --out plan.csv --stats stats.json
        [--seed 0] [--threshold 6000] [--timeout 20] [--budget 900]
"""

import argparse
import csv
import json
import random
import signal
import time
import warnings
from pathlib import Path

warnings.filterwarnings("ignore")

import geopandas as gpd  # noqa: E402  (after the filter: their import warnings are noise here)
import libpysal  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from shapely.geometry import Point  # noqa: E402
from spopt.region import MaxPHeuristic  # noqa: E402


class Hang(Exception):
    """A MaxP call passed its time limit."""


def _out_of_time(signum, frame):
    raise Hang


def maxp_groups(units: pd.DataFrame, edges: list[tuple[str, str]], threshold: int, seed: int):
    """MaxP on the units of one subdistrict; lists of codes, one per region."""
    codes = list(units.index)
    idx = {c: i for i, c in enumerate(codes)}
    xs = units["x"].fillna(0).to_numpy()
    ys = units["y"].fillna(0).to_numpy()
    gdf = gpd.GeoDataFrame({"households": units["households"].to_numpy()},
                           geometry=[Point(x + 1e-6 * i, y) for i, (x, y) in enumerate(zip(xs, ys))])
    neighbours = {i: [] for i in range(len(codes))}
    for a, b in edges:
        neighbours[idx[a]].append(idx[b])
        neighbours[idx[b]].append(idx[a])
    w = libpysal.weights.W(neighbours, silence_warnings=True)
    np.random.seed(seed)
    random.seed(seed)
    model = MaxPHeuristic(gdf, w, ["households"], "households", threshold, top_n=2)
    model.solve()
    groups: dict = {}
    for code, label in zip(codes, model.labels_):
        groups.setdefault(int(label), []).append(code)
    return list(groups.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--stats", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--threshold", type=int, default=6000, help="the band minimum")
    parser.add_argument("--timeout", type=float, default=20.0, help="CPU seconds per call")
    parser.add_argument("--budget", type=float, default=900.0)
    args = parser.parse_args()
    start = time.perf_counter()
    units = pd.read_csv(args.instance / "units.csv", dtype={"code": str, "parent": str},
                        keep_default_na=False, na_values={"x": [""], "y": [""]}).set_index("code")
    adjacency = pd.read_csv(args.instance / "adjacency.csv", dtype=str)
    parent_of = units["parent"].to_dict()
    edges_of: dict[str, list] = {}
    for a, b in zip(adjacency["a"], adjacency["b"]):
        if parent_of[a] == parent_of[b]:
            edges_of.setdefault(parent_of[a], []).append((a, b))
    signal.signal(signal.SIGPROF, _out_of_time)
    groups, stats = [], {"parents": 0, "covered": [], "hangs": [], "errors": [], "not_tried": []}
    for parent, members in units.groupby("parent", sort=False):
        stats["parents"] += 1
        if time.perf_counter() - start > args.budget:
            stats["not_tried"].append(parent)
            groups += [[c] for c in members.index]
            continue
        signal.setitimer(signal.ITIMER_PROF, args.timeout)
        try:
            groups += maxp_groups(members, edges_of.get(parent, []), args.threshold, args.seed)
            stats["covered"].append(parent)
        except Hang:
            stats["hangs"].append(parent)
            groups += [[c] for c in members.index]
        except Exception as exc:  # noqa: BLE001 - spopt's own failure on a subdistrict is a result
            stats["errors"].append(f"{parent}: {type(exc).__name__}: {exc}")
            groups += [[c] for c in members.index]
        finally:
            signal.setitimer(signal.ITIMER_PROF, 0)
    with open(args.out, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "station"])
        for k, group in enumerate(groups):
            writer.writerows((c, f"S{k + 1:05d}") for c in group)
    stats["seconds_in_process"] = time.perf_counter() - start
    args.stats.write_text(json.dumps(stats, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
