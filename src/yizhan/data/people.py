"""Synthetic people and posts of the 2006 baseline, reproducing document part 五(二) exactly.

The document counts posts and cross-appointments (SPEC.md §4); it names nobody. This module
builds person records whose posts reproduce every one of those counts, with each choice of
*who* holds what drawn from a seeded generator:

- one station per committee (before the reform), its staff apportioned from the 653 by
  households with a floor of 3 (the planner's Hamilton
  :func:`~yizhan.core.apportion.apportion`, as after the reform), the head counted among them;
- 113 of the 115 directors head their own committee's station (the other two stations get an
  outside head); 7 of the 19 deputies and 305 of the 536 members hold a post in their own
  committee's station; the remaining station posts go to staff who sit on no committee;
- 105 of the 115 heads are also the party secretary of their committee; the other ten
  secretaries are separate people; the 344 other party committee members are, by an
  assumption of ours (the document is silent), half drawn from people already serving the
  committee or its station and half new people.

Names are synthetic: a surname from a pool weighted towards Guangdong's common surnames and a
one- or two-character given name, unique within the dataset.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from yizhan.core.apportion import apportion

__all__ = ["spread", "synthetic_names", "people_and_posts"]

_SURNAMES = ("陈李黄张林刘王吴郑杨梁何罗周谢许曾叶钟邓赖蔡徐朱胡彭潘郭卢温"
             "袁冯肖邱苏方廖余江范")
_GIVEN = ("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玲红建国志文辉斌海燕婷雪慧"
          "峰鹏宇俊琳晓春梅兰丹萍鑫健彬荣坤雯振锦添汉嘉颖思佳德")
#: Share of the other party-committee seats filled by someone already serving the community.
_PARTY_FROM_COMMUNITY = 0.5


def spread(total: int, n: int, rng: np.random.Generator, low: int, high: int) -> list[int]:
    """``n`` integers in [low, high] summing to ``total``: an even split, then random moves."""
    base, extra = divmod(total, n)
    sizes = np.full(n, base)
    sizes[rng.permutation(n)[:extra]] += 1
    for _ in range(2 * n):
        i, j = rng.integers(n, size=2)
        if i != j and sizes[i] > low and sizes[j] < high:
            sizes[i] -= 1
            sizes[j] += 1
    return sizes.tolist()


def synthetic_names(count: int, rng: np.random.Generator) -> list[str]:
    """``count`` distinct synthetic Chinese names."""
    weights = np.linspace(3.0, 1.0, len(_SURNAMES))
    weights /= weights.sum()
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        surname = _SURNAMES[rng.choice(len(_SURNAMES), p=weights)]
        length = 2 if rng.random() < 0.65 else 1
        given = "".join(_GIVEN[i] for i in rng.integers(len(_GIVEN), size=length))
        if surname + given not in seen:
            seen.add(surname + given)
            names.append(surname + given)
    return names


class _Registry:
    """Persons and posts collected while the roles are handed out."""

    def __init__(self) -> None:
        self.count = 0
        self.posts: list[tuple[str, str, str, str]] = []

    def new(self) -> str:
        self.count += 1
        return f"P{self.count:04d}"

    def post(self, person: str, org: str, unit: str, role: str) -> None:
        self.posts.append((person, org, unit, role))


def people_and_posts(codes: Sequence[str], households: Sequence[int], counts: dict,
                     rng: np.random.Generator, min_station_staff: int = 3
                     ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Person and post records reproducing ``counts`` (shaped like ``DOCUMENT_COUNTS``).

    Returns ``people`` (``person_id,name``) and ``posts`` (``person_id,org,unit,role``).
    """
    n = len(codes)
    staff, cross = counts["staff"], counts["cross_appointments"]
    seats = apportion(staff["station_staff"], households, floor=min_station_staff)
    has_deputy = set(rng.choice(n, size=staff["committee_deputies"], replace=False).tolist())
    members = spread(staff["committee_other_members"], n, rng, low=2, high=8)
    party_others = spread(staff["party_other_members"], n, rng, low=1, high=6)
    director_heads = set(rng.choice(n, size=cross["directors_heading_station"],
                                    replace=False).tolist())
    reg = _Registry()
    committee = [dict(director=reg.new(), deputy=reg.new() if i in has_deputy else None,
                      members=[reg.new() for _ in range(members[i])]) for i in range(n)]
    head = [committee[i]["director"] if i in director_heads else reg.new() for i in range(n)]
    free_seats = [s - 1 for s in seats]
    station_staff: list[list[str]] = [[] for _ in range(n)]

    def take_station_posts(candidates: list[tuple[int, str]], wanted: int) -> None:
        for k in rng.permutation(len(candidates)):
            if wanted == 0:
                return
            i, person = candidates[k]
            if free_seats[i] > 0:
                free_seats[i] -= 1
                station_staff[i].append(person)
                wanted -= 1
        if wanted:
            raise ValueError("not enough station posts for the cross-appointments")

    take_station_posts([(i, c["deputy"]) for i, c in enumerate(committee) if c["deputy"]],
                       cross["deputies_with_station_post"])
    take_station_posts([(i, m) for i, c in enumerate(committee) for m in c["members"]],
                       cross["members_with_station_post"])
    for i in range(n):
        station_staff[i] += [reg.new() for _ in range(free_seats[i])]
    secretary_heads = set(rng.choice(n, size=cross["heads_as_secretary"], replace=False).tolist())
    for i, code in enumerate(codes):
        c = committee[i]
        reg.post(head[i], "station", code, "head")
        for person in station_staff[i]:
            reg.post(person, "station", code, "staff")
        reg.post(c["director"], "committee", code, "director")
        if c["deputy"]:
            reg.post(c["deputy"], "committee", code, "deputy")
        for person in c["members"]:
            reg.post(person, "committee", code, "member")
        secretary = head[i] if i in secretary_heads else reg.new()
        reg.post(secretary, "party", code, "secretary")
        community = sorted({head[i], c["director"], *c["members"], *station_staff[i],
                            *([c["deputy"]] if c["deputy"] else [])} - {secretary})
        pool = [community[k] for k in rng.permutation(len(community))]
        for _ in range(party_others[i]):
            from_community = pool and rng.random() < _PARTY_FROM_COMMUNITY
            reg.post(pool.pop() if from_community else reg.new(), "party", code, "member")
    people = pd.DataFrame({"person_id": [f"P{k:04d}" for k in range(1, reg.count + 1)],
                           "name": synthetic_names(reg.count, rng)})
    posts = pd.DataFrame(reg.posts, columns=["person_id", "org", "unit", "role"])
    return people, posts
