"""Printable maps of the stations before and after consolidation (R7 §2(4)).

A map is a page: A4 or A3 landscape, with title, date, legend, scale bar, north arrow and the
Chinese names of the committees (before) or stations (after), placed so that no two labels
overlap (:mod:`yizhan.reports.labels`, greedy; the web map's print view places its labels
with the same functions). Station areas are the committees' polygons dissolved
(:func:`yizhan.geo.dissolve.dissolve`, as the web map draws them), coloured by the station's
place against the band.

Coordinates are longitude/latitude; they are drawn in a local equirectangular projection in
kilometres about the area's centre, exact enough at a district's scale (a few km) for a scale
bar and true shapes.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import shapely
from matplotlib.patches import FancyArrow, Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath

from yizhan.core.metrics import BAND_STATUSES, band_status, evaluate
from yizhan.geo.dissolve import dissolve
from yizhan.reports.errors import ReportError
from yizhan.reports.charts import BAND_COLOURS, new_figure, save
from yizhan.reports.figures import BAND_LABELS
from yizhan.reports.inputs import ReportInputs
from yizhan.reports.labels import label_sites, place_labels

__all__ = ["PAPERS", "NoGeometry", "station_map"]

#: landscape paper sizes in mm
PAPERS = {"A4": (297, 210), "A3": (420, 297)}
KM_PER_DEG_LAT = 110.574
KM_PER_DEG_LON_EQ = 111.320


class NoGeometry(ReportError):
    """The records have no committee boundaries: no map or GIS file can be made."""


def _projector(geoms):
    minx, miny, maxx, maxy = shapely.union_all(list(geoms)).bounds
    lon0, lat0 = (minx + maxx) / 2, (miny + maxy) / 2
    kx = KM_PER_DEG_LON_EQ * math.cos(math.radians(lat0))

    def project(geom):
        return shapely.transform(geom, lambda xy: np.column_stack(
            [(xy[:, 0] - lon0) * kx, (xy[:, 1] - lat0) * KM_PER_DEG_LAT]))

    return project


def _patch(geom, **style) -> PathPatch:
    """A (multi)polygon with holes as one matplotlib patch."""
    vertices, codes = [], []
    for poly in getattr(geom, "geoms", [geom]):
        if poly.geom_type != "Polygon":
            continue
        for ring in [poly.exterior, *poly.interiors]:
            xy = np.asarray(ring.coords)
            vertices.append(xy)
            codes.append([MplPath.MOVETO] + [MplPath.LINETO] * (len(xy) - 2) + [MplPath.CLOSEPOLY])
    return PathPatch(MplPath(np.concatenate(vertices), np.concatenate(codes)), **style)


def _draw_labels(ax, labels, fontsize: float, min_fontsize: float):
    """Place ``labels`` (:func:`yizhan.reports.labels.place_labels`, in display points, text
    measured by matplotlib's renderer) and draw them: ``(texts drawn, labels left out)``."""
    renderer = ax.figure.canvas.get_renderer()
    points = 72 / ax.figure.dpi  # display pixels -> points
    measured = {}

    def style(size, bold):
        return dict(fontsize=size, zorder=5, ha="center", va="center",
                    fontweight="bold" if bold else "normal",
                    bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.6))

    def measure(text, size, bold):
        if (text, size, bold) not in measured:
            t = ax.text(0, 0, text, **style(size, bold))
            box = t.get_window_extent(renderer)
            t.remove()
            measured[text, size, bold] = (box.width * points, box.height * points)
        return measured[text, size, bold]

    ax.apply_aspect()  # the axes' final box: the one the labels are drawn in
    frame = ax.get_window_extent(renderer)
    to_display = ax.transData.transform
    data_point = {}
    sites = []
    for label in labels:
        x, y = to_display((label.x, label.y))
        site = replace(label, x=x * points, y=y * points)
        data_point[id(site)] = (label.x, label.y)
        sites.append(site)
    placed, left_out = place_labels(
        sites, measure, (frame.x0 * points, frame.y0 * points, frame.x1 * points,
                         frame.y1 * points), fontsize, min_fontsize)
    texts = [ax.annotate(spot.label.text, data_point[id(spot.label)],
                         xytext=(spot.x - spot.label.x, spot.y - spot.label.y),
                         textcoords="offset points", **style(spot.size, spot.label.emphasis > 1))
             for spot in placed]
    return texts, left_out


def _nice_length(km: float) -> float:
    """A round scale-bar length (1, 2 or 5 × 10^n km) near a fifth of ``km``."""
    target = km / 5
    power = 10 ** math.floor(math.log10(target))
    return max(m * power for m in (1, 2, 5) if m * power <= target)


