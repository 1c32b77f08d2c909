"""The print view's map frame and labels: the printed maps' label placement in the browser.

The labels of the web map's print view are placed on the server by the functions that place
the PNG/SVG maps' labels (:func:`yizhan.reports.labels.label_sites`,
:func:`yizhan.reports.labels.place_labels`), not by a second algorithm in the page. For that
the server fixes the view the page draws: the map box's size in CSS pixels, Leaflet's zoom
(fractional) and centre that fit the committees, so it knows where Leaflet puts every point
(Web Mercator, as :class:`L.CRS.EPSG3857` projects). The page gets the view and, per label,
its point (latitude, longitude), the offset of its centre from that point in pixels, its
font size and whether it is bold, as ``json_script`` data; ``map-print.js`` puts each label
there in a box of the size :func:`css_label_size` computed (``map-print.css``: line height
1.2, padding 0.05em 0.1em, CJK characters one em wide).

Obstacles: the scale bar (Leaflet's control, bottom left) is a box no label may meet; the
legend and the north arrow stand beside the map, as on the PNG maps.
"""

from __future__ import annotations

import math
import unicodedata

import numpy as np
import shapely

from yizhan.geo.dissolve import dissolve
from yizhan.reports.labels import label_sites, place_labels

__all__ = ["PRINT_PAPER", "print_map", "css_label_size", "mercator", "unmercator"]

#: landscape sheets (mm): the page, the map box and the column beside it (north arrow,
#: legend) inside 10 mm margins; ``scale`` sizes the labels as the PNG maps do (A4 = 1)
PRINT_PAPER = {"A4": {"width": 297, "height": 210, "sheet_width": 277, "map_width": 215,
                      "map_height": 158, "side_width": 58, "scale": 1.0},
               "A3": {"width": 420, "height": 297, "sheet_width": 400, "map_width": 318,
                      "map_height": 240, "side_width": 78, "scale": 420 / 297}}
PX_PER_MM = 96 / 25.4
#: label font sizes in points at A4 (times ``scale``): as :func:`yizhan.reports.maps.station_map`
FONT_PT, MIN_FONT_PT = 5.5, 4.0
#: the label box of map-print.css, in em
LINE_HEIGHT, PAD_X, PAD_Y = 1.2, 0.1, 0.05
#: width in em of a character that is not a wide (CJK) one; wide Latin letters get one em
NARROW_EM, WIDE_LATIN = 0.62, set("MWmw@%")
#: the space (px) kept clear of the map's edge by the view, and by the labels
FIT_PADDING, EDGE = 10, 3
#: Leaflet's scale control at the bottom left (maxWidth 160 px, 10 px margins): no label there
SCALE_BAR = (0, 40, 180)  # left, height from the bottom, right

EARTH_RADIUS = 6378137.0  # L.Projection.SphericalMercator.R
MAX_LATITUDE = 85.0511287798


def mercator(lon, lat):
    """Leaflet's pixel coordinates at zoom 0 (a 256-pixel world, y down) of lon/lat arrays."""
    lat = np.clip(lat, -MAX_LATITUDE, MAX_LATITUDE)
    x = np.radians(lon) * EARTH_RADIUS
    y = np.log(np.tan(np.pi / 4 + np.radians(lat) / 2)) * EARTH_RADIUS
    scale = 0.5 / (np.pi * EARTH_RADIUS)
    return 256 * (scale * x + 0.5), 256 * (-scale * y + 0.5)


def unmercator(px, py) -> tuple[float, float]:
    """(latitude, longitude) of a zoom-0 pixel point (the inverse of :func:`mercator`)."""
    scale = 0.5 / (math.pi * EARTH_RADIUS)
    x = (px / 256 - 0.5) / scale
    y = -(py / 256 - 0.5) / scale
    lat = math.degrees(2 * math.atan(math.exp(y / EARTH_RADIUS)) - math.pi / 2)
    return lat, math.degrees(x / EARTH_RADIUS)


