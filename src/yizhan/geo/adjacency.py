"""Adjacency from polygons: two units are neighbours when their boundaries share a line.

Touching at a single point (a corner) does not count: a station joined only at a corner is
not "地域相近和完整" (R6 §2(4)). Uses a spatial index, so it is near-linear in the number of
polygons.
"""

from __future__ import annotations

from collections.abc import Mapping

import shapely
from shapely.geometry.base import BaseGeometry

__all__ = ["adjacency_from_polygons"]


def adjacency_from_polygons(geometries: Mapping[str, BaseGeometry],
                            min_shared_length: float = 0.0) -> list[tuple[str, str]]:
    """Pairs of codes whose polygons share a border longer than ``min_shared_length``.

    Examples
    --------
    >>> from shapely.geometry import box
    >>> adjacency_from_polygons({"a": box(0, 0, 1, 1), "b": box(1, 0, 2, 1), "c": box(2, 1, 3, 2)})
    [('a', 'b')]
    """
    codes = list(geometries)
    geoms = [geometries[c] for c in codes]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    pairs = set()
    for i, j in zip(left.tolist(), right.tolist()):
        if i >= j:
            continue
        shared = shapely.intersection(shapely.boundary(geoms[i]), shapely.boundary(geoms[j]))
        if shapely.length(shared) > min_shared_length:
            a, b = codes[i], codes[j]
            pairs.add((a, b) if a < b else (b, a))
    return sorted(pairs)
