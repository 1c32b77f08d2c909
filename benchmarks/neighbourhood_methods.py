"""The hardest subdistricts (issue 9, item 3): the neighbourhood search on planted parents.

Instances (``yizhan.planner.synthetic``, deterministic by seed): one parent of 150–170 units
with a planted plan meeting the band and every facility target (``planted_instance(n, seed,
parent_sizes=(150, 170))``; with ``group_sizes=(4, 5, 6, 7, 8)`` its committees are small
and its connected groups too many to enumerate), and grids of tiny committees (``tiny_grid_instance``; 12×10 of
150 households: two halves of 9,000 give band deviation 0). For each: the CPU seconds of
the search (one process, one CP-SAT worker), windows solved, CP-SAT deterministic work, the
plan's terms against their bounds and statuses, the number of connected groups under the
band maximum (what the exact method would enumerate), and whether the planted optimum (band
deviation 0 and every facility target) was reached.

Usage::

    .venv/bin/python benchmarks/neighbourhood_methods.py [--work 10] [--seed 0] [--flow-only] [--only TEXT]

``--flow-only`` enumerates no groups: every window is halved to two stations and solved by the
flow model, to compare.
"""

from __future__ import annotations

import argparse
import time

from yizhan.core import Policy
from yizhan.planner import window
from yizhan.planner.candidates import TooManyCandidates, build_columns
from yizhan.planner.neighbourhood import search
from yizhan.planner.subproblem import Subproblem
from yizhan.planner.synthetic import planted_instance, tiny_grid_instance

CAP = 200_000  # the planner's default: above it a parent is searched, not enumerated
SMALL_UNITS = (4, 5, 6, 7, 8)  # planted groups of 4–8 units: committees of about 1,300 households
INSTANCES = [
    *[(f"planted parent n={n} s={s}", lambda n=n, s=s: planted_instance(n, s, parent_sizes=(150, 170)))
      for n, s in ((150, 0), (170, 3))],
    *[(f"planted parent n={n} s={s}, groups of 4-8", lambda n=n, s=s: planted_instance(
        n, s, parent_sizes=(150, 170), group_sizes=SMALL_UNITS)) for n, s in ((150, 0), (160, 1), (170, 2))],
    *[(f"tiny grid {r}x{c} of {h} s={s}", lambda r=r, c=c, h=h, s=s: tiny_grid_instance(r, c, h, s))
      for r, c, h, s in ((12, 10, 150, 0), (15, 8, 150, 2), (14, 12, 100, 4))],
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--work", type=float, default=10.0,
                    help="deterministic work per parent (the planner passes --time-limit)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--flow-only", action="store_true",
                    help="every window halved to two stations and solved by the flow model")
    ap.add_argument("--only", default="", help="instances whose name contains this")
    args = ap.parse_args()
    if args.flow_only:
        window.ENUMERATION_CAP = 0
    policy = Policy()
    order = policy.objective.order
    print(f"work {args.work} (CP-SAT deterministic seconds), seed {args.seed}, "
          f"{'flow model only' if args.flow_only else 'enumerated groups, else flow model'}")
    print("| instance | units | groups ≤ max | CPU s | windows | work | band / bound | facilities | "
          "disruption / bound | cut edges | status | planted optimum |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for name, make in INSTANCES:
        if args.only not in name:
            continue
        instance, _ = make()
        sub = Subproblem.of(instance, instance.parents[0])
        try:
            groups = f"{len(build_columns(sub, policy, limit=policy.band.max_households, cap=CAP)):,}"
        except TooManyCandidates:
            groups = f"> {CAP:,}"
        t0 = time.process_time()
        r = search(sub, policy, work=args.work, seed=args.seed)
        cpu = time.process_time() - t0
        status = "/".join(r.status[t][0] for t in order)
        reached = r.values["band"] == 0 and r.values["facilities"] == 0
        print(f"| {name} | {sub.n} | {groups} | {cpu:.1f} | {r.windows} | {r.work:.1f} | "
              f"{r.values['band']:,} / {r.bounds['band']:,} | {r.values['facilities']} | "
              f"{r.values['disruption']} / {r.bounds['disruption']} | {r.values['compactness']} | "
              f"{status} | {'yes' if reached else 'NO'} |", flush=True)
    print("status per term in the order", ", ".join(order), "(o optimal, f feasible)")


if __name__ == "__main__":
    main()
