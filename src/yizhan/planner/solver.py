"""The one place CP-SAT solvers are configured: work limit, seed and workers.

A solve is limited by CP-SAT's *deterministic time* (``max_deterministic_time``, a count of
the solver's work in nominal seconds), not by the wall clock: the same input, seed and
settings then give the same plan whether the machine is idle or busy. With one worker and a
fixed seed every solve is reproducible. A wall-clock limit of :data:`WALL_FACTOR` times the
work limit (plus :data:`WALL_SLACK` seconds) stays on top as a safety net only: it can stop
a solve on a machine so overloaded that the work limit would take many times longer than
usual (docs/planner.md "Determinism" gives the measured ratio of the two).
"""

from __future__ import annotations

from ortools.sat.python import cp_model

__all__ = ["make_solver", "WALL_FACTOR", "WALL_SLACK"]

#: The wall-clock safety limit is ``WALL_FACTOR · time_limit + WALL_SLACK`` seconds.
WALL_FACTOR = 50.0
WALL_SLACK = 60.0


def make_solver(time_limit: float, seed: int, workers: int = 1,
                linearization_level: int | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver with the planner's settings (``linearization_level`` None: CP-SAT's).

    ``time_limit`` is in deterministic seconds (see the module notes).
    """
    solver = cp_model.CpSolver()
    prm = solver.parameters
    prm.max_deterministic_time = float(time_limit)
    prm.max_time_in_seconds = WALL_FACTOR * float(time_limit) + WALL_SLACK
    prm.random_seed = int(seed)
    prm.num_workers = int(workers)
    if linearization_level is not None:
        prm.linearization_level = linearization_level
    return solver
