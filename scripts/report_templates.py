"""Write the Word templates of ``yizhan report`` (src/yizhan/reports/templates/*.docx).

Run once to (re)create them: ``.venv/bin/python scripts/report_templates.py`` (with a
directory as argument it writes them there, to try a change with ``yizhan report
--templates DIR``). After that the templates are ordinary Word files: a bureau restyles them in Word or WPS (fonts, spacing,
wording) and keeps the ``{{ … }}`` / ``{% … %}`` tags (docxtpl, Jinja2); the program never
lays out a page itself. This script is the one place where the GB/T 9704-2012 geometry is
written down as numbers:

* A4, margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm: type area 156 × 225 mm (§5.2.1);
* body 仿宋_GB2312 三号 (16 pt), 22 lines × 28 characters (§5.2.2): line pitch 225 mm / 22,
  character pitch 156 mm / 28, written into the section's document grid and the styles;
* title 方正小标宋简体 二号 (22 pt); headings 一、黑体 （一）楷体 1. and （1） 仿宋 (§7.3.3);
* page numbers 宋体 四号 "— 1 —", 7 mm below the type area, odd pages right and even pages
  left with one character of space (§7.5);
* 版头 (issuer, document number, red line), 落款 (issuer, date, 4 characters from the right,
  kept with the last body paragraph: §7.3.5) and 版记 (抄送, printed by, date, between rules,
  at the foot of the last page's type area: §7.4).

Every official font is named on the runs' East Asian attribute; the free fonts a machine
without them uses are named in ``yizhan.reports.fonts`` (Noto Serif/Sans CJK SC).

A new document is one function decorated with :func:`template` (its body only: the 版头, the
opening lines, the 落款 and the 版记 are added around it), built from :func:`P` (a paragraph
in a style), :func:`table` (a table whose row repeats over a list), :func:`numbered` (a
numbered paragraph per list element); then an entry in ``yizhan.reports.documents.KINDS``
with the function that computes its context.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsmap, qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parent.parent / "src" / "yizhan" / "reports" / "templates"

MM_TWIPS = 1440 / 25.4
TYPE_W_MM, TYPE_H_MM = 156, 225
LINES, CHARS = 22, 28
BODY_PT = 16
# 22 lines must fit in 225 mm: the pitch is rounded down (579 twips = 28.95 pt)
LINE_PITCH_TWIPS = math.floor(TYPE_H_MM / LINES * MM_TWIPS)
CHAR_PITCH_PT = TYPE_W_MM / CHARS * 72 / 25.4                     # 15.79 pt
CHAR_SPACE = round((CHAR_PITCH_PT - BODY_PT) * 4096)               # -842: 4096ths of a point
# Body text meets the grid by exact line spacing and condensed characters rather than by
# snapping to it: LibreOffice (which makes the PDF) gives a 16 pt character two cells of a
# 15.79 pt grid. Condensing by 0.3 pt (6/20 pt) fits 28 characters per line in both Word and
# LibreOffice (measured: 0.25 pt still gives 27 in LibreOffice 7.4).
CONDENSE_TWENTIETHS = -6

FANGSONG, HEITI, KAITI, XBS, SONG = "仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"
LATIN = "Times New Roman"
RED = RGBColor(0xE6, 0x00, 0x12)
#: the red separator's distance from the document number's line (w:space, points)
RULE_SPACE_PT = 8


def set_fonts(style_or_run, east_asia: str, latin: str = LATIN) -> None:
    """Name the East Asian font (python-docx has no property for it) and the Latin one."""
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]  # theme fonts would win over the names below
    for key, value in (("w:ascii", latin), ("w:hAnsi", latin), ("w:eastAsia", east_asia),
                       ("w:cs", latin)):
        fonts.set(qn(key), value)


def _set(parent, tag: str, value: str) -> None:
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    el = OxmlElement(tag)
    el.set(qn("w:val"), value)
    parent.append(el)


def paragraph_style(doc, name, east_asia, size, *, bold=False, align=None, indent_chars=0,
                    exact=True, color=None, base="Normal", before=0, after=0, keep=False,
                    condense=True):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(
        name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles[base]
    set_fonts(style, east_asia)
    font = style.font
    font.size, font.bold, font.italic = Pt(size), bold, False
    font.color.rgb = color or RGBColor(0, 0, 0)
    pf = style.paragraph_format
    if align is not None:
        pf.alignment = align
    pf.first_line_indent = Pt(indent_chars * size) if indent_chars else Pt(0)
    pf.space_before, pf.space_after = Pt(before), Pt(after)
    if exact:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(LINE_PITCH_TWIPS / 20)
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    _set(style.element.get_or_add_pPr(), "w:snapToGrid", "0")
    _set(style.element.get_or_add_rPr(), "w:spacing", str(CONDENSE_TWENTIETHS if condense else 0))
    pf.keep_with_next = keep
    pf.widow_control = True
    ppr = style.element.get_or_add_pPr()
    for inherited in ("w:pBdr", "w:contextualSpacing"):  # python-docx's Title has a blue rule
        for el in ppr.findall(qn(inherited)):
            ppr.remove(el)
    return style


def defaults(doc) -> None:
    """Document defaults: 三号 仿宋 (the grid's character pitch is relative to this size)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set(rpr, "w:sz", str(BODY_PT * 2))
    _set(rpr, "w:szCs", str(BODY_PT * 2))
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is not None:
        rpr.remove(fonts)
    fonts = OxmlElement("w:rFonts")
    for key, value in (("w:ascii", LATIN), ("w:hAnsi", LATIN), ("w:eastAsia", FANGSONG),
                       ("w:cs", LATIN)):
        fonts.set(qn(key), value)
    rpr.insert(0, fonts)
    lang = rpr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def styles(doc) -> None:
    defaults(doc)
    paragraph_style(doc, "Normal", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.JUSTIFY,
                    indent_chars=2)
    paragraph_style(doc, "Title", XBS, 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0)
    # headings: the numbers 一、（一）1.（1）are written in the text, as the standard prints them
    for level, (font, bold) in enumerate(((HEITI, False), (KAITI, False), (FANGSONG, True),
                                          (FANGSONG, False)), 1):
        paragraph_style(doc, f"Heading {level}", font, BODY_PT, bold=bold, indent_chars=2,
                        align=WD_ALIGN_PARAGRAPH.JUSTIFY, keep=True)
    paragraph_style(doc, "Issuer", XBS, 26, align=WD_ALIGN_PARAGRAPH.CENTER, color=RED)
    # single spacing: LibreOffice does not draw the red rule under an exactly-spaced line
    paragraph_style(doc, "Document Number", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                    exact=False)
    paragraph_style(doc, "Addressee", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(doc, "Signature", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph_style(doc, "Caption", HEITI, 12, align=WD_ALIGN_PARAGRAPH.CENTER, exact=False,
                    before=3, after=3, keep=True, condense=False)
    paragraph_style(doc, "Table Text", FANGSONG, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER,
                    exact=False, condense=False)
    paragraph_style(doc, "Table Head", HEITI, 10.5, align=WD_ALIGN_PARAGRAPH.CENTER,
                    exact=False, condense=False)
    paragraph_style(doc, "Figure", FANGSONG, BODY_PT, align=WD_ALIGN_PARAGRAPH.CENTER,
                    exact=False)
    paragraph_style(doc, "Imprint", FANGSONG, 14, align=WD_ALIGN_PARAGRAPH.LEFT)
    paragraph_style(doc, "Page Number", SONG, 14, exact=False, condense=False)


def page(doc) -> None:
    """A4 portrait, the standard's margins, the 22 × 28 grid, odd/even page numbers."""
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(15)
    section.footer_distance = Mm(21)  # number line 7 mm below the type area (35 − 7 − 7)
    sect = section._sectPr
    for old in sect.findall(qn("w:docGrid")):
        sect.remove(old)
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:type"), "linesAndChars")
    grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
    grid.set(qn("w:charSpace"), str(CHAR_SPACE))
    sect.append(grid)
    doc.settings.odd_and_even_pages_header_footer = True
    for footer, align, side in ((section.footer, WD_ALIGN_PARAGRAPH.RIGHT, "right"),
                                (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT, "left")):
        footer.is_linked_to_previous = False
        p = footer.paragraphs[0]
        p.style = doc.styles["Page Number"]
        p.alignment = align
        if side == "right":
            p.paragraph_format.right_indent = Pt(14)
        else:
            p.paragraph_format.left_indent = Pt(14)
        p.add_run("— ")
        _field(p, "PAGE")
        p.add_run(" —")


def _field(paragraph, instruction: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instruction), ("separate", None),
                       (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instruction} "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)


def _border(paragraph, side: str, color: str = "E60012", size: int = 12, space: int = 1) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    el = OxmlElement(f"w:{side}")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", str(space)),
                       ("w:color", color)):
        el.set(qn(key), value)
    borders.append(el)


def masthead(doc) -> None:
    """版头: the issuer in red, the document number, the red separator line."""
    doc.add_paragraph("{{ heading.issuer }}", style="Issuer")
    p = doc.add_paragraph("{{ heading.number_text }}", style="Document Number")
    # GB/T 9704-2012 §7.2.5: "发文字号之下4mm处居中印一条与版心等宽的红色分隔线". The rule is the
    # number paragraph's bottom border, RULE_SPACE_PT below the paragraph's last line; with
    # the Noto Serif CJK stand-in LibreOffice puts its top edge 3.94 mm below the bottom of
    # the number's characters (measured at 600 dpi; tests/reports/test_pdf.py keeps it at
    # 4 ± 0.3 mm), 156 mm wide (the type area)
    _border(p, "bottom", size=16, space=RULE_SPACE_PT)
    doc.add_paragraph("")


def closing(doc, with_imprint: bool = True) -> None:
    """落款 (issuer and date, right, 4 characters from the edge) and 版记 (left out with
    ``with_imprint`` False: a notice that is posted, not sent).

    GB/T 9704-2012 §7.3.5: the 落款 never stands on a page without body text. The last body
    paragraph of the template (the last one that is not a ``{%p … %}`` tag) is kept with the
    blank line and the issuer, and the issuer with the date, so the page break, if any, comes
    before that paragraph's last lines, not between it and the 落款. The 版记 is not chained
    to the 落款: when it does not fit under it, it goes to the foot of the next page."""
    _last_body_paragraph(doc).paragraph_format.keep_with_next = True
    doc.add_paragraph("").paragraph_format.keep_with_next = True
    for text in ("{{ heading.issuer }}", "{{ heading.date_text }}"):
        p = doc.add_paragraph(text, style="Signature")
        p.paragraph_format.right_indent = Pt(4 * BODY_PT)
    doc.paragraphs[-2].paragraph_format.keep_with_next = True  # issuer and date on one page
    if with_imprint:
        imprint(doc)


def _last_body_paragraph(doc):
    for p in reversed(doc.paragraphs):
        if not p.text.startswith("{%p"):
            return p
    raise ValueError("a template without body text")


#: 版记 (§7.4): 四号 仿宋; rules as wide as the type area, the first and the last 0.35 mm, the
#: one between 抄送 and 印发机关 0.25 mm (w:sz in eighths of a point: 8 = 0.35 mm, 6 = 0.26 mm)
IMPRINT_PT, THICK_RULE, THIN_RULE = 14, 8, 6
#: the 版记's box: three lines of the grid, room for 抄送 on two lines and 印发机关 / 印发日期
#: (a longer 抄送 needs a taller box: its height is the text box's, in the template)
IMPRINT_LINES = 3
EMU_PER_PT = 12700
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"


def imprint(doc) -> None:
    """版记: 抄送 (only when ``heading.copy_to`` is given) and 印发机关 / 印发日期 between rules,
    at the foot of the page where the document ends (§7.4.1: "末条分隔线与公文最后一页的版心下边缘
    重合"; §7.4.3: 印发机关 one character from the left, 印发日期 one from the right).

    A table in a text box anchored to the bottom of the type area (``wp:anchor``, vertical
    alignment bottom relative to the margin, wrap top and bottom) in the document's last
    paragraph: its last rule lies on the type area's bottom edge and, each row being one
    line of the 22-line grid, its last line is the page's last line. Text that would run into
    it moves it, with that last paragraph, to the foot of the next page. LibreOffice (which
    makes the PDFs) and Word place such a box the same way; the table inside stays editable
    (click into the box) and its tags are rendered like any other."""
    t = doc.add_table(rows=4, cols=2)
    cc = t.rows[1].cells[0].merge(t.rows[1].cells[1])
    t.rows[0].cells[0].paragraphs[0].text = "{%tr if heading.copy_to %}"
    cc.paragraphs[0].text = "抄送：{{ heading.copy_to }}。"
    t.rows[2].cells[0].paragraphs[0].text = "{%tr endif %}"
    issuer, date = t.rows[3].cells
    issuer.paragraphs[0].text = "{{ heading.issuer }}"
    date.paragraphs[0].text = "{{ heading.date_text }}印发"
    one_char = Pt(IMPRINT_PT)
    for cell in (cc, issuer, date):
        pf = cell.paragraphs[0].paragraph_format
        cell.paragraphs[0].style = doc.styles["Imprint"]
        pf.left_indent = pf.right_indent = one_char
    # 抄送 wraps under the first name, after the colon (§7.4.2: "回行时与冒号后的首字对齐")
    cc.paragraphs[0].paragraph_format.left_indent = Pt(4 * IMPRINT_PT)
    cc.paragraphs[0].paragraph_format.first_line_indent = Pt(-3 * IMPRINT_PT)
    date.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    half = round(TYPE_W_MM / 2 * MM_TWIPS)
    for col in t._tbl.tblGrid.findall(qn("w:gridCol")):
        col.set(qn("w:w"), str(half))
    for row in t.rows:
        for cell in row.cells:
            cell.width = Mm(TYPE_W_MM / 2)
    cc.width = Mm(TYPE_W_MM)
    tblpr = t._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    width.set(qn("w:w"), str(2 * half))
    width.set(qn("w:type"), "dxa")
    borders = OxmlElement("w:tblBorders")
    for side, size in (("top", THICK_RULE), ("bottom", THICK_RULE), ("insideH", THIN_RULE)):
        el = OxmlElement(f"w:{side}")
        for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "0"),
                           ("w:color", "000000")):
            el.set(qn(key), value)
        borders.append(el)
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), "0")
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    width.addnext(borders)  # schema order: … tblW, jc, …, tblBorders, …, tblCellMar, tblLook
    borders.addnext(margins)
    anchor = doc.add_paragraph("")
    anchor._p.append(_text_box(t._tbl, lines=IMPRINT_LINES))


