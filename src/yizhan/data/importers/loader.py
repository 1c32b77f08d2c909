"""Loading a whole instance: the units file plus its adjacency, all checked together.

All files are read and checked before anything is built, so one run lists the problems of
every file (a clerk should not fix the units file only to learn the adjacency file is wrong
too). When any file has an error, :class:`ImportFailed` carries every problem and no
:class:`Instance` exists.

Adjacency comes from the adjacency file, or else from the polygons. When both are given the
file wins (it may hold corrections a person made, such as a bridge across a river) and every
edge the two disagree on is reported, so a stale file does not go unnoticed.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from yizhan.core.instance import Instance
from yizhan.data.importers.adjacency import AdjacencyCheck, check_adjacency
from yizhan.data.importers.geometry import GeometryCheck, check_geometry
from yizhan.data.importers.problems import ImportFailed, ImportProblem, ProblemList
from yizhan.data.importers.sources import Source
from yizhan.data.importers.units import UnitsCheck, check_units

__all__ = ["load_instance"]


def load_instance(units: Source, adjacency: Source | None = None,
                  geometry: Source | None = None, *,
                  known_parents: Iterable[str] | None = None,
                  ) -> tuple[Instance, list[ImportProblem]]:
    """The instance of the given files and the warnings; raise :class:`ImportFailed` on error.

    Each source is a path, an :class:`~yizhan.data.importers.sources.Upload` or a binary
    file object. A unit without a neighbour is allowed (it can only be a station alone) but
    reported as ``isolated_unit``.
    """
    unit_check = check_units(units, known_parents=known_parents)
    # Without a readable units file every code would look unknown: skip that check then.
    codes = list(unit_check.rows) or None
    adj_check = None if adjacency is None else check_adjacency(adjacency, known_codes=codes)
    geo_check = None if geometry is None else check_geometry(geometry, known_codes=codes)
    lists = [c.problems for c in (unit_check, adj_check, geo_check) if c is not None]
    if any(p.has_errors for p in lists):
        raise ImportFailed([p for plist in lists for p in plist.items])

    extra = ProblemList(unit_check.problems.file)
    if geo_check is not None:
        _missing_polygons(unit_check, geo_check, extra)
    if adj_check is not None:
        edges = adj_check.edges
        if geo_check is not None:
            _compare(adj_check, geo_check, extra)
    elif geo_check is not None:
        edges = geo_check.edges
    else:
        edges = []
        extra.add("no_adjacency", "没有提供邻接文件或边界文件，所有单位都视为互不相邻。",
                  "No adjacency or boundary file was given; no unit borders another.",
                  severity="warning")
    instance = Instance(unit_check.frame, edges, name=Path(extra.file).stem)
    if edges:
        for code in instance.isolated_units():
            row = unit_check.rows[code]
            extra.add("isolated_unit", f"第{row}行的单位“{code}”没有任何相邻单位，只能单独设站。",
                      f"Row {row}: the unit “{code}” has no neighbour; it can only be a "
                      "station on its own.", row=row, column="code", severity="warning")
    warnings = [p for plist in lists for p in plist.warnings] + extra.items
    return instance, warnings


def _missing_polygons(units: UnitsCheck, geo: GeometryCheck, out: ProblemList) -> None:
    for code, row in units.rows.items():
        if code not in geo.geometries:
            out.add("missing_geometry",
                    f"第{row}行的单位“{code}”在边界文件“{geo.problems.file}”中没有边界。",
                    f"Row {row}: the unit “{code}” has no boundary in “{geo.problems.file}”.",
                    row=row, column="code", severity="warning")


def _compare(adj: AdjacencyCheck, geo: GeometryCheck, out: ProblemList) -> None:
    """Warn about every edge only one of the adjacency file and the polygons has."""
    from_polygons = set(geo.edges)
    adj_out = ProblemList(adj.problems.file)
    for (a, b), row in adj.rows.items():
        if (a, b) not in from_polygons:
            adj_out.add("adjacency_mismatch",
                        f"第{row}行说“{a}”与“{b}”相邻，但两者的边界并不相接；以邻接文件为准。",
                        f"Row {row} says “{a}” and “{b}” share a border, but their polygons "
                        "do not touch; the adjacency file is used.",
                        row=row, severity="warning")
    for a, b in sorted(from_polygons - set(adj.rows)):
        adj_out.add("adjacency_mismatch",
                    f"“{a}”与“{b}”的边界相接，但邻接文件中没有这一对；以邻接文件为准。",
                    f"The polygons of “{a}” and “{b}” share a border, but the adjacency file "
                    "does not list them; the adjacency file is used.", severity="warning")
    out.items.extend(adj_out.items)
