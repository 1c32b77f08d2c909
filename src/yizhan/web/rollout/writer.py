"""Write the core's changes into the registry, one table at a time, in the changes' order.

Each change is written as it says — a faulty change is written faithfully too, so the checks
that read the database back (:mod:`yizhan.web.rollout.service`) see it and roll everything
back. Every record is ``full_clean()``-ed first (the model's own rules: names, dates, one open
membership per committee, no station across subdistricts) and saved inside the caller's
transaction and change context, so each write is change-logged with who and when.
"""

from __future__ import annotations

import datetime

from yizhan.rollout.changes import Change
from yizhan.web.registry.models import (Asset, Committee, PartyOrganisation, Person, Post,
                                        Station, StationMembership, Subdistrict)
from yizhan.web.rollout.models import (AssetClearance, FundAllocation, PartyOrgApproval,
                                       RolloutRecord)

__all__ = ["Writer"]


def _save(obj):
    """Validate by the model's rules, then save. Fields the model fills itself on save (the
    subdistrict copied from the owner, the version) are left out of the validation."""
    obj.full_clean(exclude=[f.name for f in obj._meta.fields if not f.editable])
    obj.save()
    return obj


class Writer:
    """Writes one rollout; remembers the stations and party organisations it created."""

    def __init__(self, record: RolloutRecord, effective: datetime.date):
        self.record = record
        self.effective = effective
        self.stations: dict[str, Station] = {}
        self.orgs: dict[str, PartyOrganisation] = {}

    def write(self, changes: list[Change]) -> None:
        for change in changes:
            getattr(self, f"_{change.kind}")(change.data)

    # ------------------------------------------------------------------ lookups
    def station(self, code: str) -> Station:
        if code not in self.stations:
            self.stations[code] = Station.objects.get(code=code)
        return self.stations[code]

    def org(self, org_id: str) -> PartyOrganisation:
        if org_id not in self.orgs:
            self.orgs[org_id] = PartyOrganisation.objects.get(pk=int(org_id.removeprefix("PO")))
        return self.orgs[org_id]

    # ------------------------------------------------------------------ stations
    def _open_station(self, d: dict) -> None:
        self.stations[d["code"]] = _save(Station(
            code=d["code"], name=d["name"], subdistrict=Subdistrict.objects.get(name=d["parent"]),
            established=self.effective))

    def _move_committee(self, d: dict) -> None:
        committee = Committee.objects.get(code=d["committee"])
        for m in StationMembership.objects.filter(committee=committee, end__isnull=True):
            m.end = self.effective
            _save(m)
        _save(StationMembership(station=self.station(d["to"]), committee=committee,
                                start=self.effective))

    def _close_station(self, d: dict) -> None:
        station = self.station(d["code"])
        station.dissolved = self.effective
        _save(station)

    # ------------------------------------------------------------------ people
    def _move_post(self, d: dict) -> None:
        person = Person.objects.get(person_id=d["person_id"])
        for post in Post.objects.filter(person=person, org_kind="station", end__isnull=True):
            post.end = self.effective
            _save(post)
        _save(Post(person=person, org_kind="station", station=self.station(d["to"]),
                   role=d["role_to"], start=self.effective))
        if person.pay_grade != d["pay_grade"]:
            person.pay_grade = d["pay_grade"]
            _save(person)

    def _set_party_org(self, d: dict) -> None:
        if d["org_id"].startswith("PO-"):  # new: the organisation of a new station
            org = _save(PartyOrganisation(name=d["name"], kind=d["kind"], members=d["members"],
                                          station=self.station(d["station"])))
            self.orgs[d["org_id"]] = org
            # its setting-up awaits the approval of 街道党工委 and the filing (R9 二、（六）)
            _save(PartyOrgApproval(organisation=org, record=self.record, kind=org.kind,
                                   members=org.members))
            self._party_post(org, d["secretary"], "secretary")
            for person in d["deputy_secretaries"]:
                self._party_post(org, person, "deputy_secretary")
            return
        org = self.org(d["org_id"])
        org.kind, org.members = d["kind"], d["members"]
        org.parent = self.org(d["parent"]) if d.get("parent") else None
        if d.get("closed"):
            org.dissolved = self.effective
            for post in Post.objects.filter(party_organisation=org, end__isnull=True):
                post.end = self.effective
                _save(post)
        _save(org)

    def _party_post(self, org: PartyOrganisation, person_id: str, role: str) -> None:
        if person_id:
            _save(Post(person=Person.objects.get(person_id=person_id), org_kind="party",
                       party_organisation=org, role=role, start=self.effective))

    # ------------------------------------------------------------------ holdings
    def _clear_asset(self, d: dict) -> None:
        asset = Asset.objects.get(pk=int(d["asset_id"].removeprefix("A")))
        _save(AssetClearance(record=self.record, asset=asset, subdistrict=asset.subdistrict,
                             owner_class=d["owner_class"], value_fen=d["value_fen"],
                             destination=d["destination"], status=d["status"]))
        if asset.value_fen != d["value_fen"]:
            asset.value_fen = d["value_fen"]
        asset.cleared = True
        _save(asset)

    def _allocate_funds(self, d: dict) -> None:
        for code in d["sources"]:
            for fund in FundAllocation.objects.filter(station=self.station(code), end__isnull=True):
                fund.end = self.effective
                _save(fund)
        _save(FundAllocation(station=self.station(d["station"]), amount_fen=d["amount_fen"],
                             start=self.effective, record=self.record))

