"""PDF through LibreOffice headless: A4 pages, every font embedded, Chinese text extractable.

Marked ``libreoffice`` (not in the default run); .ci/run installs libreoffice-writer-nogui,
fonts-noto-cjk and poppler-utils and runs them.
"""

import io
import re

import pytest
from pypdf import PdfReader

from yizhan.reports.build import report_bytes

pytestmark = pytest.mark.libreoffice


def _fonts(reader):
    """(name, embedded) of every font the pages use, descendant fonts of Type0 included."""
    out = {}
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for ref in fonts.values():
            font = ref.get_object()
            for f in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                descriptor = f.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                out[str(f.get("/BaseFont"))] = any(
                    k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
    return out


@pytest.fixture(scope="module")
def filing_pdf(figures_for_test):
    return PdfReader(io.BytesIO(report_bytes("filing", "pdf", figures_for_test("filing", "黄贝", False))))


def test_the_pdf_is_a4_with_every_font_embedded(filing_pdf):
    box = filing_pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = _fonts(filing_pdf)
    assert fonts and all(fonts.values()), fonts
    assert any("CJK" in name for name in fonts)  # the free stand-in of the official fonts


def test_the_pdf_says_what_the_document_says(filing_pdf, figures_for_test):
    text = "".join(page.extract_text() for page in filing_pdf.pages)
    assert "黄贝街道社区工作站站长任职及社区党组织设置备案表" in text.replace("\n", "")
    for station in figures_for_test("filing", "黄贝", False).stations:
        assert station["station"] in text


def _lines(pdf: bytes, tmp_path):
    """(page, xMin, yMin, xMax, text) of every text line (pdftotext -bbox-layout, poppler)."""
    import re
    import subprocess
    import xml.etree.ElementTree as ET

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    xml = re.sub(r"<!DOCTYPE[^>]*>", "", xml)
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    out = []
    for n, page in enumerate(ET.fromstring(xml).iter("{http://www.w3.org/1999/xhtml}page")):
        for line in page.iterfind(".//h:line", ns):
            text = "".join(w.text or "" for w in line.iterfind("h:word", ns))
            out.append((n, float(line.get("xMin")), float(line.get("yMin")),
                        float(line.get("xMax")), text))
    return out


def test_body_text_is_28_characters_on_a_28_95_point_pitch(cjk_font, figures_for_test, tmp_path):
    """Running text in the rendered PDF: lines start at the 28 mm margin, hold at most 28
    characters (and full ones exactly 28), and follow each other every 28.95 pt, so 22 lines
    fill the 225 mm type area (GB/T 9704-2012 §5.2.2)."""
    pdf = report_bytes("district", "pdf", figures_for_test("district", None, False))
    lines = _lines(pdf, tmp_path)
    margin = 28 / 25.4 * 72
    right = (210 - 26) / 25.4 * 72
    chinese = [ln for ln in lines if abs(ln[1] - margin) < 2 and len(ln[4]) >= 20
               and all(ord(c) > 0x2000 for c in ln[4])]
    # a line may end in a punctuation mark hanging into the margin (避头尾, as Word does)
    inside = [len(t) - (x1 > right + 4 and t[-1] in "，、；。：）”") for _, _, _, x1, t in chinese]
    assert chinese and max(inside) == 28
    pitch = 579 / 20  # points: the template's exact line spacing
    body = [ln for ln in lines if margin - 1 < ln[1] < margin + 2 * 16 + 1 and len(ln[4]) >= 10]
    steps = [(b[2] - a[2]) / pitch for a, b in zip(body, body[1:]) if a[0] == b[0]]
    steps = [s for s in steps if s < 3]  # a table or a figure in between: not running text
    assert steps and all(abs(s - round(s)) < 0.01 for s in steps)  # on the 28.95 pt pitch
    assert min(steps) == pytest.approx(1, abs=0.01)
    top = min(ln[2] for ln in lines if ln[0] == 1)
    assert top >= 37 / 25.4 * 72 - 1  # nothing above the 37 mm top margin


def _red_rule(pdf: bytes, tmp_path, dpi: int = 600):
    """(gap, width, thickness) in mm on page 1: the red rule's top edge below the lowest dark
    pixel above it (the document number's characters), its width and its thickness."""
    import subprocess

    import numpy as np
    from PIL import Image

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", str(path),
                    str(tmp_path / "p")], check=True)
    img = np.asarray(Image.open(next(tmp_path.glob("p*.png"))).convert("RGB")).astype(int)
    r, g, b = img[..., 0], img[..., 1], img[..., 2]
    red, dark = (r > 180) & (g < 90) & (b < 90), (r < 120) & (g < 120) & (b < 120)
    mm = 25.4 / dpi
    rule = np.where(red.sum(axis=1) > 100 / mm)[0]   # a red row longer than 100 mm
    top = rule.min()
    number_bottom = np.where(dark[:top].sum(axis=1) > 0)[0].max()
    return (top - number_bottom - 1) * mm, red[top].sum() * mm, (rule.max() - top + 1) * mm


