"""Staff after the rollout (R8 §2(5)) and the one head of each station (R10 §2(7)).

- Everyone keeps a station post, their pay grade and their subdistrict: the subdistrict
  re-deploys its own staff ("由街道办事处进行调整安排"), so staff never cross subdistricts.
- Each station's quota is the subdistrict's headcount apportioned over its stations by
  households with the policy's floor (:func:`yizhan.core.apportion.apportion`, the planner's
  apportionment). The starting assignment sends everyone to the station of their committee,
  then moves plain staff from stations above quota to those below, within the subdistrict
  (people who also sit on a committee of their station move last).
- The head: a chosen person, or among the former heads of the station's committees, first one
  who is already a party secretary there (R10: "书记兼任站长"), then the one from the
  committee with the most households. Other former heads become staff (no deputy heads); an
  assistant stays one only on a large station, one at most.
"""

from __future__ import annotations

from collections.abc import Mapping

from yizhan.core.apportion import ApportionmentError, apportion
from yizhan.core.policy import Policy
from yizhan.core.roster import Roster
from yizhan.rollout.state import Staff, State
from yizhan.rollout.stations import Target

__all__ = ["RolloutInputError", "choose_heads", "quotas", "assign_staff"]


class RolloutInputError(ValueError):
    """A choice made for the rollout (a head, a name) that cannot be used; bilingual."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(f"{zh} / {en}")


def choose_heads(targets: list[Target], before: State, roster: Roster, households: Mapping,
                 chosen: Mapping[str, str] | None = None) -> dict[str, str]:
    """Station code → the person proposed as its head ('' when no former head exists)."""
    chosen = chosen or {}
    secretaries = {o.secretary for o in before.party.values()
                   if o.level == "community" and o.secretary}
    out = {}
    for t in targets:
        if t.label in chosen:
            person = chosen[t.label]
            post = before.staff.get(person)
            if post is None or before.stations[post.station].parent != t.parent:
                raise RolloutInputError(
                    f"{roster.name(person)}（{person}）不是{t.parent}街道的工作站人员，不能任“{t.name}”站长",
                    f"{person} holds no station post in {t.parent}, so cannot head {t.name}")
            out[t.code] = person
            continue
        members = set(t.members)
        former = [s for s in before.staff.values() if s.role == "head" and s.unit in members]
        former.sort(key=lambda s: (s.person_id not in secretaries,
                                   -int(households.get(s.unit, 0)), s.person_id))
        out[t.code] = former[0].person_id if former else ""
    return out


def quotas(targets: list[Target], before: State, policy: Policy) -> tuple[dict[str, int], list]:
    """Station code → staff quota, and the subdistricts whose headcount cannot meet the floor."""
    out: dict[str, int] = {}
    short = []
    for parent in dict.fromkeys(t.parent for t in targets):
        mine = [t for t in targets if t.parent == parent]
        total = before.headcount(parent)
        try:
            seats = apportion(total, [t.households for t in mine],
                              policy.staffing.min_staff_per_station)
        except ApportionmentError:
            short.append((parent, total, len(mine)))
            continue
        out.update({t.code: s for t, s in zip(mine, seats)})
    return out, short


def assign_staff(targets: list[Target], before: State, roster: Roster, policy: Policy,
                 heads: Mapping[str, str], quota: Mapping[str, int],
                 balance: bool = True) -> dict[str, Staff]:
    """Person → their station post after the rollout (pay grade unchanged)."""
    station_of_unit = {c: t.code for t in targets for c in t.members}
    large = {t.code for t in targets
             if t.households >= policy.leadership.head_assistant_min_households}
    head_of = {p: code for code, p in heads.items() if p}
    after: dict[str, Staff] = {}
    assistants: dict[str, int] = {}
    for person, post in sorted(before.staff.items()):
        station = head_of.get(person) or station_of_unit.get(post.unit) or post.station
        role = "staff"
        if head_of.get(person):
            role = "head"
        elif post.role == "assistant" and station in large and \
                assistants.get(station, 0) < policy.leadership.max_head_assistants:
            assistants[station] = assistants.get(station, 0) + 1
            role = "assistant"
        after[person] = Staff(person, station, role, post.pay_grade, post.unit)
    if balance:
        _balance(targets, after, roster, quota)
    return after


def _balance(targets: list[Target], after: dict[str, Staff], roster: Roster,
             quota: Mapping[str, int]) -> None:
    """Move plain staff from stations above quota to those below, within each subdistrict."""
    on_committee = set(roster.posts.loc[roster.posts["org"] == "committee", "person_id"])
    for parent in dict.fromkeys(t.parent for t in targets):
        codes = [t.code for t in targets if t.parent == parent and t.code in quota]
        count = {c: 0 for c in codes}
        for s in after.values():
            if s.station in count:
                count[s.station] += 1
        spare = []
        for code in codes:
            extra = count[code] - quota[code]
            if extra > 0:
                movable = sorted((s for s in after.values() if s.station == code
                                  and s.role == "staff"),
                                 key=lambda s: (s.person_id in on_committee, s.person_id))
                spare += movable[:extra]
        for code in sorted(codes, key=lambda c: count[c] - quota[c]):
            while count[code] < quota[code] and spare:
                s = spare.pop(0)
                after[s.person_id] = Staff(s.person_id, code, s.role, s.pay_grade, s.unit)
                count[code] += 1
