"""The ``yizhan`` command (typer + rich). Each command is thin: it reads, calls the library,
prints a table (or ``--json``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

app = typer.Typer(help="一站 yizhan: 一站多居 社区工作站整合 / community-workstation consolidation",
                  no_args_is_help=True, add_completion=False)
policy_app = typer.Typer(help="策略设置 / policy settings", no_args_is_help=True)
app.add_typer(policy_app, name="policy")

console = Console()


def print_json(data) -> None:
    """Machine-readable output: one JSON object, UTF-8, Chinese kept readable."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n")


def _json_default(value):
    if hasattr(value, "item"):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    raise TypeError(f"not JSON serialisable: {type(value)}")


def rich_table(title: str, columns: list[str], rows) -> Table:
    table = Table(title=title, show_lines=False)
    for col in columns:
        table.add_column(col)
    for row in rows:
        table.add_row(*[escape(str(v)) for v in row])
    return table


@policy_app.command("show")
def policy_show(
    policy: Optional[Path] = typer.Option(None, "--policy", "-p", help="TOML 策略文件 / policy file"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON / print JSON"),
    toml: bool = typer.Option(False, "--toml", help="输出 TOML 文件 / print as a TOML file"),
) -> None:
    """显示策略设置及其条款 / show the policy settings with their articles."""
    from yizhan.core.policy import Policy

    pol = Policy.load(policy)
    if toml:
        sys.stdout.write(pol.to_toml())
    elif as_json:
        print_json(pol.describe())
    else:
        console.print(rich_table(
            "策略设置 / policy settings", ["设置 setting", "值 value", "条款 article", "含义 meaning"],
            ([f"[{r['section']}] {r['key']}", r["value"], r["article"], f"{r['zh']}\n{r['en']}"]
             for r in pol.describe())))


def main() -> None:  # pragma: no cover - console-script entry
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
