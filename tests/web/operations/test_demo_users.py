"""The demo accounts of the daily work (四) on first start: one per role, each with the scope
its role needs, the station's staff and the committee member on the same station."""

from django.contrib.auth.models import User

from yizhan.web.serve import create_demo_users


def test_demo_users_of_the_daily_work(world):
    created = {username for username, _password, _label in create_demo_users()}
    assert {"department", "community-building", "station-staff", "committee-member"} <= created
    profiles = {u.username: u.profile for u in User.objects.select_related("profile")}
    for name in ("department", "community-building", "station-staff", "committee-member"):
        profiles[name].full_clean()  # the role's scope is given, and no other
    staff, member = profiles["station-staff"], profiles["committee-member"]
    assert staff.station == world["own"]["station"]          # the first station by code
    assert member.committee.current_membership.station == staff.station
    assert profiles["department"].department == "区卫生健康局"
