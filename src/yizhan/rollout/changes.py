"""One change of the rollout, and the state after a list of them.

A :class:`Change` is what the preview lists and what the web app writes: its ``kind`` says
which table it touches and ``data`` carries every value written (JSON-able). Applying a list
to a :class:`~yizhan.rollout.state.State` (:func:`apply_changes`) is the pure twin of the
database write, so the checks can be run on the result before anything is written.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass, field, replace

from yizhan.rollout.state import AssetItem, PartyOrg, Staff, State, Station

__all__ = ["Change", "KINDS", "apply_changes"]

#: Change kinds in the order a rollout lists (and writes) them.
KINDS = ("open_station", "move_committee", "move_post", "set_party_org", "clear_asset",
         "allocate_funds", "close_station")


@dataclass(frozen=True)
class Change:
    kind: str
    subject: str
    message: str
    message_en: str
    data: dict = field(default_factory=dict)

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown change kind {self.kind!r}")

    def to_dict(self) -> dict:
        return asdict(self)


def apply_changes(before: State, changes: list[Change], effective: datetime.date) -> State:
    """The state after ``changes`` (``before`` is not modified)."""
    state = before.copy()
    for change in changes:
        _APPLY[change.kind](state, change.data, effective)
    return state


def _open_station(state: State, d: dict, effective) -> None:
    state.stations[d["code"]] = Station(d["code"], d["name"], d["parent"], (), opened=effective)


def _move_committee(state: State, d: dict, effective) -> None:
    committee, old, new = d["committee"], d["from"], d["to"]
    state.membership[committee] = new
    if old in state.stations:
        state.set_station(old, members=tuple(c for c in state.stations[old].members
                                             if c != committee))
    state.set_station(new, members=(*state.stations[new].members, committee))


def _close_station(state: State, d: dict, effective) -> None:
    state.set_station(d["code"], closed=effective)


def _move_post(state: State, d: dict, effective) -> None:
    state.staff[d["person_id"]] = Staff(d["person_id"], d["to"], d["role_to"], d["pay_grade"],
                                        state.staff[d["person_id"]].unit
                                        if d["person_id"] in state.staff else "")


def _set_party_org(state: State, d: dict, effective) -> None:
    state.party[d["org_id"]] = PartyOrg(
        d["org_id"], d["name"], d["kind"], int(d["members"]), d["level"], d.get("station", ""),
        d.get("parent", ""), d.get("secretary", ""), tuple(d.get("deputy_secretaries", ())),
        bool(d.get("closed", False)))


def _clear_asset(state: State, d: dict, effective) -> None:
    item: AssetItem = state.assets[d["asset_id"]]
    state.assets[d["asset_id"]] = replace(item, status=d["status"], destination=d["destination"])


def _allocate_funds(state: State, d: dict, effective) -> None:
    for station, amount in d["sources"].items():
        state.funds[station] = state.funds.get(station, 0) - int(amount)
        if state.funds[station] == 0:
            del state.funds[station]
    state.funds[d["station"]] = state.funds.get(d["station"], 0) + int(d["amount_fen"])


_APPLY = {"open_station": _open_station, "move_committee": _move_committee,
          "close_station": _close_station, "move_post": _move_post,
          "set_party_org": _set_party_org, "clear_asset": _clear_asset,
          "allocate_funds": _allocate_funds}
