"""The one place CP-SAT solvers are configured: time limit, seed and workers.

A fixed seed with one worker makes every solve reproducible (the planner's determinism);
more workers make the joint model faster on several cores.
"""

from __future__ import annotations

from ortools.sat.python import cp_model

__all__ = ["make_solver"]


def make_solver(time_limit: float, seed: int, workers: int = 1,
                linearization_level: int | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver with the planner's settings (``linearization_level`` None: CP-SAT's)."""
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.max_time_in_seconds = float(time_limit)
    prm.random_seed = int(seed)
    prm.num_workers = int(workers)
    if linearization_level is not None:
        prm.linearization_level = linearization_level
    return solver
