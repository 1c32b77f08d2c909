"""The units file (committees): CSV or XLSX, English or Chinese headers (docs/formats.md).

Every row and every column is checked before anything is built, and every problem is
reported with its row, column and value; the frame handed to :class:`Instance` exists only
when there is no error. Column names, types and statuses are the core's
(:data:`REQUIRED_COLUMNS`, :data:`OPTIONAL_COLUMNS`, :data:`COMMUNITY_TYPES`,
:data:`FACILITY_STATUSES`): this module only adds the spellings people type.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd
from openpyxl.utils import get_column_letter

from yizhan.core.instance import (COMMUNITY_TYPES, FACILITIES, FACILITY_STATUSES,
                                  OPTIONAL_COLUMNS, REQUIRED_COLUMNS)
from yizhan.data.importers.problems import ImportFailed, ImportProblem, ProblemList
from yizhan.data.importers.sources import Source, Table, load_bytes, read_table
from yizhan.data.importers.values import (Invalid, choice_table, is_blank, parse_bool,
                                          parse_choice, parse_code, parse_name, parse_number,
                                          parse_text)
from yizhan.geo.validate import LAT_RANGE, LON_RANGE

__all__ = ["UnitsImport", "UnitsCheck", "read_units", "check_units", "canonical_column",
           "HEADERS_ZH", "ZH_HEADER_OF", "COLUMN_PARSERS"]

#: Chinese header → column (docs/formats.md), plus the longer names the policy text uses.
HEADERS_ZH = {
    "编码": "code", "名称": "name", "街道": "parent", "户数": "households",
    "办公用房": "office_m2", "服务设施": "service_m2", "文体广场": "plaza_m2",
    "人口": "population", "面积": "area_km2", "类型": "type", "工作站": "station",
    "独立完整": "self_contained", "办公用房状态": "office_status",
    "服务设施状态": "service_status", "文体广场状态": "plaza_status", "党员数": "party_members",
    "统计用区划代码": "nbs_code", "经度": "x", "纬度": "y",
    "常住人口户数": "households", "社区类型": "type",
    **{zh: f"{key}_m2" for key, zh, _ in FACILITIES},
    **{f"{zh}状态": f"{key}_status" for key, zh, _ in FACILITIES},
}
#: Column → the Chinese header written for it (the first of its spellings above).
ZH_HEADER_OF = {col: zh for zh, col in reversed(list(HEADERS_ZH.items()))}

_TYPES = choice_table(COMMUNITY_TYPES, drop_suffix="社区")
_STATUSES = choice_table(FACILITY_STATUSES)


def _nbs(raw):
    text = parse_text(raw)
    if text and not (text.isdigit() and len(text) == 12):
        return Invalid("wrong_format", "不是12位数字的统计用区划代码",
                       "is not a 12-digit NBS statistical code")
    return text


def _number(integer: bool, minimum: float | None = 0.0, maximum: float | None = None):
    return lambda raw: parse_number(raw, integer=integer, minimum=minimum, maximum=maximum)


#: How each column's cell is read. Covers exactly the core's columns (a test checks it).
COLUMN_PARSERS: dict[str, Callable] = {
    "code": parse_code, "name": parse_name, "parent": parse_name,
    "households": _number(True), "office_m2": _number(False), "service_m2": _number(False),
    "plaza_m2": _number(False), "population": _number(True), "area_km2": _number(False),
    "type": lambda raw: parse_choice(raw, _TYPES, COMMUNITY_TYPES),
    "station": parse_name, "self_contained": parse_bool,
    **{f"{key}_status": (lambda raw: parse_choice(raw, _STATUSES, FACILITY_STATUSES))
       for key, _, _ in FACILITIES},
    "party_members": _number(True), "nbs_code": _nbs,
    "x": _number(False, *LON_RANGE), "y": _number(False, *LAT_RANGE),
}
_COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_UNIT = re.compile(r"\s*[(\[【][^()\[\]【】]*[)\]】]\s*$")


@dataclass
class UnitsImport:
    """A valid units file: ``frame`` (one row per unit, every core column) and warnings.

    ``columns`` are the core columns the file has and ``row_numbers`` the row of each frame
    row as the user sees it: the frame fills absent columns with defaults (the planner needs
    every column), but a registry updating existing records must leave those untouched.
    """

    frame: pd.DataFrame
    warnings: list[ImportProblem] = field(default_factory=list)
    columns: tuple[str, ...] = REQUIRED_COLUMNS
    row_numbers: list[int] = field(default_factory=list)


@dataclass
class UnitsCheck:
    """Everything learnt from a units file, valid or not (what :func:`load_instance` needs)."""

    problems: ProblemList
    frame: pd.DataFrame | None = None
    rows: dict[str, int] = field(default_factory=dict)  # code → row of its first occurrence
    columns: tuple[str, ...] = ()  # the core columns the file has, in the file's order
    row_numbers: list[int] = field(default_factory=list)  # the row of each frame row


def read_units(source: Source, *, known_parents: Iterable[str] | None = None,
               filename: str | None = None, max_rows: int | None = None) -> UnitsImport:
    """Read and validate a units file; raise :class:`ImportFailed` listing every problem.

    ``max_rows`` refuses a file with more data rows, reading no further (the web app's limit).
    """
    check = check_units(source, known_parents=known_parents, filename=filename,
                        max_rows=max_rows)
    if check.frame is None:
        raise ImportFailed(check.problems.items)
    return UnitsImport(check.frame, check.problems.warnings, check.columns, check.row_numbers)


def canonical_column(header: str) -> str | None:
    """The core column a header names: ``Households``, ``户数``, ``户数(户)``, ``户数（户）``."""
    text = unicodedata.normalize("NFKC", header).strip()
    text = _UNIT.sub("", text).strip()
    key = re.sub(r"[\s\-]+", "_", text.lower())
    return key if key in COLUMN_PARSERS else HEADERS_ZH.get(text)


def check_units(source: Source, *, known_parents: Iterable[str] | None = None,
                filename: str | None = None, max_rows: int | None = None) -> UnitsCheck:
    """Validate a units file without raising: the frame is None when there is an error."""
    problems, data = load_bytes(source, filename)
    check = UnitsCheck(problems)
    table = None if data is None else read_table(data, problems, max_rows)
    if table is None:
        return check
    columns = _map_header(table, problems)  # a missing column does not hide bad cells
    check.columns = tuple(columns)
    check.row_numbers = [row for row, _ in table.rows]
    parents = None if known_parents is None else set(known_parents)
    records = []
    for row, cells in table.rows:
        record = _read_row(row, cells, table, columns, problems)
        code = record.get("code", "")
        if code:
            if code in check.rows:
                problems.cell("duplicate_code", row, table.header[columns["code"]], code,
                              f"与第{check.rows[code]}行的编码重复，编码不能重复",
                              f"repeats the code in row {check.rows[code]}; codes must be "
                              "unique")
            else:
                check.rows[code] = row
        parent = record.get("parent", "")
        if parents is not None and parent and parent not in parents:
            problems.cell("unknown_parent", row, table.header[columns["parent"]], parent,
                          "不是已知的街道", "is not a known subdistrict")
        records.append(record)
    if not problems.has_errors:
        frame = pd.DataFrame.from_records(records, columns=list(_COLUMNS))
        for col, default in OPTIONAL_COLUMNS.items():
            frame[col] = frame[col].where(frame[col].notna(), default)
        check.frame = frame
    return check


def _map_header(table: Table, problems: ProblemList) -> dict[str, int]:
    """Column → position; reports missing, doubled and unknown headers."""
    columns: dict[str, int] = {}
    row = table.header_row
    for i, header in enumerate(table.header):
        if not header:
            if any(i < len(c) and not is_blank(c[i]) for _, c in table.rows):
                letter = get_column_letter(i + 1)
                problems.add("unknown_column", f"第{letter}列没有表头，这一列已忽略。",
                             f"Column {letter} has no header; it was ignored.",
                             row=row, column=letter, severity="warning")
            continue
        col = canonical_column(header)
        if col is None:
            problems.add("unknown_column", f"第{row}行的列名“{header}”不是本系统认识的列，已忽略。",
                         f"The column “{header}” in row {row} is not a known column; it was "
                         "ignored.", row=row, column=header, severity="warning")
        elif col in columns:
            first = table.header[columns[col]]
            problems.add("duplicate_column",
                         f"第{row}行的列名“{header}”与“{first}”是同一列，只能保留一个。",
                         f"The columns “{header}” and “{first}” in row {row} are the same "
                         "column; keep only one.", row=row, column=header)
        else:
            columns[col] = i
    for col in REQUIRED_COLUMNS:
        if col not in columns:
            problems.add("missing_column", f"缺少必填列“{ZH_HEADER_OF[col]}”（{col}）。",
                         f"The required column “{col}” ({ZH_HEADER_OF[col]}) is missing.",
                         row=row, column=col)
    return columns


def _read_row(row: int, cells: list, table: Table, columns: dict[str, int],
              problems: ProblemList) -> dict:
    """One unit's values; bad cells are reported and left out."""
    width = len(table.header)
    extra = [c for c in cells[width:] if not is_blank(c)]
    if extra:
        shown = ",".join(str(c) for c in extra)
        problems.add("extra_values",
                     f"第{row}行的值比表头多，多出的值是“{shown}”（名称里有逗号时请加引号）。",
                     f"Row {row} has more values than the header; the extra values are "
                     f"“{shown}” (quote names that contain commas).", row=row)
    record: dict = {}
    for col, i in columns.items():
        raw = cells[i] if i < len(cells) else None
        header = table.header[i]
        if is_blank(raw):
            if col in REQUIRED_COLUMNS:
                problems.missing(row, header)
            continue
        value = COLUMN_PARSERS[col](raw)
        if isinstance(value, Invalid):
            problems.cell(value.kind, row, header, raw, value.zh, value.en)
        else:
            record[col] = value
    return record
