"""Pins: decisions a user fixes before the planner runs.

- ``keep``: stations kept exactly as they are (a current station label from the ``station``
  column, or an explicit list of unit codes);
- ``never``: pairs of units that must not share a station;
- ``together``: pairs of units that must share a station (taken transitively);
- ``stations``: the number of stations, per parent (``{"黄贝": 10}``) or in total (an int);
- ``max_units``: most units in one station.

:meth:`Pins.problems` finds pins that cannot all hold (e.g. ``together`` across two parents,
which R6 §2(4) forbids) and says why, in Chinese and English.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.metrics import is_connected
from yizhan.policy.rules import finding

__all__ = ["Pins"]


@dataclass
class Pins:
    """What the user fixed. All fields are optional.

    Examples
    --------
    >>> Pins(together=[("a", "b")], stations={"P": 2}).stations_for("P")
    2
    """

    keep: list = field(default_factory=list)
    never: list[tuple[str, str]] = field(default_factory=list)
    together: list[tuple[str, str]] = field(default_factory=list)
    stations: dict[str, int] | int | None = None
    max_units: int | None = None

    # ------------------------------------------------------------------ views
    @property
    def total_stations(self) -> int | None:
        return self.stations if isinstance(self.stations, int) else None

    def stations_for(self, parent: str) -> int | None:
        return self.stations.get(parent) if isinstance(self.stations, dict) else None

    def kept_groups(self, instance: Instance, parent: str | None = None) -> list[list[str]]:
        """The kept stations as lists of codes (of ``parent`` only, if given)."""
        current = None
        groups = []
        for item in self.keep:
            if isinstance(item, str):
                if current is None:
                    current = instance.current_plan().stations()
                codes = list(current.get(item, [item] if item in instance.units.index else []))
            else:
                codes = [str(c) for c in item]
            if parent is None or (codes and all(c in instance.units.index
                                                and instance.units.at[c, "parent"] == parent
                                                for c in codes)):
                groups.append(codes)
        return groups

    def never_pairs(self, parent: str, index: dict[str, int]) -> Iterator[tuple[int, int]]:
        for a, b in self.never:
            if a in index and b in index:
                yield index[a], index[b]

    def together_pairs(self, parent: str, index: dict[str, int]) -> Iterator[tuple[int, int]]:
        for a, b in self.together:
            if a in index and b in index:
                yield index[a], index[b]

    # ------------------------------------------------------------------ checks
    def problems(self, instance: Instance) -> list[Finding]:
        """Pins that cannot hold, each with rule, article and a bilingual reason."""
        out: list[Finding] = []
        units = instance.units
        known = set(units.index)

        def bad(rule, subject, zh, en):
            out.append(finding(rule, "violation", subject, zh, en))

        for a, b in list(self.never) + list(self.together):
            for c in (a, b):
                if c not in known:
                    bad("R1", c, f"固定条件中的单元 {c} 不存在", f"pinned unit {c} does not exist")
        for a, b in self.together:
            if a in known and b in known and units.at[a, "parent"] != units.at[b, "parent"]:
                bad("R6", f"{a}+{b}", f"{a} 与 {b} 属于不同街道，不能合并为一站",
                    f"{a} and {b} lie in different subdistricts and cannot share a station")
        groups = _together_groups(self.together)
        for a, b in self.never:
            if groups.get(a, a) == groups.get(b, b):
                bad("R1", f"{a}+{b}", f"{a} 与 {b} 既要求合并又要求不合并",
                    f"{a} and {b} are pinned both together and apart")
        if self.max_units is not None:
            sizes: dict[str, int] = {}
            for c, root in groups.items():
                sizes[root] = sizes.get(root, 0) + 1
            for root, size in sizes.items():
                if size > self.max_units:
                    bad("R1", root, f"须合并的 {size} 个单元超过每站最多 {self.max_units} 个",
                        f"{size} units pinned together exceed the maximum of {self.max_units} per station")
        seen: dict[str, int] = {}
        for k, codes in enumerate(self.kept_groups(instance)):
            if not codes or any(c not in known for c in codes):
                bad("R1", str(self.keep[k]), f"要保留的工作站 {self.keep[k]} 不存在",
                    f"the station to keep, {self.keep[k]}, does not exist")
                continue
            label = "+".join(codes)
            if units.loc[codes, "parent"].nunique() > 1:
                bad("R6", label, f"要保留的工作站 {label} 跨街道", f"the station to keep, {label}, crosses subdistricts")
            elif not is_connected(instance.graph, codes):
                bad("R6", label, f"要保留的工作站 {label} 不连片", f"the station to keep, {label}, is not contiguous")
            if self.max_units is not None and len(codes) > self.max_units:
                bad("R1", label, f"要保留的工作站 {label} 有 {len(codes)} 个单元，超过每站最多 {self.max_units} 个",
                    f"the station to keep, {label}, has {len(codes)} units, more than the maximum of {self.max_units}")
            for c in codes:
                if c in seen:
                    bad("R1", c, f"单元 {c} 出现在两个要保留的工作站中", f"unit {c} is in two stations to keep")
                seen[c] = k
        for a, b in self.never:
            if a in seen and b in seen and seen[a] == seen[b]:
                bad("R1", f"{a}+{b}", f"{a} 与 {b} 要求不合并，却同在一个要保留的工作站",
                    f"{a} and {b} are pinned apart but share a station to keep")
        for a, b in self.together:
            if (a in seen) != (b in seen) or (a in seen and seen[a] != seen[b]):
                bad("R1", f"{a}+{b}", f"{a} 与 {b} 要求合并，却被要保留的工作站分开",
                    f"{a} and {b} are pinned together but a station to keep separates them")
        return out


def _together_groups(pairs) -> dict[str, str]:
    """Union-find over ``together`` pairs: unit → representative."""
    parent: dict[str, str] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in parent}
