"""Small deterministic test data for the web tests."""

import datetime

from django.contrib.auth.models import User

from yizhan.web.accounts.models import Profile
from yizhan.web.context import change_context
from yizhan.web.registry import models as m


def make_user(username, role, subdistrict=None, **scope):
    """A user with a profile; ``scope``: ``station``, ``committee``, ``department``."""
    user = User.objects.create_user(username, password="pw-" + username + "-2006")
    Profile.objects.create(user=user, role=role, subdistrict=subdistrict, **scope)
    return user


#: one user per role of yizhan.web.grants for the permission matrices: the user's key ->
#: (role, the profile's scope: which side of the world each scope field points to)
ROLE_USERS = {
    "admin": ("admin", {}),
    "officer": ("officer", {"subdistrict": "own"}),
    "viewer": ("viewer", {}),
    "auditor": ("auditor", {}),
    "inspector": ("inspector", {}),
    "leading_group": ("leading_group", {"subdistrict": "own"}),
    "leading_group_district": ("leading_group", {}),
    "station_staff": ("station_staff", {"station": "own"}),
    "committee_member": ("committee_member", {"committee": "own"}),
    "department": ("department", {"department": "own"}),
    "community_building": ("community_building", {}),
}
DEPARTMENT = {"own": "区卫生健康局", "other": "区城市管理局"}


def make_role_user(key, world):
    """The user ``key`` of :data:`ROLE_USERS`, its scope taken from ``world``."""
    role, scope = ROLE_USERS[key]
    fields = {name: DEPARTMENT[side] if name == "department" else world[side][name]
              for name, side in scope.items()}
    return make_user(key.replace("_", "-"), role, **fields)


def build_side(name, street_code, code):
    sub = m.Subdistrict.objects.create(name=name, street_code=street_code)
    committee = m.Committee.objects.create(code=code, name=f"{name}社区", subdistrict=sub,
                                           households=5000, synthetic=True)
    station = m.Station.objects.create(code=f"S{code}", name=f"{name}工作站", subdistrict=sub,
                                       established=datetime.date(2006, 9, 1))
    membership = m.StationMembership.objects.create(station=station, committee=committee,
                                                    start=datetime.date(2006, 9, 1))
    person = m.Person.objects.create(person_id=f"P{code}", name=f"{name}某", subdistrict=sub)
    party = m.PartyOrganisation.objects.create(name=f"{name}党支部", committee=committee,
                                               members=40)
    post = m.Post.objects.create(person=person, org_kind="station", station=station, role="head")
    asset = m.Asset.objects.create(description=f"{name}办公设备", committee=committee,
                                   value_fen=123456)
    return {"subdistrict": sub, "committee": committee, "station": station,
            "stationmembership": membership, "person": person, "partyorganisation": party,
            "post": post, "asset": asset}


def build_world():
    with change_context(label="test-setup"):
        return {"own": build_side("黄贝", "440303001", "T001"),
                "other": build_side("南湖", "440303002", "T002")}