def _text_box(tbl, lines: int):
    """A run holding a text box as wide as the type area and ``lines`` lines of the grid high,
    its bottom on the type area's bottom edge, with ``tbl`` (moved out of the body) at its
    foot (text anchored at the bottom).

    The height is fixed: LibreOffice 7.4 leaves 2.6 mm under the content of a box that grows
    with its text (``a:spAutoFit``), which would lift the last rule off the edge."""
    width = round(TYPE_W_MM / 25.4 * 72 * EMU_PER_PT)
    height = round(lines * LINE_PITCH_TWIPS / 20 * EMU_PER_PT)
    run = parse_xml(
        f'<w:r xmlns:w="{nsmap["w"]}" xmlns:wp="{WP}" xmlns:a="{A}" '
        f'xmlns:wps="{WPS}"><w:drawing>'
        '<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="0">'
        '<wp:simplePos x="0" y="0"/>'
        '<wp:positionH relativeFrom="margin"><wp:align>center</wp:align></wp:positionH>'
        '<wp:positionV relativeFrom="margin"><wp:align>bottom</wp:align></wp:positionV>'
        f'<wp:extent cx="{width}" cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        '<wp:wrapTopAndBottom/><wp:docPr id="9704" name="版记"/><wp:cNvGraphicFramePr/>'
        f'<a:graphic><a:graphicData uri="{WPS}"><wps:wsp><wps:cNvSpPr txBox="1"/>'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{width}" cy="{height}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/><a:ln><a:noFill/></a:ln>'
        '</wps:spPr><wps:txbx><w:txbxContent/></wps:txbx>'
        '<wps:bodyPr rot="0" vert="horz" wrap="square" lIns="0" tIns="0" rIns="0" bIns="0" '
        'anchor="b" anchorCtr="0"><a:noAutofit/></wps:bodyPr>'
        '</wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>')
    content = run.find(".//" + qn("w:txbxContent"))
    content.append(tbl)
    # a text box ends with a paragraph: 1 pt high, so the last rule stays on the edge
    end = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    spacing = OxmlElement("w:spacing")
    for key, value in (("w:line", "2"), ("w:lineRule", "exact"), ("w:before", "0"),
                       ("w:after", "0")):
        spacing.set(qn(key), value)
    ppr.append(spacing)
    mark = OxmlElement("w:rPr")  # the paragraph mark's size sets an empty paragraph's height
    for tag in ("w:sz", "w:szCs"):
        el = OxmlElement(tag)
        el.set(qn("w:val"), "2")
        mark.append(el)
    ppr.append(mark)
    end.append(ppr)
    content.append(end)
    return run


