"""The master step for the district-wide facility term on districts too large to solve jointly.

Each parent offers two plans, both optimal for its own earlier terms: **A**, its own best
(the facility shares met inside the parent where it can), and **B**, the plan that meets the
standards on as many stations beyond the shares as it can (fewest facility *deficit*,
:meth:`~yizhan.planner.exact.PartitionModel.term`), then the later terms. A small CP-SAT
model picks A or B per parent so that the district's facility shortfall, then the later
terms, are least: parents with room to spare carry those without. The district step of
very large districts (:meth:`.district.District._solve_compact`) adds a third option, the
parent's plan without the facility shares (least disruption). The result is a plan, not a
proof; the planner compares it with a bound and reports the gap.
"""

from __future__ import annotations

from fractions import Fraction

from ortools.sat.python import cp_model

from yizhan.core.metrics import facility_targets
from yizhan.planner.exact import choice_values
from yizhan.planner.solver import make_solver

__all__ = ["choose_options"]


def choose_options(parents, options_b, order, policy, *, time_limit=10.0, seed=0):
    """Per parent, the chosen candidate list: A (``parent.chosen``) or one of ``options_b[p]``
    (None, one choice — a list of candidate indices — or a list of such choices)."""
    m = cp_model.CpModel()
    alts = []
    for r, b in zip(parents, options_b):
        more = [] if not b else ([b] if not isinstance(b[0], list) else list(b))
        alts.append([r.chosen] + [c for c in more if c is not None])
    pick = [[m.NewBoolVar(f"b{p}_{k}") for k in range(len(a))] for p, a in enumerate(alts)]
    for ys in pick:
        m.AddExactlyOne(ys)
    vals = [[choice_values(r.columns, c) for c in a] for r, a in zip(parents, alts)]

    def total(key_fn):
        return sum(sum(key_fn(v) * y for v, y in zip(vs, ys)) for vs, ys in zip(vals, pick))

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
    for ys in pick:  # start from every parent's own plan A
        for k, y in enumerate(ys):
            m.AddHint(y, k == 0)
    solver = make_solver(time_limit, seed)
    if solver.Solve(m) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return [r.chosen for r in parents]
    return [next(c for c, y in zip(a, ys) if solver.BooleanValue(y)) for a, ys in zip(alts, pick)]
