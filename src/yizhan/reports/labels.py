"""Map labels that never collide: which labels a station map has, and where each goes.

One placement for every map the project draws: the printed maps of :mod:`yizhan.reports.maps`
(matplotlib, PNG/SVG) and the web map's print view (:mod:`yizhan.web.dashboard.printmap`,
Leaflet) both call :func:`label_sites` for the labels and :func:`place_labels` for their
positions; they differ only in how they measure a text (matplotlib's renderer, or the
browser's CSS box computed from the font size) and in their coordinates (a display in
points or pixels).

Placement is greedy by priority (subdistrict names first, then stations by area): each label
tries its point and the eight positions around it one label-size away, then a smaller font,
and takes the first position whose box stays inside the frame and meets no placed box and no
obstacle (a legend, a scale bar). A label that fits nowhere is left out and counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

__all__ = ["Label", "Placed", "label_sites", "place_labels", "overlaps", "OFFSETS"]

#: the positions a label tries, in label sizes from its point: on it, then the neighbours
OFFSETS = ((0, 0), (0, 1), (0, -1), (1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1))
#: the collision box is the text's box enlarged by these factors (a little air between labels)
CLEARANCE = (1.04, 1.08)
#: a neighbouring position is this many collision boxes away from the point
STEP = (1.05, 1.1)
#: a subdistrict name is this much larger than a station's, and bold
SUBDISTRICT_EMPHASIS = 1.3

Box = tuple[float, float, float, float]  # x0, y0, x1, y1


@dataclass(frozen=True)
class Label:
    """A text to place at a point; higher ``priority`` is placed first; ``emphasis`` > 1 is
    bold and that much larger (subdistrict names)."""

    text: str
    x: float
    y: float
    priority: float
    emphasis: float = 1.0
    kind: str = "station"  # station | subdistrict
    key: str = ""  # the station code or subdistrict name the label names


@dataclass(frozen=True)
class Placed:
    """Where a label went: its font ``size``, the centre of its text (``x``, ``y``; the
    offset from the label's point is ``x - label.x``, ``y - label.y``) and the collision
    ``box`` it holds."""

    label: Label
    size: float
    x: float
    y: float
    box: Box


def overlaps(a: Box, b: Box) -> bool:
    """Do two boxes share interior (touching edges do not count)?"""
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box: Box, frame: Box) -> bool:
    return (box[0] >= frame[0] and box[2] <= frame[2] and box[1] >= frame[1]
            and box[3] <= frame[3])


def place_labels(labels: Iterable[Label], measure: Callable[[str, float, bool], tuple],
                 frame: Box, fontsize: float, min_fontsize: float, *,
                 obstacles: Iterable[Box] = (), size_step: float = 0.5
                 ) -> tuple[list[Placed], list[Label]]:
    """Place ``labels`` greedily, highest priority first.

    Parameters
    ----------
    labels
        Points in the frame's coordinates (either orientation of y).
    measure
        ``measure(text, size, bold) -> (width, height)`` of the text's box at font ``size``,
        in the frame's units.
    frame
        ``(x0, y0, x1, y1)``: every placed box stays inside it.
    fontsize, min_fontsize
        A label's size (times its emphasis) and the least it may shrink to, in ``size_step``
        steps.
    obstacles
        Boxes no label may meet (legend, scale bar, north arrow).

    Returns
    -------
    (placed, left_out)
        Placed labels in placing order; the labels that fit nowhere.

    Examples
    --------
    >>> square = lambda text, size, bold: (size * len(text), size)
    >>> placed, left = place_labels([Label("ab", 5, 5, 2), Label("cd", 5, 5, 1)], square,
    ...                             (0, 0, 20, 20), 2, 2)
    >>> [(p.label.text, round(p.x, 2), round(p.y, 2)) for p in placed], left
    ([('ab', 5.0, 5.0), ('cd', 5.0, 7.38)], [])
    >>> overlaps(placed[0].box, placed[1].box)
    False
    """
    boxes = list(obstacles)
    placed: list[Placed] = []
    left_out: list[Label] = []
    for label in sorted(labels, key=lambda item: -item.priority):
        spot = None
        size = fontsize * label.emphasis
        while spot is None and size >= min_fontsize * label.emphasis - 1e-9:
            width, height = measure(label.text, size, label.emphasis > 1)
            half_w, half_h = width * CLEARANCE[0] / 2, height * CLEARANCE[1] / 2
            step_x, step_y = 2 * half_w * STEP[0], 2 * half_h * STEP[1]
            for dx, dy in OFFSETS:
                x, y = label.x + dx * step_x, label.y + dy * step_y
                box = (x - half_w, y - half_h, x + half_w, y + half_h)
                if _inside(box, frame) and not any(overlaps(box, b) for b in boxes):
                    spot = Placed(label, size, x, y, box)
                    break
            size -= size_step
        if spot is None:
            left_out.append(label)
        else:
            boxes.append(spot.box)
            placed.append(spot)
    return placed, left_out


def label_sites(stations: Mapping, parents: Mapping, members: Mapping[str, list],
                names: Mapping[str, str], subdistrict_text: Callable[[str], str]
                = "{}街道".format) -> list[Label]:
    """The labels of a station map: each station's member committees' names (``、``-joined)
    at a point inside its area, by area; each subdistrict's name at its centre (inside it),
    before every station.

    ``stations`` and ``parents`` map a station code / subdistrict name to its (dissolved,
    projected) polygon; ``members`` a station to its committee codes; ``names`` a committee
    code to its name. Points and areas are in the polygons' coordinates.
    """
    labels = []
    for station, geom in stations.items():
        point = geom.representative_point()
        text = "、".join(str(names[c]) for c in members[station])
        labels.append(Label(text, point.x, point.y, geom.area, 1.0, "station", str(station)))
    for parent, geom in parents.items():
        point = geom.centroid if geom.contains(geom.centroid) else geom.representative_point()
        labels.append(Label(subdistrict_text(parent), point.x, point.y, 1e18,
                            SUBDISTRICT_EMPHASIS, "subdistrict", str(parent)))
    return labels