def table(doc, headers: list[str], cells: list[str], loop: str, widths_mm: list[float]):
    """A table whose second row repeats over ``loop`` (docxtpl ``{%tr for … %}``)."""
    assert abs(sum(widths_mm) - TYPE_W_MM) < 0.6, widths_mm
    t = doc.add_table(rows=4, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for i, text in enumerate(headers):
        c = t.rows[0].cells[i]
        c.paragraphs[0].text = text
        c.paragraphs[0].style = doc.styles["Table Head"]
    t.rows[1].cells[0].paragraphs[0].text = "{%tr for r in " + loop + " %}"
    for i, text in enumerate(cells):
        c = t.rows[2].cells[i]
        c.paragraphs[0].text = text
        c.paragraphs[0].style = doc.styles["Table Text"]
    t.rows[3].cells[0].paragraphs[0].text = "{%tr endfor %}"
    for row in t.rows:
        for i, w in enumerate(widths_mm):
            row.cells[i].width = Mm(w)
    for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_mm):
        col.set(qn("w:w"), str(round(w * MM_TWIPS)))
    _repeat_header(t.rows[0])
    for row in t.rows:  # a row is never cut across two pages
        el = OxmlElement("w:cantSplit")
        el.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(el)
    doc.add_paragraph("", style="Table Text")
    return t


