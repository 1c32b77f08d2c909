"""The dry run: instance + roster + plan + policy + effective date → changes, checked.

This is the one computation behind ``yizhan rollout`` and the web app's preview and apply.
The plan is refused before anything is proposed when it breaks R1 (a committee without a
station, or an unknown one) or R6 (a station across subdistricts, or not contiguous): those
are the policy checker's own findings. Otherwise the changes are proposed
(:mod:`~yizhan.rollout.stations`, :mod:`~yizhan.rollout.staffing`,
:mod:`~yizhan.rollout.party`, :mod:`~yizhan.rollout.holdings`), applied to a copy of today's
state, and the state after is checked (:mod:`~yizhan.rollout.checks`). The rollout may be
applied only when no finding is a violation.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field

from yizhan.core.findings import Finding
from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.core.policy import Policy
from yizhan.core.roster import Roster
from yizhan.policy.rules import document_article
from yizhan.rollout.changes import KINDS, Change, apply_changes
from yizhan.rollout.checks import Judged, check_after
from yizhan.rollout.holdings import asset_changes, fund_changes
from yizhan.rollout.party import party_changes
from yizhan.rollout.staffing import assign_staff, choose_heads, quotas
from yizhan.rollout.state import State, state_before
from yizhan.rollout.stations import Target, targets

__all__ = ["Rollout", "dry_run", "finding_dict", "REFUSING_RULES"]

#: Rules whose violation by the plan itself refuses the rollout before anything is proposed.
REFUSING_RULES = ("R1", "R6")


def finding_dict(f: Finding) -> dict:
    """A finding for people and machines: the article as the document numbers it (二、（五）)
    and as SPEC.md writes it (§2(5))."""
    return {"rule": f.rule, "article": document_article(f.article), "article_ref": f.article,
            "severity": f.severity, "subject": f.subject, "message": f.message,
            "message_en": f.message_en}


@dataclass
class Rollout:
    instance: Instance
    roster: Roster
    plan: Plan
    policy: Policy
    effective: datetime.date
    before: State
    after: State
    targets: list[Target] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    quota: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    refused: bool = False

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "violation"]

    @property
    def applicable(self) -> bool:
        return not self.violations

    def judge(self, after: State) -> list[Finding]:
        """The checks of R1, R6 and R8-R12 on ``after`` (the web app passes the state it read
        back from the database), then one warning per gap of the roster's data."""
        judged = Judged(self.before, after, self.policy,
                        {t.code: t.households for t in self.targets}, self.quota,
                        dict(zip(self.roster.people["person_id"], self.roster.people["name"])))
        return check_after(judged, self.roster.gaps())

    def head_secretary_stations(self) -> list[str]:
        """Open stations after with exactly one head who is its one organisation's secretary."""
        out = []
        for code in self.after.open_stations():
            heads = [s.person_id for s in self.after.staff_of(code) if s.role == "head"]
            orgs = self.after.community_org(code)
            if len(heads) == 1 and len(orgs) == 1 and orgs[0].secretary == heads[0]:
                out.append(code)
        return out

    def station_rows(self) -> list[dict]:
        """One row per station after: members, households, staff against quota, leaders."""
        a = self.after
        rows = []
        for t in self.targets:
            staff = a.staff_of(t.code)
            heads = [s.person_id for s in staff if s.role == "head"]
            orgs = a.community_org(t.code)
            org = orgs[0] if len(orgs) == 1 else None
            rows.append({
                "code": t.code, "label": t.label, "name": t.name, "parent": t.parent,
                "members": list(t.members), "kept": t.kept, "from": list(t.olds),
                "households": t.households, "staff": len(staff), "quota": self.quota.get(t.code),
                "head": heads[0] if len(heads) == 1 else "",
                "head_name": self.roster.name(heads[0]) if len(heads) == 1 else "",
                "party_org": org.name if org else "", "party_kind": org.kind if org else "",
                "party_members": org.members if org else 0,
                "secretary": org.secretary if org else "",
                "funds_fen": a.funds.get(t.code, 0)})
        return rows

    def to_dict(self) -> dict:
        """The JSON of ``yizhan rollout --json`` (DESIGN.md names the required keys)."""
        closed = [c for c, s in self.after.stations.items()
                  if not s.open and self.before.stations.get(c, s).open]
        return {
            "instance": self.instance.name, "synthetic": self.instance.synthetic
            or self.roster.synthetic, "plan": self.plan.name,
            "effective": self.effective.isoformat(), "applicable": self.applicable,
            "refused": self.refused,
            "stations": len(self.after.open_stations()),
            "stations_before": len(self.before.open_stations()),
            "stations_opened": sum(1 for t in self.targets if not t.kept),
            "stations_kept": sum(1 for t in self.targets if t.kept),
            "stations_closed": len(closed),
            "headcount_before": self.before.headcount(),
            "headcount_after": self.after.headcount(),
            "stations_with_one_head_secretary": len(self.head_secretary_stations()),
            "violations": [finding_dict(f) for f in self.violations],
            "findings": [finding_dict(f) for f in self.findings],
            "gaps": [{"field": k, "message": zh, "message_en": en} for k, zh, en in self.roster.gaps()],
            "derived": [{"field": k, "message": zh, "message_en": en}
                        for k, (zh, en) in self.roster.derived.items()],
            "station_table": self.station_rows(),
            "change_counts": dict(Counter(c.kind for c in self.changes)),
            "changes": [c.to_dict() for c in self.changes],
        }


