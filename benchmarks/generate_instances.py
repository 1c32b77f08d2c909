"""Write generated planted instances as files (units.csv, adjacency.csv, planted_plan.csv).

Every instance is SYNTHETIC: a jittered grid per parent (6–40 units), planted groups that meet
the band and every facility target (see ``yizhan.planner.synthetic``). Usage::

    .venv/bin/python benchmarks/generate_instances.py OUT_DIR [--sizes 100 1000 10000] [--seed 0]

then e.g. ``yizhan plan --units OUT_DIR/planted-1000/units.csv --adjacency
OUT_DIR/planted-1000/adjacency.csv``.
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from yizhan.planner.synthetic import planted_instance


def write(instance, plan, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    instance.units.reset_index().to_csv(folder / "units.csv", index=False)
    with open(folder / "adjacency.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["a", "b"])
        writer.writerows(instance.edges)
    plan.write_csv(folder / "planted_plan.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for n in args.sizes:
        inst, plan = planted_instance(n, seed=args.seed)
        write(inst, plan, args.out / f"planted-{n}")
        print(f"{args.out / f'planted-{n}'}: {inst.n_units} units, {len(inst.parents)} parents, "
              f"{plan.n_stations} planted stations (SYNTHETIC)")


if __name__ == "__main__":
    main()
