"""The timetable of the consolidation: the document's three phases (part 七, SPEC.md §6).

Until the rollout module records each subdistrict's own tasks and dates, the implementation
plan and the workbook show these phases, with the year of the document.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["PHASES", "phases"]

#: (key, Chinese name, English name, start (month, day), end (month, day), what is done),
#: document part 七 (一)-(三).
PHASES: tuple[tuple[str, str, str, tuple[int, int], tuple[int, int], str], ...] = (
    ("survey", "调查摸底、宣传发动阶段", "survey and publicity", (6, 1), (7, 31),
     "掌握社区类型、规模、人员、资产等情况，利用媒体、宣传栏、召开动员大会等形式进行广泛宣传。"),
    ("implementation", "组织实施阶段", "implementation", (8, 1), (8, 31),
     "各街道办事处根据实施方案拟定本街道具体实施方案并组织实施。"),
    ("inspection", "检查验收阶段", "inspection and acceptance", (9, 1), (9, 15),
     "检查组织实施情况，整合后办公用房、服务设施、户外广场的落实情况，以及整合后社区党组织、"
     "社区工作站、社区居委会等建章立制情况。"),
)

#: the year of the document's dates
DOCUMENT_YEAR = 2006


def phases(year: int = DOCUMENT_YEAR) -> list[dict]:
    """The phases with dates in ``year`` (the document's own year by default).

    >>> [p["start"].isoformat() for p in phases()]
    ['2006-06-01', '2006-08-01', '2006-09-01']
    """
    return [{"key": key, "name": zh, "name_en": en, "start": dt.date(year, *start),
             "end": dt.date(year, *end), "work": work, "article": f"§7({i + 1})"}
            for i, (key, zh, en, start, end, work) in enumerate(PHASES)]