def station_map(inputs: ReportInputs, which: str = "after", paper: str = "A4",
                fmt: str = "png", title: str | None = None) -> bytes:
    """The map of the stations ``before`` (today's) or ``after`` (the plan) consolidation."""
    if not inputs.geometries:
        raise NoGeometry("没有居委会边界数据，无法制图 / no committee boundaries: no map")
    plan = inputs.plan if which == "after" else inputs.instance.current_plan()
    table = evaluate(inputs.instance, plan, inputs.policy).table
    project = _projector(inputs.geometries.values())
    units = {c: project(g) for c, g in inputs.geometries.items()}
    stations = dissolve(units, plan.assignment, snap=1e-4)
    parents = dissolve(units, dict(inputs.instance.units["parent"]), snap=1e-4)
    width, height = PAPERS[paper]
    scale = width / PAPERS["A4"][0]
    fig = new_figure(width, height)
    margin = 12 / width
    ax = fig.add_axes([margin, 22 / height, 1 - 2 * margin - 58 / width, 1 - 44 / height])
    ax.set_aspect("equal")
    ax.axis("off")
    names = inputs.instance.units["name"]
    for station, geom in stations.items():
        status = band_status(int(table.at[station, "households"]),
                             bool(table.at[station, "exempt"]), inputs.policy)
        ax.add_patch(_patch(geom, fc=BAND_COLOURS[status], ec="#333333", lw=0.5 * scale,
                            alpha=0.85))
    if which == "after":
        for geom in units.values():
            ax.add_patch(_patch(geom, fc="none", ec="#ffffff", lw=0.3 * scale, ls=(0, (2, 2))))
    for geom in parents.values():
        ax.add_patch(_patch(geom, fc="none", ec="#000000", lw=1.4 * scale))
    minx, miny, maxx, maxy = shapely.union_all(list(units.values())).bounds
    pad = 0.02 * max(maxx - minx, maxy - miny)
    ax.set_xlim(minx - pad, maxx + pad)
    ax.set_ylim(miny - pad - 0.07 * (maxy - miny), maxy + pad)  # a strip for the scale bar
    labels = label_sites(stations, parents, table["members"], names)
    _, left_out = _draw_labels(ax, labels, 5.5 * scale, 4 * scale)
    scope = (inputs.instance.parents[0] + "街道" if len(inputs.instance.parents) == 1
             else inputs.area)
    heading = title or f"{scope}社区工作站{'整合前' if which == 'before' else '整合后'}示意图"
    fig.text(0.5, 1 - 9 / height, heading, ha="center", va="center", fontsize=14 * scale)
    plan_text = inputs.plan_label if which == "after" else "现状（整合前）"
    fig.text(0.5, 1 - 16 / height, f"{plan_text}　工作站 {len(stations)} 个", ha="center",
             va="center", fontsize=8 * scale)
    _legend(fig, which, table, inputs, width, height, scale)
    _scale_bar(ax, (maxx - minx), scale)
    _north_arrow(fig, width, height, scale)
    notes = [f"制图日期：{inputs.heading.date_text}"]
    if inputs.instance.synthetic:
        notes.append("边界为示意（合成演示数据），非实测边界")
    if left_out:
        notes.append(f"{len(left_out)}个名称因空间不足未标注，见工作簿")
    fig.text(1 - margin, 8 / height, "　".join(notes), ha="right", va="center",
             fontsize=6.5 * scale)
    return save(fig, fmt)


def _legend(fig, which, table, inputs, width, height, scale) -> None:
    counts = {k: 0 for k in BAND_STATUSES}
    for _, r in table.iterrows():
        counts[band_status(int(r["households"]), bool(r["exempt"]), inputs.policy)] += 1
    band = inputs.policy.band
    handles = [Patch(fc=BAND_COLOURS[k], ec="#333333", lw=0.5,
                     label=f"{BAND_LABELS[k]}（{counts[k]}个）") for k in BAND_STATUSES]
    handles.append(Patch(fc="none", ec="#000000", lw=1.4, label="街道界"))
    handles.append(Patch(fc="none", ec="#333333", lw=0.5, label="工作站界"))
    if which == "after":
        handles.append(Patch(fc="#bbbbbb", ec="#ffffff", lw=0.6, ls=(0, (2, 2)),
                             label="居委会界"))
    fig.legend(handles=handles, loc="upper left", fontsize=7 * scale, frameon=True,
               title=f"常住户数标准 {band.min_households:,}—{band.max_households:,} 户",
               title_fontsize=7 * scale, bbox_to_anchor=(1 - 66 / width, 1 - 50 / height))


def _scale_bar(ax, span_km: float, scale: float) -> None:
    length = _nice_length(span_km)
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x, y = x0 + 0.02 * (x1 - x0), y0 + 0.012 * (y1 - y0)
    h = 0.008 * (y1 - y0)
    for i in range(2):
        ax.add_patch(Rectangle((x + i * length / 2, y), length / 2, h, lw=0.5, ec="black",
                               fc="black" if i == 0 else "white", zorder=6))
    for d in (0, length / 2, length):
        ax.text(x + d, y + 1.6 * h, f"{d:g}", ha="center", va="bottom", fontsize=6 * scale,
                zorder=6)
    ax.text(x + length + 0.01 * (x1 - x0), y + h / 2, "公里", va="center", fontsize=6 * scale,
            zorder=6)


def _north_arrow(fig, width, height, scale) -> None:
    x, y = 1 - 30 / width, 1 - 34 / height
    ax = fig.add_axes([x - 6 / width, y - 12 / height, 12 / width, 18 / height])
    ax.axis("off")
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 2)
    ax.add_patch(FancyArrow(0, -0.8, 0, 1.6, width=0.25, head_width=0.9, head_length=0.8,
                            length_includes_head=True, color="black"))
    ax.text(0, 1.25, "北", ha="center", va="bottom", fontsize=9 * scale)
