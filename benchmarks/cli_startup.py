"""The ``yizhan`` command's own start-up: whole-process time and what its imports cost.

Times ``yizhan --help`` and ``yizhan plan`` on the bundled Luohu data (115 committees, 10
subdistricts) as fresh processes (``benchmarks/timing.py``), ``--repeats`` times each, and
splits the imports of ``yizhan plan`` by top-level package with ``python -X importtime``
(self time summed per package; the minimum over the repeats, since a busy machine only adds).
The planner's own solve time comes from its report, so start-up = wall − solve.

Usage::

    .venv/bin/python benchmarks/cli_startup.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from timing import run, summary, uptime, yizhan_command

_LINE = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")


def import_costs(argv: list[str]) -> Counter:
    """Microseconds of import (self time) per top-level package in one run of ``argv``."""
    code = ("import sys; from yizhan.cli import main; sys.argv = " + repr(["yizhan", *argv])
            + "\ntry:\n    main()\nexcept SystemExit:\n    pass")
    err = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True,
                         text=True).stderr
    costs: Counter = Counter()
    for m in _LINE.finditer(err):
        costs[m.group(3).split(".")[0]] += int(m.group(1))
    return costs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    print(f"start: {uptime()}")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        commands = {"yizhan --help": ["--help"],
                    "yizhan plan (bundled Luohu)": ["plan", "--report", str(report)]}
        print("| command | wall s, min / median | CPU s, min / median | solve s (report) "
              "| load before |\n| --- | ---: | ---: | ---: | ---: |")
        for label, argv in commands.items():
            runs = [run(yizhan_command() + argv) for _ in range(args.repeats)]
            assert all(m.returncode == 0 for m in runs), runs
            solve = (f"{json.loads(report.read_text(encoding='utf-8'))['seconds']:.2f}"
                     if "plan" in argv else "—")
            wall, cpu = summary([m.wall for m in runs]), summary([m.cpu for m in runs])
            print(f"| `{label}` | {wall[0]:.2f} / {wall[1]:.2f} | {cpu[0]:.2f} / {cpu[1]:.2f} "
                  f"| {solve} | {runs[0].load_before:.1f} |", flush=True)
        samples = [import_costs(["plan", "--report", str(report)]) for _ in range(args.repeats)]
    best = Counter({k: min(s.get(k, 0) for s in samples) for k in set().union(*samples)})
    print(f"\nimports of `yizhan plan` (python -X importtime, self time per top-level package, "
          f"minimum of {args.repeats} runs): total {sum(best.values()) / 1e6:.2f} s")
    print("| package | ms |\n| --- | ---: |")
    for name, us in best.most_common(12):
        print(f"| {name} | {us / 1000:.0f} |")
    heavy = ["django", "matplotlib", "shapely", "networkx", "scipy", "geopandas", "openpyxl", "docx"]
    print("not imported: " + ", ".join(h for h in heavy if h not in best) + "; imported: "
          + ", ".join(h for h in heavy if h in best))
    print(f"end: {uptime()}")


if __name__ == "__main__":
    main()
