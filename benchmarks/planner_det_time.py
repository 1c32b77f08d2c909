"""How CP-SAT's deterministic seconds (the planner's ``--time-limit``) relate to CPU and wall
seconds on this machine.

One joint set-partitioning model over a planted instance (SYNTHETIC, every parent's
candidates up to the band maximum), the planner's facility, disruption and compactness
terms as one weighted objective — a model no limit below lets CP-SAT finish — solved with
the planner's settings (:func:`yizhan.planner.solver.make_solver`: one worker, seed 0) at
several work limits. Each line gives the deterministic time CP-SAT reports, the CPU and wall
seconds of the solve, and the load average before it.

Usage::

    .venv/bin/python benchmarks/planner_det_time.py [--units 3000] [--limits 2 5 10 20]
"""

from __future__ import annotations

import argparse
import os
import time

from yizhan.core import Policy
from yizhan.planner.candidates import build_columns
from yizhan.planner.exact import PartitionModel
from yizhan.planner.solver import make_solver
from yizhan.planner.subproblem import subproblems
from yizhan.planner.synthetic import planted_instance


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--units", type=int, default=3000)
    parser.add_argument("--limits", type=float, nargs="+", default=[2.0, 5.0, 10.0, 20.0])
    args = parser.parse_args()
    policy = Policy()
    inst, _ = planted_instance(args.units, seed=1)
    blocks = [build_columns(s, policy, limit=policy.band.max_households) for s in subproblems(inst)]
    print(f"planted-{args.units} seed 1: {sum(map(len, blocks))} candidates")
    print("| work limit (det. s) | det. s used | CPU s | wall s | det./CPU | det./wall | load before |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for limit in args.limits:
        model = PartitionModel(blocks, policy)
        model.model.Minimize(10_000 * model.term("facilities") + 1_000 * model.term("disruption")
                             + model.term("compactness"))
        solver = make_solver(limit, 0)
        load = os.getloadavg()[0]
        wall, cpu = time.perf_counter(), time.process_time()
        status = solver.Solve(model.model)
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        det = solver.ResponseProto().deterministic_time
        print(f"| {limit:g} | {det:.2f} | {cpu:.1f} | {wall:.1f} | {det / cpu:.2f} | {det / wall:.2f} "
              f"| {load:.1f} |  {solver.StatusName(status)}", flush=True)


if __name__ == "__main__":
    main()
