"""Dissolve committee polygons into station polygons (R7 §2(4): "重新划定边界").

After consolidation each station's area of responsibility is the union of its committees'
areas. :func:`dissolve` computes it for any plan; the map of the web app and the reports both
draw stations with it. Pure: shapely only, no files, no Django.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["dissolve"]


def dissolve(geometries: Mapping[str, BaseGeometry], assignment: Mapping[str, str],
             snap: float = 0.0) -> dict[str, BaseGeometry]:
    """The union of the member polygons of each station.

    Parameters
    ----------
    geometries : mapping of str to shapely geometry
        Unit code → polygon (committee area).
    assignment : mapping of str to str
        Unit code → station label (a :class:`yizhan.core.Plan`'s ``assignment``).
    snap : float, default 0
        Grow each polygon by ``snap`` before the union and shrink the result by the same
        amount, closing slivers narrower than ``2 * snap`` between neighbours whose
        digitised borders do not quite meet. 0 keeps the exact geometry.

    Returns
    -------
    dict of str to shapely geometry
        Station label → dissolved polygon (a MultiPolygon when the members do not touch),
        in order of first appearance in ``assignment``. Units of ``assignment`` without a
        geometry are skipped; a station none of whose members has one is left out.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> out = dissolve({"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1), "c": box(5, 5, 6, 6)},
    ...                {"a": "S1", "b": "S1", "c": "S2"})
    >>> out["S1"].geom_type, out["S1"].area, out["S1"].bounds
    ('Polygon', 2.0, (0.0, 0.0, 2.0, 1.0))
    >>> list(out)
    ['S1', 'S2']
    """
    members: dict[str, list[BaseGeometry]] = {}
    for code, station in assignment.items():
        geom = geometries.get(code)
        if geom is None or geom.is_empty:
            continue
        members.setdefault(station, []).append(geom)
    out: dict[str, BaseGeometry] = {}
    for station, geoms in members.items():
        if snap > 0:
            grown = shapely.union_all([g.buffer(snap, join_style="mitre") for g in geoms])
            out[station] = grown.buffer(-snap, join_style="mitre")
        else:
            out[station] = shapely.union_all([shapely.make_valid(g) for g in geoms])
    return out