def _repeat_header(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    trpr.append(el)


def new_document(with_masthead: bool = True):
    doc = Document()
    styles(doc)
    page(doc)
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)
    if with_masthead:
        masthead(doc)
    return doc


def P(doc, text, style="Normal"):
    return doc.add_paragraph(text, style=style)


#: file name (without .docx) → function that builds the whole document; filled by @template
TEMPLATES: dict[str, Callable[[], Document]] = {}


def template(name: str, *, addressee: bool = False, posted: bool = False):
    """Register a function that writes a document's body as the template ``name``.docx.

    The template is the 版头 (:func:`masthead`), the opening (:func:`opening`: title, the
    addressee when ``addressee``, intro, synthetic-data note), the body, then the 落款 and
    版记 (:func:`closing`). A new document is one more decorated function here and the same
    file name in ``yizhan.reports.documents.KINDS``::

        @template("notice", addressee=True)
        def notice(doc) -> None:
            P(doc, "一、事项", "Heading 1")
            P(doc, "{{ body }}")
            numbered(doc, "items", "i", "{{ i }}")

    ``posted``: a notice that is put up, not sent (the station's notice board): no 版头 and
    no 版记, only the 落款.
    """
    def register(body: Callable[[Document], None]) -> Callable[[Document], None]:
        def build() -> Document:
            doc = new_document(with_masthead=not posted)
            opening(doc, addressee=addressee)
            body(doc)
            closing(doc, with_imprint=not posted)
            return doc

        TEMPLATES[name] = build
        return body

    return register


def opening(doc, *, addressee: bool = False) -> None:
    """The lines under the 版头: the title (``title``), a blank line, the addressee
    (``addressee``, GB/T 9704-2012 §7.3.2) when the document has one, the opening paragraph
    (``intro``) and the note that the data are synthetic (``synthetic``, ``synthetic_note``)."""
    P(doc, "{{ title }}", "Title")
    P(doc, "")
    if addressee:
        P(doc, "{{ addressee }}：", "Addressee")
    P(doc, "{{ intro }}")
    P(doc, "{% if synthetic %}{{ synthetic_note }}{% endif %}")


def numbered(doc, items: str, item: str, text: str) -> None:
    """One body paragraph ``1．text`` per element of ``items`` (a docxtpl ``{%p for %}`` loop;
    the tag paragraphs disappear when the template is rendered).

    The last element has a paragraph of its own, so that it alone can be kept with what
    follows (:func:`closing` keeps the last body paragraph with the 落款) without chaining
    every element of the list together."""
    P(doc, "{%p for " + item + " in " + items + " %}", "Table Text")
    P(doc, "{%p if not loop.last %}", "Table Text")
    P(doc, "{{ loop.index }}．" + text)
    P(doc, "{%p else %}", "Table Text")
    P(doc, "{{ loop.index }}．" + text)
    P(doc, "{%p endif %}", "Table Text")
    P(doc, "{%p endfor %}", "Table Text")


