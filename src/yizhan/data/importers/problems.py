"""What an import found wrong: one structured record per problem, all raised together.

An import never stops at the first bad cell: a clerk fixing a 115-row spreadsheet wants the
whole list at once (DESIGN.md "Bad input never half-writes"). So every reader collects
:class:`ImportProblem` records and, if any is an error, raises :class:`ImportFailed` with all
of them and loads nothing. The records are plain data so the web app's upload preview can
highlight the same rows and columns the CLI prints.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

__all__ = ["ImportProblem", "ImportFailed", "ProblemList", "KINDS", "SEVERITIES", "show"]

SEVERITIES = ("error", "warning")

#: Every problem kind an importer reports. The names are stable: the web app and scripts
#: match on them, so extend the list but never rename an entry.
KINDS = (
    # the file as a whole
    "unreadable", "bad_encoding", "empty_file", "not_json", "not_feature_collection",
    "too_many_rows",
    # the header
    "missing_column", "duplicate_column", "unknown_column",
    # one cell or row
    "extra_values", "missing_value", "wrong_type", "negative", "out_of_range", "wrong_format",
    "unknown_value", "duplicate_code", "unknown_parent", "unknown_unit",
    # adjacency
    "self_loop", "duplicate_edge", "isolated_unit", "no_adjacency", "adjacency_mismatch",
    # geometry
    "not_polygon", "invalid_geometry", "missing_geometry",
)

_SHOWN_VALUE_LENGTH = 40


@dataclass(frozen=True)
class ImportProblem:
    """One problem of one file.

    ``row`` is 1-based as the user sees it in Excel or a text editor (the header is row 1);
    for GeoJSON it is the feature's ordinal (the first feature is 1). ``column`` is the
    header as written in the file (so a Chinese file gets Chinese column names back), or the
    canonical name when the column is missing altogether.
    """

    file: str
    row: int | None
    column: str | None
    kind: str
    severity: str
    message: str
    message_en: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown problem kind {self.kind!r}")
        if self.severity not in SEVERITIES:
            raise ValueError(f"unknown severity {self.severity!r}")

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict:
        return asdict(self)


class ImportFailed(Exception):
    """At least one error: nothing was loaded. ``problems`` holds every error and warning."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = list(problems)
        errors = self.errors
        first = errors[0].message if errors else ""
        super().__init__(f"{len(errors)} 个错误 / error(s); {first}")

    @property
    def errors(self) -> list[ImportProblem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.problems if not p.is_error]


def show(value) -> str:
    """A cell value as quoted in a message: stripped, and cut short if very long."""
    text = str(value).strip()
    if len(text) > _SHOWN_VALUE_LENGTH:
        text = text[:_SHOWN_VALUE_LENGTH] + "…"
    return text


class ProblemList:
    """Collects the problems of one file, so callers need not repeat the file name.

    The ``cell`` helper writes the usual sentence about a bad value in both languages, so
    every such message names the row, the column and the value the same way.
    """

    def __init__(self, file: str):
        self.file = file
        self.items: list[ImportProblem] = []

    def add(self, kind: str, message: str, message_en: str, *, row: int | None = None,
            column: str | None = None, severity: str = "error") -> None:
        self.items.append(ImportProblem(self.file, row, column, kind, severity, message,
                                        message_en))

    def cell(self, kind: str, row: int, column: str, value, zh: str, en: str,
             severity: str = "error") -> None:
        """Report a bad value: “第5行“户数”列的值“abc”不是整数。”"""
        v = show(value)
        self.add(kind, f"第{row}行“{column}”列的值“{v}”{zh}。",
                 f"Row {row}, column “{column}”: the value “{v}” {en}.",
                 row=row, column=column, severity=severity)

    def missing(self, row: int, column: str) -> None:
        self.add("missing_value", f"第{row}行“{column}”列没有填写，这一列是必填的。",
                 f"Row {row}, column “{column}” is empty; it is required.",
                 row=row, column=column)

    @property
    def has_errors(self) -> bool:
        return any(p.is_error for p in self.items)

    @property
    def warnings(self) -> list[ImportProblem]:
        return [p for p in self.items if not p.is_error]
