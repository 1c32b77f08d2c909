"""Assets cleared (R11 §2(8)) and 固本强基 funds re-allocated (R12 §2(9)).

Assets: "对原社区工作站和社区居委会的资产进行产权清理，属国有资产的，产权划归区政府所有" — every
asset of today's stations and committees is on the clearance list. A state-owned one is to
be transferred to the district government; a non-state asset of a closed station goes to its
successor station; a non-state asset of a committee or a kept station stays where it is (the
committees are unchanged, R1); an asset whose owner class is not recorded is *disputed* until
someone records it — nothing is guessed.

Funds: "固本强基社区项目要以整合后的社区进行配置" — the funds of a closed station pass to the
new station(s) of its committees (split by households when its committees part ways), so the
district total is kept.
"""

from __future__ import annotations

from yizhan.core.apportion import apportion
from yizhan.core.roster import OWNER_CLASSES
from yizhan.rollout.changes import Change
from yizhan.rollout.state import DISTRICT_GOVERNMENT, State
from yizhan.rollout.stations import Target

__all__ = ["asset_changes", "fund_changes", "yuan", "ASSET_STATUSES"]

#: Clearance statuses (the web app's choices use the same keys).
ASSET_STATUSES = {"held": ("在用", "held"), "kept": ("保留原处", "kept where it is"),
                  "to_transfer": ("待移交", "to transfer"), "transferred": ("已移交", "transferred"),
                  "disputed": ("有争议", "disputed")}


def yuan(fen: int) -> str:
    """Fen as 元 with two decimals: 123456 → '1,234.56'."""
    sign = "-" if fen < 0 else ""
    fen = abs(int(fen))
    return f"{sign}{fen // 100:,}.{fen % 100:02d}"


def asset_changes(targets: list[Target], before: State) -> list[Change]:
    successor = {old: t for t in targets if not t.kept for old in t.olds}
    out = []
    for a in before.assets.values():
        owner_zh, owner_en = OWNER_CLASSES.get(a.owner_class, ("未登记", "not recorded"))
        if a.owner_class == "state":
            status, dest = "to_transfer", DISTRICT_GOVERNMENT
            zh, en = "国有资产，产权划归区政府", "state-owned: title passes to the district government"
        elif not a.owner_class:
            status, dest = "disputed", ""
            zh, en = "未登记产权类别，须先确认", "owner class not recorded: to be established first"
        elif a.holder_org == "station" and a.holder in successor:
            status, dest = "to_transfer", successor[a.holder].code
            zh, en = (f"非国有资产，移交“{successor[a.holder].name}”",
                      f"not state-owned: to the successor station {successor[a.holder].name}")
        else:
            status, dest = "kept", a.holder
            zh, en = "非国有资产，保留原处", "not state-owned: stays where it is"
        out.append(Change(
            "clear_asset", a.asset_id,
            f"资产“{a.description}”（{owner_zh}，{yuan(a.value_fen)}元）：{zh}",
            f"asset {a.description} ({owner_en}, ¥{yuan(a.value_fen)}): {en}",
            dict(asset_id=a.asset_id, holder=a.holder, holder_org=a.holder_org,
                 owner_class=a.owner_class, value_fen=a.value_fen, status=status,
                 destination=dest)))
    return out


def fund_changes(targets: list[Target], before: State, households: dict) -> list[Change]:
    new = [t for t in targets if not t.kept]
    sources: dict[str, dict[str, int]] = {t.code: {} for t in new}
    for old, amount in before.funds.items():
        station = before.stations.get(old)
        parts = [t for t in new if old in t.olds]
        if station is None or not parts or not amount:
            continue
        weights = [sum(int(households.get(c, 0)) for c in t.members if c in station.members)
                   for t in parts]
        for t, share in zip(parts, apportion(int(amount), weights)):
            if share:
                sources[t.code][old] = share
    out = []
    for t in new:
        if not sources[t.code]:
            continue
        amount = sum(sources[t.code].values())
        out.append(Change(
            "allocate_funds", t.code,
            f"固本强基项目资金{yuan(amount)}元按整合后的“{t.name}”配置",
            f"固本强基 funds of ¥{yuan(amount)} allocated to the consolidated station {t.name}",
            dict(station=t.code, amount_fen=amount, sources=sources[t.code])))
    return out
