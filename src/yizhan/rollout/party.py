"""Party organisations re-set with the stations (R9 §2(6)) and their secretaries (R10 §2(7)).

"小调整、大稳定、支部基本不动": a kept station keeps its organisation untouched. The committees
of a new station bring their community-level organisations; one new organisation matches the
new station ("调整后的社区党组织与整合后的社区工作站相对应"), its kind set by its members under
the policy's thresholds. When it qualifies as a general branch or a party committee, the old
organisations carry on as branches under it (the branches "基本不动"); when it is a branch,
they merge into it and are closed.

The new organisation's secretary is the station's head when the head is already one of the
old secretaries; otherwise the secretary of the largest old organisation stays secretary, and
the R10 check says what must change (an election is the party's, not ours, to hold). Other
former secretaries fill the deputy-secretary places the policy allows.
"""

from __future__ import annotations

from collections.abc import Mapping

from yizhan.core.policy import Policy
from yizhan.policy.checks import PARTY_KINDS, party_organisation_kind
from yizhan.rollout.changes import Change
from yizhan.rollout.state import State
from yizhan.rollout.stations import STATION_SUFFIX, Target

__all__ = ["party_changes", "org_name"]


def org_name(station_name: str, kind: str) -> str:
    """社区党组织 name from the station's: 碧波湖滨社区工作站, 党总支 → 碧波湖滨社区党总支."""
    base = station_name[: -len(STATION_SUFFIX)] if station_name.endswith(STATION_SUFFIX) \
        else station_name
    return f"{base}社区{PARTY_KINDS[kind][0]}"


def party_changes(targets: list[Target], before: State, policy: Policy,
                  heads: Mapping[str, str]) -> list[Change]:
    out: list[Change] = []
    for t in targets:
        if t.kept:
            continue
        olds = [o for o in before.party.values()
                if o.level == "community" and not o.closed and o.station in t.olds]
        if not olds:
            continue
        olds.sort(key=lambda o: (-o.members, o.org_id))
        members = sum(o.members for o in olds)
        kind = party_organisation_kind(members, policy)
        head = heads.get(t.code, "")
        old_secretaries = [o.secretary for o in olds if o.secretary]
        secretary = head if head in old_secretaries else (old_secretaries[0] if old_secretaries else "")
        others = [p for o in olds for p in (o.secretary, *o.deputy_secretaries)
                  if p and p != secretary]
        deputies = tuple(dict.fromkeys(others))[: policy.leadership.max_deputy_secretaries]
        org_id = f"PO-{t.code}"
        name = org_name(t.name, kind)
        zh_kind, en_kind = PARTY_KINDS[kind]
        out.append(Change(
            "set_party_org", org_id,
            f"设立{name}（{zh_kind}，党员{members}人），与“{t.name}”相对应",
            f"set up {name} ({en_kind}, {members} members) matching station {t.name}",
            dict(org_id=org_id, name=name, kind=kind, members=members, level="community",
                 station=t.code, parent="", secretary=secretary,
                 deputy_secretaries=list(deputies), closed=False,
                 merged_from=[o.org_id for o in olds])))
        keep_as_branches = kind != "branch"
        for o in olds:
            if keep_as_branches:
                zh, en = (f"{o.name}改为{name}下属党支部（支部基本不动）",
                          f"{o.name} carries on as a branch under {name}")
            else:
                zh, en = f"{o.name}并入{name}", f"{o.name} merges into {name}"
            out.append(Change("set_party_org", o.org_id, zh, en, dict(
                org_id=o.org_id, name=o.name, kind="branch" if keep_as_branches else o.kind,
                members=o.members, level="branch" if keep_as_branches else "community",
                station="" if keep_as_branches else o.station,
                parent=org_id if keep_as_branches else "",
                secretary=o.secretary if keep_as_branches else "", deputy_secretaries=[],
                closed=not keep_as_branches)))
    return out

