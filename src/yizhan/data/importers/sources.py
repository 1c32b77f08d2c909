"""Getting the bytes of a file and turning them into rows, whatever the clerk saved.

The same readers serve the CLI (a path) and the web app (an upload's bytes and its name), so
every reader takes a :data:`Source`. Text files come as UTF-8 (with or without the BOM Excel
writes), as GBK/GB18030 (what Chinese Windows Excel saves by default), or as UTF-16 ("Unicode
text"); the encoding is detected rather than asked for, because clerks do not know it.
Spreadsheets (.xlsx) are read with openpyxl; the first sheet is the table.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Union

from yizhan.data.importers.problems import ProblemList

__all__ = ["Upload", "Source", "load_bytes", "decode_text", "Table", "read_table"]


@dataclass(frozen=True)
class Upload:
    """A file that is not on disk: its name (for the suffix and the messages) and bytes."""

    name: str
    data: bytes


Source = Union[str, os.PathLike, bytes, Upload, BinaryIO]

_EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"


def load_bytes(source: Source, filename: str | None = None) -> tuple[ProblemList, bytes | None]:
    """The file's problem list (named after the file) and its bytes, or None if unreadable.

    ``source`` is a path, an :class:`Upload`, raw bytes (then ``filename`` names them), or
    a binary file object such as a Django upload (its ``name`` names it).
    """
    if isinstance(source, Upload):
        return ProblemList(filename or source.name), source.data
    if isinstance(source, (bytes, bytearray)):
        return ProblemList(filename or "upload"), bytes(source)
    if hasattr(source, "read"):
        name = filename or Path(str(getattr(source, "name", "upload"))).name
        return ProblemList(name), source.read()
    path = Path(source)
    problems = ProblemList(filename or str(path))
    try:
        return problems, path.read_bytes()
    except OSError as exc:
        problems.add("unreadable", f"无法打开文件“{path}”：{exc.strerror or exc}。",
                     f"Cannot open the file “{path}”: {exc.strerror or exc}.")
        return problems, None


def decode_text(data: bytes, problems: ProblemList) -> str | None:
    """The text of ``data`` (UTF-16 by BOM, else UTF-8, else GB18030), or None with a problem."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    problems.add("bad_encoding",
                 "文件编码无法识别：既不是UTF-8也不是GBK。请在Excel中“另存为”CSV UTF-8格式。",
                 "The file's encoding is neither UTF-8 nor GBK. Save it from Excel as "
                 "“CSV UTF-8”.")
    return None


@dataclass
class Table:
    """A header and the data rows, each with its row number as the user sees it."""

    header: list[str]
    header_row: int = 1
    rows: list[tuple[int, list]] = field(default_factory=list)


def read_table(data: bytes, problems: ProblemList, max_rows: int | None = None) -> Table | None:
    """Rows of a CSV or XLSX file (chosen by suffix, or by content for nameless uploads).

    Blank rows are skipped but keep their numbers, so a message's row is the row the clerk
    sees. Returns None, with a problem recorded, when there is nothing to read, or when the
    file has more than ``max_rows`` data rows: rows are streamed and the reading stops at
    the first row past the limit, so a small workbook holding (or claiming) a million rows
    costs no more than ``max_rows`` of them.
    """
    if not data.strip():
        problems.add("empty_file", "文件是空的，没有任何内容。", "The file is empty.")
        return None
    suffix = Path(problems.file).suffix.lower()
    if suffix == ".xls":
        problems.add("unreadable", "这是旧版Excel（.xls）文件，请在Excel中另存为.xlsx或CSV后再导入。",
                     "This is an old Excel (.xls) file; save it as .xlsx or CSV and import "
                     "that.")
        return None
    if suffix in _EXCEL_SUFFIXES or data.startswith(_ZIP_MAGIC):
        records = _excel_records(data, problems)
    else:
        text = decode_text(data, problems)
        records = None if text is None else _csv_records(text, problems)
    if records is None:
        return None
    with closing(records):
        filled = ((n, cells) for n, cells in records if _filled_row(cells))
        try:
            first = next(filled, None)
            body = list(filled if max_rows is None else islice(filled, max_rows + 1))
        except _Unreadable:
            return None
    if first is None:
        problems.add("empty_file", "文件是空的，没有任何内容。", "The file is empty.")
        return None
    header_row, header = first
    if not body:
        problems.add("empty_file", "文件只有表头，没有数据行。",
                     "The file has a header but no data rows.", row=header_row)
        return None
    if max_rows is not None and len(body) > max_rows:
        row = body[-1][0]
        problems.add("too_many_rows",
                     f"文件的数据超过{max_rows}行（第{row}行已是第{max_rows + 1}行数据），"
                     "一次最多导入这么多行，请把文件拆开分几次导入。",
                     f"The file has more than {max_rows} data rows (row {row} is data row "
                     f"{max_rows + 1}); split it and import the parts one by one.", row=row)
        return None
    return Table([_text(h) for h in header], header_row, body)


class _Unreadable(Exception):
    """Raised by a record stream after it recorded why the rest cannot be read."""


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _filled_row(cells) -> bool:
    # count() first: a spreadsheet's empty rows are long runs of None, checked in C
    return cells.count(None) != len(cells) and any(_filled(c) for c in cells)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _csv_records(text: str, problems: ProblemList) -> Iterator[tuple[int, list]]:
    """(row number, fields) for each record; the delimiter is sniffed from the header.

    Rows are numbered as Excel shows the file: one row per record (a name with a line break
    inside quotes is still one row), blank lines included.
    """
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = next((d for d in ("\t", ";") if d in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    row = 0
    try:
        for cells in reader:
            row += 1
            yield row, cells
    except csv.Error as exc:
        row += 1
        problems.add("unreadable", f"第{row}行无法按CSV格式读取：{exc}。",
                     f"Row {row} cannot be read as CSV: {exc}.", row=row)
        raise _Unreadable from exc


#: Cells right of this column are not read: no units or adjacency column lies there, and a
#: crafted sheet with a cell in column XFD of every row would otherwise cost 16,384 per row.
MAX_COLUMNS = 256
#: what a damaged workbook raises (SyntaxError: the XML parsers' errors derive from it)
_EXCEL_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, SyntaxError)


def _excel_records(data: bytes, problems: ProblemList) -> Iterator[tuple[int, list]] | None:
    """(row number, cell values) of the first sheet, streamed; values as Excel stores them.

    The workbook is opened read-only (rows are parsed as they are asked for) and its
    recorded dimensions are ignored: a sheet may claim a million rows it does not have.
    """
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
    except (*_EXCEL_ERRORS, IndexError) as exc:
        problems.add("unreadable", f"无法作为Excel（.xlsx）文件打开：{exc}。",
                     f"Cannot open the file as Excel (.xlsx): {exc}.")
        return None

    def rows():
        try:
            sheet.reset_dimensions()
            for n, cells in enumerate(sheet.iter_rows(values_only=True), 1):
                yield n, list(cells[:MAX_COLUMNS])
        except _EXCEL_ERRORS as exc:
            problems.add("unreadable", f"无法作为Excel（.xlsx）文件读取：{exc}。",
                         f"Cannot read the file as Excel (.xlsx): {exc}.")
            raise _Unreadable from exc
        finally:
            book.close()

    return rows()
