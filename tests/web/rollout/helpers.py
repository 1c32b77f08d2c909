"""A subdistrict ready for rollout: the planning tests' 2×2 grid in ``own`` (黄贝), each
committee with its station, head (also its party secretary), staff, party organisation; the
world's own committee too; assets and 固本强基 funds; and an approved plan merging each grid
row (H00+H01, H10+H11) with the world's committee kept alone."""

from __future__ import annotations

import datetime

from yizhan.web.context import change_context
from yizhan.web.planning.choices import PlanSource
from yizhan.web.planning.models import Plan
from yizhan.web.planning.workflow import transition
from yizhan.web.registry import models as m
from yizhan.web.rollout.models import FundAllocation

from ..factories import make_user
from ..planning.helpers import add_grid, assignment_for

EFFECTIVE = "2006-08-31"
START = datetime.date(2006, 6, 1)


def _staff(station, committee, members: int, head_id: str, staff_ids: list[str]):
    sub = station.subdistrict
    head = m.Person.objects.create(person_id=head_id, name=f"{committee.name}长",
                                   subdistrict=sub, pay_grade="七级")
    m.Post.objects.create(person=head, org_kind="station", station=station, role="head", start=START)
    for pid in staff_ids:
        p = m.Person.objects.create(person_id=pid, name=f"{committee.name}员{pid[-1]}",
                                    subdistrict=sub, pay_grade="九级")
        m.Post.objects.create(person=p, org_kind="station", station=station, role="staff",
                              start=START)
    org = m.PartyOrganisation.objects.filter(committee=committee).first() or \
        m.PartyOrganisation.objects.create(name=f"{committee.name}党支部", committee=committee,
                                           members=members)
    m.Post.objects.create(person=head, org_kind="party", party_organisation=org, role="secretary",
                          start=START)


def build_rollout_world(world, users) -> dict:
    own = world["own"]
    with change_context(label="test-setup"):
        add_grid(own, "H", 114.10)
        m.Post.objects.create(person=own["person"], org_kind="party",
                              party_organisation=own["partyorganisation"], role="secretary",
                              start=START)
        for s in ("T001-a", "T001-b"):
            m.Post.objects.create(person=m.Person.objects.create(
                person_id=s, name=s, subdistrict=own["subdistrict"]), org_kind="station",
                station=own["station"], role="staff", start=START)
        for i, com in enumerate(m.Committee.objects.filter(code__startswith="H").order_by("code")):
            station = m.Station.objects.get(code=f"S{com.code}")
            _staff(station, com, 30, f"{com.code}-h", [f"{com.code}-{k}" for k in range(2 + i)])
            if i == 0:
                m.Asset.objects.create(description="电脑", station=station, value_fen=500_000)
                m.Asset.objects.create(description="捐赠桌椅", station=station, value_fen=80_000,
                                       state_owned=False)
            FundAllocation.objects.create(station=station, amount_fen=100_000 * (i + 1),
                                          start=START)
        plan = Plan.objects.create(name="黄贝实施方案", subdistrict=own["subdistrict"],
                                   source=PlanSource.IMPORTED, assignment=assignment_for(own["subdistrict"]),
                                   created_by=users["admin"])
    ok = lambda p: []  # noqa: E731 - the checker's warnings are not the point here
    transition(plan, "submit", users["admin"])
    second = make_user("admin2", "admin")  # four eyes: another administrator approves
    transition(plan, "approve", second, "同意", blocking_findings=ok)
    plan.refresh_from_db()
    return {"plan": plan, "sub": own["subdistrict"]}
