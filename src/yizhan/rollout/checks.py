"""R1, R6 and R8-R12 judged on the state after the rollout, against the state before.

These are the invariants the rollout must keep; a broken one is a ``violation`` and the
rollout is not applied (the web app rolls its transaction back). The checks read only the two
:class:`~yizhan.rollout.state.State` objects, never the changes, so they judge what was
actually written — by :func:`~yizhan.rollout.changes.apply_changes` or by the database.
Gaps in the data (no pay grades, no assets…) are ``warning`` findings of the rule that needs
them: they say what the check could not see.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from yizhan.core.findings import Finding
from yizhan.core.policy import Policy
from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind
from yizhan.policy.rules import finding
from yizhan.rollout.holdings import yuan
from yizhan.rollout.state import DISTRICT_GOVERNMENT, State

__all__ = ["Judged", "check_after", "RULE_OF_GAP"]

#: Which rule a gap of the roster (:meth:`yizhan.core.roster.Roster.gaps`) weakens.
RULE_OF_GAP = {"pay_grade": "R8", "party": "R9", "assets": "R11", "owner_class": "R11",
               "funds": "R12"}


@dataclass
class Judged:
    """What the checks read: the two states and the numbers of the plan."""

    before: State
    after: State
    policy: Policy
    households: Mapping[str, int]                 # open station → households after
    quota: Mapping[str, int] = field(default_factory=dict)
    names: Mapping[str, str] = field(default_factory=dict)   # person → name

    def person(self, pid: str) -> str:
        return f"{self.names.get(pid, pid)}（{pid}）"

    def station(self, code: str) -> str:
        s = self.after.stations.get(code) or self.before.stations.get(code)
        return s.name if s is not None else code


def check_r1_r6(j: Judged) -> list[Finding]:
    out = []
    for committee, code in j.after.membership.items():
        station = j.after.stations.get(code)
        if station is None or not station.open:
            out.append(finding("R1", "violation", committee,
                               f"居委会{committee}没有归属一个在运行的工作站",
                               f"committee {committee} belongs to no open station"))
    for code, station in j.after.open_stations().items():
        parents = sorted({j.after.parent_of[c] for c in station.members})
        if len(parents) > 1:
            out.append(finding("R6", "violation", code,
                               f"工作站“{station.name}”跨街道：{'、'.join(parents)}",
                               f"station {station.name} crosses subdistricts: {', '.join(parents)}"))
    return out


def check_r8(j: Judged) -> list[Finding]:
    b, a = j.before, j.after
    out = []
    for parent in dict.fromkeys(b.parent_of.values()):
        nb, na = b.headcount(parent), a.headcount(parent)
        if nb != na:
            out.append(finding("R8", "violation", parent,
                               f"{parent}街道工作站人员由{nb}人变为{na}人，员额总量须保持不变",
                               f"{parent}: station staff go from {nb} to {na}; the headcount must not change"))
    for pid in sorted(set(b.staff) - set(a.staff)):
        out.append(finding("R8", "violation", pid, f"{j.person(pid)}整合后没有工作站职务",
                           f"{j.person(pid)} has no station post after the rollout"))
    for pid in sorted(set(a.staff) - set(b.staff)):
        out.append(finding("R8", "violation", pid, f"{j.person(pid)}整合前不属工作站员额，不能新增",
                           f"{j.person(pid)} was not station staff before: the headcount is fixed"))
    for pid in sorted(set(a.staff) & set(b.staff)):
        old, new = b.staff[pid], a.staff[pid]
        if old.pay_grade != new.pay_grade:
            out.append(finding("R8", "violation", pid,
                               f"{j.person(pid)}待遇由“{old.pay_grade}”变为“{new.pay_grade}”，待遇须保持不变",
                               f"{j.person(pid)}: pay grade {old.pay_grade!r} became {new.pay_grade!r}; pay must not change"))
        station = a.stations.get(new.station)
        if station is None or not station.open:
            out.append(finding("R8", "violation", pid, f"{j.person(pid)}被安排到已撤销或不存在的工作站{new.station}",
                               f"{j.person(pid)} is placed at {new.station}, which is closed or unknown"))
        elif station.parent != b.stations[old.station].parent:
            out.append(finding("R8", "violation", pid,
                               f"{j.person(pid)}由{b.stations[old.station].parent}街道调到{station.parent}街道：人员只在本街道内调整",
                               f"{j.person(pid)} moves from {b.stations[old.station].parent} to {station.parent}; "
                               "staff are re-deployed within their subdistrict"))
    count: dict[str, int] = {}
    for s in a.staff.values():
        count[s.station] = count.get(s.station, 0) + 1
    for code in a.open_stations():
        n, q = count.get(code, 0), j.quota.get(code)
        if n == 0:
            out.append(finding("R8", "violation", code, f"工作站“{j.station(code)}”没有工作人员",
                               f"station {j.station(code)} has no staff"))
        elif q is not None and n != q:
            out.append(finding("R8", "warning", code,
                               f"工作站“{j.station(code)}”配置{n}人，按户数分配的员额为{q}人",
                               f"station {j.station(code)} has {n} staff; its apportioned quota is {q}"))
    return out


def check_r9(j: Judged) -> list[Finding]:
    b, a = j.before, j.after
    if not any(o.level == "community" for o in b.party.values()):
        return []
    out = []
    for code, station in a.open_stations().items():
        orgs = a.community_org(code)
        if len(orgs) != 1:
            out.append(finding("R9", "violation", code,
                               f"工作站“{station.name}”对应{len(orgs)}个社区党组织，应有且只有1个",
                               f"station {station.name} matches {len(orgs)} community party organisations; "
                               "it must match exactly one"))
        elif code not in b.stations:  # a new station: its organisation is set by its members
            org = orgs[0]
            want = party_organisation_kind(org.members, j.policy)
            if org.kind != want:
                out.append(finding("R9", "violation", org.org_id,
                                   f"{org.name}有党员{org.members}人，应设{PARTY_KINDS[want][0]}，"
                                   f"而不是{PARTY_KINDS.get(org.kind, (org.kind,))[0]}",
                                   f"{org.name} has {org.members} members: it should be a "
                                   f"{PARTY_KINDS[want][1]}, not {PARTY_KINDS.get(org.kind, ('', org.kind))[1]}"))
    total_b = sum(o.members for o in b.party.values() if o.level == "community" and not o.closed)
    total_a = sum(o.members for o in a.party.values() if o.level == "community" and not o.closed)
    if total_a != total_b:
        out.append(finding("R9", "violation", "全区 district",
                           f"社区党组织党员合计由{total_b}人变为{total_a}人",
                           f"community party organisations' members go from {total_b} to {total_a}"))
    for org in a.party.values():
        if org.level == "branch" and not org.closed and (
                org.parent not in a.party or a.party[org.parent].closed):
            out.append(finding("R9", "violation", org.org_id, f"{org.name}的上级党组织不存在或已撤销",
                               f"{org.name}'s parent organisation is missing or closed"))
    return out


def check_r10(j: Judged) -> list[Finding]:
    a, lead = j.after, j.policy.leadership
    out = []
    for code, station in a.open_stations().items():
        staff = a.staff_of(code)
        heads = [s.person_id for s in staff if s.role == "head"]
        deputies = [s.person_id for s in staff if s.role == "deputy_head"]
        assistants = [s.person_id for s in staff if s.role == "assistant"]
        name = station.name
        if len(heads) != 1:
            out.append(finding("R10", "violation", code, f"工作站“{name}”有站长{len(heads)}名，只设站长1名",
                               f"station {name} has {len(heads)} heads; it must have exactly one"))
        if len(deputies) > lead.max_deputy_heads:
            out.append(finding("R10", "violation", code,
                               f"工作站“{name}”设副站长{len(deputies)}名：不设副站长，应改任其他职务",
                               f"station {name} has {len(deputies)} deputy heads: none may exist"))
        if len(assistants) > lead.max_head_assistants:
            out.append(finding("R10", "violation", code,
                               f"工作站“{name}”设站长助理{len(assistants)}名，最多{lead.max_head_assistants}名",
                               f"station {name} has {len(assistants)} head assistants; at most {lead.max_head_assistants}"))
        elif assistants and j.households.get(code, 0) < lead.head_assistant_min_households:
            out.append(finding("R10", "violation", code,
                               f"工作站“{name}”辖{j.households.get(code, 0):,}户，不足"
                               f"{lead.head_assistant_min_households:,}户，不设站长助理",
                               f"station {name} serves {j.households.get(code, 0):,} households, fewer than "
                               f"{lead.head_assistant_min_households:,}: no head assistant"))
        orgs = a.community_org(code)
        if lead.secretary_is_head and len(heads) == 1 and len(orgs) == 1 \
                and orgs[0].secretary != heads[0]:
            out.append(_head_not_secretary(j, code, heads[0], orgs[0]))
        if len(orgs) == 1 and len(orgs[0].deputy_secretaries) > lead.max_deputy_secretaries:
            out.append(finding("R10", "violation", code,
                               f"{orgs[0].name}设副书记{len(orgs[0].deputy_secretaries)}名，最多{lead.max_deputy_secretaries}名",
                               f"{orgs[0].name} has {len(orgs[0].deputy_secretaries)} deputy secretaries; "
                               f"at most {lead.max_deputy_secretaries}"))
    return out


def _head_not_secretary(j: Judged, code: str, head: str, org) -> Finding:
    """R10 broken, with what to change: elect the head, or appoint the secretary head."""
    sec = org.secretary
    if sec and sec in j.after.staff:
        zh_fix = f"由{org.name}选举{j.person(head)}为书记（报区委组织部备案），或改任书记{j.person(sec)}为站长"
        en_fix = (f"{org.name} elects {j.person(head)} secretary (filed with the district organisation "
                  f"department), or secretary {j.person(sec)} is made head")
    elif sec:
        zh_fix = (f"由{org.name}选举{j.person(head)}为书记（报区委组织部备案）；"
                  f"现任书记{j.person(sec)}不是工作站人员，不能直接任站长（员额不变）")
        en_fix = (f"{org.name} elects {j.person(head)} secretary (filed with the district organisation "
                  f"department); secretary {j.person(sec)} holds no station post and cannot become head "
                  "without changing the headcount")
    else:
        zh_fix = f"{org.name}没有书记：选举{j.person(head)}为书记（报区委组织部备案）"
        en_fix = f"{org.name} has no secretary: elect {j.person(head)} (filed with the organisation department)"
    name = j.station(code)
    return finding("R10", "violation", code,
                   f"工作站“{name}”站长{j.person(head)}不兼任社区党组织书记。须：{zh_fix}",
                   f"station {name}: head {j.person(head)} is not the party secretary. To change: {en_fix}")


def check_r11(j: Judged) -> list[Finding]:
    b, a = j.before, j.after
    out = []
    for aid in sorted(set(b.assets) - set(a.assets)):
        out.append(finding("R11", "violation", aid, f"资产{aid}不在清理清单上",
                           f"asset {aid} is missing from the clearance list"))
    for aid in sorted(set(a.assets) - set(b.assets)):
        out.append(finding("R11", "violation", aid, f"资产{aid}不是原工作站或居委会的资产",
                           f"asset {aid} did not belong to an old station or committee"))
    for aid in sorted(set(a.assets) & set(b.assets)):
        old, new = b.assets[aid], a.assets[aid]
        if old.value_fen != new.value_fen:
            out.append(finding("R11", "violation", aid,
                               f"资产“{new.description}”价值由{yuan(old.value_fen)}元变为{yuan(new.value_fen)}元",
                               f"asset {new.description}: value went from ¥{yuan(old.value_fen)} to ¥{yuan(new.value_fen)}"))
        if new.status == "held":
            out.append(finding("R11", "violation", aid, f"资产“{new.description}”未清理",
                               f"asset {new.description} has not been cleared"))
        elif new.owner_class == "state" and new.destination != DISTRICT_GOVERNMENT:
            out.append(finding("R11", "violation", aid,
                               f"国有资产“{new.description}”（{yuan(new.value_fen)}元）产权应划归区政府",
                               f"state-owned asset {new.description} (¥{yuan(new.value_fen)}) must pass to "
                               "the district government"))
        elif new.status == "disputed":
            out.append(finding("R11", "warning", aid,
                               f"资产“{new.description}”产权类别未登记，列为有争议",
                               f"asset {new.description} has no owner class: listed as disputed"))
    return out


def check_r12(j: Judged) -> list[Finding]:
    b, a = j.before, j.after
    out = []
    total_b, total_a = sum(b.funds.values()), sum(a.funds.values())
    if total_b != total_a:
        out.append(finding("R12", "violation", "全区 district",
                           f"固本强基项目资金合计由{yuan(total_b)}元变为{yuan(total_a)}元",
                           f"固本强基 funds total went from ¥{yuan(total_b)} to ¥{yuan(total_a)}"))
    for code, amount in a.funds.items():
        station = a.stations.get(code)
        if amount and (station is None or not station.open):
            out.append(finding("R12", "violation", code,
                               f"固本强基项目资金{yuan(amount)}元仍配置在已撤销的工作站“{j.station(code)}”",
                               f"固本强基 funds of ¥{yuan(amount)} remain with the closed station {j.station(code)}"))
    return out


CHECKS = (check_r1_r6, check_r8, check_r9, check_r10, check_r11, check_r12)


def check_after(j: Judged, gaps: list[tuple[str, str, str]] = ()) -> list[Finding]:
    """Every finding on the state after, then one warning per gap of the data."""
    out = [f for check in CHECKS for f in check(j)]
    out += [finding(RULE_OF_GAP[key], "warning", "数据 data", zh, en) for key, zh, en in gaps]
    return out
