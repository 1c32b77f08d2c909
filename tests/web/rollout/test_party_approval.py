"""Party organisations re-set by a rollout (R9 二、（六））: the approval of 街道党工委 and the
filing with 区委组织部 recorded through the workflow; a kind the member thresholds do not give
is refused naming R9, with nothing changed."""

import datetime

import pytest

from yizhan.web.registry import models as m
from yizhan.web.rollout import service
from yizhan.web.rollout.appointments import station_filings
from yizhan.web.rollout.models import PartyOrgApproval
from yizhan.web.workflow.engine import TransitionError, transition

from .helpers import EFFECTIVE

DAY = datetime.date.fromisoformat(EFFECTIVE)


@pytest.fixture
def applied(rw, users):
    record = service.apply(users["admin"], rw["sub"], DAY, {"HR0": "黄贝一站"})
    return record


def test_apply_proposes_each_new_organisation_for_approval(applied):
    rows = list(PartyOrgApproval.objects.filter(record=applied).select_related("organisation"))
    got = {(p.organisation.name, p.kind, p.members, p.status) for p in rows}
    assert ("黄贝一站社区党总支", "general_branch", 60, "proposed") in got, got
    assert len(rows) == m.PartyOrganisation.objects.filter(station__isnull=False,
                                                           dissolved__isnull=True,
                                                           station__established=DAY).count()


def test_approval_and_filing_recorded(applied, users):
    p = PartyOrgApproval.objects.filter(record=applied).first()
    with pytest.raises(TransitionError, match="批准文号"):
        transition(p, "approve", users["officer"])
    p.approved_on, p.approval_ref = DAY, "罗湖黄贝党工〔2006〕12号"
    p.full_clean()
    p.save()
    transition(p, "approve", users["officer"])
    p.filed_on = DAY - datetime.timedelta(days=1)
    p.save()
    with pytest.raises(TransitionError, match="早于批准日期"):
        transition(p, "file", users["officer"])
    p.filed_on = DAY + datetime.timedelta(days=2)
    p.save()
    transition(p, "file", users["officer"])
    p.refresh_from_db()
    assert p.status == "filed"
    data = station_filings(p.organisation.station)
    assert data["party_organisations"][0]["approval_ref"] == "罗湖黄贝党工〔2006〕12号"
    assert data["party_organisations"][0]["status"] == "filed"


def test_kind_the_members_do_not_qualify_for_is_refused_naming_r9(applied, users):
    p = PartyOrgApproval.objects.filter(record=applied, kind="general_branch").first()
    p.approved_on, p.approval_ref = DAY, "批12号"
    p.save()
    org = p.organisation
    org.members = 40  # fewer than a general branch needs
    org.save()
    with pytest.raises(TransitionError) as exc:
        transition(p, "approve", users["officer"])
    assert "R9" in str(exc.value) and "党支部" in str(exc.value)
    p.refresh_from_db()
    assert p.status == "proposed" and not p.transitions.exists()


def test_viewer_may_not_approve(applied, users):
    from django.core.exceptions import PermissionDenied

    p = PartyOrgApproval.objects.filter(record=applied).first()
    with pytest.raises(PermissionDenied):
        transition(p, "approve", users["viewer"])
