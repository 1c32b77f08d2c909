"""Why a target is not met: name the units and the reason, with rule and article.

Every explanation is made from the plan actually returned: each station the plan leaves
outside the band gets exactly one reason, the most structural that holds for it:

- the subdistrict's households cannot fill one station (R2 §2(2));
- the station lies in an *island*: units with no neighbour in their subdistrict outside
  themselves, together below the band minimum (R6 §2(4) with R2 §2(2));
- small units whose only neighbours are large units exempt alone (R3 §2(2)) stay below the
  minimum, or — if the plan merges them with such a unit — the merged station loses the
  exemption and stands above the maximum (both said as the plan has it);
- otherwise the station and its households, and whether the subdistrict's band deviation is
  proven least or only the best found within the work limit (with the bound).

For the facility targets (R4/R5 §2(3)): how many units have the facility at all and which
stations of the plan lack it.
"""

from __future__ import annotations

import numpy as np

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.metrics import band_exempt, facility_ok
from yizhan.core.policy import Policy
from yizhan.planner.large import components
from yizhan.planner.subproblem import Subproblem
from yizhan.policy.rules import finding

__all__ = ["explain_band", "explain_facilities"]

_FAC = {"office": ("R4", "办公用房", "office space"),
        "service": ("R5", "公共服务设施", "public-service facilities"),
        "plaza": ("R5", "户外文体广场", "outdoor plaza"),
        "service_and_plaza": ("R5", "服务设施与户外广场", "service facilities and plaza")}


def explain_band(sub: Subproblem, policy: Policy, stations: list[tuple[tuple[int, ...], int, int]],
                 *, proven: bool, bound: int) -> list[Finding]:
    """One reason per station of the plan outside the band in the parent ``sub``.

    ``stations`` are the plan's stations in the parent as (local unit indices, households,
    deviation); ``proven`` says the parent's band deviation is the least possible, else
    ``bound`` is the least any plan can reach.
    """
    lo, hi = policy.band.min_households, policy.band.max_households
    hh = sub.households
    parent = sub.parent
    total = int(hh.sum())
    if total < lo:
        return [finding("R2", "warning", parent,
                        f"{parent}街道全部 {sub.n} 个社区合计仅 {total} 户，达不到每站 {lo} 户的下限",
                        f"subdistrict {parent} has only {total} households in all {sub.n} "
                        f"committees, below the minimum of {lo} per station")]
    comps = components(sub)
    islands = [c for c in comps if len(comps) > 1 and int(hh[c].sum()) < lo]
    big = set(np.flatnonzero(band_exempt(hh, 1, sub.self_contained, policy)).tolist())
    with_big = {i for members, _, _ in stations if set(members) & big for i in members}
    stuck = _stuck(sub, big, lo)
    apart = [c for c, _ in stuck if not set(c) & with_big]  # the plan keeps them off large units
    out: list[Finding] = []
    said: set[tuple[int, ...]] = set()
    for members, h, dev in (s for s in stations if s[2] > 0):
        units = set(members)
        island = next((c for c in islands if units <= set(c)), None)
        group = next((c for c in apart if units <= set(c)), None)
        merged = _merged_with_big(units, big, stuck)
        if island is not None:
            if tuple(island) not in said:
                said.add(tuple(island))
                out.append(_island(sub, island, lo))
        elif group is not None:
            if tuple(group) not in said:
                said.add(tuple(group))
                out.append(_stay_below(sub, group, dict(stuck)[tuple(group)], lo, hi))
        elif merged is not None:
            out.append(_merged(sub, members, h, dev, merged, lo))
        else:
            out.append(_off_band(sub, members, h, dev, lo, proven, bound))
    return out


def _stuck(sub: Subproblem, big: set[int], lo: int) -> list[tuple[tuple[int, ...], list[int]]]:
    """Pieces of small units below the minimum whose only neighbours are large exempt units:
    (the piece, those large units)."""
    hh = sub.households
    small = [i for i in range(sub.n) if i not in big]
    nbr: dict[int, set[int]] = {i: set() for i in range(sub.n)}
    for a, b in sub.edges:
        nbr[a].add(b)
        nbr[b].add(a)
    out = []
    for comp in components(sub, small):
        bigs = sorted({j for i in comp for j in nbr[i]} & big)
        if int(hh[comp].sum()) < lo and bigs and len(comp) < sub.n:
            out.append((tuple(comp), bigs))
    return out


