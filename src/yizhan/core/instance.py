"""The planning instance: committees (units), their parents and who borders whom.

An :class:`Instance` is what every layer reads: the planner optimises over it, the policy
checker judges plans on it, the web app builds it from the registry. It is plain data
(a pandas frame of units and an undirected adjacency graph) and never touches a database.

Units are the atomic planning units (residential committees, 居委会, which the reform keeps
unchanged, R1 §2(1),(10)); parents are subdistricts (街道), which no station may cross
(R6 §2(4)).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:  # networkx costs a fifth of a second to import: only for callers of ``graph``
    import networkx as nx

__all__ = [
    "REQUIRED_COLUMNS",
    "OPTIONAL_COLUMNS",
    "FACILITIES",
    "FACILITY_STATUSES",
    "COMMUNITY_TYPES",
    "Instance",
]

#: Columns every units file must have (DESIGN.md "Units file").
REQUIRED_COLUMNS = ("code", "name", "parent", "households", "office_m2", "service_m2", "plaza_m2")

#: Optional columns and their defaults. ``station`` is the current station (for disruption);
#: ``self_contained`` marks a self-contained large community with complete property
#: management (R3 §2(2)); ``*_status`` is the survey status of each facility (SPEC §4);
#: ``party_members`` feeds R9; ``x``/``y`` are a representative point (lon/lat) if known.
OPTIONAL_COLUMNS: dict[str, object] = {
    "population": np.nan,
    "area_km2": np.nan,
    "type": "",
    "station": "",
    "self_contained": False,
    "office_status": "",
    "service_status": "",
    "plaza_status": "",
    "party_members": 0,
    "nbs_code": "",
    "x": np.nan,
    "y": np.nan,
}

#: The three facilities of R4/R5 §2(3), as (key, Chinese name, English name).
FACILITIES = (
    ("office", "办公用房", "office space"),
    ("service", "公共服务设施", "public-service facilities"),
    ("plaza", "户外文体广场", "outdoor sports and culture plaza"),
)

#: Facility survey statuses of SPEC §4 (document part 五(三)).
FACILITY_STATUSES = {
    "meets": ("已达标", "meets the standard"),
    "this_year": ("年内可达标", "can meet it this year"),
    "hard": ("年内较难达标", "hard to meet this year"),
}

#: Community types of SPEC §4 (document part 五(一)1).
COMMUNITY_TYPES = {
    "mid_high_end": ("中高档社区", "mid/high-end"),
    "old_residential": ("老住宅区社区", "old residential"),
    "urban_village": ("城中村社区", "urban village"),
    "enclave": ("插花地社区", "enclave"),
}

_INT_COLUMNS = ("households", "party_members")
_FLOAT_COLUMNS = ("office_m2", "service_m2", "plaza_m2", "population", "area_km2", "x", "y")
_STR_COLUMNS = ("name", "parent", "type", "station", "office_status", "service_status",
                "plaza_status", "nbs_code")


@dataclass(eq=False)
class Instance:
    """Units with attributes, grouped in parents, joined by an adjacency graph.

    Parameters
    ----------
    units : pandas.DataFrame
        One row per unit with at least :data:`REQUIRED_COLUMNS`; missing optional columns
        get the defaults of :data:`OPTIONAL_COLUMNS`. Row order is kept (it is the order
        reports list units in).
    edges : iterable of (str, str)
        Pairs of unit codes that share a border. Self-loops and duplicates are dropped.
    name : str
        A label for reports.
    synthetic : bool
        True for generated demonstration data; reports then say so.

    Examples
    --------
    >>> inst = Instance.from_records(
    ...     [dict(code="a", name="A", parent="P", households=4000),
    ...      dict(code="b", name="B", parent="P", households=3000)],
    ...     edges=[("a", "b")])
    >>> inst.n_units, inst.parents
    (2, ['P'])
    >>> sorted(inst.graph.neighbors("a"))
    ['b']
    """

    units: pd.DataFrame
    edges: Iterable[tuple[str, str]] = ()
    name: str = ""
    synthetic: bool = False

    def __post_init__(self) -> None:
        self.units = _normalise_units(self.units)
        codes = set(self.units.index)
        seen: set[tuple[str, str]] = set()
        for a, b in self.edges:
            a, b = str(a), str(b)
            if a == b:
                continue
            if a not in codes or b not in codes:
                raise ValueError(f"adjacency names an unknown unit: {a if a not in codes else b}")
            seen.add((a, b) if a < b else (b, a))
        self.edges: list[tuple[str, str]] = sorted(seen)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_records(cls, records: Iterable[Mapping], edges=(), **kwargs) -> Instance:
        """Build an instance from dicts (missing facility areas default to 0)."""
        frame = pd.DataFrame(list(records))
        for col in ("office_m2", "service_m2", "plaza_m2"):
            if col not in frame:
                frame[col] = 0.0
        return cls(frame, edges, **kwargs)

    # ------------------------------------------------------------------ views
    @property
    def codes(self) -> list[str]:
        return list(self.units.index)

    @property
    def n_units(self) -> int:
        return len(self.units)

    @cached_property
    def parents(self) -> list[str]:
        """Parents in order of first appearance."""
        return list(dict.fromkeys(self.units["parent"]))

    @cached_property
    def graph(self) -> nx.Graph:
        """Undirected adjacency graph over all unit codes (isolated units included)."""
        import networkx as nx

        g = nx.Graph()
        g.add_nodes_from(self.units.index)
        g.add_edges_from(self.edges)
        return g

    def units_of(self, parent: str) -> list[str]:
        return list(self.units.index[self.units["parent"] == parent])

    def by_parent(self) -> dict[str, list[str]]:
        return {p: list(codes) for p, codes in self.units.groupby("parent", sort=False).groups.items()}

    @cached_property
    def neighbours(self) -> dict[str, set[str]]:
        """Code → codes of its neighbours (every unit a key): the adjacency without networkx,
        for the checks every plan needs (contiguity), so that planning need not import it."""
        out: dict[str, set[str]] = {c: set() for c in self.units.index}
        for a, b in self.edges:
            out[a].add(b)
            out[b].add(a)
        return out

    def isolated_units(self) -> list[str]:
        """Units with no neighbour at all (allowed: such a unit can only be a station alone)."""
        return [c for c, near in self.neighbours.items() if not near]

    def subset(self, codes: Iterable[str], name: str | None = None) -> Instance:
        """The instance restricted to ``codes`` (edges among them only)."""
        keep = [c for c in codes]
        keep_set = set(keep)
        sub_edges = [(a, b) for a, b in self.edges if a in keep_set and b in keep_set]
        return Instance(self.units.loc[keep].copy(), sub_edges,
                        name=self.name if name is None else name, synthetic=self.synthetic)

    def for_parent(self, parent: str) -> Instance:
        return self.subset(self.units_of(parent), name=f"{self.name}/{parent}")

    def current_plan(self):
        """The plan given by the ``station`` column (units without one stand alone)."""
        from yizhan.core.plan import Plan

        stations = self.units["station"].where(self.units["station"] != "", self.units.index)
        return Plan(dict(zip(self.units.index, stations)), name="current")

    def households(self) -> pd.Series:
        return self.units["households"]


def _normalise_units(frame: pd.DataFrame) -> pd.DataFrame:
    """Coerce dtypes, add optional columns, index by ``code``; raise on structural errors.

    Row-level validation with bilingual messages lives in :mod:`yizhan.data.importers`;
    this only guards the invariants the rest of the code relies on.
    """
    frame = frame.copy()
    if frame.index.name == "code" and "code" not in frame.columns:
        frame = frame.reset_index()
    missing = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing:
        raise ValueError(f"units lack required columns: {', '.join(missing)}")
    for col, default in OPTIONAL_COLUMNS.items():
        if col not in frame.columns:
            frame[col] = default
    frame["code"] = frame["code"].astype(str)
    if frame["code"].duplicated().any():
        dup = frame.loc[frame["code"].duplicated(), "code"].iloc[0]
        raise ValueError(f"duplicate unit code: {dup}")
    for col in _STR_COLUMNS:
        frame[col] = frame[col].fillna("").astype(str)
    for col in _INT_COLUMNS:
        frame[col] = pd.to_numeric(frame[col]).fillna(0).astype(np.int64)
    for col in _FLOAT_COLUMNS:
        frame[col] = pd.to_numeric(frame[col]).astype(float)
    frame["self_contained"] = frame["self_contained"].map(_as_bool).astype(bool)
    if (frame["households"] < 0).any():
        raise ValueError("households must not be negative")
    return frame.set_index("code", drop=True)


def _as_bool(value) -> bool:
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "是", "t"}
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return False
    return bool(value)
