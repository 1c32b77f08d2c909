"""Why a target cannot be met: name the units and the reason, with rule and article.

The reasons checked, from the most to the least structural:

- a subdistrict whose households cannot fill one station (R2 §2(2));
- an *island*: units with no neighbour in their subdistrict outside themselves, together
  below the band minimum (R6 §2(4) with R2 §2(2));
- a small unit whose only way up is to join a large unit that is exempt alone (R3 §2(2)),
  which would then lose its exemption;
- otherwise the stations the optimal plan leaves outside the band, with their households;
- for the facility targets (R4/R5 §2(3)): how many units have the facility at all.
"""

from __future__ import annotations

import networkx as nx

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.metrics import band_exempt, facility_ok
from yizhan.core.policy import Policy
from yizhan.policy.rules import finding

__all__ = ["explain_band", "explain_facilities"]

_FAC = {"office": ("R4", "办公用房", "office space"),
        "service": ("R5", "公共服务设施", "public-service facilities"),
        "plaza": ("R5", "户外文体广场", "outdoor plaza"),
        "service_and_plaza": ("R5", "服务设施与户外广场", "service facilities and plaza")}


def explain_band(instance: Instance, parent: str, policy: Policy,
                 off_band: list[tuple[list[str], int, int]] = ()) -> list[Finding]:
    """Reasons the band cannot be met in ``parent``.

    ``off_band`` lists the plan's stations outside the band as (codes, households, deviation);
    they are named when no structural reason explains them.
    """
    lo = policy.band.min_households
    units = instance.units
    codes = instance.units_of(parent)
    hh = units["households"]
    out: list[Finding] = []
    total = int(hh[codes].sum())
    if total < lo:
        out.append(finding("R2", "warning", parent,
                           f"{parent}街道全部 {len(codes)} 个社区合计仅 {total} 户，达不到每站 {lo} 户的下限",
                           f"subdistrict {parent} has only {total} households in all {len(codes)} "
                           f"committees, below the minimum of {lo} per station"))
        return out
    sub = instance.graph.subgraph(codes)
    for comp in nx.connected_components(sub):
        comp = [c for c in codes if c in comp]
        h = int(hh[comp].sum())
        if len(comp) < len(codes) and h < lo:
            names = _names(instance, comp)
            outside = sorted({n for c in comp for n in instance.graph.neighbors(c)} - set(comp))
            where = ("与其他街道相邻" if outside else "没有任何相邻社区",
                     "it borders only other subdistricts" if outside else "it has no neighbour at all")
            out.append(finding("R6", "warning", "+".join(comp),
                               f"{names}在{parent}街道内是一块飞地（{where[0]}），合计 {h} 户，低于下限 {lo}；"
                               f"工作站不跨街道，只能单独设站",
                               f"{names} form an island in {parent} ({where[1]}) with {h} households, "
                               f"below the minimum of {lo}; a station may not cross subdistricts, so "
                               f"they must stand alone"))
    out += _stuck_small_units(instance, codes, policy, sub)
    if not out:
        for members, h, dev in off_band:
            names = _names(instance, members)
            side = ("低于下限", "below the minimum") if h < lo else ("高于上限", "above the maximum")
            out.append(finding("R2", "warning", "+".join(members),
                               f"{names}共 {h} 户，{side[0]}（偏差 {dev} 户）；在{parent}街道内找不到更好的连片组合",
                               f"{names}: {h} households, {side[1]} by {dev}; no better contiguous "
                               f"grouping exists in {parent}"))
    return out


def _stuck_small_units(instance, codes, policy, sub) -> list[Finding]:
    """Small units that can reach the minimum only by joining a unit exempt on its own."""
    lo, hi = policy.band.min_households, policy.band.max_households
    units = instance.units
    hh = units["households"]
    big = {c for c in codes if bool(band_exempt(hh[c], 1, units.at[c, "self_contained"], policy))}
    small_graph = sub.subgraph([c for c in codes if c not in big])
    out = []
    for comp in nx.connected_components(small_graph):
        comp = [c for c in codes if c in comp]
        h = int(hh[comp].sum())
        bigs = sorted({n for c in comp for n in sub.neighbors(c)} & big)
        if h >= lo or not bigs or len(comp) == len(codes):
            continue
        names, big_names = _names(instance, comp), _names(instance, bigs)
        out.append(finding("R3", "warning", "+".join(comp),
                           f"{names}合计 {h} 户，低于下限 {lo}；其在街道内的邻居只有单独设站可超标准的大型社区"
                           f"{big_names}，与之合并会使其失去豁免（合并后户数高于上限 {hi}）",
                           f"{names} have {h} households, below the minimum of {lo}; their only "
                           f"neighbours in the subdistrict are the large committee(s) {big_names}, "
                           f"exempt alone, which would lose the exemption (and exceed {hi}) if merged"))
    return out


def explain_facilities(instance: Instance, policy: Policy, shortfall: dict[str, int],
                       stations: int, lacking: dict[str, list[str]]) -> list[Finding]:
    """Why facility targets are short: how many units have the facility, which stations lack it."""
    out = []
    units = instance.units
    for name, short in shortfall.items():
        if short <= 0:
            continue
        rule, zh, en = _FAC[name]
        keys = ("service", "plaza") if name == "service_and_plaza" else (name,)
        have = units.index[_all_ok(units, keys, policy)]
        miss = lacking.get(name, [])
        out.append(finding(rule, "warning", name,
                           f"{zh}：全区只有 {len(have)} 个社区达标，{stations} 个工作站中仍差 {short} 个站；"
                           f"未达标的站：{'、'.join(miss[:20])}{'等' if len(miss) > 20 else ''}",
                           f"{en}: only {len(have)} committees meet the standard; with {stations} "
                           f"stations the target is {short} station(s) short; stations without it: "
                           f"{', '.join(miss[:20])}{' …' if len(miss) > 20 else ''}"))
    return out


def _all_ok(units, keys, policy):
    ok = None
    for key in keys:
        flag = facility_ok(units[f"{key}_m2"].fillna(0).to_numpy(dtype=float), key, policy)
        ok = flag if ok is None else ok & flag
    return ok


def _names(instance: Instance, codes) -> str:
    names = instance.units.loc[list(codes), "name"]
    return "、".join(f"{n}({c})" if n else c for c, n in names.items())
