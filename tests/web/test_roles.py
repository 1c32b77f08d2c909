"""The roles beyond the original three, the scopes the matrices cannot reach through today's
pages (public, department), ``save_in_scope``, and the profile rules of each role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.urls import reverse

from yizhan.web import grants
from yizhan.web.accounts.models import Profile, Role
from yizhan.web.permissions import (OutOfScope, permits, restrict, save_in_scope,
                                    subdistrict_scope)
from yizhan.web.registry.models import Committee, Station

from .test_permissions import API_PREFIX, MODELS, PATCH, _payload


def test_auditor_reads_everything_and_changes_nothing(world, client_for):
    auditor = client_for("auditor")
    for model in MODELS:
        for side in ("own", "other"):
            obj = world[side][model]
            assert auditor.get(reverse(f"registry:{model}", args=[obj.pk])).status_code == 200
            assert auditor.post(reverse(f"registry:{model}_edit", args=[obj.pk]),
                                {"name": "x"}).status_code == 403
            assert auditor.post(reverse(f"registry:{model}_delete", args=[obj.pk])
                                ).status_code == 403
            base = f"/api/registry/{API_PREFIX[model]}/"
            assert auditor.patch(f"{base}{obj.pk}/", PATCH[model],
                                 content_type="application/json").status_code == 403
            assert auditor.put(f"{base}{obj.pk}/", PATCH[model],
                               content_type="application/json").status_code in (403, 405)
            assert auditor.delete(f"{base}{obj.pk}/").status_code == 403
        assert auditor.get(reverse(f"registry:{model}_list")).status_code == 200
        assert auditor.post(f"/api/registry/{API_PREFIX[model]}/", _payload(model, world, "own"),
                            content_type="application/json").status_code == 403
    world["own"]["committee"].refresh_from_db()
    assert world["own"]["committee"].households == 5000


def test_station_staff_see_their_station_only(world, client_for):
    staff = client_for("station_staff")
    own, other = world["own"], world["other"]
    stations = staff.get("/api/registry/stations/").json()["items"]
    assert [s["code"] for s in stations] == [own["station"].code]
    committees = staff.get("/api/registry/committees/").json()["items"]
    assert [c["code"] for c in committees] == [own["committee"].code]
    page = staff.get(reverse("registry:asset_list")).content.decode()
    assert own["asset"].description in page and other["asset"].description not in page
    assert staff.get(reverse("registry:subdistrict_list")).status_code == 403
    assert staff.get(reverse("dashboard:index")).status_code == 403  # sums whole subdistricts
    assert staff.get(reverse("planning:in_force")).status_code == 403


def test_a_department_sees_nothing_of_the_registry_it_is_not_granted(world, client_for):
    department = client_for("department")
    assert department.get(reverse("registry:station_list")).status_code == 200
    for model in ("committee", "person", "post", "asset", "stationmembership"):
        assert department.get(reverse(f"registry:{model}_list")).status_code == 403
        assert department.get(f"/api/registry/{API_PREFIX[model]}/").status_code == 403
    assert department.get("/api/planning/plans/").status_code == 403


def test_the_scopes_as_subdistrict_sets(world, users, client_for):
    for key in ("station_staff", "leading_group", "leading_group_district", "committee_member"):
        client_for(key)  # makes the user
    own = world["own"]["subdistrict"].pk
    assert subdistrict_scope(users["officer"], "change", Committee) == {own}
    assert subdistrict_scope(users["admin"], "change", Committee) is None
    assert subdistrict_scope(users["viewer"], "change", Committee) == frozenset()
    assert subdistrict_scope(users["leading_group"], "view", Committee) == {own}
    assert subdistrict_scope(users["leading_group_district"], "view", Committee) is None
    # a station is not a set of subdistricts: the check before a write opens nothing
    assert subdistrict_scope(users["station_staff"], "view", Committee) == frozenset()
    assert list(restrict(Station.objects.all(), users["committee_member"])) == [
        world["own"]["station"]]


def test_public_rows_are_those_marked_public(world, monkeypatch):
    """Anonymous visitors have the ``public`` role: a model that marks rows public and a grant
    line are all it takes (operations' open pages will add theirs)."""
    anonymous = AnonymousUser()
    assert not permits(anonymous, "view", Committee)
    assert not restrict(Committee.objects.all(), anonymous).exists()
    monkeypatch.setattr(grants, "GRANTS", grants.GRANTS + (
        grants.Grant("public", "registry.committee", {"view"}, "public"),))
    monkeypatch.setattr(Committee, "public_field", "synthetic", raising=False)
    Committee.objects.filter(pk=world["other"]["committee"].pk).update(synthetic=False)
    assert permits(anonymous, "view", Committee)
    assert not permits(anonymous, "change", Committee)
    assert list(restrict(Committee.objects.all(), anonymous)) == [world["own"]["committee"]]


def test_department_rows_are_those_of_the_users_department(world, users, client_for,
                                                           monkeypatch):
    client_for("department")
    monkeypatch.setattr(grants, "GRANTS", grants.GRANTS + (
        grants.Grant("department", "registry.person", {"view", "change"}, "department"),))
    monkeypatch.setattr("yizhan.web.registry.models.Person.department_field", "name",
                        raising=False)
    from yizhan.web.registry.models import Person

    world["other"]["person"].name = users["department"].profile.department
    world["other"]["person"].save()
    assert list(restrict(Person.objects.all(), users["department"], "change")) == [
        world["other"]["person"]]
    users["department"].profile.department = ""  # no department: no rows, never all
    assert not restrict(Person.objects.all(), users["department"]).exists()


def test_save_in_scope_rolls_back_a_result_outside_the_scope(world, users):
    c = world["own"]["committee"]
    c.subdistrict = world["other"]["subdistrict"]
    with pytest.raises(OutOfScope, match="outside your scope"):
        save_in_scope(c, users["officer"], "change")
    c.refresh_from_db()
    assert c.subdistrict == world["own"]["subdistrict"]
    c.households = 6000
    assert save_in_scope(c, users["officer"], "change") is c
    c.refresh_from_db()
    assert c.households == 6000


@pytest.mark.parametrize("role,fields,error", [
    ("officer", {}, "subdistrict"),
    ("station_staff", {}, "station"),
    ("committee_member", {}, "committee"),
    ("department", {"department": "  "}, "department"),
    ("viewer", {"station": "own"}, "station"),
    ("officer", {"subdistrict": "own", "department": "区民政局"}, "department"),
])
def test_each_role_needs_its_scope_and_no_other(role, fields, error, world):
    values = {k: world[v][k] if k != "department" else v for k, v in fields.items()}
    with pytest.raises(ValidationError) as exc:
        Profile(role=role, **values).full_clean(exclude=["user"])
    assert set(exc.value.message_dict) == {error}


def test_a_leading_group_member_may_name_a_subdistrict_or_none(world):
    Profile(role="leading_group").full_clean(exclude=["user"])
    Profile(role="leading_group", subdistrict=world["own"]["subdistrict"]).full_clean(
        exclude=["user"])


def test_every_assignable_role_is_a_choice_and_public_is_not():
    keys = {value for value, _label in Role.choices}
    assert keys == {r.key for r in grants.ROLES} - {"public"}
    assert Role.ADMIN == "admin" and Role.STATION_STAFF == "station_staff"
    assert {g.role for g in grants.GRANTS} <= {r.key for r in grants.ROLES}
    assert all(g.scope in grants.SCOPES for g in grants.GRANTS)
