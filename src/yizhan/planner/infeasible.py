"""Why no plan was found: the pin that makes the problem impossible, or the work limit.

Without pins every unit alone is a plan, so "no plan" can only come from pins. When CP-SAT
proves a parent has no plan, :func:`explain_no_plan` finds the pins responsible: it drops one
kind of pin at a time (the number of stations, the most units per station, never, together,
kept stations) and names those whose removal makes a plan possible — each check is another
CP-SAT proof. If no single kind is responsible, all of them are named, as together they are.
When the work limit ran out before any plan was found, it says so and that nothing was
proven.
"""

from __future__ import annotations

import math
from dataclasses import replace

from yizhan.core.findings import Finding
from yizhan.core.policy import Policy
from yizhan.planner.exact import PartitionModel
from yizhan.planner.parent import Settings, candidates_for
from yizhan.planner.subproblem import Subproblem
from yizhan.policy.rules import finding

__all__ = ["explain_no_plan", "explain_total"]


def _pin_kinds(sub: Subproblem) -> list[tuple[str, str, str, dict]]:
    """(rule, Chinese, English, the change that drops it) for each kind of pin on ``sub``."""
    pair = lambda pairs: ", ".join(f"{sub.codes[a]}+{sub.codes[b]}" for a, b in pairs)  # noqa: E731
    kinds = []
    if sub.stations is not None:
        kinds.append(("R6", f"固定的站数 {sub.stations}（无法用连片的工作站实现）",
                      f"the pinned number of stations, {sub.stations} (it cannot be made of "
                      f"contiguous stations)", {"stations": None}))
    if sub.max_units is not None:
        kinds.append(("R1", f"每站最多 {sub.max_units} 个单元", f"at most {sub.max_units} units per "
                      f"station", {"max_units": None}))
    if sub.never:
        kinds.append(("R1", f"不得合并 {pair(sub.never)}", f"never merge {pair(sub.never)}",
                      {"never": []}))
    if sub.together:
        kinds.append(("R6", f"必须合并 {pair(sub.together)}（须连片）",
                      f"always merge {pair(sub.together)} (a station must be contiguous)",
                      {"together": []}))
    if sub.fixed:
        kept = ", ".join("+".join(sub.codes[i] for i in g) for g in sub.fixed)
        kinds.append(("R1", f"保留工作站 {kept}", f"keep the stations {kept}", {"fixed": []}))
    return kinds


def _has_plan(sub: Subproblem, policy: Policy, settings: Settings) -> str:
    cols = candidates_for(sub, policy, math.inf, settings.cap)
    model = PartitionModel([cols], policy, stations={sub.parent: sub.stations})
    return model.feasible_choice(time_limit=settings.time_limit, seed=settings.seed)[0]


def explain_no_plan(sub: Subproblem, found: str, policy: Policy, settings: Settings) -> list[Finding]:
    """Findings for a parent without a plan (``found``: ``infeasible`` or ``unknown``)."""
    p = sub.parent
    if found != "infeasible":
        return [finding("R1", "violation", p,
                        f"{p}街道在 {settings.time_limit:g} 的计算限额内未找到满足固定条件的方案；"
                        f"并未证明不存在方案，可提高计算限额（--time-limit）",
                        f"no plan meeting the pins was found for {p} within the work limit of "
                        f"{settings.time_limit:g}; none was proven impossible: raise --time-limit")]
    kinds = _pin_kinds(sub)
    guilty = [k for k in kinds if _has_plan(replace(sub, **k[3]), policy, settings) == "found"]
    guilty = guilty or kinds
    if not guilty:  # cannot happen without pins (every unit alone is a plan); said plainly
        return [finding("R1", "violation", p, f"{p}街道没有可行方案", f"no plan exists for {p}")]
    return [finding(rule, "violation", p, f"{p}街道在固定条件下没有可行方案，原因：{zh}",
                    f"no plan exists for {p} under the pins, because of {en}")
            for rule, zh, en, _ in guilty]


def explain_total(total: int | None, failure: str, settings: Settings) -> list[Finding]:
    """Findings for a district-wide solve (a pinned total number of stations) without a plan."""
    if failure == "infeasible":
        return [finding("R6", "violation", "district",
                        f"全区固定的总站数 {total} 无法用各街道内连片的工作站实现",
                        f"the pinned total of {total} stations cannot be made of contiguous "
                        f"stations inside the subdistricts")]
    return [finding("R1", "violation", "district",
                    f"在 {settings.time_limit:g} 的计算限额内未找到总站数为 {total} 的方案；并未证明不存在，"
                    f"可提高计算限额（--time-limit）",
                    f"no plan with {total} stations in total was found within the work limit of "
                    f"{settings.time_limit:g}; none was proven impossible: raise --time-limit")]
