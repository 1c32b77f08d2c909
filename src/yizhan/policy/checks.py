"""One small function per rule: each reads a :class:`CheckContext` and returns findings.

The metrics are computed once (:func:`yizhan.core.metrics.evaluate`) and shared, so a rule is
only the judgement and its words. Severities: a broken hard rule is a ``violation``; a missed
target or a decision the rollout must make is a ``warning``; an expected consequence of the
plan (an exemption, a party organisation to re-set) is ``info``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.metrics import PlanMetrics
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.policy.rules import finding

__all__ = ["CheckContext", "RULE_CHECKS", "party_organisation_kind", "PARTY_KINDS"]

#: Party organisation kinds (R9): key → (Chinese, English).
PARTY_KINDS = {"branch": ("党支部", "party branch"),
               "general_branch": ("党总支", "general party branch"),
               "committee": ("党委", "party committee")}


@dataclass
class CheckContext:
    """Everything a rule may look at. ``posts`` (the registry's posts, docs/formats.md) and
    ``headcount`` (station → proposed staff) are optional: without them R8/R10 say less."""

    instance: Instance
    plan: Plan
    policy: Policy
    metrics: PlanMetrics
    posts: pd.DataFrame | None = None
    headcount: Mapping[str, int] | None = None

    def name(self, code: str) -> str:
        units = self.instance.units
        return f"{units.at[code, 'name']}({code})" if code in units.index else code


def check_r1_coverage(ctx: CheckContext) -> list[Finding]:
    out = []
    for code in ctx.instance.codes:
        if code not in ctx.plan.assignment:
            out.append(finding("R1", "violation", ctx.name(code),
                               f"居委会{ctx.name(code)}未归属任何工作站",
                               f"committee {ctx.name(code)} belongs to no station"))
    known = set(ctx.instance.codes)
    for code in ctx.plan.assignment:
        if code not in known:
            out.append(finding("R1", "violation", code,
                               f"方案中的编码{code}不是登记在册的居委会",
                               f"the plan names {code}, which is not a registered committee"))
    return out


def check_r2_band(ctx: CheckContext) -> list[Finding]:
    band = ctx.policy.band
    out = []
    for station, row in ctx.metrics.table.iterrows():
        if row["band_deviation"] == 0:
            continue
        low = row["households"] < band.min_households
        zh_side, en_side = ("低于下限", "below the minimum") if low else ("高于上限", "above the maximum")
        hint_zh = hint_en = ""
        if not low and row["units"] == 1 and ctx.policy.exemption.require_self_contained:
            hint_zh, hint_en = "；未标记为相对独立完整的大型社区，不适用R3豁免", \
                "; not flagged self-contained, so the R3 exemption does not apply"
        out.append(finding(
            "R2", "warning", station,
            f"工作站“{station}”辖{row['households']:,}户，{zh_side}"
            f"（{band.min_households:,}—{band.max_households:,}户），偏离{row['band_deviation']:,}户{hint_zh}",
            f"station {station} serves {row['households']:,} households, {en_side} "
            f"({band.min_households:,}-{band.max_households:,}); off by {row['band_deviation']:,}{hint_en}"))
    return out


def check_r3_exemption(ctx: CheckContext) -> list[Finding]:
    out = []
    for station, row in ctx.metrics.table[ctx.metrics.table["exempt"]].iterrows():
        out.append(finding(
            "R3", "info", station,
            f"工作站“{station}”为单一社区，辖{row['households']:,}户，超过上限，按大型社区单独设站豁免",
            f"station {station} is one community with {row['households']:,} households, "
            f"above the maximum, exempt as a large community standing alone"))
    return out


def check_r4_office(ctx: CheckContext) -> list[Finding]:
    need = ctx.policy.facilities.office_min_m2
    out = []
    for station, row in ctx.metrics.table[~ctx.metrics.table["office_ok"]].iterrows():
        out.append(finding(
            "R4", "warning", station,
            f"工作站“{station}”办公用房{row['office_m2']:.0f}平方米，不足{need:.0f}平方米",
            f"station {station} has {row['office_m2']:.0f} m² of office space, less than {need:.0f} m²"))
    return out


def check_r5_service_plaza(ctx: CheckContext) -> list[Finding]:
    """R5 is a share target, so findings are district-wide (per-station gaps are in the table)."""
    fac, m = ctx.policy.facilities, ctx.metrics
    if fac.r5_mode == "both":
        shares = [("both", "服务设施与户外广场均达标", "both service facilities and plaza",
                   m.service_and_plaza_share, fac.service_target_share)]
    else:
        shares = [("service", "公共服务设施达标", "service facilities", m.service_share,
                   fac.service_target_share),
                  ("plaza", "户外文体广场达标", "outdoor plaza", m.plaza_share, fac.plaza_target_share)]
    out = []
    for _, zh, en, share, target in shares:
        if share < target:
            out.append(finding("R5", "warning", "全区 district",
                               f"{zh}的工作站占{share:.1%}，未达到{target:.0%}",
                               f"stations with {en}: {share:.1%}, below the {target:.0%} target"))
    return out


def check_r6_parent_and_contiguity(ctx: CheckContext) -> list[Finding]:
    table = ctx.metrics.table
    units = ctx.instance.units
    out = []
    for station in ctx.metrics.crossing:
        parents = list(dict.fromkeys(units.loc[table.at[station, "members"], "parent"]))
        out.append(finding("R6", "violation", station,
                           f"工作站“{station}”跨街道：{'、'.join(parents)}",
                           f"station {station} crosses subdistricts: {', '.join(parents)}"))
    for station in ctx.metrics.non_contiguous:
        names = "、".join(table.at[station, "names"])
        out.append(finding("R6", "violation", station,
                           f"工作站“{station}”的社区（{names}）地域不相连",
                           f"station {station}: its committees ({names}) are not contiguous"))
    return out


def check_r8_headcount(ctx: CheckContext) -> list[Finding]:
    """The total headcount is fixed; a proposed staffing must keep it and give every station staff."""
    if ctx.posts is None:
        return []
    staff = ctx.posts[ctx.posts["org"] == "station"]
    total = int(staff["person_id"].nunique())
    stations = ctx.metrics.stations
    if ctx.headcount is None:
        return [finding("R8", "info", "全区 district",
                        f"全区工作站员额{total}人保持不变，整合后{stations}个站平均{total / max(stations, 1):.1f}人",
                        f"the district's {total} station staff stay unchanged: "
                        f"{total / max(stations, 1):.1f} per station over {stations} stations")]
    proposed = sum(int(v) for v in ctx.headcount.values())
    out = []
    if proposed != total:
        out.append(finding("R8", "violation", "全区 district",
                           f"拟配置员额合计{proposed}人，与现有{total}人不符",
                           f"the proposed staffing totals {proposed}, not the fixed {total}"))
    for station in ctx.metrics.table.index:
        if int(ctx.headcount.get(station, 0)) <= 0:
            out.append(finding("R8", "violation", station,
                               f"工作站“{station}”未配置工作人员",
                               f"station {station} has no staff allotted"))
    return out


def party_organisation_kind(members: int, policy: Policy) -> str:
    """The organisation a party membership qualifies for (R9 §2(6); thresholds are settings)."""
    if members >= policy.party.party_committee_min_members:
        return "committee"
    if members >= policy.party.general_branch_min_members:
        return "general_branch"
    return "branch"


def check_r9_party(ctx: CheckContext) -> list[Finding]:
    """Merged stations whose party membership qualifies for a general branch or a committee."""
    out = []
    merged = ctx.metrics.table[ctx.metrics.table["units"] > 1]
    for station, row in merged.iterrows():
        kind = party_organisation_kind(int(row["party_members"]), ctx.policy)
        if kind == "branch":
            continue
        zh, en = PARTY_KINDS[kind]
        out.append(finding("R9", "info", station,
                           f"工作站“{station}”合并后党员{row['party_members']}人，符合条件改设{zh}",
                           f"station {station} has {row['party_members']} party members after the merger: "
                           f"it qualifies as a {en}"))
    return out


def check_r10_leadership(ctx: CheckContext) -> list[Finding]:
    """Posts of each new station's committees: one head who is also the party secretary."""
    if ctx.posts is None:
        return []
    lead = ctx.policy.leadership
    posts = ctx.posts.assign(station=ctx.posts["unit"].map(ctx.plan.assignment))
    by_station = dict(tuple(posts.groupby("station", sort=False)))
    out = []
    # in the plan's station order, so the findings do not depend on the order of the posts
    for station in (s for s in ctx.metrics.table.index if s in by_station):
        group = by_station[station]
        households = ctx.metrics.table.at[station, "households"] if station in ctx.metrics.table.index else 0
        at = group.groupby(["org", "role"])["person_id"].apply(set).to_dict()
        heads = at.get(("station", "head"), set())
        secretaries = at.get(("party", "secretary"), set())
        deputies = at.get(("station", "deputy_head"), set())
        assistants = at.get(("station", "assistant"), set())
        deputy_secs = at.get(("party", "deputy_secretary"), set())
        if len(deputies) > lead.max_deputy_heads:
            out.append(finding("R10", "violation", station, f"工作站“{station}”设有副站长{len(deputies)}名（不设副站长）",
                               f"station {station} has {len(deputies)} deputy heads (none allowed)"))
        if len(heads) > 1:
            out.append(finding("R10", "info", station,
                               f"工作站“{station}”合并后有{len(heads)}名原站长，只设站长1名，需确定人选",
                               f"station {station} has {len(heads)} former heads; one head only must be chosen"))
        if lead.secretary_is_head and heads and not heads & secretaries:
            out.append(finding("R10", "warning", station,
                               f"工作站“{station}”的站长人选中无人兼任社区党组织书记",
                               f"station {station}: no candidate head is also the party secretary"))
        if len(deputy_secs) > lead.max_deputy_secretaries:
            out.append(finding("R10", "warning", station,
                               f"工作站“{station}”党组织副书记{len(deputy_secs)}名，超过{lead.max_deputy_secretaries}名",
                               f"station {station} has {len(deputy_secs)} deputy secretaries, "
                               f"more than {lead.max_deputy_secretaries}"))
        if len(assistants) > lead.max_head_assistants or (
                assistants and households < lead.head_assistant_min_households):
            out.append(finding("R10", "warning", station,
                               f"工作站“{station}”站长助理{len(assistants)}名，仅规模较大"
                               f"（{lead.head_assistant_min_households:,}户以上）的站可设1名",
                               f"station {station} has {len(assistants)} head assistants; only a large station "
                               f"({lead.head_assistant_min_households:,}+ households) may have one"))
    return out


#: Rule id → its check, in the order findings are reported.
RULE_CHECKS = {
    "R1": check_r1_coverage,
    "R2": check_r2_band,
    "R3": check_r3_exemption,
    "R4": check_r4_office,
    "R5": check_r5_service_plaza,
    "R6": check_r6_parent_and_contiguity,
    "R8": check_r8_headcount,
    "R9": check_r9_party,
    "R10": check_r10_leadership,
}
