"""The master step for the district-wide facility term on districts too large to solve jointly.

Each parent offers two plans, both optimal for its own earlier terms: **A**, its own best
(the facility shares met inside the parent where it can), and **B**, the plan that meets the
standards on as many stations beyond the shares as it can (fewest facility *deficit*,
:meth:`~yizhan.planner.exact.PartitionModel.term`), then the later terms. A small CP-SAT
model picks A or B per parent so that the district's facility shortfall, then the later
terms, are least: parents with room to spare carry those without. The result is a plan, not
a proof; the planner compares it with the LP bound and reports the gap.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from yizhan.core.metrics import facility_targets
from yizhan.planner.exact import choice_values
from yizhan.planner.solver import make_solver

__all__ = ["choose_options"]


def choose_options(parents, options_b, order, policy, *, time_limit=10.0, seed=0):
    """Per parent, the chosen candidate list: A (``parent.chosen``) or B (``options_b``)."""
    m = cp_model.CpModel()
    pick = [m.NewBoolVar(f"b{p}") for p in range(len(parents))]
    vals = [(choice_values(r.columns, r.chosen), choice_values(r.columns, b) if b is not None else None)
            for r, b in zip(parents, options_b)]
    for y, (_, vb) in zip(pick, vals):
        if vb is None:
            m.Add(y == 0)

    def total(key_fn):
        return sum(key_fn(va) + (key_fn(vb) - key_fn(va)) * y if vb is not None else key_fn(va)
                   for y, (va, vb) in zip(pick, vals))

    n = sum(len(r.columns.codes) for r in parents)
    stations = total(lambda v: v["stations"])
    shorts = []
    for name, keys, share in facility_targets(policy):
        frac = Fraction(share).limit_denominator(1000)
        p, q = frac.numerator, frac.denominator
        met = total(lambda v, name=name: v[f"{name}_ok"])
        need = m.NewIntVar(0, n, "")
        m.Add(q * need >= p * stations)
        m.Add(q * need <= p * stations + q - 1)
        short = m.NewIntVar(0, n, "")
        m.Add(short >= need - met)
        shorts.append(short)
    terms = {"facilities": sum(shorts), "disruption": total(lambda v: v["disruption"]),
             "compactness": total(lambda v: v["compactness"]), "band": total(lambda v: v["band"])}
    ranges = {"facilities": 3 * n, "disruption": n,
              "compactness": sum(r.columns.n_edges for r in parents),
              "band": sum(int(r.columns.households.max(initial=0)) for r in parents) * n}
    weight, objective = 1, 0
    for term in reversed([t for t in order if t in terms]):
        objective += weight * terms[term]
        weight *= ranges[term] + 1
    m.Minimize(objective)
    solver = make_solver(time_limit, seed)
    if solver.Solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [r.chosen for r in parents]
    return [b if solver.BooleanValue(y) else r.chosen for y, r, b in zip(pick, parents, options_b)]