def _merged_with_big(units: set[int], big: set[int], stuck) -> tuple[list[int], int] | None:
    """(the small units, the large unit) when the station is one large exempt unit merged
    with small units of stuck pieces next to it; else None."""
    bigs = units & big
    if len(bigs) != 1:
        return None
    b = next(iter(bigs))
    small = units - bigs
    pieces = [set(c) for c, bs in stuck if b in bs]
    if not small or not all(any(i in p for p in pieces) for i in small):
        return None
    return sorted(small), b


def _island(sub, comp, lo) -> Finding:
    h = int(sub.households[comp].sum())
    names = _names(sub, comp)
    outside = bool(sub.outside[comp].any())
    where = ("与其他街道相邻" if outside else "没有任何相邻社区",
             "it borders only other subdistricts" if outside else "it has no neighbour at all")
    return finding("R6", "warning", _subject(sub, comp),
                   f"{names}在{sub.parent}街道内是一块飞地（{where[0]}），合计 {h} 户，低于下限 {lo}；"
                   f"工作站不跨街道，只能单独设站",
                   f"{names} form an island in {sub.parent} ({where[1]}) with {h} households, "
                   f"below the minimum of {lo}; a station may not cross subdistricts, so "
                   f"they must stand alone")


def _stay_below(sub, comp, bigs, lo, hi) -> Finding:
    h = int(sub.households[list(comp)].sum())
    names, big_names = _names(sub, comp), _names(sub, bigs)
    return finding("R3", "warning", _subject(sub, comp),
                   f"{names}合计 {h} 户，低于下限 {lo}；其在街道内的邻居只有单独设站可超标准的大型社区"
                   f"{big_names}，与之合并会使其失去豁免（合并后户数高于上限 {hi}），本方案让它们单独设站",
                   f"{names} have {h} households, below the minimum of {lo}; their only "
                   f"neighbours in the subdistrict are the large committee(s) {big_names}, "
                   f"exempt alone, which would lose the exemption (and exceed {hi}) if merged; "
                   f"this plan keeps them apart")


def _merged(sub, members, h, dev, merged, lo) -> Finding:
    small, b = merged
    hs = int(sub.households[small].sum())
    names, small_names, big_name = _names(sub, members), _names(sub, small), _names(sub, [b])
    return finding("R3", "warning", _subject(sub, members),
                   f"{small_names}合计 {hs} 户，低于下限 {lo}，其邻居只有单独设站可超标准的大型社区{big_name}；"
                   f"本方案将其合并为 {names}，共 {h} 户，失去豁免，高于上限 {dev} 户"
                   f"（单独设站至少低于下限 {lo - hs} 户）",
                   f"{small_names} have {hs} households, below the minimum of {lo}, and border only "
                   f"the large committee {big_name}, exempt alone; this plan merges them into "
                   f"{names} with {h} households, which loses the exemption and is {dev} above the "
                   f"maximum (apart they would be at least {lo - hs} below the minimum)")


def _off_band(sub, members, h, dev, lo, proven, bound) -> Finding:
    names = _names(sub, members)
    side = ("低于下限", "below the minimum") if h < lo else ("高于上限", "above the maximum")
    why = ((f"{sub.parent}街道的户数偏离已证明最小", f"the band deviation of {sub.parent} is proven least")
           if proven else
           (f"这是计算限额内找到的最好方案，{sub.parent}街道的户数偏离不可能低于 {bound}",
            f"the best plan found within the work limit; no plan of {sub.parent} deviates less "
            f"than {bound}"))
    return finding("R2", "warning", _subject(sub, members),
                   f"{names}共 {h} 户，{side[0]}（偏差 {dev} 户）；{why[0]}",
                   f"{names}: {h} households, {side[1]} by {dev}; {why[1]}")


def _subject(sub, members) -> str:
    return "+".join(sub.codes[i] for i in members)


def _names(sub: Subproblem, members) -> str:
    return "、".join(f"{sub.names[i]}({sub.codes[i]})" if sub.names[i] else sub.codes[i]
                    for i in members)


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
