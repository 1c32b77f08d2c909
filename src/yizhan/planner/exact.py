"""The exact method: set partitioning over candidate stations, solved with OR-Tools CP-SAT.

One boolean per candidate (:class:`~yizhan.planner.candidates.Columns`); every unit in exactly
one chosen candidate (R1 §2(1)). The objective terms are linear in the booleans:

- band: Σ band deviation of the chosen candidates (R2/R3 §2(2));
- facilities: Σ over the targets of R4/R5 §2(3) of ``max(0, ceil(share·S) − A)``, the
  stations short of the target, where S counts stations and A those meeting it — a
  district-wide term, so it couples the parents of the model;
- disruption: Σ units moved (:func:`yizhan.core.metrics.station_moved`);
- compactness: adjacency edges inside the parents cut between stations.

:meth:`PartitionModel.solve_lexicographic` optimises the terms one after the other, fixing
each optimum as a constraint before the next (much faster than one weighted objective).
"""

from __future__ import annotations

from dataclasses import dataclass
import math
from fractions import Fraction

import pandas as pd
from ortools.sat.python import cp_model

from yizhan.core.metrics import facility_shortfall, facility_targets
from yizhan.core.policy import Policy
from yizhan.planner.candidates import Columns
from yizhan.planner.solver import make_solver

__all__ = ["PartitionModel", "StageResult", "SEPARABLE_TERMS", "choice_values"]

#: Terms that are sums over parents (the facility shares are district-wide and are not).
SEPARABLE_TERMS = ("band", "disruption", "compactness")


@dataclass
class StageResult:
    """One stage of a lexicographic solve: the term, its value, a proven bound, the status."""

    term: str
    value: int
    bound: int
    status: str  # optimal | feasible (stopped by the work limit) | infeasible | unknown


