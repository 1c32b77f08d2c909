"""Big import files made in a fraction of a second, for the limit tests and the benchmark.

``tiny_xlsx`` writes the sheet XML itself (openpyxl would take seconds to write 200,000
rows): a workbook of a few hundred kilobytes that holds that many rows, as in issue 7.
"""

from __future__ import annotations

import io
import zipfile
from xml.sax.saxutils import escape

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
    '</Types>')
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    '</Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
    '</Relationships>')


def tiny_xlsx(header: list[str], row, n: int, dimension: str | None = None) -> bytes:
    """An .xlsx whose first sheet has ``header`` and ``n`` rows ``row(i)`` (i from 1), or
    ``n`` times the list ``row``. Text goes to the shared-strings table, as Excel writes it.

    Rows and cells carry no ``r`` reference (it is optional), so identical rows are identical
    XML and 200,000 of them compress to a few hundred kilobytes. ``dimension`` replaces the
    size the sheet claims (default: the true one).
    """
    strings: dict[str, int] = {}
    made: dict[tuple, str] = {}

    def cell(value) -> str:
        if isinstance(value, (int, float)):
            return f"<c><v>{value}</v></c>"
        return f'<c t="s"><v>{strings.setdefault(str(value), len(strings))}</v></c>'

    def xml_row(values) -> str:
        key = tuple(values)
        if key not in made:
            made[key] = "<row>" + "".join(cell(v) for v in values) + "</row>"
        return made[key]

    last = chr(ord("A") + len(header) - 1)
    if callable(row):
        body = [xml_row(header)] + [xml_row(row(i)) for i in range(1, n + 1)]
    else:
        body = [xml_row(header)] + [xml_row(row)] * n
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>'
             f'<worksheet xmlns="{_MAIN}"><dimension ref="{dimension or f"A1:{last}{n + 1}"}"/>'
             '<sheetData>'
             + "".join(body) + "</sheetData></worksheet>")
    shared = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_MAIN}" count="{len(strings)}"'
              f' uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("_rels/.rels", _RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", shared)
    return buf.getvalue()


def big_csv(header: str, row, size: int) -> bytes:
    """A UTF-8 CSV of ``header`` and rows ``row(i)`` (i from 1), as many as fit in ``size``
    bytes."""
    parts = [header.encode()]
    total, i = len(parts[0]), 1
    while True:
        line = row(i).encode()
        if total + len(line) > size:
            return b"".join(parts)
        parts.append(line)
        total += len(line)
        i += 1
