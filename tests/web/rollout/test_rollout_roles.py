"""Every role of the grant table on the rollout pages, its expected answer read from the table
(tests/web/grant_oracle.py), not from the resolvers: the light world of tests/web/factories.py,
no plan in force (the preview then shows the refusal; the apply is refused before writing)."""

import datetime

import pytest
from django.urls import reverse

from yizhan.web.rollout.models import RolloutRecord

from .. import grant_oracle as oracle
from ..factories import ROLE_USERS

ROLES = [*ROLE_USERS, "anonymous"]
RECORD = "rollout.rolloutrecord"


def expected_preview(key):
    """200 where a view grant opens the own subdistrict as a whole; 403 for a role whose
    scope is a station, a committee or a department (the preview is per subdistrict)."""
    if key == "anonymous":
        return 302
    if not oracle.permits(key, RECORD, "view"):
        return 403
    scopes = set(oracle.grants_for(oracle.role(key), RECORD, "view"))
    return 200 if scopes & {"district", "subdistrict", "group"} else 403


@pytest.mark.parametrize("key", ROLES)
def test_each_role_on_the_rollout_pages(world, client_for, key):
    client = client_for(key)
    own = world["own"]["subdistrict"].pk
    record = RolloutRecord.objects.create(subdistrict=world["own"]["subdistrict"],
                                          effective=datetime.date(2006, 8, 31))
    preview = client.get(reverse("rollout:preview"), {"subdistrict": own, "effective": "2006-08-31"})
    assert preview.status_code == expected_preview(key)
    apply = client.post(reverse("rollout:apply"), {"subdistrict": own, "effective": "2006-08-31"})
    may_apply = oracle.permits(key, RECORD, "add")
    assert apply.status_code == (302 if key == "anonymous" else 409 if may_apply else 403)
    sign = client.post(reverse("rollout:sign_off", args=[record.pk]))
    may_sign = oracle.in_scope(key, RECORD, "sign", "own") if key != "anonymous" else False
    assert sign.status_code == (302 if key == "anonymous" or may_sign else
                                403 if not oracle.permits(key, RECORD, "sign") else 404)
    record.refresh_from_db()
    assert (record.audit_signed_at is not None) == may_sign
