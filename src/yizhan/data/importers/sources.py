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
from dataclasses import dataclass, field
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


def read_table(data: bytes, problems: ProblemList) -> Table | None:
    """Rows of a CSV or XLSX file (chosen by suffix, or by content for nameless uploads).

    Blank rows are skipped but keep their numbers, so a message's row is the row the clerk
    sees. Returns None, with a problem recorded, when there is nothing to read.
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
    records = [(n, cells) for n, cells in records if any(_filled(c) for c in cells)]
    if not records:
        problems.add("empty_file", "文件是空的，没有任何内容。", "The file is empty.")
        return None
    (header_row, header), body = records[0], records[1:]
    if not body:
        problems.add("empty_file", "文件只有表头，没有数据行。",
                     "The file has a header but no data rows.", row=header_row)
        return None
    return Table([_text(h) for h in header], header_row, body)


def _filled(value) -> bool:
    return value is not None and str(value).strip() != ""


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _csv_records(text: str, problems: ProblemList) -> list[tuple[int, list]] | None:
    """(row number, fields) for each record; the delimiter is sniffed from the header.

    Rows are numbered as Excel shows the file: one row per record (a name with a line break
    inside quotes is still one row), blank lines included.
    """
    first = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = next((d for d in ("\t", ";") if d in first), ",")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list]] = []
    try:
        for cells in reader:
            records.append((len(records) + 1, cells))
    except csv.Error as exc:
        row = len(records) + 1
        problems.add("unreadable", f"第{row}行无法按CSV格式读取：{exc}。",
                     f"Row {row} cannot be read as CSV: {exc}.", row=row)
        return None
    return records


def _excel_records(data: bytes, problems: ProblemList) -> list[tuple[int, list]] | None:
    """(row number, cell values) of the first sheet; values as Excel stores them."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        problems.add("unreadable", f"无法作为Excel（.xlsx）文件打开：{exc}。",
                     f"Cannot open the file as Excel (.xlsx): {exc}.")
        return None
    try:
        sheet = book.worksheets[0]
        return [(n, list(cells)) for n, cells in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()
