"""Schematic committee polygons for the bundled Luohu dataset (SYNTHETIC geometry).

The real 2006 boundaries are not public, yet the planner and the maps need polygons whose
adjacency is plausible and on which the official plan is legal (every merged station
contiguous, nothing crossing a subdistrict, R6 §2(4)). The construction guarantees both:

1. The district's box (about 114.08-114.22 E, 22.53-22.60 N) is split into two rows of five
   subdistrict rectangles, placed roughly as in reality (north row: 笋岗 清水河 翠竹 东晓 东湖;
   south row: 桂园 南湖 东门 黄贝 莲塘), each as wide as its share of committees.
2. Each rectangle gets a grid of near-square cells visited in snake (boustrophedon) order,
   so consecutive cells share an edge. Committees are laid out block by block (a block is a
   station of the official plan, blocks in a seeded random order), so each merged group
   occupies consecutive cells and is contiguous. Spare cells go to the last committee.
3. Grid vertices are jittered once each, by at most a quarter of a cell (less than half, so
   no cell folds): interior vertices in both directions, vertices on a rectangle's side only
   along that side, corners not at all. Subdistrict borders stay straight lines, so cells on
   either side still share a line and nothing leaves its subdistrict.

Polygon areas are schematic: the ``area_km2`` attribute is drawn separately.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from shapely.geometry import Polygon
from shapely.geometry.polygon import orient
from shapely.ops import unary_union

__all__ = ["DISTRICT_BOUNDS", "SUBDISTRICT_ROWS", "subdistrict_rectangles", "schematic_polygons"]

#: (west, south, east, north) of the schematic district, degrees.
DISTRICT_BOUNDS = (114.08, 22.53, 114.22, 22.60)

#: Subdistricts per row, north row first, each west to east.
SUBDISTRICT_ROWS = (("笋岗", "清水河", "翠竹", "东晓", "东湖"),
                    ("桂园", "南湖", "东门", "黄贝", "莲塘"))

_DIGITS = 6
_JITTER = 0.25
_KM_PER_DEG_LAT = 111.0


def subdistrict_rectangles(sizes: dict[str, int]) -> dict[str, tuple[float, float, float, float]]:
    """(west, south, east, north) per subdistrict; widths proportional to ``sizes``."""
    west, south, east, north = DISTRICT_BOUNDS
    row_height = (north - south) / len(SUBDISTRICT_ROWS)
    out = {}
    for r, row in enumerate(SUBDISTRICT_ROWS):
        top = round(north - r * row_height, _DIGITS)
        bottom = round(north - (r + 1) * row_height, _DIGITS)
        total = sum(sizes[p] for p in row)
        edges = np.round(west + (east - west) * np.cumsum([0] + [sizes[p] for p in row]) / total,
                         _DIGITS)
        for i, parent in enumerate(row):
            out[parent] = (float(edges[i]), bottom, float(edges[i + 1]), top)
    return out


def _grid_shape(n: int, width_km: float, height_km: float) -> tuple[int, int]:
    """Rows and columns for ``n`` cells: near-square cells, few spare cells."""
    best = None
    for rows in range(1, n + 1):
        cols = math.ceil(n / rows)
        aspect = abs(math.log((width_km / cols) / (height_km / rows)))
        score = aspect + 0.3 * (rows * cols - n)
        if best is None or score < best[0]:
            best = (score, rows, cols)
    return best[1], best[2]


def _jittered_vertices(rect, rows: int, cols: int, rng: np.random.Generator) -> np.ndarray:
    """(rows+1, cols+1, 2) grid vertices, each moved once (see the module docstring)."""
    west, south, east, north = rect
    xs = np.linspace(west, east, cols + 1)
    ys = np.linspace(north, south, rows + 1)
    dx, dy = (east - west) / cols, (north - south) / rows
    jitter = rng.uniform(-_JITTER, _JITTER, size=(rows + 1, cols + 1, 2)) * (dx, dy)
    jitter[:, [0, -1], 0] = 0.0     # west and east sides: only along the side
    jitter[[0, -1], :, 1] = 0.0     # north and south sides: likewise
    grid = np.stack(np.meshgrid(xs, ys), axis=-1) + jitter
    grid[:, 0, 0], grid[:, -1, 0] = west, east
    grid[0, :, 1], grid[-1, :, 1] = north, south
    return np.round(grid, _DIGITS)


def _snake_cells(rows: int, cols: int) -> list[tuple[int, int]]:
    """Cells row by row, alternating direction, so consecutive cells share an edge."""
    return [(r, c if r % 2 == 0 else cols - 1 - c) for r in range(rows) for c in range(cols)]


def schematic_polygons(blocks: dict[str, Sequence[Sequence[str]]],
                       rng: np.random.Generator) -> dict[str, Polygon]:
    """Polygons (lon/lat) for every code of ``blocks``.

    Parameters
    ----------
    blocks : dict
        Subdistrict → blocks of unit codes that must be contiguous (the official plan's
        stations), in the order they are to be laid out.
    rng : numpy.random.Generator
        Source of the jitter; the same state gives the same polygons.
    """
    rects = subdistrict_rectangles({p: sum(len(b) for b in bs) for p, bs in blocks.items()})
    out: dict[str, Polygon] = {}
    for row in SUBDISTRICT_ROWS:
        for parent in row:
            codes = [code for block in blocks[parent] for code in block]
            rect = rects[parent]
            width_km = (rect[2] - rect[0]) * _KM_PER_DEG_LAT * math.cos(math.radians(rect[1]))
            rows, cols = _grid_shape(len(codes), width_km, (rect[3] - rect[1]) * _KM_PER_DEG_LAT)
            grid = _jittered_vertices(rect, rows, cols, rng)
            cells: dict[str, list[Polygon]] = {}
            for k, (r, c) in enumerate(_snake_cells(rows, cols)):
                corners = [grid[r, c], grid[r, c + 1], grid[r + 1, c + 1], grid[r + 1, c]]
                cells.setdefault(codes[min(k, len(codes) - 1)], []).append(
                    Polygon([tuple(map(float, p)) for p in corners]))
            for code, parts in cells.items():
                shape = parts[0] if len(parts) == 1 else unary_union(parts)
                out[code] = orient(shape, 1.0)
    return out
