"""What ``yizhan rollout`` prints: the tables of a dry run, in the chosen language.

Kept out of :mod:`yizhan.cli` so that the command stays thin; each function returns
``(title, columns, rows)`` for :func:`yizhan.terminal.rich_table`.
"""

from __future__ import annotations

import datetime

from yizhan.policy.checks import PARTY_KINDS
from yizhan.rollout.dry_run import Rollout
from yizhan.rollout.holdings import yuan
from yizhan.terminal import SEVERITIES, cite, say, word, yes_no

__all__ = ["parse_effective", "summary_lines", "station_table", "change_table",
           "finding_table", "derived_lines"]


def parse_effective(text: str | None) -> datetime.date:
    """``YYYY-MM-DD`` (default: today); ValueError in both languages otherwise."""
    if not text:
        return datetime.date.today()
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"生效日期应为 YYYY-MM-DD：{text} / the effective date must be "
                         f"YYYY-MM-DD: {text}") from exc


def summary_lines(run: Rollout) -> list[str]:
    d = run.to_dict()
    return [
        say(f"生效日期 {d['effective']}　整合前 {d['stations_before']} 站 → 整合后 {d['stations']} 站"
            f"（新设 {d['stations_opened']}，保留 {d['stations_kept']}，撤销 {d['stations_closed']}）",
            f"effective {d['effective']}  {d['stations_before']} stations → {d['stations']} "
            f"({d['stations_opened']} opened, {d['stations_kept']} kept, {d['stations_closed']} closed)"),
        say(f"工作站人员 整合前 {d['headcount_before']} 人，整合后 {d['headcount_after']} 人；"
            f"站长兼任书记的站 {d['stations_with_one_head_secretary']}/{d['stations']}",
            f"station staff {d['headcount_before']} before, {d['headcount_after']} after; stations "
            f"whose one head is the party secretary {d['stations_with_one_head_secretary']}/{d['stations']}"),
        say(f"可以实施：{yes_no(run.applicable)}（违反 {len(run.violations)} 项）",
            f"can be applied: {yes_no(run.applicable)} ({len(run.violations)} violations)"),
    ]


def station_table(run: Rollout):
    rows = []
    names = run.instance.units["name"]
    for r in run.station_rows():
        kind = PARTY_KINDS.get(r["party_kind"], ("", ""))
        rows.append([r["parent"], r["name"], say("保留", "kept") if r["kept"] else say("新设", "new"),
                     "、".join(str(names[c]) for c in r["members"]), f"{r['households']:,}",
                     f"{r['staff']}/{r['quota'] if r['quota'] is not None else '—'}",
                     f"{r['head_name']}（{r['head']}）" if r["head"] else "—",
                     f"{r['party_org']} {say(kind[0], kind[1])} {r['party_members']}" if r["party_org"] else "—",
                     yuan(r["funds_fen"]) if run.roster.has_funds else "—"])
    return (say("整合后的工作站", "stations after the rollout"),
            [say("街道", "subdistrict"), say("工作站", "station"), say("状态", "status"),
             say("居委会", "committees"), say("户数", "households"), say("人员/员额", "staff/quota"),
             say("站长", "head"), say("社区党组织", "party organisation"), say("固本强基（元）", "funds (¥)")],
            rows)


def change_table(run: Rollout, limit: int | None = None):
    changes = run.changes if limit is None else run.changes[:limit]
    return (say(f"变更清单（共 {len(run.changes)} 项）", f"changes ({len(run.changes)})"),
            [say("序号", "#"), say("类别", "kind"), say("对象", "subject"), say("说明", "what")],
            ([i, c.kind, c.subject, say(c.message, c.message_en)]
             for i, c in enumerate(changes, start=1)))


def finding_table(run: Rollout):
    return (say("检查结果（R1、R6、R8—R12）", "checks (R1, R6, R8-R12)"),
            [say("规则", "rule"), say("级别", "severity"), say("对象", "subject"),
             say("说明", "message")],
            ([f"{f.rule} {cite(f.article)}", word(SEVERITIES, f.severity), f.subject,
              say(f.message, f.message_en)] for f in run.findings))


def derived_lines(run: Rollout) -> list[str]:
    """What the data layer derived rather than recorded (the gaps are findings already)."""
    return [say(zh, en) for zh, en in run.roster.derived.values()]
