"""The LP relaxation of a :class:`~yizhan.planner.exact.PartitionModel`, for a lower bound.

Set-partitioning LPs over contiguous candidates are usually tight: on the generated
instances the LP bound of the joint stages equals the integer optimum. Handing the rounded-up
bound to CP-SAT as a constraint lets it stop as soon as it finds a plan that reaches it,
instead of proving the bound by search. Solved with GLOP (in OR-Tools, no new dependency).
"""

from __future__ import annotations

import math
from fractions import Fraction

from yizhan.core.metrics import facility_targets

__all__ = ["lp_bound", "lp_solve"]


def lp_bound(model, term: str) -> int:
    """``ceil`` of the LP optimum of ``term`` under the model's constraints (0 if no LP)."""
    return lp_solve(model, term)[0]


def lp_solve(model, term, *, reduced: bool = False):
    """(bound, values): the rounded-up LP optimum and the LP value of each candidate per block.

    ``term`` is a term name or a list of (weight, term name). ``values`` is None when the LP
    could not be solved (the bound is then 0). With ``reduced=True`` the values are the
    candidates' reduced costs instead.
    """
    from ortools.linear_solver import pywraplp  # here: a plan proven at 0 never needs the LP

    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return 0, None
    inf = solver.infinity()
    xs = []
    for b, cols in enumerate(model.blocks):
        row = [solver.NumVar(0.0, 1.0, "") for _ in range(len(cols))]
        xs.append(row)
        cover: list[list] = [[] for _ in cols.codes]
        for j, mem in enumerate(cols.members):
            for i in mem:
                cover[i].append(row[j])
        for lits in cover:
            ct = solver.Constraint(1.0, 1.0)
            for x in lits:
                ct.SetCoefficient(x, 1.0)
        for mem in cols.fixed:
            row[cols.members.index(mem)].SetLb(1.0)
        k = model.station_pins.get(cols.parent)
        if k is not None:
            ct = solver.Constraint(k, k)
            for x in row:
                ct.SetCoefficient(x, 1.0)
    if model.total_stations is not None:
        ct = solver.Constraint(model.total_stations, model.total_stations)
        for row in xs:
            for x in row:
                ct.SetCoefficient(x, 1.0)
    exprs = {}

    def expr(name, block):
        key = (name, block)
        if key not in exprs:
            exprs[key] = _linear(solver, model, xs, name, block)
        return exprs[key]

    for name, block, value in model.bounds:
        coefs, const = expr(name, block)
        ct = solver.Constraint(-inf, value - const)
        for x, c in coefs:
            ct.SetCoefficient(x, c)
    obj = solver.Objective()
    const = 0.0
    total: dict = {}
    for weight, name in ([(1, term)] if isinstance(term, str) else term):
        coefs, c0 = expr(name, None)
        const += weight * c0
        for x, c in coefs:
            total[x] = total.get(x, 0.0) + weight * c
    for x, c in total.items():
        obj.SetCoefficient(x, c)
    obj.SetMinimization()
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return 0, None
    get = (lambda x: x.reduced_cost()) if reduced else (lambda x: x.solution_value())
    values = [[get(x) for x in row] for row in xs]
    return max(0, math.ceil(obj.Value() + const - 1e-6)), values


def _linear(solver, model, xs, name, block):
    """(variable, coefficient) pairs and a constant for a term, total or of one block."""
    blocks = range(len(model.blocks)) if block is None else [block]
    if name == "facilities":
        return _facility_linear(solver, model, xs)
    coefs, const = [], 0.0
    for b in blocks:
        cols = model.blocks[b]
        if name == "band":
            vec = cols.band
        elif name == "disruption":
            vec = cols.moved
        elif name == "compactness":  # edges inside the parent minus those kept inside a station
            vec = -cols.internal
            const += cols.n_edges
        else:
            raise ValueError(f"no LP form for the term {name!r}")
        coefs += [(x, float(v)) for x, v in zip(xs[b], vec) if v]
    return coefs, const


def _facility_linear(solver, model, xs):
    """Σ short_f with short_f ≥ share·S − met_f, short_f ≥ 0 (the ceil relaxed)."""
    inf = solver.infinity()
    coefs = []
    for name, keys, share in facility_targets(model.policy):
        share = float(Fraction(share).limit_denominator(1000))
        short = solver.NumVar(0.0, inf, "")
        ct = solver.Constraint(0.0, inf)  # short - share*S + met >= 0
        ct.SetCoefficient(short, 1.0)
        for b, cols in enumerate(model.blocks):
            flags = cols.ok[keys[0]].copy()
            for k in keys[1:]:
                flags &= cols.ok[k]
            for x, f in zip(xs[b], flags):
                ct.SetCoefficient(x, float(f) - share)
        coefs.append((short, 1.0))
    return coefs, 0.0
