"""Which stations the plan keeps, which it opens (with a proposed name and code) and which close.

A plan group whose committees are exactly one of today's stations keeps that station as it is.
Any other group is a new consolidated station; every station of today that is not kept is
closed on the effective date — closed, never deleted (its history stays in the registry).
"""

from __future__ import annotations

from dataclasses import dataclass

from yizhan.core.instance import Instance
from yizhan.core.plan import Plan
from yizhan.rollout.state import State

__all__ = ["Target", "targets", "proposed_name", "STATION_SUFFIX"]

STATION_SUFFIX = "社区工作站"


@dataclass(frozen=True)
class Target:
    """A station after the rollout: its plan label, code, name, committees and origin."""

    label: str
    code: str
    name: str
    parent: str
    members: tuple[str, ...]
    kept: bool                 # True: today's station ``code`` carries on unchanged
    olds: tuple[str, ...]      # today's stations its committees come from
    households: int


def proposed_name(member_names: list[str]) -> str:
    """A merged station named after its committees, as the document names them (碧波、湖滨 →
    碧波湖滨社区工作站); the preview lets the user change it.

    >>> proposed_name(["碧波", "湖滨"])
    '碧波湖滨社区工作站'
    """
    return "".join(member_names) + STATION_SUFFIX


def _new_code(members: tuple[str, ...], taken: set[str]) -> str:
    """``N-`` + the first committee's code, made unique (a valid registry code)."""
    base = f"N-{members[0]}"[:29]
    code, n = base, 1
    while code in taken:
        n += 1
        code = f"{base}-{n}"
    taken.add(code)
    return code


def targets(instance: Instance, plan: Plan, before: State,
            names: dict[str, str] | None = None) -> list[Target]:
    """The stations after the rollout, in the plan's order (members in the instance's order).

    ``names`` (plan label → name) renames the *new* stations; a kept station keeps its name.
    """
    names = names or {}
    units = instance.units
    order = {c: i for i, c in enumerate(instance.codes)}
    taken = set(before.stations)
    out = []
    for label, members in plan.stations().items():
        members = tuple(sorted(members, key=order.__getitem__))
        olds = tuple(dict.fromkeys(before.membership[c] for c in members))
        kept = len(olds) == 1 and set(before.stations[olds[0]].members) == set(members)
        households = int(units.loc[list(members), "households"].sum())
        parent = before.parent_of[members[0]]
        if kept:
            station = before.stations[olds[0]]
            out.append(Target(label, station.code, station.name, parent,
                              members, True, olds, households))
        else:
            name = names.get(label) or proposed_name([str(units.at[c, "name"]) for c in members])
            out.append(Target(label, _new_code(members, taken), name, parent, members, False,
                              olds, households))
    return out
