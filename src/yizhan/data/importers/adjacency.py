"""The adjacency file: ``a,b`` rows, two unit codes that share a border (docs/formats.md).

A pair may be written either way round and more than once (people list each committee's
neighbours, so every border appears twice); repeats are dropped with a warning rather than
refused. A unit paired with itself or a code the units file does not have is an error,
reported with its row and column.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from yizhan.data.importers.problems import ImportFailed, ImportProblem, ProblemList
from yizhan.data.importers.sources import Source, load_bytes, read_table
from yizhan.data.importers.values import is_blank, parse_text

__all__ = ["AdjacencyImport", "AdjacencyCheck", "read_adjacency", "check_adjacency"]

_COLUMNS = ("a", "b")


@dataclass
class AdjacencyImport:
    """A valid adjacency file: ``edges`` as sorted pairs ``(a, b)`` with ``a < b``."""

    edges: list[tuple[str, str]]
    warnings: list[ImportProblem] = field(default_factory=list)


@dataclass
class AdjacencyCheck:
    """Everything learnt from an adjacency file; ``rows`` maps each edge to its first row."""

    problems: ProblemList
    rows: dict[tuple[str, str], int] = field(default_factory=dict)

    @property
    def edges(self) -> list[tuple[str, str]]:
        return sorted(self.rows)


def read_adjacency(source: Source, *, known_codes: Iterable[str],
                   filename: str | None = None) -> AdjacencyImport:
    """Read and validate an adjacency file; raise :class:`ImportFailed` listing every problem."""
    check = check_adjacency(source, known_codes=known_codes, filename=filename)
    if check.problems.has_errors:
        raise ImportFailed(check.problems.items)
    return AdjacencyImport(check.edges, check.problems.warnings)


def check_adjacency(source: Source, *, known_codes: Iterable[str] | None,
                    filename: str | None = None) -> AdjacencyCheck:
    """Validate without raising. ``known_codes=None`` skips the unknown-code check (used
    when the units file itself could not be read, to avoid one error per row)."""
    problems, data = load_bytes(source, filename)
    check = AdjacencyCheck(problems)
    table = None if data is None else read_table(data, problems)
    if table is None:
        return check
    positions = {h.strip().lower(): i for i, h in reversed(list(enumerate(table.header)))}
    missing = [c for c in _COLUMNS if c not in positions]
    for col in missing:
        problems.add("missing_column", f"缺少必填列“{col}”（邻接文件的表头应为 a,b）。",
                     f"The required column “{col}” is missing (the header must be a,b).",
                     row=table.header_row, column=col)
    if missing:
        return check
    known = None if known_codes is None else set(known_codes)
    for row, cells in table.rows:
        pair = []
        for col in _COLUMNS:
            i = positions[col]
            raw = cells[i] if i < len(cells) else None
            header = table.header[i]
            if is_blank(raw):
                problems.missing(row, header)
                continue
            code = parse_text(raw)
            if known is not None and code not in known:
                problems.cell("unknown_unit", row, header, code, "不是单位文件中的编码",
                              "is not a code in the units file")
                continue
            pair.append(code)
        if len(pair) < 2:
            continue
        a, b = pair
        if a == b:
            problems.cell("self_loop", row, table.header[positions["b"]], b,
                          "与“a”列相同，一个单位不能与自己相邻",
                          "equals column “a”; a unit cannot border itself")
            continue
        edge = (a, b) if a < b else (b, a)
        if edge in check.rows:
            first = check.rows[edge]
            problems.add("duplicate_edge",
                         f"第{row}行的相邻关系“{a}—{b}”与第{first}行重复，已忽略。",
                         f"Row {row}: the pair “{a}–{b}” repeats row {first}; it was ignored.",
                         row=row, severity="warning")
        else:
            check.rows[edge] = row
    return check
