"""The one check of a committee boundary, for every path that stores or draws one.

The edit form and the REST API (through ``Committee.clean``), the GeoJSON import
(:mod:`yizhan.data.importers.geometry`) and the map's GeoJSON endpoints (which skip a bad
stored boundary instead of failing) all call :func:`boundary`.

A boundary is a GeoJSON (RFC 7946) Polygon or MultiPolygon in WGS84 longitude/latitude
degrees: every coordinate finite (``1e400`` parses as infinity, which no browser's JSON
accepts) and within [-180, 180] × [-90, 90], and the polygon valid in the OGC sense.
Invalid polygons are reported, never silently repaired: a "fixed" self-intersecting
boundary can gain or lose a neighbour, and adjacency decides which committees may share a
station (R6 §2(4)).
"""

from __future__ import annotations

import json

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

__all__ = ["BoundaryError", "boundary", "LON_RANGE", "LAT_RANGE", "POLYGON_TYPES"]

LON_RANGE = (-180.0, 180.0)
LAT_RANGE = (-90.0, 90.0)
POLYGON_TYPES = ("Polygon", "MultiPolygon")
_REASONS_ZH = {"Self-intersection": "边界自相交", "Ring Self-intersection": "边界环自相交",
               "Too few points": "点数太少", "Hole lies outside shell": "内洞在外边界之外",
               "Nested shells": "外边界相互嵌套", "Interior is disconnected": "内部不连通"}


class BoundaryError(ValueError):
    """Why a boundary was refused: an import problem kind and the reason, Chinese/English.

    The reasons are sentence ends: callers put the subject in front ("第3个要素" + zh).
    """

    def __init__(self, kind: str, zh: str, en: str):
        super().__init__(en)
        self.kind, self.zh, self.en = kind, zh, en


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def boundary(raw: dict | str) -> BaseGeometry:
    """The shapely geometry of a GeoJSON geometry (a dict or its JSON text), or raise
    :class:`BoundaryError`."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            raise BoundaryError("not_json", "不是有效的 GeoJSON（JSON 格式错误）",
                                "is not valid GeoJSON (not JSON)") from None
    if not isinstance(raw, dict) or not raw.get("type"):
        raise BoundaryError("missing_value", "没有几何图形", "has no geometry")
    kind = raw["type"]
    if kind not in POLYGON_TYPES:
        raise BoundaryError("not_polygon", f"的几何类型是“{_shown(kind)}”，不是面（Polygon 或 MultiPolygon）",
                            f"is a “{_shown(kind)}”, not a Polygon or MultiPolygon")
    try:
        geometry = shape(raw)
        coords = shapely.get_coordinates(geometry, include_z=geometry.has_z)
    except (ValueError, TypeError, AttributeError, IndexError, KeyError,
            shapely.errors.ShapelyError) as exc:
        raise BoundaryError("invalid_geometry", f"的坐标无法读取：{_shown(exc)}",
                            f"has coordinates that cannot be read: {_shown(exc)}") from None
    if geometry.is_empty:
        raise BoundaryError("missing_value", "的几何图形是空的", "has an empty geometry")
    if not np.isfinite(coords).all():
        raise BoundaryError("invalid_geometry", "含有无穷大或非数字的坐标",
                            "has an infinite or not-a-number coordinate")
    (x0, y0), (x1, y1) = coords[:, :2].min(axis=0), coords[:, :2].max(axis=0)
    if x0 < LON_RANGE[0] or x1 > LON_RANGE[1] or y0 < LAT_RANGE[0] or y1 > LAT_RANGE[1]:
        raise BoundaryError("out_of_range", "的坐标不是经纬度（经度应在−180至180之间，纬度在−90至90之间）",
                            "has coordinates that are not longitude/latitude degrees "
                            "(longitude −180 to 180, latitude −90 to 90)")
    if not geometry.is_valid:
        reason = shapely.is_valid_reason(geometry)
        zh = next((v for k, v in _REASONS_ZH.items() if reason.startswith(k)), "几何无效")
        raise BoundaryError("invalid_geometry", f"的面无效：{zh}（{reason}），请在GIS软件中修正",
                            f"is an invalid polygon: {reason}; fix it in a GIS")
    return geometry