@template("district", addressee=True)
def district(doc) -> None:
    P(doc, "一、基本情况", "Heading 1")
    P(doc, "{{ baseline_intro }}")
    P(doc, "{%p for sec in baseline %}", "Table Text")
    P(doc, "（{{ sec.cn }}）{{ sec.title }}", "Heading 2")
    P(doc, "表{{ sec.table_no }}　{{ sec.title }}（{{ sec.article }}）", "Caption")
    table(doc, ["项目", "文件数字", "按数据计算", "一致"],
          ["{{ r.label }}", "{{ r.document }}", "{{ r.computed }}", "{{ r.equal }}"],
          "sec.rows", [70, 30, 30, 26])
    P(doc, "{%p endfor %}", "Table Text")
    P(doc, "二、整合方案", "Heading 1")
    P(doc, "{{ plan_intro }}")
    P(doc, "表{{ plan_table_no }}　各街道工作站整合前后", "Caption")
    table(doc, ["街道", "整合前", "整合后", "合并的工作站", "保留的工作站", "区间外户数"],
          ["{{ r.parent }}", "{{ r.before }}", "{{ r.after }}", "{{ r.merged_text }}",
           "{{ r.alone_text }}", "{{ r.band_deviation_text }}"],
          "subdistricts", [16, 13, 13, 54, 42, 18])
    P(doc, "{%p for s in subdistrict_texts %}", "Table Text")
    P(doc, "（{{ s.cn }}）{{ s.text }}")
    P(doc, "{%p endfor %}", "Table Text")
    P(doc, "三、规则与目标的达成情况", "Heading 1")
    P(doc, "{{ targets_intro }}")
    P(doc, "表{{ targets_table_no }}　目标达成情况", "Caption")
    table(doc, ["规则", "条款", "目标", "要求", "实际", "达到"],
          ["{{ r.rule }}", "{{ r.article }}", "{{ r.name }}", "{{ r.required }}",
           "{{ r.actual }}", "{{ r.attained }}"], "targets", [14, 18, 62, 22, 22, 18])
    P(doc, "{{ findings_intro }}")
    P(doc, "表{{ rules_table_no }}　各规则检查结果", "Caption")
    table(doc, ["规则", "条款", "内容", "违反", "警告", "提示"],
          ["{{ r.rule }}", "{{ r.article }}", "{{ r.name }}", "{{ r.violation }}",
           "{{ r.warning }}", "{{ r.info }}"], "rules", [14, 22, 72, 16, 16, 16])
    P(doc, "{{ band_chart }}", "Figure")
    P(doc, "图1　各工作站常住户数与标准区间", "Caption")
    P(doc, "{{ target_chart }}", "Figure")
    P(doc, "图2　目标达成情况", "Caption")
    P(doc, "四、与规划最优前沿的比较", "Heading 1")
    P(doc, "{{ frontier_intro }}")
    P(doc, "{% if frontier_rows %}表{{ frontier_table_no }}　各站数下可达到的最小区间外户数{% endif %}",
      "Caption")
    table(doc, ["工作站数", "最小区间外户数", "办公用房至少缺站", "服务设施至少缺站",
                "文体广场至少缺站", "本方案"],
          ["{{ r.stations }}", "{{ r.band_deviation }}", "{{ r.office }}", "{{ r.service }}",
           "{{ r.plaza }}", "{{ r.mark }}"], "frontier_rows", [24, 32, 26, 26, 26, 22])
    P(doc, "{% if frontier_chart %}{{ frontier_chart }}{% endif %}", "Figure")
    P(doc, "{% if frontier_chart %}图3　工作站数与区间外户数的取舍{% endif %}", "Caption")
    P(doc, "五、整合后的工作站分布", "Heading 1")
    P(doc, "{{ map_intro }}")
    P(doc, "{% if map_after %}{{ map_after }}{% endif %}", "Figure")
    P(doc, "{% if map_after %}图4　整合后的社区工作站{% endif %}", "Caption")
    P(doc, "六、说明", "Heading 1")
    numbered(doc, "notes", "n", "{{ n }}")


@template("subdistrict")
def subdistrict(doc) -> None:
    P(doc, "一、整合后的社区工作站", "Heading 1")
    P(doc, "{{ stations_intro }}")
    P(doc, "表1　整合后的社区工作站", "Caption")
    table(doc, ["序号", "工作站", "所辖居委会", "常住户数", "户数标准", "办公用房㎡", "服务设施㎡",
                "文体广场㎡"],
          ["{{ r.no }}", "{{ r.station }}", "{{ r.label }}", "{{ r.households }}",
           "{{ r.band_label }}", "{{ r.office }}", "{{ r.service }}", "{{ r.plaza }}"],
          "stations", [10, 26, 30, 18, 24, 16, 16, 16])
    P(doc, "二、人员配备与站长人选", "Heading 1")
    P(doc, "{{ staff_intro }}")
    P(doc, "表2　人员配备与站长人选", "Caption")
    table(doc, ["工作站", "现有工作人员", "拟任站长", "兼任党组织书记", "原站长", "原党组织书记"],
          ["{{ r.station }}", "{{ r.staff }}", "{{ r.proposed_head }}", "{{ r.head_secretary }}",
           "{{ r.heads_text }}", "{{ r.secretaries_text }}"], "stations",
          [28, 20, 22, 22, 32, 32])
    P(doc, "三、社区党组织设置", "Heading 1")
    P(doc, "{{ party_intro }}")
    P(doc, "表3　社区党组织设置", "Caption")
    table(doc, ["工作站", "党员人数", "党组织设置", "所辖居委会"],
          ["{{ r.station }}", "{{ r.party_members }}", "{{ r.party_label }}", "{{ r.label }}"],
          "stations", [34, 24, 30, 68])
    P(doc, "四、资产清理", "Heading 1")
    P(doc, "{{ assets_intro }}")
    P(doc, "表4　居委会设施清单", "Caption")
    table(doc, ["居委会", "整合后工作站", "办公用房㎡", "办公用房状况", "服务设施㎡", "服务设施状况",
                "文体广场㎡", "文体广场状况"],
          ["{{ r.name }}", "{{ r.station }}", "{{ r.office }}", "{{ r.office_status }}",
           "{{ r.service }}", "{{ r.service_status }}", "{{ r.plaza }}", "{{ r.plaza_status }}"],
          "assets", [18, 26, 18, 20, 18, 20, 16, 20])
    P(doc, "{%p if recorded_assets %}", "Table Text")
    P(doc, "{{ recorded_assets_intro }}")
    P(doc, "表{{ assets_table_no }}　资产清单（登记资产与清理情况）", "Caption")
    table(doc, ["序号", "所属单位", "资产名称", "价值（元）", "国有资产", "状态", "已清理", "清理清单"],
          ["{{ r.no }}", "{{ r.owner }}", "{{ r.description }}", "{{ r.value }}",
           "{{ r.state_owned_text }}", "{{ r.status_label }}", "{{ r.cleared_text }}",
           "{{ r.clearance_text }}"], "recorded_assets", [10, 24, 34, 22, 14, 14, 14, 24])
    P(doc, "{%p endif %}", "Table Text")
    P(doc, "五、实施步骤", "Heading 1")
    P(doc, "{{ timetable_intro }}")
    P(doc, "表{{ phases_table_no }}　实施步骤", "Caption")
    table(doc, ["阶段", "时间", "工作内容"],
          ["{{ r.name }}", "{{ r.dates }}", "{{ r.work }}"], "timetable", [34, 36, 86])
    P(doc, "表{{ tasks_table_no }}　任务清单", "Caption")
    table(doc, ["阶段", "任务", "条款", "完成期限", "负责人", "状态"],
          ["{{ r.phase_name }}", "{{ r.title }}", "{{ r.article }}", "{{ r.deadline_text }}",
           "{{ r.owner_text }}", "{{ r.status_label }}"], "tasks", [24, 42, 24, 32, 16, 18])
    P(doc, "六、检查结果", "Heading 1")
    # kept with the list, or with the 落款 when there are no findings
    P(doc, "{{ findings_intro }}").paragraph_format.keep_with_next = True
    numbered(doc, "findings", "f", "{{ f }}")


