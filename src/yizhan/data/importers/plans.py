"""Plan files (``code,station``) from an upload or a path, read the way every import reads.

The bytes and their encoding go through :mod:`.sources` (UTF-8 with or without BOM, GBK,
UTF-16, detected), the rows through :func:`yizhan.core.plan.parse_csv_text`, the one reader
of the format. The result keeps the rows that could be read even when others are broken, so
an upload preview can list *every* problem at once, coverage included.

>>> from yizhan.data.importers import Upload
>>> found = check_plan_file(Upload("p.csv", "code,station\\nA,S1\\nB,S1\\n".encode("gbk")))
>>> found.plan.assignment, found.problems
({'A': 'S1', 'B': 'S1'}, [])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePath

from yizhan.core.plan import Plan, PlanFileError, parse_csv_text
from yizhan.data.importers.sources import Source, decode_text, load_bytes

__all__ = ["PlanImport", "check_plan_file", "read_plan"]


@dataclass
class PlanImport:
    """``plan``: the file's plan, None when it has a problem; ``rows``: the readable
    ``code → station`` rows; ``problems``: messages, each in Chinese / English; ``text``:
    the decoded file (None when it could not be decoded)."""

    plan: Plan | None
    rows: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    text: str | None = None


def check_plan_file(source: Source, filename: str | None = None) -> PlanImport:
    """Read a plan file without raising (see the module notes)."""
    found, data = load_bytes(source, filename)
    text = None if data is None else decode_text(data, found)
    if text is None:
        return PlanImport(None, {}, [f"{p.message} / {p.message_en}" for p in found.items])
    rows, problems = parse_csv_text(text)
    plan = None if problems else Plan(rows, name=PurePath(found.file).stem)
    return PlanImport(plan, rows, problems, text)


def read_plan(source: Source, filename: str | None = None) -> Plan:
    """The plan of a file; raises :class:`~yizhan.core.plan.PlanFileError` with every problem."""
    found = check_plan_file(source, filename)
    if found.plan is None:
        raise PlanFileError(found.problems)
    return found.plan
