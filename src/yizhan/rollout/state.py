"""The state the rollout changes: stations, staff, party organisations, assets and funds.

A :class:`State` is plain data. :func:`state_before` reads it from an instance and a roster;
:func:`yizhan.rollout.changes.apply_changes` produces the state after a list of changes; the
web app reads the same shape back from the database after writing, so that the checks of
:mod:`yizhan.rollout.checks` judge exactly what was written.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from yizhan.core.instance import Instance
from yizhan.core.roster import Roster

__all__ = ["Station", "Staff", "PartyOrg", "AssetItem", "State", "state_before",
           "DISTRICT_GOVERNMENT"]

#: Where state-owned assets go (R11 §2(8): "产权划归区政府所有").
DISTRICT_GOVERNMENT = "district_government"


@dataclass(frozen=True)
class Station:
    code: str
    name: str
    parent: str
    members: tuple[str, ...]            # committee codes it serves (empty once closed)
    closed: datetime.date | None = None
    opened: datetime.date | None = None

    @property
    def open(self) -> bool:
        return self.closed is None


@dataclass(frozen=True)
class Staff:
    """A person's station post (head, assistant, staff; ``deputy_head`` only to be refused)."""

    person_id: str
    station: str
    role: str
    pay_grade: str = ""
    unit: str = ""                      # the committee the post was recorded under


@dataclass(frozen=True)
class PartyOrg:
    org_id: str
    name: str
    kind: str                           # branch / general_branch / committee ("" unknown)
    members: int
    level: str = "community"            # community (一级) or branch (under ``parent``)
    station: str = ""                   # the station a community-level organisation matches
    parent: str = ""
    secretary: str = ""
    deputy_secretaries: tuple[str, ...] = ()
    closed: bool = False


@dataclass(frozen=True)
class AssetItem:
    asset_id: str
    holder: str                         # station code or committee code
    holder_org: str                     # station / committee
    description: str
    owner_class: str                    # state / collective / other / "" (not recorded)
    value_fen: int
    status: str = "held"                # held / to_transfer / transferred / disputed
    destination: str = ""               # DISTRICT_GOVERNMENT, a station code or the holder


@dataclass
class State:
    stations: dict[str, Station] = field(default_factory=dict)
    membership: dict[str, str] = field(default_factory=dict)      # committee → station
    parent_of: dict[str, str] = field(default_factory=dict)       # committee → subdistrict
    staff: dict[str, Staff] = field(default_factory=dict)         # person → station post
    party: dict[str, PartyOrg] = field(default_factory=dict)
    assets: dict[str, AssetItem] = field(default_factory=dict)
    funds: dict[str, int] = field(default_factory=dict)           # station → fen

    def copy(self) -> State:
        return State(dict(self.stations), dict(self.membership), dict(self.parent_of),
                     dict(self.staff), dict(self.party), dict(self.assets), dict(self.funds))

    def open_stations(self) -> dict[str, Station]:
        return {c: s for c, s in self.stations.items() if s.open}

    def staff_of(self, station: str) -> list[Staff]:
        return [s for s in self.staff.values() if s.station == station]

    def community_org(self, station: str) -> list[PartyOrg]:
        """The open community-level party organisations matching ``station``."""
        return [o for o in self.party.values()
                if o.level == "community" and o.station == station and not o.closed]

    def headcount(self, parent: str | None = None) -> int:
        return sum(1 for s in self.staff.values()
                   if parent is None or self.stations[s.station].parent == parent)

    def set_station(self, code: str, **changes) -> None:
        self.stations[code] = replace(self.stations[code], **changes)


def _station_of(instance: Instance) -> dict[str, str]:
    """Committee → its station today (the ``station`` column; a blank one stands alone)."""
    col = instance.units["station"]
    return {c: (s or c) for c, s in col.items()}


def state_before(instance: Instance, roster: Roster) -> State:
    """The state today: one station per ``station`` label, posts and holdings from the roster.

    A station post names a committee (``unit``); the person works at that committee's station.
    """
    units = instance.units
    station_of = _station_of(instance)
    state = State(parent_of={c: str(p) for c, p in units["parent"].items()},
                  membership=dict(station_of))
    members: dict[str, list[str]] = {}
    for code, station in station_of.items():
        members.setdefault(station, []).append(code)
    for station, codes in members.items():
        name = station if station not in units.index else str(units.at[station, "name"])
        state.stations[station] = Station(station, name, state.parent_of[codes[0]], tuple(codes))
    grades = dict(zip(roster.people["person_id"], roster.people["pay_grade"]))
    posts = roster.posts
    for row in posts[posts["org"] == "station"].itertuples(index=False):
        if row.unit in station_of and row.person_id not in state.staff:
            state.staff[row.person_id] = Staff(row.person_id, station_of[row.unit], row.role,
                                               grades.get(row.person_id, ""), row.unit)
    party_posts = posts[posts["org"] == "party"]
    for row in roster.party.itertuples(index=False):
        if row.secretary or row.deputy_secretaries:
            secretaries = [p for p in row.secretary.split(";") if p]
            deputies = tuple(p for p in row.deputy_secretaries.split(";") if p)
        else:
            mine = party_posts[party_posts["unit"] == row.unit] if row.level == "community" \
                else party_posts.iloc[0:0]
            secretaries = mine.loc[mine["role"] == "secretary", "person_id"].tolist()
            deputies = tuple(mine.loc[mine["role"] == "deputy_secretary", "person_id"])
        state.party[row.org_id] = PartyOrg(
            row.org_id, row.name, row.kind, int(row.members), row.level,
            station_of.get(row.unit, "") if row.level == "community" else "", row.parent,
            secretaries[0] if secretaries else "", deputies)
    for row in roster.assets.itertuples(index=False):
        holder = station_of.get(row.unit, row.unit) if row.org == "station" else row.unit
        state.assets[row.asset_id] = AssetItem(row.asset_id, holder, row.org, row.description,
                                               row.owner_class, int(row.value_fen))
    for row in roster.funds.itertuples(index=False):
        station = station_of.get(row.unit, row.unit)
        state.funds[station] = state.funds.get(station, 0) + int(row.amount_fen)
    return state