@template("filing")
def filing(doc) -> None:
    P(doc, "{%p if recorded %}", "Table Text")
    P(doc, "表1　社区工作站站长及党组织负责人任职备案", "Caption")
    table(doc, ["序号", "街道", "工作站", "职务", "姓名", "任职日期", "状态", "已备案", "未备案"],
          ["{{ r.no }}", "{{ r.subdistrict }}", "{{ r.station }}", "{{ r.post_label }}",
           "{{ r.person }}", "{{ r.effective }}", "{{ r.status_label }}", "{{ r.filed }}",
           "{{ r.missing }}"], "appointments", [8, 12, 20, 16, 14, 20, 14, 34, 18])
    P(doc, "表2　社区党组织设置审批与备案", "Caption")
    table(doc, ["序号", "街道", "工作站", "党组织", "组织形式", "党员数", "批准", "区委组织部备案",
                "状态"],
          ["{{ r.no }}", "{{ r.subdistrict }}", "{{ r.station }}", "{{ r.name }}",
           "{{ r.kind_label }}", "{{ r.members }}", "{{ r.approved }}", "{{ r.filed }}",
           "{{ r.status_label }}"], "party", [8, 12, 20, 24, 14, 12, 26, 26, 14])
    P(doc, "{%p else %}", "Table Text")
    P(doc, "表1　社区工作站站长任职备案", "Caption")
    table(doc, ["序号", "街道", "工作站", "所辖居委会", "拟任站长", "兼任党组织书记", "工作人员"],
          ["{{ r.no }}", "{{ r.parent }}", "{{ r.station }}", "{{ r.label }}",
           "{{ r.proposed_head }}", "{{ r.head_secretary }}", "{{ r.staff }}"],
          "stations", [10, 16, 30, 40, 22, 22, 16])
    P(doc, "表2　社区党组织设置备案", "Caption")
    table(doc, ["序号", "街道", "工作站", "党员人数", "党组织设置", "书记"],
          ["{{ r.no }}", "{{ r.parent }}", "{{ r.station }}", "{{ r.party_members }}",
           "{{ r.party_label }}", "{{ r.proposed_head }}"], "stations", [10, 18, 40, 22, 30, 36])
    P(doc, "{%p endif %}", "Table Text")
    P(doc, "{{ filed_with }}")
    P(doc, "")
    P(doc, "填报单位（盖章）：　　　　　　　负责人（签字）：", "Addressee")


@template("inspection", addressee=True)
def inspection(doc) -> None:
    P(doc, "{%p for s in sections %}", "Table Text")
    P(doc, "{{ s.cn }}、{{ s.subdistrict }}街道", "Heading 1")
    P(doc, "{{ s.summary }}")
    P(doc, "（一）检查表", "Heading 2")
    P(doc, "表{{ s.items_table_no }}　{{ s.subdistrict }}街道检查表（七、（三））", "Caption")
    table(doc, ["序号", "检查项", "条款", "结果", "检查记录"],
          ["{{ r.no }}", "{{ r.title }}", "{{ r.article }}", "{{ r.result_text }}",
           "{{ r.record }}"], "s.checklist", [10, 48, 32, 16, 50])
    P(doc, "（二）设施与党组织落实情况", "Heading 2")
    P(doc, "{{ s.facilities_intro }}")
    P(doc, "表{{ s.stations_table_no }}　{{ s.subdistrict }}街道整合后工作站设施", "Caption")
    table(doc, ["工作站", "办公用房㎡", "达标", "服务设施㎡", "达标", "文体广场㎡", "达标",
                "党组织设置"],
          ["{{ r.station }}", "{{ r.office }}", "{{ r.office_ok }}", "{{ r.service }}",
           "{{ r.service_ok }}", "{{ r.plaza }}", "{{ r.plaza_ok }}", "{{ r.party_label }}"],
          "s.stations", [34, 18, 12, 18, 12, 18, 12, 32])
    P(doc, "（三）豁免事项", "Heading 2")
    P(doc, "{{ s.waivers_text }}")
    numbered(doc, "s.waivers", "w", "{{ w.title }}：{{ w.reason }}（{{ w.by }}，{{ w.when }}）")
    P(doc, "（四）签署与验收", "Heading 2")
    P(doc, "{{ s.signatures_text }}")
    numbered(doc, "s.signatures", "g", "{{ g.action }}：{{ g.by }}，{{ g.when }}；意见：{{ g.reason }}")
    P(doc, "{%p endfor %}", "Table Text")
    P(doc, "")
    P(doc, "检查组成员（签字）：　　　　　　　　　　　　　　", "Addressee")