class PartitionModel:
    """CP-SAT set-partitioning model over the candidates of one or more parents.

    Parameters
    ----------
    blocks : list of Columns
        Candidates per parent.
    policy : Policy
    stations : dict, optional
        Parent → required number of stations (a pin).
    total_stations : int, optional
        Required number of stations over all blocks (a pin).
    cpsat : bool
        False: only the data and the bounds, for the LP and for values (no CP-SAT model: on a
        district too large to solve jointly it would only cost time and memory).
    """

    def __init__(self, blocks: list[Columns], policy: Policy, *, stations: dict | None = None,
                 total_stations: int | None = None, cpsat: bool = True):
        self.blocks = blocks
        self.policy = policy
        self.station_pins = dict(stations or {})
        self.total_stations = total_stations
        self.bounds: list[tuple[str, int | None, int]] = []  # (term, block or None, ≤ value)
        self.model = None
        if cpsat:
            self._build()

    def _build(self) -> None:
        blocks, stations, total_stations = self.blocks, self.station_pins, self.total_stations
        m = self.model = cp_model.CpModel()
        self.x: list[list] = []
        for b, cols in enumerate(blocks):
            xs = [m.NewBoolVar(f"x{b}_{j}") for j in range(len(cols))]
            self.x.append(xs)
            cover: list[list] = [[] for _ in cols.codes]
            for j, mem in enumerate(cols.members):
                for i in mem:
                    cover[i].append(xs[j])
            for lits in cover:
                m.AddExactlyOne(lits)
            for mem in cols.fixed:
                m.Add(xs[cols.members.index(mem)] == 1)
            if stations and cols.parent in stations and stations[cols.parent] is not None:
                m.Add(sum(xs) == int(stations[cols.parent]))
        self.parent_terms = [self._block_terms(b) for b in range(len(blocks))]
        self.stations = sum(t["stations"] for t in self.parent_terms)
        if total_stations is not None:
            m.Add(self.stations == int(total_stations))
        self.terms = {k: sum(t[k] for t in self.parent_terms) for k in SEPARABLE_TERMS}

    def term(self, name: str):
        """The linear expression of an objective term (the facility term is built on demand).

        Besides the four policy terms there is ``facility_deficit``: Σ over the targets of
        ``q·(p/q·S − A) + q·n`` (shares as fractions p/q, shifted to be ≥ 0): the less, the
        more stations meet the standards beyond the shares — what a parent can give the others.
        """
        if name == "facilities" and name not in self.terms:
            self.terms[name] = self._facility_term()
        if name == "facility_deficit" and name not in self.terms:
            n = sum(len(c.codes) for c in self.blocks)
            expr = 0
            for (_, keys, _), (p, q, w) in zip(facility_targets(self.policy), self._deficit_weights()):
                expr += w * (p * self.stations - q * self._met(keys) + q * n)
            self.terms[name] = expr
        return self.terms[name]

    def _deficit_weights(self) -> list[tuple[int, int, int]]:
        """(p, q, weight) per target: a target of share 1 (every station) cannot be helped by
        another parent, so its deficit outweighs all the others'."""
        n = sum(len(c.codes) for c in self.blocks)
        fracs = [Fraction(share).limit_denominator(1000) for _, _, share in facility_targets(self.policy)]
        big = 1 + sum(2 * f.denominator * n for f in fracs if f < 1)
        return [(f.numerator, f.denominator, big if f >= 1 else 1) for f in fracs]

    def _met(self, keys):
        """Stations meeting every facility in ``keys``."""
        if len(keys) == 1:
            return sum(t["ok"][keys[0]] for t in self.parent_terms)
        lits = []
        for b, cols in enumerate(self.blocks):
            both = cols.ok[keys[0]].copy()
            for k in keys[1:]:
                both &= cols.ok[k]
            lits += [x for x, flag in zip(self.x[b], both) if flag]
        return sum(lits)

    def bound_term(self, term: str, value: int, block: int | None = None) -> None:
        """Constrain a term (of one block, or in total) to at most ``value``."""
        if self.model is not None:
            expr = self.term(term) if block is None else self.parent_terms[block][term]
            self.model.Add(expr <= int(value))
        self.bounds.append((term, block, int(value)))

    # ------------------------------------------------------------------ building
    def _block_terms(self, b: int) -> dict:
        cols, xs = self.blocks[b], self.x[b]
        lin = cp_model.LinearExpr.WeightedSum
        return {
            "stations": sum(xs),
            "band": lin(xs, [int(v) for v in cols.band]),
            "disruption": lin(xs, [int(v) for v in cols.moved]),
            "compactness": cols.n_edges - lin(xs, [int(v) for v in cols.internal]),
            "ok": {k: lin(xs, [int(v) for v in cols.ok[k]]) for k in cols.ok},
        }

    def _facility_term(self):
        m = self.model
        n_units = sum(len(c.codes) for c in self.blocks)
        shorts = []
        for name, keys, share in facility_targets(self.policy):
            frac = Fraction(share).limit_denominator(1000)
            p, q = frac.numerator, frac.denominator
            met = self._met(keys)
            need = m.NewIntVar(0, n_units, f"need_{name}")  # ceil(share * S)
            m.Add(q * need >= p * self.stations)
            m.Add(q * need <= p * self.stations + q - 1)
            short = m.NewIntVar(0, n_units, f"short_{name}")
            m.Add(short >= need - met)
            shorts.append(short)
        return sum(shorts)

    # ------------------------------------------------------------------ solving
    def hint(self, chosen: list[list[int]]) -> None:
        """Hint a solution: ``chosen[b]`` are the chosen candidate indices of block b."""
        m = self.model
        m.ClearHints()
        for b, xs in enumerate(self.x):
            on = set(chosen[b])
            for j, x in enumerate(xs):
                m.AddHint(x, j in on)

    def solve_lexicographic(self, order, *, time_limit: float = 10.0, seed: int = 0,
                            workers: int = 1, hint: list[list[int]] | None = None,
                            fix_last: bool = True, lp: bool = False) -> tuple[list[StageResult], list[list[int]] | None]:
        """Optimise the terms in ``order`` one after another; return stage results and choice.

        After each stage the term is constrained to its best found value. Every stage starts
        from the best plan so far (``hint``, then each stage's result): a stage stopped by the
        work limit keeps it (status ``feasible``, with the solver's proven bound) and the
        later stages are then optimal only *given* that value (``feasible`` too, bound 0).
        Without a hint, a first stage that finds no plan in time says ``unknown``; only a
        proof says ``infeasible``.
        """
        results: list[StageResult] = []
        chosen = hint
        exact_so_far = True
        for k, term in enumerate(order):
            expr = self.term(term)
            floor = 0
            if lp and exact_so_far:  # the LP relaxation's bound, given to CP-SAT as a cut
                from yizhan.planner.lp import lp_bound

                floor = lp_bound(self, term)
                self.model.Add(expr >= floor)
            if chosen is not None:
                self.hint(chosen)
            self.model.Minimize(expr)
            solver = make_solver(time_limit, seed, workers, linearization_level=2)
            status = solver.Solve(self.model)
            if status == cp_model.INFEASIBLE:
                results.append(StageResult(term, -1, -1, "infeasible"))
                return results, None
            found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
            if not found and chosen is None:
                results.append(StageResult(term, -1, -1, "unknown"))
                return results, None
            if found:
                chosen = [[j for j, x in enumerate(xs) if solver.BooleanValue(x)] for xs in self.x]
            value = self.value_of(term, chosen)
            bound = max(floor, int(math.ceil(solver.BestObjectiveBound() - 1e-6))) if found else floor
            optimal = status == cp_model.OPTIMAL and exact_so_far
            results.append(StageResult(term, value, min(value, bound) if exact_so_far else 0,
                                       "optimal" if optimal else "feasible"))
            exact_so_far = optimal
            if fix_last or k < len(order) - 1:
                self.bound_term(term, value)
        return results, chosen

    def feasible_choice(self, *, time_limit: float, seed: int = 0, workers: int = 1):
        """Any plan of the model (no objective): ``(status, chosen)``, status ``found``,
        ``infeasible`` (proven) or ``unknown`` (none found within the work limit)."""
        self.model.ClearObjective()
        self.model.ClearHints()
        solver = make_solver(time_limit, seed, workers)
        status = solver.Solve(self.model)
        if status == cp_model.INFEASIBLE:
            return "infeasible", None
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return "unknown", None
        return "found", [[j for j, x in enumerate(xs) if solver.BooleanValue(x)] for xs in self.x]

    def term_range(self, term: str) -> int:
        """An upper bound on a term's value (for exact lexicographic weights)."""
        n = sum(len(c.codes) for c in self.blocks)
        if term == "band":
            return int(sum(int(c.households.max(initial=0)) for c in self.blocks) * n
                       + n * self.policy.band.min_households)
        if term == "facilities":
            return 3 * n
        if term == "facility_deficit":
            return sum(2 * w * q * n for _, q, w in self._deficit_weights())
        if term == "disruption":
            return n
        return sum(c.n_edges for c in self.blocks)

    def solve_weighted(self, order, *, time_limit: float = 10.0, seed: int = 0, workers: int = 1,
                       hint=None):
        """One solve of ``Σ w_t·term_t`` with weights that make it exactly lexicographic.

        ``w_last = 1`` and each weight exceeds the largest possible value of everything after
        it. On a joint model this is faster than stages; returns None if the weights would
        overflow 62 bits.
        """
        weights, w = [], 1
        for term in reversed(order):
            weights.append(w)
            w *= self.term_range(term) + 1
        if w >= 2 ** 62:
            return None
        weights.reverse()
        if hint is not None:
            self.hint(hint)
        self.model.Minimize(sum(wt * self.term(t) for wt, t in zip(weights, order)))
        solver = make_solver(time_limit, seed, workers, linearization_level=2)
        status = solver.Solve(self.model)
        if status == cp_model.INFEASIBLE:
            return [StageResult(order[0], -1, -1, "infeasible")], None
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        if not found and hint is None:
            return [StageResult(order[0], -1, -1, "unknown")], None
        chosen = ([[j for j, x in enumerate(xs) if solver.BooleanValue(x)] for xs in self.x]
                  if found else hint)
        optimal = status == cp_model.OPTIMAL
        first_bound = math.ceil(solver.BestObjectiveBound() - 1e-6) // weights[0] if found else 0
        results = []
        for k, term in enumerate(order):
            value = self.value_of(term, chosen)
            bound = value if optimal else (min(value, max(0, first_bound)) if k == 0 else 0)
            results.append(StageResult(term, value, bound, "optimal" if optimal else "feasible"))
        return results, chosen

    def value_of(self, term: str, chosen: list[list[int]]) -> int:
        """The value of ``term`` for a choice (the facility term with the core's formula)."""
        if term == "facilities":
            flags = {f"{key}_ok": [bool(cols.ok[key][j]) for cols, js in zip(self.blocks, chosen)
                                   for j in js] for key in self.blocks[0].ok} if self.blocks else {}
            return sum(facility_shortfall(pd.DataFrame(flags), self.policy).values())
        rows = self.values(chosen)
        if term == "facility_deficit":
            n = sum(len(c.codes) for c in self.blocks)
            stations = sum(r["stations"] for r in rows)
            total = 0
            for (name, _, _), (p, q, w) in zip(facility_targets(self.policy), self._deficit_weights()):
                met = sum(r[f"{name}_ok"] for r in rows)
                total += w * (p * stations - q * met + q * n)
            return total
        return sum(row[term] for row in rows)

    def values(self, chosen: list[list[int]]) -> list[dict]:
        """Per block: the terms of a choice (see :func:`choice_values`)."""
        return [choice_values(cols, js) for cols, js in zip(self.blocks, chosen)]


def choice_values(cols: Columns, js) -> dict:
    """Stations, band, disruption, compactness and facility counts of chosen candidates."""
    row = {"stations": len(js),
           "band": int(sum(cols.band[j] for j in js)),
           "disruption": int(sum(cols.moved[j] for j in js)),
           "compactness": int(cols.n_edges - sum(cols.internal[j] for j in js))}
    for key, flags in cols.ok.items():
        row[f"{key}_ok"] = int(sum(bool(flags[j]) for j in js))
    if "service" in cols.ok and "plaza" in cols.ok:
        row["service_and_plaza_ok"] = int(sum(bool(cols.ok["service"][j] and cols.ok["plaza"][j])
                                              for j in js))
    return row
