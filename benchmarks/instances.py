"""Write the benchmark instances as files, so every benchmark reads the same inputs.

Each instance is a folder ``OUT/NAME/`` with ``units.csv`` and ``adjacency.csv`` (the formats of
docs/formats.md, read by ``yizhan plan --units … --adjacency …``), ``planted_plan.csv`` when a
plan meeting every target is planted, and ``meta.json`` (generator, seed, sizes). Names:

- ``luohu`` — the bundled Luohu 2006 files, copied unchanged (real names and plan, SYNTHETIC
  attributes; 115 units, 10 subdistricts).
- ``planted-N`` — ``yizhan.planner.synthetic.planted_instance(N, seed)``: about N units in
  subdistricts of 6–40 units, jittered grids, a planted plan with band deviation 0 that meets
  every facility target (SYNTHETIC).
- ``large-N`` — the same with ``parent_sizes=(150, 170)``: subdistricts of 150–170 units, like
  the country's largest (issue 9).
- ``small-N`` — the same with ``group_sizes=(4, 5, 6, 7, 8)`` as well: subdistricts of
  150–170 committees of about 1,300 households (far too many groups to enumerate; issue 9).
- ``grid-RxC-H`` — ``tiny_grid_instance(R, C, H, seed)``: one subdistrict, an R×C grid of
  committees of H households each, planted as strips of whole columns inside the band.

The seed is part of the call (``--seed``, default 0) and of the folder's name
(``OUT/NAME-sSEED``; ``luohu`` has no seed); the same name and seed always give the same files.
Usage::

    .venv/bin/python benchmarks/instances.py OUT_DIR luohu planted-100 planted-1000 [--seed 0]

then e.g. ``yizhan plan --units OUT_DIR/planted-1000-s0/units.csv --adjacency
OUT_DIR/planted-1000-s0/adjacency.csv``. The other benchmarks call :func:`ensure`, which writes
an instance only when its folder is missing.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
from pathlib import Path

#: Where the benchmarks keep their instances unless told otherwise (not committed).
DEFAULT_DIR = Path(__file__).resolve().parent / "instances"


def generate(name: str, seed: int):
    """``(instance, planted plan or None, description)`` of the instance called ``name``."""
    kind, _, size = name.partition("-")
    if kind in ("planted", "large", "small") and size.isdigit():
        from yizhan.planner.synthetic import planted_instance

        sizes = (6, 40) if kind == "planted" else (150, 170)
        groups = (4, 5, 6, 7, 8) if kind == "small" else (1, 2, 2, 3, 3, 4)
        inst, plan = planted_instance(int(size), seed=seed, parent_sizes=sizes,
                                      group_sizes=groups)
        return inst, plan, (f"yizhan.planner.synthetic.planted_instance({size}, seed={seed}, "
                            f"parent_sizes={sizes}, group_sizes={groups})")
    if kind == "grid":
        from yizhan.planner.synthetic import tiny_grid_instance

        shape, _, households = size.partition("-")
        rows, _, cols = shape.partition("x")
        inst, plan = tiny_grid_instance(int(rows), int(cols), int(households), seed=seed)
        return inst, plan, (f"yizhan.planner.synthetic.tiny_grid_instance({rows}, {cols}, "
                            f"{households}, seed={seed})")
    raise ValueError(f"unknown instance {name!r} (luohu, planted-N, large-N, small-N, grid-RxC-H)")


def ensure(name: str, seed: int = 0, out: Path = DEFAULT_DIR) -> Path:
    """The folder of instance ``name`` under ``out``, written first if missing; returns it."""
    folder = out / (name if name == "luohu" else f"{name}-s{seed}")
    meta_file = folder / "meta.json"
    if meta_file.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    if name == "luohu":
        from yizhan.data.bundled import data_dir

        for file in ("units.csv", "adjacency.csv", "official_plan.csv"):
            with data_dir().joinpath(file).open("rb") as src, open(folder / file, "wb") as dst:
                shutil.copyfileobj(src, dst)
        meta = {"name": name, "seed": None, "generator": "bundled Luohu 2006 files (copied)"}
    else:
        inst, plan, how = generate(name, seed)
        _write(inst, plan, folder)
        meta = {"name": name, "seed": seed, "generator": how, "units": inst.n_units,
                "parents": len(inst.parents), "edges": len(inst.edges),
                "largest_parent": max(len(inst.units_of(p)) for p in inst.parents),
                "planted_stations": plan.n_stations if plan is not None else None}
    meta_file.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return folder


def _write(instance, plan, folder: Path) -> None:
    """The files of a generated instance (the generators' x/y are already longitude/latitude
    degrees, :mod:`yizhan.planner.synthetic`). The planner does not use coordinates; spopt's
    points only need to be distinct."""
    units = instance.units.reset_index()
    units.to_csv(folder / "units.csv", index=False)
    with open(folder / "adjacency.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["a", "b"])
        writer.writerows(instance.edges)
    if plan is not None:
        plan.write_csv(folder / "planted_plan.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("names", nargs="+", help="luohu, planted-N, large-N, grid-RxC-H")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    for name in args.names:
        folder = ensure(name, args.seed, args.out)
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        print(f"{folder}: " + ", ".join(f"{k} {v}" for k, v in meta.items() if k != "name"))


if __name__ == "__main__":
    main()
