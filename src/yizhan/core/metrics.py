"""How good a plan is: the numbers the policy speaks of, computed one way for everyone.

The planner, the checker, the reports and the web app all call these functions, so a number
means the same thing wherever it is shown.

- band deviation (R2 §2(2)): households outside [min, max], summed over stations; a station of
  one committee above the maximum is exempt (R3 §2(2)), and if the policy asks for it only
  when that committee is flagged ``self_contained``;
- facility shares (R4/R5 §2(3)): the share of stations whose facility area reaches the
  standard, where a merged station's area is its largest member's (one office, one plaza) or,
  by setting, the sum;
- contiguity and parent crossing (R6 §2(4));
- compactness: adjacency edges cut between stations (fewer cut edges, more compact stations;
  it needs no geometry).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy

__all__ = [
    "BAND_STATUSES",
    "band_deviation",
    "band_exempt",
    "band_status",
    "facility_area",
    "facility_ok",
    "station_table",
    "PlanMetrics",
    "evaluate",
    "components",
    "is_connected",
    "cut_edges",
    "facility_targets",
    "facility_shortfall",
    "station_moved",
    "disruption",
]


def band_exempt(households, n_units, self_contained, policy: Policy):
    """Whether a station is exempt from the band maximum (R3 §2(2)); works on arrays."""
    households = np.asarray(households)
    exempt = ((np.asarray(n_units) == 1) & (households > policy.band.max_households)
              & policy.exemption.single_unit_over_max)
    if policy.exemption.require_self_contained:
        exempt = exempt & np.asarray(self_contained, dtype=bool)
    return exempt


def band_deviation(households, n_units=2, self_contained=False, policy: Policy | None = None):
    """Households outside the band for each station (0 inside it or when exempt).

    Examples
    --------
    >>> band_deviation([5000, 8000, 12000, 12000], [2, 2, 2, 1]).tolist()
    [1000, 0, 2000, 0]
    """
    policy = policy or Policy()
    h = np.asarray(households, dtype=np.int64)
    below = np.maximum(policy.band.min_households - h, 0)
    above = np.maximum(h - policy.band.max_households, 0)
    above = np.where(band_exempt(h, n_units, self_contained, policy), 0, above)
    return below + above


#: A station's place against the band (R2/R3 §2(2)), in the order charts and legends show it.
BAND_STATUSES = ("below", "in_band", "above", "exempt")


def band_status(households: int, exempt: bool, policy: Policy) -> str:
    """below / in_band / above / exempt (R2/R3 §2(2)) of one station.

    >>> band_status(5000, False, Policy()), band_status(12000, True, Policy())
    ('below', 'exempt')
    """
    if exempt:
        return "exempt"
    if households < policy.band.min_households:
        return "below"
    if households > policy.band.max_households:
        return "above"
    return "in_band"


def facility_area(areas, how: str = "max") -> float:
    """A station's area of one facility from its members' areas ("max" or "sum")."""
    areas = np.asarray(areas, dtype=float)
    if areas.size == 0:
        return 0.0
    return float(areas.max() if how == "max" else areas.sum())


def facility_ok(area, facility: str, policy: Policy):
    """Whether an area reaches the standard of ``facility`` ("office", "service", "plaza")."""
    return np.asarray(area) >= getattr(policy.facilities, f"{facility}_min_m2")


def station_table(instance: Instance, plan: Plan, policy: Policy | None = None) -> pd.DataFrame:
    """One row per station: members, parent(s), households, facility areas and checks.

    Units of the plan that the instance lacks are ignored here; the checker reports them.
    """
    policy = policy or Policy()
    units = instance.units
    codes = [c for c in plan.assignment if c in units.index]
    frame = units.loc[codes].assign(station=[plan.assignment[c] for c in codes])
    how = policy.facilities.aggregation
    agg = frame.groupby("station", sort=False).agg(
        units=("name", "size"),
        members=("name", lambda s: list(s.index)),
        names=("name", list),
        parent=("parent", "first"),
        parents=("parent", "nunique"),
        households=("households", "sum"),
        population=("population", "sum"),
        party_members=("party_members", "sum"),
        self_contained=("self_contained", "all"),
        office_m2=("office_m2", how),
        service_m2=("service_m2", how),
        plaza_m2=("plaza_m2", how),
    )
    agg["exempt"] = band_exempt(agg["households"], agg["units"], agg["self_contained"], policy)
    agg["band_deviation"] = band_deviation(agg["households"], agg["units"],
                                           agg["self_contained"], policy)
    for key in ("office", "service", "plaza"):
        agg[f"{key}_ok"] = facility_ok(agg[f"{key}_m2"], key, policy)
    neighbours = instance.neighbours
    agg["contiguous"] = [is_connected(neighbours, m) for m in agg["members"]]
    agg.index.name = "station"
    return agg


def is_connected(graph, members) -> bool:
    """Whether ``members`` induce a connected subgraph (one unit always does).

    ``graph`` maps a unit to its neighbours: :attr:`Instance.neighbours` or a networkx graph
    (``graph[u]`` iterates the neighbours of ``u`` in both).
    """
    return len(components(graph, members)) <= 1


def components(graph, members) -> list[set]:
    """The connected parts of the subgraph ``members`` induce in ``graph`` (as for
    :func:`is_connected`), in the order of their first member.

    >>> [sorted(part) for part in components({"a": {"b"}, "b": {"a"}, "c": set()}, "abc")]
    [['a', 'b'], ['c']]
    """
    members = list(dict.fromkeys(members))
    inside, parts, seen = set(members), [], set()
    for start in members:
        if start in seen:
            continue
        part, todo = {start}, [start]
        while todo:
            for v in graph[todo.pop()]:
                if v in inside and v not in part:
                    part.add(v)
                    todo.append(v)
        seen |= part
        parts.append(part)
    return parts


@dataclass
class PlanMetrics:
    """The totals of :func:`evaluate`; ``table`` and ``per_parent`` hold the detail."""

    stations: int
    units: int
    band_deviation: int
    stations_in_band: int
    exempt_stations: int
    office_share: float
    service_share: float
    plaza_share: float
    service_and_plaza_share: float
    contiguous: bool
    crosses_parent: bool
    cut_edges: int
    non_contiguous: list[str] = field(default_factory=list)
    crossing: list[str] = field(default_factory=list)
    table: pd.DataFrame = field(default=None, repr=False)
    per_parent: pd.DataFrame = field(default=None, repr=False)

    def to_dict(self) -> dict:
        out = {k: v for k, v in self.__dict__.items() if k not in ("table", "per_parent")}
        for key in ("office_share", "service_share", "plaza_share", "service_and_plaza_share"):
            out[key] = round(out[key], 4)
        out["per_parent"] = self.per_parent.reset_index().to_dict(orient="records")
        return out


def evaluate(instance: Instance, plan: Plan, policy: Policy | None = None) -> PlanMetrics:
    """All metrics of ``plan`` on ``instance`` under ``policy``."""
    policy = policy or Policy()
    table = station_table(instance, plan, policy)
    n = len(table)
    share = (lambda mask: float(np.mean(mask)) if n else 0.0)
    before = instance.current_plan()
    per_parent = pd.DataFrame({
        "before": _stations_per_parent(instance, before),
        "after": _stations_per_parent(instance, plan),
    }).fillna(0).astype(int)
    per_parent["band_deviation"] = table.groupby("parent")["band_deviation"].sum()
    per_parent["band_deviation"] = per_parent["band_deviation"].fillna(0).astype(int)
    per_parent.index.name = "parent"
    return PlanMetrics(
        stations=n,
        units=int(table["units"].sum()) if n else 0,
        band_deviation=int(table["band_deviation"].sum()),
        stations_in_band=int(((table["band_deviation"] == 0) & ~table["exempt"]).sum()),
        exempt_stations=int(table["exempt"].sum()),
        office_share=share(table["office_ok"]),
        service_share=share(table["service_ok"]),
        plaza_share=share(table["plaza_ok"]),
        service_and_plaza_share=share(table["service_ok"] & table["plaza_ok"]),
        contiguous=bool(table["contiguous"].all()),
        crosses_parent=bool((table["parents"] > 1).any()),
        cut_edges=cut_edges(instance, plan),
        non_contiguous=list(table.index[~table["contiguous"]]),
        crossing=list(table.index[table["parents"] > 1]),
        table=table,
        per_parent=per_parent,
    )


def cut_edges(instance: Instance, plan: Plan) -> int:
    """Adjacency edges whose ends lie in different stations (the compactness term)."""
    a = plan.assignment
    return sum(1 for u, v in instance.edges if a.get(u) != a.get(v))


def facility_targets(policy: Policy) -> list[tuple[str, tuple[str, ...], float]]:
    """The share targets of R4/R5 §2(3) as ``(name, facilities, share)``.

    Office always; service and plaza each with its own share (``r5_mode = "each"``) or, with
    ``"both"``, one target for stations having both, at the service share (as the checker).

    Examples
    --------
    >>> [t[0] for t in facility_targets(Policy())]
    ['office', 'service', 'plaza']
    """
    fac = policy.facilities
    targets = [("office", ("office",), fac.office_target_share)]
    if fac.r5_mode == "both":
        targets.append(("service_and_plaza", ("service", "plaza"), fac.service_target_share))
    else:
        targets += [("service", ("service",), fac.service_target_share),
                    ("plaza", ("plaza",), fac.plaza_target_share)]
    return targets


def facility_shortfall(table: pd.DataFrame, policy: Policy) -> dict[str, int]:
    """Stations short of each facility target: ``max(0, ceil(share·S) − stations meeting it)``.

    ``table`` is :func:`station_table`'s frame (``*_ok`` columns), S its number of rows. A
    target is met exactly when its shortfall is 0 (share ≥ target share).
    """
    n = len(table)
    out = {}
    for name, keys, share in facility_targets(policy):
        ok = np.ones(n, dtype=bool)
        for key in keys:
            ok &= table[f"{key}_ok"].to_numpy(dtype=bool)
        need = int(np.ceil(share * n - 1e-9))
        out[name] = max(0, need - int(ok.sum()))
    return out


def station_moved(members, current: dict[str, str], current_members: dict[str, list[str]]) -> int:
    """Units of one new station that count as moved against the current stations.

    A new station *keeps* an old station's label if it holds more than half of that old
    station's units, or exactly half including the old station's first-listed unit (so at
    most one new station keeps each old label). Of the old stations it keeps, the one with
    most of its members wins (ties: the first met). Its members from that old station stay;
    every other member counts as moved. See :func:`disruption`.

    Examples
    --------
    >>> cur = {"a": "A", "b": "A", "c": "C"}; mem = {"A": ["a", "b"], "C": ["c"]}
    >>> station_moved(["a", "c"], cur, mem), station_moved(["b"], cur, mem)
    (1, 1)
    """
    members = list(members)
    overlap: dict[str, int] = {}
    for code in members:
        label = current[code]
        overlap[label] = overlap.get(label, 0) + 1
    kept = 0
    for label, count in overlap.items():
        old = current_members[label]
        if 2 * count > len(old) or (2 * count == len(old) and old[0] in members):
            kept = max(kept, count)
    return len(members) - kept


def disruption(instance: Instance, plan: Plan) -> int:
    """Units whose station changes: the sum of :func:`station_moved` over the new stations.

    With one station per committee before (Luohu 2006), this is units minus stations.
    """
    current = instance.current_plan()
    members = current.stations()
    return sum(station_moved([c for c in group if c in current.assignment],
                             current.assignment, members)
               for group in plan.stations().values())


def _stations_per_parent(instance: Instance, plan: Plan) -> pd.Series:
    """Distinct stations per parent; a station is counted under its first member's parent."""
    parent = instance.units["parent"]
    first = {}
    for code, station in plan.assignment.items():
        if code in parent.index and station not in first:
            first[station] = parent[code]
    return pd.Series(first, dtype=object).value_counts().reindex(instance.parents).fillna(0)
