"""The hardest subdistricts: planted parents of 150–170 units and grids of tiny committees.

Every instance is planted (``benchmarks/instances.py``: ``large-N`` has subdistricts of
150–170 units, ``small-N`` the same of committees of about 1,300 households, ``grid-RxC-H`` one subdistrict of R×C committees of H households), so a plan
with band deviation 0 that meets every facility target exists: the optimum of the first two
terms is 0, and "optimum reached" below means the plan returned has both at 0. Each instance is
one fresh ``yizhan plan --units … --adjacency … --report … --processes 1`` process, default
settings otherwise (one process: the subdistricts one after the other on one core); per
subdistrict the report gives the CPU seconds of its step, the method, and the band term's
value, lower bound and status; per instance the facility term (district-wide), wall clock and
CPU.

Usage::

    .venv/bin/python benchmarks/planner_hard.py [large-500:0 large-500:1 large-500:2
        grid-12x10-150:0] [--extra ARG ...]

(``NAME:SEED``; ``--extra`` passes further options to ``yizhan plan``, e.g. ``--time-limit 30``.)
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from instances import DEFAULT_DIR, ensure
from timing import run, uptime, yizhan_command

DEFAULT = ["large-500:0", "large-500:1", "large-500:2", "grid-12x10-150:0"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", default=DEFAULT, help="NAME:SEED")
    parser.add_argument("--instances", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--extra", nargs=argparse.REMAINDER, default=[])
    args = parser.parse_args()
    print(f"start: {uptime()}")
    per_parent, per_instance = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for item in args.names:
            name, _, seed = item.partition(":")
            folder = ensure(name, int(seed or 0), args.instances)
            report = Path(tmp) / "report.json"
            m = run(yizhan_command() + ["plan", "--units", str(folder / "units.csv"),
                                        "--adjacency", str(folder / "adjacency.csv"),
                                        "--out", str(Path(tmp) / "plan.csv"),
                                        "--report", str(report), "--processes", "1"]
                    + args.extra)
            rep = json.loads(report.read_text(encoding="utf-8")) if report.exists() else {}
            report.unlink(missing_ok=True)
            totals = rep.get("totals", {})
            band, fac = totals.get("band", {}), totals.get("facilities", {})
            reached = band.get("value") == 0 and fac.get("value") == 0
            per_instance.append(
                f"| {folder.name} | {m.wall:.1f} | {m.cpu:.1f} | {m.load_before:.1f} "
                f"| {rep.get('status', f'exit {m.returncode}')} "
                f"| {band.get('value')} (≥ {band.get('lower_bound')}, {band.get('status')}) "
                f"| {fac.get('value')} (≥ {fac.get('lower_bound')}, {fac.get('status')}) "
                f"| {'yes' if reached else 'no'} |")
            for p in rep.get("parents", []):
                b = p["terms"].get("band", {})
                per_parent.append(
                    f"| {folder.name} | {p['parent']} | {p['units']} | {p['seconds']:.1f} "
                    f"| {p['method']} | {p['stations']} | {b.get('value')} | {b.get('lower_bound')} "
                    f"| {b.get('status')} | {'yes' if b.get('value') == 0 else 'no'} |")
            print(per_instance[-1], flush=True)
    print("\nper instance (optimum = band 0 and facility shortfall 0, planted)")
    print("| instance | wall s | CPU s | load before | status | band (bound, status) "
          "| facilities (bound, status) | optimum reached |")
    print("| --- | ---: | ---: | ---: | --- | --- | --- | --- |")
    print("\n".join(per_instance))
    print("\nper subdistrict (CPU seconds of its step, from the report; band optimum 0, planted)")
    print("| instance | subdistrict | units | CPU s | method | stations | band | band bound "
          "| band status | band 0 reached |")
    print("| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | --- |")
    print("\n".join(per_parent))
    print(f"end: {uptime()}")


if __name__ == "__main__":
    main()
