"""``yizhan report``: one document, workbook, map, chart or GIS file from one set of inputs.

:func:`report_bytes` maps (kind, format) to the module that makes it; :func:`write_samples`
writes the set docs/samples/ shows. Every output is computed from the same
:class:`~yizhan.reports.figures.Figures`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from yizhan.reports.documents import KINDS, OPERATIONS, NotAvailable
from yizhan.reports.figures import Figures, compute
from yizhan.reports.inputs import ReportInputs

__all__ = ["FORMATS", "FIGURES", "report_bytes", "figures_for", "wants_frontier",
           "write_samples"]

FORMATS = ("docx", "pdf", "xlsx", "png", "svg", "geojson", "gpkg")
#: what a png/svg shows
FIGURES = ("map-after", "map-before", "chart-band", "chart-targets", "chart-frontier")


def wants_frontier(kind: str, fmt: str, figure: str = "map-after") -> bool:
    """Does this output show the planner's frontier? The district report (Word, PDF) and the
    frontier chart do; nothing else computes it. One rule for the CLI and the web."""
    return (kind == "district" and fmt in ("docx", "pdf")) or (
        fmt in ("png", "svg") and figure == "chart-frontier")


def figures_for(inputs: ReportInputs, kind: str, subdistrict: str | None, *,
                frontier: bool | None = None, time_limit: float = 10.0,
                frontier_of=None) -> Figures:
    """The figures of a report of ``kind`` (a subdistrict's inputs when one is named).

    The district report computes the planner's frontier unless ``frontier`` is False, with
    ``frontier_of`` when given (:func:`yizhan.reports.figures.compute`).
    """
    if kind in OPERATIONS:
        raise ValueError(f"“{kind}”由网页系统数据库中的业务记录生成，不依据方案 / {kind} is made "
                         "from the web database's operations records, not from a plan")
    if KINDS[kind][2] and not subdistrict:
        raise ValueError("这种报告需要 --subdistrict 街道名称 / this kind needs --subdistrict")
    if subdistrict:
        try:
            inputs = inputs.subset(subdistrict)
        except KeyError:
            raise ValueError(f"没有街道“{subdistrict}”/ no subdistrict {subdistrict!r}; "
                             f"有 / known: {'、'.join(inputs.instance.parents)}") from None
    if frontier is None:
        frontier = kind == "district"
    return compute(inputs, frontier=frontier, time_limit=time_limit, frontier_of=frontier_of)


def report_bytes(kind: str, fmt: str, figures: Figures, *, figure: str = "map-after",
                 paper: str = "A4", templates: Path | None = None) -> bytes:
    """The content of one output file. For the operations documents (:data:`OPERATIONS`)
    ``figures`` is their :class:`~yizhan.reports.operations.OperationsRecords`, and only
    Word and PDF exist."""
    if kind in OPERATIONS and fmt not in ("docx", "pdf"):
        raise NotAvailable(f"“{kind}”只有 Word 和 PDF 格式 / {kind} is made as docx or pdf only")
    if fmt in ("docx", "pdf"):
        from yizhan.reports.word import docx_bytes

        docx = docx_bytes(kind, figures, templates)
        if fmt == "docx":
            return docx
        from yizhan.reports.pdf import pdf_bytes

        return pdf_bytes(docx)
    if fmt == "xlsx":
        from yizhan.reports.workbook import workbook_bytes

        return workbook_bytes(figures)
    if fmt in ("png", "svg"):
        return _figure(figures, figure, paper, fmt)
    if fmt in ("geojson", "gpkg"):
        from yizhan.reports.geodata import stations_bytes

        return stations_bytes(figures, fmt)
    raise ValueError(f"unknown format {fmt!r}")


def _figure(figures: Figures, figure: str, paper: str, fmt: str) -> bytes:
    from yizhan.reports.charts import band_chart, frontier_chart, target_chart

    if figure.startswith("map-"):
        from yizhan.reports.maps import station_map

        return station_map(figures.inputs, figure.split("-", 1)[1], paper, fmt)
    if figure == "chart-band":
        return band_chart(figures, fmt)
    if figure == "chart-targets":
        return target_chart(figures, fmt)
    if figure == "chart-frontier":
        data = frontier_chart(figures, fmt)
        if data is None:
            raise NotAvailable("没有规划最优前沿 / no frontier computed")
        return data
    raise ValueError(f"unknown figure {figure!r}")


def page_images(pdf: Path, prefix: Path, pages: int = 3, dpi: int = 60,
                first: int = 1) -> list[Path]:
    """PNG renders of ``pages`` pages from page ``first`` on (pdftoppm, poppler-utils)."""
    if shutil.which("pdftoppm") is None:
        raise NotAvailable("未安装 pdftoppm（poppler-utils）/ pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(first), "-l",
                    str(first + pages - 1), str(pdf), str(prefix)], check=True,
                   capture_output=True)
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def page_count(pdf: Path) -> int:
    """The number of pages of a PDF (pdfinfo, poppler-utils)."""
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def write_samples(inputs: ReportInputs, out: Path, subdistrict: str, echo=print) -> list[Path]:
    """docs/samples/: the district report (.docx, .pdf, its first pages and its last page as
    PNG), a subdistrict's implementation plan, filing form and inspection report (.docx, .pdf,
    pages as PNG), the workbook, the maps, the charts, the GIS files."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def put(name: str, data: bytes) -> Path:
        path = out / name
        path.write_bytes(data)
        written.append(path)
        echo(str(path))
        return path

    def pages(pdf: Path, stem: str, count: int, last: bool = False) -> None:
        """PNG renders of the first ``count`` pages as ``{stem}-page-N.png`` (old ones gone),
        and with ``last`` the last page too (where the 落款 and the 版记 are)."""
        for old in out.glob(f"{stem}-page-*.png"):
            old.unlink()
        total = page_count(pdf)
        numbers = list(range(1, min(count, total) + 1))
        if last and total > count:
            numbers.append(total)
        with tempfile.TemporaryDirectory() as tmp:
            for n in numbers:
                (page,) = page_images(pdf, Path(tmp) / f"p{n}", pages=1, first=n)
                written.append(Path(shutil.copy(page, out / f"{stem}-page-{n}.png")))
                echo(str(written[-1]))

    from yizhan.reports.pdf import pdf_bytes

    district = figures_for(inputs, "district", None)
    docx = put("district-report.docx", report_bytes("district", "docx", district))
    pdf = put("district-report.pdf", pdf_bytes(docx.read_bytes()))
    pages(pdf, "district-report", 4, last=True)
    put("workbook.xlsx", report_bytes("district", "xlsx", district))
    put("map-before-A4.png", report_bytes("district", "png", district, figure="map-before"))
    put("map-after-A4.png", report_bytes("district", "png", district, figure="map-after"))
    put("map-after-A3.svg", report_bytes("district", "svg", district, figure="map-after",
                                         paper="A3"))
    for chart in ("chart-band", "chart-targets", "chart-frontier"):
        put(f"{chart}.png", report_bytes("district", "png", district, figure=chart))
    put("stations.geojson", report_bytes("district", "geojson", district))
    put("stations.gpkg", report_bytes("district", "gpkg", district))
    local = figures_for(inputs, "subdistrict", subdistrict)
    for kind, stem, count in (("subdistrict", f"subdistrict-plan-{subdistrict}", 8),
                              ("filing", f"filing-{subdistrict}", 2),
                              ("inspection", f"inspection-{subdistrict}", 4)):
        doc = put(f"{stem}.docx", report_bytes(kind, "docx", local))
        pages(put(f"{stem}.pdf", pdf_bytes(doc.read_bytes())), stem, count)
    return written