def _refusals(instance: Instance, plan: Plan, policy: Policy) -> list[Finding]:
    from yizhan.policy.checker import check

    if plan.coverage_problems(instance.codes):
        from yizhan.policy.checks import CheckContext, check_r1_coverage

        return check_r1_coverage(CheckContext(instance, plan, policy, metrics=None))
    result = check(instance, plan, policy)
    return [f for f in result.findings if f.rule in REFUSING_RULES and f.severity == "violation"]


def dry_run(instance: Instance, roster: Roster, plan: Plan, policy: Policy | None = None,
            effective: datetime.date | None = None, *, names: Mapping[str, str] | None = None,
            heads: Mapping[str, str] | None = None, balance: bool = True,
            before: State | None = None) -> Rollout:
    """Propose and check the rollout of ``plan``.

    Parameters
    ----------
    names : plan label → name of a new station (default: its committees' names joined)
    heads : plan label → person_id of its head (default: see :mod:`~yizhan.rollout.staffing`)
    balance : move plain staff within each subdistrict to meet the apportioned quotas
    before : today's state when the caller has read it already (the web app's carries the
        stations' registry names); default :func:`~yizhan.rollout.state.state_before`

    Raises
    ------
    yizhan.rollout.staffing.RolloutInputError
        A chosen head who holds no station post in the station's subdistrict.
    """
    policy = policy or Policy()
    effective = effective or datetime.date.today()
    before = before if before is not None else state_before(instance, roster)
    refusals = _refusals(instance, plan, policy)
    if refusals:
        return Rollout(instance, roster, plan, policy, effective, before, before.copy(),
                       findings=refusals, refused=True)
    households = {c: int(h) for c, h in instance.units["households"].items()}
    goal = targets(instance, plan, before, names)
    head_of = choose_heads(goal, before, roster, households, heads)
    quota, short = quotas(goal, before, policy)
    staff = assign_staff(goal, before, roster, policy, head_of, quota, balance)
    changes = _station_changes(goal, before) + _post_changes(goal, before, staff, roster) \
        + party_changes(goal, before, policy, head_of) + asset_changes(goal, before) \
        + fund_changes(goal, before, households) + _closures(goal, before)
    changes.sort(key=lambda c: KINDS.index(c.kind))
    run = Rollout(instance, roster, plan, policy, effective, before,
                  apply_changes(before, changes, effective), goal, changes, quota)
    run.findings = run.judge(run.after) + [_short(p, n, k, policy) for p, n, k in short]
    return run


def _short(parent: str, total: int, stations: int, policy: Policy) -> Finding:
    from yizhan.policy.rules import finding

    floor = policy.staffing.min_staff_per_station
    return finding("R8", "warning", parent,
                   f"{parent}街道{total}名工作人员不足以使{stations}个站每站至少{floor}人，未按户数分配员额",
                   f"{parent}'s {total} staff cannot give {stations} stations {floor} each: "
                   "no quota apportioned")


def _station_changes(goal: list[Target], before: State) -> list[Change]:
    out = []
    for t in goal:
        if t.kept:
            continue
        out.append(Change("open_station", t.code,
                          f"设立“{t.name}”（{t.parent}街道，{len(t.members)}个居委会，{t.households:,}户）",
                          f"open station {t.name} ({t.parent}, {len(t.members)} committees, "
                          f"{t.households:,} households)",
                          dict(code=t.code, name=t.name, parent=t.parent, label=t.label,
                               members=list(t.members))))
        for c in t.members:
            old = before.membership[c]
            out.append(Change("move_committee", c,
                              f"居委会{c}由“{before.stations[old].name}”改由“{t.name}”服务",
                              f"committee {c} moves from {before.stations[old].name} to {t.name}",
                              {"committee": c, "from": old, "to": t.code}))
    return out


def _closures(goal: list[Target], before: State) -> list[Change]:
    kept = {t.code for t in goal if t.kept}
    return [Change("close_station", code, f"撤销“{s.name}”（保留记录）",
                   f"close station {s.name} (its record is kept)", {"code": code})
            for code, s in before.open_stations().items() if code not in kept]


_ROLE = {"head": ("站长", "head"), "assistant": ("站长助理", "head assistant"),
         "staff": ("工作人员", "staff"), "deputy_head": ("副站长", "deputy head")}


def _role(role: str) -> tuple[str, str]:
    return _ROLE.get(role, (role, role))


def _post_changes(goal: list[Target], before: State, staff: dict, roster: Roster) -> list[Change]:
    names = {t.code: t.name for t in goal}
    out = []
    for pid, new in staff.items():
        old = before.staff[pid]
        if old.station == new.station and old.role == new.role:
            continue
        who = f"{roster.name(pid)}（{pid}）"
        out.append(Change(
            "move_post", pid,
            f"{who}：{before.stations[old.station].name}{_role(old.role)[0]} → "
            f"{names.get(new.station, new.station)}{_role(new.role)[0]}（待遇不变）",
            f"{who}: {_role(old.role)[1]} at {before.stations[old.station].name} → "
            f"{_role(new.role)[1]} at {names.get(new.station, new.station)} (pay unchanged)",
            {"person_id": pid, "from": old.station, "to": new.station, "role_from": old.role,
             "role_to": new.role, "pay_grade": old.pay_grade}))
    return out
