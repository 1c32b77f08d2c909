"""What the terminal shows an official: one language per run (``--lang`` / ``YIZHAN_LANG``,
Chinese by default), words instead of codes, shares as percentages, articles as the document
numbers them, and tables whose cells wrap instead of being cut off at 80 columns."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

__all__ = ["LANGUAGE", "say", "word", "yes_no", "percent", "cite", "rich_table", "SEVERITIES",
           "STATUSES"]

#: the language of tables and words (``--lang`` or ``YIZHAN_LANG``; Chinese by default)
LANGUAGE = {"value": "zh"}


def say(zh: str, en: str) -> str:
    """The chosen language's text: one language per table keeps the columns narrow."""
    return en if LANGUAGE["value"] == "en" else zh


SEVERITIES = {"violation": ("违反", "violation"), "warning": ("警告", "warning"),
              "info": ("提示", "info")}
#: planner statuses in words; each is exactly what the planner proved
STATUSES = {"optimal": ("最优（已证明）", "optimal (proved)"),
            "feasible": ("可行，未证明最优", "feasible, not proved optimal"),
            "time_limit": ("到达时间限制，未证明最优", "time limit reached, not proved optimal"),
            "infeasible": ("无可行方案", "infeasible")}


def word(table: dict, key: str) -> str:
    zh, en = table.get(key, (key, key))
    return say(zh, en)


def yes_no(value: bool) -> str:
    return say("是", "yes") if value else say("否", "no")


def percent(share: float) -> str:
    return f"{share * 100:.1f}%"


def cite(article: str) -> str:
    """The article as the document numbers it (二、（三）) in Chinese, as SPEC does in English."""
    from yizhan.policy.rules import document_article

    return say(document_article(article), article)


def rich_table(title: str, columns: list[str], rows) -> Table:
    """A table whose cells wrap (``fold``) instead of being cut off with "…" when the terminal
    is narrow: a cell's Chinese text is always there in full."""
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[escape(str(v)) for v in row])
    return table