def _char_em(c: str) -> float:
    if unicodedata.east_asian_width(c) in "WFA" or c in WIDE_LATIN:
        return 1.0
    return NARROW_EM


def css_label_size(text: str, size_pt: float, bold: bool = False) -> tuple[float, float]:
    """The CSS box (px) of a label of map-print.css at ``size_pt``: CJK characters are one
    em wide in every CJK font (bold ones too); other characters are counted generously."""
    em = size_pt * 96 / 72
    return (sum(_char_em(c) for c in text) + 2 * PAD_X) * em, (LINE_HEIGHT + 2 * PAD_Y) * em


def map_box_px(paper: str) -> tuple[int, int]:
    """The map box of the sheet in whole CSS pixels (the template sets exactly these)."""
    size = PRINT_PAPER[paper]
    return round(size["map_width"] * PX_PER_MM), round(size["map_height"] * PX_PER_MM)


def print_map(geometries: dict, assignment: dict, members, names, parents: dict, paper: str,
              subdistrict_text) -> dict:
    """The view and the placed labels of one print sheet.

    ``geometries``: committee code → lon/lat polygon; ``assignment``: code → station of the
    layer shown; ``members``: station → committee codes; ``names``: code → name;
    ``parents``: code → subdistrict. Returns ``{"width", "height"}`` (px), ``view``
    (``center`` [lat, lng], fractional ``zoom``), ``labels`` (one dict per placed label) and
    ``left_out`` (the texts that fit nowhere).
    """
    width, height = map_box_px(paper)
    out = {"width": width, "height": height, "view": None, "labels": [], "left_out": []}
    if not geometries:
        return out
    world = {c: shapely.transform(g, lambda xy: np.column_stack(mercator(xy[:, 0], xy[:, 1])))
             for c, g in geometries.items()}
    minx, miny, maxx, maxy = shapely.union_all(list(world.values())).bounds
    span_x, span_y = max(maxx - minx, 1e-12), max(maxy - miny, 1e-12)
    zoom = math.log2(min((width - 2 * FIT_PADDING) / span_x, (height - 2 * FIT_PADDING) / span_y))
    factor = 2 ** zoom
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    lat, lng = unmercator(cx, cy)
    out["view"] = {"center": [lat, lng], "zoom": zoom}

    # the map box's pixels with y up (the placement prefers a place above a point first, as
    # on the PNG maps): x = left to right, y = minus the distance from the top
    def to_box(xy):
        return np.column_stack([(xy[:, 0] - cx) * factor + width / 2,
                                -((xy[:, 1] - cy) * factor + height / 2)])

    units = {c: shapely.transform(g, to_box) for c, g in world.items()}
    stations = dissolve(units, assignment, snap=0.01)
    regions = dissolve(units, {c: parents[c] for c in units}, snap=0.01)
    labels = label_sites(stations, regions, members, names, subdistrict_text)
    left, bottom_up, right = SCALE_BAR
    scale_bar = (left, -height, right, -height + bottom_up)
    scale = PRINT_PAPER[paper]["scale"]
    placed, left_out = place_labels(
        labels, css_label_size, (EDGE, -height + EDGE, width - EDGE, -EDGE),
        FONT_PT * scale, MIN_FONT_PT * scale, obstacles=[scale_bar])
    for spot in placed:
        label = spot.label
        point_lat, point_lng = unmercator(label.x / factor - width / 2 / factor + cx,
                                          -label.y / factor - height / 2 / factor + cy)
        out["labels"].append({
            "text": label.text, "kind": label.kind, "key": label.key,
            "lat": point_lat, "lng": point_lng, "size": round(spot.size, 3),
            "bold": label.emphasis > 1,
            # the centre's offset from the point, px, y down (CSS)
            "dx": round(spot.x - label.x, 2), "dy": round(label.y - spot.y, 2),
            # the collision box, px from the map box's top left (tests compare it)
            "box": [round(spot.box[0], 2), round(-spot.box[3], 2), round(spot.box[2], 2),
                    round(-spot.box[1], 2)]})
    out["left_out"] = [label.text for label in left_out]
    return out