# ---------------------------------------------------------------------- part 四 (daily work)
def text_if(doc, name: str) -> None:
    """A body paragraph of ``name`` only when it has text (no empty line otherwise)."""
    P(doc, "{%p if " + name + " %}", "Table Text")
    P(doc, "{{ " + name + " }}")
    P(doc, "{%p endif %}", "Table Text")


def table_if(doc, items: str, caption: str, *args) -> None:
    """A captioned :func:`table` only when ``items`` has rows (the caption keeps with it)."""
    P(doc, "{%p if " + items + " %}", "Table Text")
    P(doc, caption, "Caption")
    table(doc, *args)
    P(doc, "{%p endif %}", "Table Text")


@template("tasks")
def tasks(doc) -> None:
    """四、（一） 社区工作站工作事项准入审批表 (yizhan.reports.operations.tasks)."""
    P(doc, "一、批准的工作事项", "Heading 1")
    P(doc, "表{{ t.approved }}　经批准由社区工作站承办的工作事项（{{ part }}）", "Caption")
    table(doc, ["序号", "提出部门", "工作事项", "性质", "承办工作站", "起止日期", "配套经费（元）",
                "经费来源与工作条件", "批准"],
          ["{{ r.no }}", "{{ r.department }}", "{{ r.title }}", "{{ r.kind_label }}",
           "{{ r.stations_text }}", "{{ r.dates }}", "{{ r.funding }}",
           "{{ r.source }}{% if r.conditions %}；{{ r.conditions }}{% endif %}",
           "{{ r.decision }}"], "approved", [9, 14, 20, 12, 20, 19, 19, 24, 19])
    P(doc, "{%p if show_refused %}", "Table Text")
    P(doc, "二、不予批准的事项", "Heading 1")
    text_if(doc, "refused_text")
    table_if(doc, "refused", "表{{ t.refused }}　不予批准的工作事项",
             ["序号", "提出部门", "工作事项", "性质", "不予批准的理由", "决定"],
             ["{{ r.no }}", "{{ r.department }}", "{{ r.title }}", "{{ r.kind_label }}",
              "{{ r.reason }}", "{{ r.decision }}"], "refused", [9, 22, 36, 16, 49, 24])
    P(doc, "{%p endif %}", "Table Text")
    P(doc, "{% if show_refused %}三{% else %}二{% endif %}、经费落实情况（费随事转）", "Heading 1")
    P(doc, "{{ funding_intro }}")
    P(doc, "表{{ t.stations }}　各工作站经费台账汇总（元）", "Caption")
    table(doc, ["工作站", "承接工作事项", "经费到账", "经费支出", "结余"],
          ["{{ r.station }}", "{{ r.tasks }}", "{{ r.received }}", "{{ r.spent }}",
           "{{ r.balance }}"], "per_station", [44, 22, 30, 30, 30])
    P(doc, "表{{ t.ledger }}　各工作事项经费（元）", "Caption")
    table(doc, ["工作站", "工作事项", "性质", "经费到账", "经费支出", "结余"],
          ["{{ r.station }}", "{{ r.title }}", "{{ r.kind_label }}", "{{ r.received }}",
           "{{ r.spent }}", "{{ r.balance }}"], "ledger", [30, 46, 20, 20, 20, 20])
    table_if(doc, "unfunded", "表{{ t.unfunded }}　配套经费尚未全部拨付到工作站的临时性工作事项（元）",
             ["工作事项", "提出部门", "配套经费", "已拨付到工作站", "差额", "本表含全部承办站"],
             ["{{ r.title }}", "{{ r.department }}", "{{ r.funding }}", "{{ r.received }}",
              "{{ r.missing }}", "{{ r.partial }}"], "unfunded", [42, 26, 22, 24, 20, 22])
    P(doc, "{{ filed_with }}")
    P(doc, "")
    P(doc, "审批单位（盖章）：　　　　　　　负责人（签字）：", "Addressee")


@template("window", addressee=True)
def window(doc) -> None:
    """四、（二） the service window's report for a period (yizhan.reports.operations.window)."""
    P(doc, "一、受理和办结情况", "Heading 1")
    P(doc, "{{ volume_intro }}")
    P(doc, "表{{ t.stations }}　各工作站办件情况（{{ period }}）", "Caption")
    table(doc, ["工作站", "受理", "办结", "转办", "在办", "超时", "平均办结时长（小时）",
                "办结时长中位数（小时）"],
          ["{{ r.station }}", "{{ r.total }}", "{{ r.done }}", "{{ r.referred }}",
           "{{ r.open }}", "{{ r.overdue }}", "{{ r.mean }}", "{{ r.median }}"], "stations",
          [34, 14, 14, 14, 14, 14, 26, 26])
    P(doc, "二、按服务类别统计", "Heading 1")
    P(doc, "表{{ t.kinds }}　各服务类别办件情况", "Caption")
    table(doc, ["服务类别", "受理", "办结", "转办", "在办"],
          ["{{ r.kind_label }}", "{{ r.total }}", "{{ r.done }}", "{{ r.referred }}",
           "{{ r.open }}"], "kinds", [56, 25, 25, 25, 25])
    P(doc, "三、收费情况", "Heading 1")
    P(doc, "{{ charge_intro }}")
    table_if(doc, "fees", "表{{ t.fees }}　服务目录中的收费事项",
             ["序号", "工作站", "服务事项", "收费（元）", "登记的收费依据", "期内办件"],
             ["{{ r.no }}", "{{ r.station }}", "{{ r.name }}", "{{ r.fee }}", "{{ r.fee_basis }}",
              "{{ r.tickets }}"], "fees", [9, 30, 33, 18, 48, 18])
    P(doc, "四、政府购买服务", "Heading 1")
    text_if(doc, "purchased_text")
    table_if(doc, "purchased", "表{{ t.purchased }}　政府购买服务事项",
             ["序号", "工作站", "服务事项", "服务提供方", "合同编号", "服务期限", "费用（元）"],
             ["{{ r.no }}", "{{ r.station }}", "{{ r.name }}", "{{ r.provider }}",
              "{{ r.contract }}", "{{ r.dates }}", "{{ r.cost }}"], "purchased",
             [9, 22, 26, 28, 24, 27, 20])
    P(doc, "五、办理时效", "Heading 1")
    P(doc, "{{ timeliness }}")