def test_the_red_rule_is_4_mm_below_the_number_and_as_wide_as_the_type_area(
        cjk_font, figures_for_test, tmp_path):
    """GB/T 9704-2012 §7.2.5: the red separator 4 mm below the document number, centred,
    as wide as the type area (156 mm)."""
    pdf = report_bytes("filing", "pdf", figures_for_test("filing", "黄贝", False))
    gap, width, thickness = _red_rule(pdf, tmp_path)
    assert gap == pytest.approx(4.0, abs=0.3)
    assert width == pytest.approx(156, abs=1)
    assert 0.3 < thickness < 1.0


def test_the_inspection_report_pdf_opens_with_its_fonts_and_says_its_checklist(figures_for_test):
    from yizhan.web.reform.defaults import CHECKLIST

    pdf = PdfReader(io.BytesIO(report_bytes("inspection", "pdf",
                                            figures_for_test("filing", "黄贝", False))))
    assert all(_fonts(pdf).values())
    text = "".join(page.extract_text() for page in pdf.pages).replace("\n", "")
    assert "关于黄贝街道整合社区工作站工作检查验收情况的报告" in text
    assert all(title[:8] in text for _key, title, _article in CHECKLIST)


def _rules(pdf: bytes, page: int, tmp_path, dpi: int = 600):
    """(top, bottom, width) in mm of every black horizontal rule longer than 100 mm on
    ``page`` (1-based), top to bottom."""
    import subprocess

    import numpy as np
    from PIL import Image

    path = tmp_path / "r.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", str(page), "-l", str(page),
                    str(path), str(tmp_path / "q")], check=True)
    img = np.asarray(Image.open(next(tmp_path.glob("q*.png"))).convert("L")).astype(int)
    mm = 25.4 / dpi
    long_rows = [y for y in range(img.shape[0]) if (img[y] < 100).sum() * mm > 100]
    rules, start = [], None
    for y, nxt in zip(long_rows, [*long_rows[1:], None]):
        start = y if start is None else start
        if nxt != y + 1:
            rules.append((start * mm, (y + 1) * mm, (img[y] < 100).sum() * mm))
            start = None
    return rules


def _page_lines(reader) -> list[list[str]]:
    """Each page's text lines, spaces removed (pypdf puts some between numbers and Chinese)."""
    return [[ln.replace(" ", "") for ln in page.extract_text().splitlines() if ln.strip()]
            for page in reader.pages]


def test_the_imprint_is_at_the_foot_of_the_last_page_between_its_rules(cjk_font, figures_for_test,
                                                                       tmp_path):
    """GB/T 9704-2012 §7.4.1: the 版记 on the last page, its last rule on the type area's
    bottom edge (297 − 35 = 262 mm), rules as wide as the type area, the first and the last
    thicker than the one between 抄送 and 印发机关; the 印发 line the page's last line."""
    from dataclasses import replace

    figures = figures_for_test("filing", "黄贝", False)
    heading = figures.inputs.heading
    figures.inputs.heading = replace(heading, copy_to="区委组织部，区人事局，区民政局")
    try:
        pdf = report_bytes("filing", "pdf", figures)
    finally:
        figures.inputs.heading = heading
    reader = PdfReader(io.BytesIO(pdf))
    pages = _page_lines(reader)
    assert pages[-1][-2:] == ["抄送：区委组织部，区人事局，区民政局。",
                              heading.issuer + heading.date_text + "印发"]
    assert not any("印发" in ln for page in pages[:-1] for ln in page)
    first, between, last = _rules(pdf, len(pages), tmp_path)[-3:]
    assert last[1] == pytest.approx(262, abs=0.3)            # on the type area's bottom edge
    assert all(r[2] == pytest.approx(156, abs=1) for r in (first, between, last))
    assert between[1] - between[0] < last[1] - last[0]      # thin between two thick rules
    assert first[1] - first[0] == pytest.approx(0.35, abs=0.1)
    lines = [ln for ln in _lines(pdf, tmp_path) if ln[0] == len(pages) - 1]
    printed = next(ln for ln in lines if ln[4].endswith("印发"))
    mm = 25.4 / 72
    # on the 22nd line of the grid: below the thin rule, above the last one
    assert between[1] < printed[2] * mm < last[0]
    assert printed[2] * mm > 37 + 21 * 579 / 20 * mm - 1


def test_the_signature_never_stands_on_a_page_without_body_text(cjk_font, figures_for_test):
    """GB/T 9704-2012 §7.3.5: in every subdistrict's implementation plan the page with the
    落款 (issuer and date) also has body text; the 版记 is on the last page."""
    alone = []
    parents = figures_for_test("district", None, False).inputs.instance.parents
    assert len(parents) == 10
    for name in parents:
        figures = figures_for_test("subdistrict", name, False)
        heading = figures.inputs.heading
        pages = _page_lines(PdfReader(io.BytesIO(report_bytes("subdistrict", "pdf", figures))))
        date = heading.date_text
        at = [i for i, page in enumerate(pages)
              if any(a == heading.issuer and b == date for a, b in zip(page, page[1:]))]
        assert len(at) == 1, (name, at)
        page = pages[at[0]]
        body = [ln for ln in page if ln not in (heading.issuer, date) and "印发" not in ln
                and not re.fullmatch(r"—\d+—", ln)]
        if not body:
            alone.append(name)
        assert any(ln.endswith(date + "印发") for ln in pages[-1]), name
    assert alone == []
