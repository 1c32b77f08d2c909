"""Charts for the reports (matplotlib, Chinese labels): households per station against the
band, the attainment of the facility targets, and the frontier (stations vs households
outside the band) with the chosen plan marked.

Each function returns PNG bytes (300 dpi, sized for the 156 mm type area) or SVG text; the
numbers are the :class:`~yizhan.reports.figures.Figures`' — nothing is computed here.
"""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from yizhan.core.metrics import BAND_STATUSES  # noqa: E402
from yizhan.reports.figures import BAND_LABELS, Figures  # noqa: E402
from yizhan.reports.fonts import chart_font  # noqa: E402

__all__ = ["BAND_COLOURS", "new_figure", "band_chart", "target_chart", "frontier_chart", "save"]

MM = 1 / 25.4
#: the dashboard's band colours (web/dashboard/static/dashboard/dashboard.css)
BAND_COLOURS = {"below": "#f0ad4e", "in_band": "#5cb85c", "above": "#d9534f",
                "exempt": "#5bc0de"}


def new_figure(width_mm: float, height_mm: float) -> Figure:
    """A figure of ``width_mm`` × ``height_mm`` at 300 dpi, Chinese font set, with an Agg
    canvas (maps measure their labels on it)."""
    plt.rcParams["font.family"] = [chart_font()]
    plt.rcParams["axes.unicode_minus"] = False
    plt.rcParams["svg.fonttype"] = "path"
    fig = Figure(figsize=(width_mm * MM, height_mm * MM), dpi=300)
    FigureCanvasAgg(fig)  # a renderer to measure text with (label placement)
    return fig


def save(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as PNG (300 dpi) or SVG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=300, metadata={"Software": "yizhan"} if fmt == "png"
                else {"Creator": "yizhan"})
    return buf.getvalue()


def band_chart(figures: Figures, fmt: str = "png") -> bytes:
    """Households of every station, grouped by subdistrict, against the band (R2 §2(2))."""
    band = figures.inputs.policy.band
    stations = sorted(figures.stations, key=lambda s: (
        [r["parent"] for r in figures.per_subdistrict].index(s["parent"]), s["households"]))
    fig = new_figure(156, 92)
    ax = fig.add_axes([0.09, 0.2, 0.89, 0.7])
    ax.axhspan(band.min_households, band.max_households, color="#5cb85c", alpha=0.12, lw=0)
    for y in (band.min_households, band.max_households):
        ax.axhline(y, color="#3d8b3d", lw=0.6, ls="--")
    xs = range(len(stations))
    ax.bar(xs, [s["households"] for s in stations], width=0.8,
           color=[BAND_COLOURS[s["band"]] for s in stations], lw=0)
    groups, start = [], 0
    for i, s in enumerate(stations + [None]):
        if s is None or s["parent"] != stations[start]["parent"]:
            groups.append((start, i - 1, stations[start]["parent"]))
            start = i
    for a, b, parent in groups:
        ax.text((a + b) / 2, -0.03, parent, transform=ax.get_xaxis_transform(), ha="center",
                va="top", fontsize=6.5)
        if a:
            ax.axvline(a - 0.5, color="#999999", lw=0.4)
    ax.set_xticks([])
    ax.set_xlim(-0.6, len(stations) - 0.4)
    ax.set_ylabel("常住户数", fontsize=7)
    ax.tick_params(labelsize=6)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_title(f"各工作站常住户数（标准 {band.min_households:,}—{band.max_households:,} 户）",
                 fontsize=8)
    handles = [matplotlib.patches.Patch(color=BAND_COLOURS[k], label=BAND_LABELS[k])
               for k in BAND_STATUSES if any(s["band"] == k for s in stations)]
    fig.legend(handles=handles, loc="lower center", ncol=len(handles), fontsize=6,
               frameon=False, bbox_to_anchor=(0.5, 0.0))
    return save(fig, fmt)


def target_chart(figures: Figures, fmt: str = "png") -> bytes:
    """Each share target of R4/R5 §2(3): the plan's share against the share required."""
    rows = [t for t in figures.result.targets if t.rule != "R2"]
    fig = new_figure(156, 22 + 12 * len(rows))
    ax = fig.add_axes([0.3, 0.22, 0.62, 0.64])
    ys = list(range(len(rows)))[::-1]
    ax.barh(ys, [t.actual * 100 for t in rows], height=0.55,
            color=["#5cb85c" if t.attained else "#d9534f" for t in rows])
    for y, t in zip(ys, rows):
        ax.plot([t.target * 100] * 2, [y - 0.4, y + 0.4], color="black", lw=1.2)
        ax.text(min(t.actual * 100, 88) + 1.5, y, f"{t.actual:.1%}（要求≥{t.target:.0%}）",
                va="center", fontsize=6.5)
    ax.set_yticks(ys, [f"{t.rule} {t.name}" for t in rows], fontsize=7)
    ax.set_xlim(0, 100)
    ax.set_xlabel("达标工作站比例（%）；黑线为要求", fontsize=7)
    ax.tick_params(axis="x", labelsize=6)
    ax.set_title("设施目标达成情况", fontsize=8)
    return save(fig, fmt)


def frontier_chart(figures: Figures, fmt: str = "png") -> bytes | None:
    """The least households outside the band for each number of stations, and this plan."""
    if figures.frontier is None or not figures.frontier.rows:
        return None
    rows = figures.frontier.rows
    fig = new_figure(156, 80)
    ax = fig.add_axes([0.11, 0.16, 0.86, 0.72])
    ax.plot([r["stations"] for r in rows], [r["band_deviation"] for r in rows],
            color="#337ab7", lw=1, marker="o", ms=1.5, label="规划最优前沿（每个站数下的最小值）")
    m = figures.metrics
    ax.plot([m.stations], [m.band_deviation], marker="*", color="#d9534f", ms=8, ls="",
            label=f"本方案：{m.stations} 个站，区间外 {m.band_deviation:,} 户")
    ax.set_xlabel("工作站数", fontsize=7)
    ax.set_ylabel("区间外常住户数", fontsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))
    ax.tick_params(labelsize=6)
    ax.grid(True, lw=0.3, alpha=0.5)
    ax.legend(fontsize=6.5, frameon=False)
    ax.set_title("工作站数与区间外户数的取舍", fontsize=8)
    return save(fig, fmt)