@template("supervision", addressee=True)
def supervision(doc) -> None:
    """四、（三） the committees' supervision of the stations
    (yizhan.reports.operations.supervision)."""
    P(doc, "一、意见建议与评议事项", "Heading 1")
    P(doc, "{{ items_intro }}")
    P(doc, "表{{ t.stations }}　各工作站收到的监督事项（{{ period }}）", "Caption")
    table(doc, ["工作站", "提出事项", "意见建议", "评议", "已答复", "待答复", "超期未答复",
                "答复被退回（次）"],
          ["{{ r.station }}", "{{ r.raised }}", "{{ r.opinions }}", "{{ r.assessments }}",
           "{{ r.answered }}", "{{ r.waiting }}", "{{ r.overdue }}", "{{ r.returned }}"],
          "stations", [30, 17, 17, 12, 16, 16, 22, 26])
    P(doc, "（一）超过答复期限未答复的事项", "Heading 2")
    text_if(doc, "overdue_text")
    table_if(doc, "overdue", "表{{ t.overdue }}　超过答复期限未答复的事项",
             ["序号", "工作站", "社区居委会", "事项", "提出日期", "答复期限"],
             ["{{ r.no }}", "{{ r.station }}", "{{ r.committee }}", "{{ r.title }}",
              "{{ r.submitted_text }}", "{{ r.deadline_text }}"], "overdue",
             [9, 28, 24, 49, 23, 23])
    P(doc, "二、年度评议", "Heading 1")
    P(doc, "{{ forms_intro }}")
    table_if(doc, "forms", "表{{ t.forms }}　各工作站年度评议结果（总体评价）",
             ["工作站", "年度", "评议表（份）", "满意", "基本满意", "不满意", "评为不满意的方面"],
             ["{{ r.station }}", "{{ r.year }}", "{{ r.forms }}", "{{ r.satisfied }}",
              "{{ r.basic }}", "{{ r.unsatisfied }}", "{{ r.weak_text }}"], "forms",
             [32, 14, 20, 14, 18, 16, 42])


@template("open-affairs", posted=True)
def open_affairs(doc) -> None:
    """四、（四） a station's notice board (站务公开栏), posted not sent: no 版头, no 版记
    (yizhan.reports.operations.open_affairs)."""
    P(doc, "一、服务事项、办结时限和收费", "Heading 1")
    P(doc, "{{ fee_text }}")
    P(doc, "服务事项", "Caption")
    table(doc, ["序号", "服务事项", "服务类别", "办结时限", "收费", "办理依据"],
          ["{{ r.no }}", "{{ r.name }}", "{{ r.kind_label }}", "{{ r.limit }}", "{{ r.fee }}",
           "{{ r.basis }}"], "catalogue", [9, 32, 24, 17, 32, 42])
    table_if(doc, "purchased", "政府购买服务",
             ["服务事项", "服务提供方", "合同编号", "服务期限", "费用（元）"],
             ["{{ r.name }}", "{{ r.provider }}", "{{ r.contract }}", "{{ r.dates }}",
              "{{ r.cost }}"], "purchased", [32, 34, 28, 38, 24])
    P(doc, "二、办件情况", "Heading 1")
    P(doc, "{{ stats_text }}")
    P(doc, "三、承接的工作事项及经费（费随事转）", "Heading 1")
    text_if(doc, "tasks_text")
    table_if(doc, "tasks", "经批准承接的工作事项及经费（元）",
             ["序号", "工作事项", "提出部门", "起止日期", "配套经费", "已到账", "已支出", "结余"],
             ["{{ r.no }}", "{{ r.title }}", "{{ r.department }}", "{{ r.dates }}",
              "{{ r.funding }}", "{{ r.received }}", "{{ r.spent }}", "{{ r.balance }}"], "tasks",
             [9, 29, 20, 22, 20, 19, 19, 18])
    P(doc, "四、服务的社区居委会", "Heading 1")
    P(doc, "{{ committees_text }}")
    P(doc, "五、工作人员", "Heading 1")
    text_if(doc, "staff_text")
    table_if(doc, "staff", "本站工作人员", ["姓名", "职务"], ["{{ r.name }}", "{{ r.post }}"],
             "staff", [78, 78])
    P(doc, "六、内部管理制度", "Heading 1")
    text_if(doc, "rules_text")
    table_if(doc, "rules", "本站内部管理制度", ["制度类别", "制度名称", "制定日期"],
             ["{{ r.kind_label }}", "{{ r.title }}", "{{ r.adopted_text }}"], "rules",
             [44, 80, 32])
    P(doc, "七、办事与监督", "Heading 1")
    P(doc, "{{ contact }}")


def main(argv: list[str]) -> int:
    """Write every template into the package's templates directory, or into ``argv[0]``."""
    out = Path(argv[0]) if argv else OUT
    out.mkdir(parents=True, exist_ok=True)
    for name, build in TEMPLATES.items():
        build().save(out / f"{name}.docx")
        print(out / f"{name}.docx")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
