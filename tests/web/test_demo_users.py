"""Demo users on first start (issue 14 item 3): hashed in parallel, still one working,
properly hashed password and one profile each; never created twice."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import User

from yizhan.web.accounts.models import Role
from yizhan.web.serve import create_demo_users


@pytest.mark.django_db
def test_each_demo_user_logs_in_with_the_password_printed(world):
    created = create_demo_users()
    names = [username for username, _password, _label in created]
    assert names[:2] == ["admin", "admin-2"] and "viewer" in names
    officers = [n for n in names if n.startswith("officer-")]
    assert len(officers) == 2  # one per subdistrict of the world fixture
    for username, password, _label in created:
        user = User.objects.get(username=username)
        assert user.check_password(password) and not user.check_password(password + "x")
        identify_hasher(user.password)  # a real hash of the configured hasher, not clear text
        assert user.password != password
    by_role = {u.username: u.profile.role for u in User.objects.select_related("profile")}
    assert by_role["admin"] == Role.ADMIN and by_role["viewer"] == Role.VIEWER
    assert {by_role[n] for n in officers} == {Role.OFFICER}
    own = User.objects.get(username=officers[0]).profile.subdistrict
    assert own is not None and User.objects.get(username="admin").is_superuser
    assert len({p for _u, p, _l in created}) == len(created)  # every password different
    assert create_demo_users() == []  # users exist: none made again, nothing printed
