"""A consolidation plan: which station each committee belongs to.

The plan file (DESIGN.md) is a CSV ``code,station`` with every unit exactly once (R1 §2(1)).
Station labels are free text: the official Luohu plan names a merged station after its
committees (``碧波+湖滨``). Written files are neutralised against formula injection
(:mod:`yizhan.core.cells`) and read back to the same values.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from pathlib import Path

from yizhan.core.cells import spreadsheet_row, unneutralise
from yizhan.core.inputs import describe, forbidden_character

__all__ = ["Plan", "PlanFileError", "parse_csv_text"]


class PlanFileError(ValueError):
    """A plan file that cannot be read; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


class Plan:
    """An assignment of unit codes to station labels.

    Examples
    --------
    >>> plan = Plan({"a": "S1", "b": "S1", "c": "S2"})
    >>> plan.stations()
    {'S1': ['a', 'b'], 'S2': ['c']}
    >>> plan.n_stations
    2
    """

    def __init__(self, assignment: Mapping[str, str], name: str = ""):
        self.assignment: dict[str, str] = {str(k): str(v) for k, v in assignment.items()}
        self.name = name

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_groups(cls, groups: Iterable[Iterable[str]], name: str = "",
                    label=lambda members: "+".join(members)) -> Plan:
        """A plan from groups of codes; each group's label defaults to its codes joined by +."""
        assignment = {}
        for members in groups:
            members = list(members)
            station = label(members)
            for code in members:
                assignment[code] = station
        return cls(assignment, name=name)

    @classmethod
    def read_csv(cls, source: str | Path | io.TextIOBase, name: str | None = None) -> Plan:
        """Read a ``code,station`` CSV; every problem is collected before raising."""
        if isinstance(source, (str, Path)):
            path = Path(source)
            text = path.read_text(encoding="utf-8-sig")
            name = path.stem if name is None else name
        else:
            text = source.read()
        assignment, problems = parse_csv_text(text)
        if problems:
            raise PlanFileError(problems)
        return cls(assignment, name=name or "")

    def write_csv(self, target: str | Path | io.TextIOBase) -> None:
        if isinstance(target, (str, Path)):
            with open(target, "w", encoding="utf-8", newline="") as fh:
                self.write_csv(fh)
            return
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(["code", "station"])
        for code, station in self.assignment.items():
            writer.writerow(spreadsheet_row([code, station]))

    # ------------------------------------------------------------------ views
    def stations(self) -> dict[str, list[str]]:
        """Station label → member codes, in order of first appearance."""
        out: dict[str, list[str]] = {}
        for code, station in self.assignment.items():
            out.setdefault(station, []).append(code)
        return out

    @property
    def n_stations(self) -> int:
        return len(set(self.assignment.values()))

    def station_of(self, code: str) -> str:
        return self.assignment[code]

    def coverage_problems(self, codes: Iterable[str]) -> list[str]:
        """Units of the instance the plan misses and codes it names that do not exist (R1)."""
        codes = list(codes)
        known = set(codes)
        missing = [c for c in codes if c not in self.assignment]
        unknown = [c for c in self.assignment if c not in known]
        return ([f"unit {c} has no station" for c in missing]
                + [f"plan names unknown unit {c}" for c in unknown])

    def moved_units(self, other: Plan) -> list[str]:
        """Units whose co-members differ between the two plans (labels may differ freely)."""
        mine, theirs = self.stations(), other.stations()
        group_a = {c: frozenset(mine[s]) for c, s in self.assignment.items()}
        group_b = {c: frozenset(theirs[s]) for c, s in other.assignment.items()}
        return [c for c in self.assignment if c in group_b and group_a[c] != group_b[c]]

    def __eq__(self, other: object) -> bool:
        """Two plans are equal when they group the units the same way (labels ignored)."""
        if not isinstance(other, Plan):
            return NotImplemented
        return (set(self.assignment) == set(other.assignment)
                and not self.moved_units(other))

    def __hash__(self) -> int:
        return hash(frozenset(frozenset(m) for m in self.stations().values()))

    def __repr__(self) -> str:
        return f"Plan({self.name!r}, {len(self.assignment)} units, {self.n_stations} stations)"


def parse_csv_text(text: str) -> tuple[dict[str, str], list[str]]:
    """The rows of a ``code,station`` text that can be read, and every problem (Chinese /
    English). The one reader of the plan format: :meth:`Plan.read_csv` raises on a problem;
    an upload preview (:mod:`yizhan.data.importers.plans`) still checks the readable rows'
    coverage (first of duplicates; rows with an empty or bad cell left out)."""
    try:
        rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    except csv.Error as exc:
        return {}, [f"不是有效的 CSV 文件（{exc}） / not a valid CSV file ({exc})"]
    if not rows:
        return {}, ["方案文件为空 / the plan file is empty"]
    missing = {"code", "station"} - set(rows[0].keys())
    if missing:
        return {}, [f"缺少列 / missing column(s): {', '.join(sorted(missing))}"]
    assignment: dict[str, str] = {}
    problems = []
    for line, row in enumerate(rows, start=2):
        code, station = (unneutralise((row[k] or "").strip()) for k in ("code", "station"))
        bad = forbidden_character(code + station)
        if bad is not None:
            problems.append(f"第{line}行：含有控制字符（{describe(bad[1])}） / row {line}: "
                            f"contains a control character ({describe(bad[1])})")
        elif not code or not station:
            problems.append(f"第{line}行：编码或工作站为空 / row {line}: empty code or station")
        elif code in assignment:
            problems.append(f"第{line}行：编码 {code} 重复 / row {line}: code {code} appears twice")
        else:
            assignment[code] = station
    return assignment, problems
