"""The expected answer of a permission check, read from the grant table and the test world.

The permission matrices ask this module what the real pages and API must answer. It reads
:data:`yizhan.web.grants.GRANTS` (the specification: which role may take which action on
which model in which scope) but not the resolvers that implement the scopes: whether an
object of the ``own`` or ``other`` side lies in a user's scope is a fact of how
``factories.build_world`` and ``factories.ROLE_USERS`` are built, written down here.
"""

from django.apps import apps

from yizhan.web.grants import grants_for

from .factories import ROLE_USERS

#: the profile field a scope reads, and the model attribute that declares its lookup
SCOPE_LOOKUP = {"subdistrict": "scope_field", "station": "station_field",
                "committee": "committee_field", "department": "department_field"}
#: (scope, model) pairs whose ``own`` object the ``own`` scope does not hold in the test world:
#: the own committee's person holds their post at the station, as does the post;
#: everything else of a side belongs to that side's subdistrict, station and committee
NOT_HELD = {("committee", "registry.person"), ("committee", "registry.post")}


def role(user_key: str) -> str:
    return "public" if user_key == "anonymous" else ROLE_USERS[user_key][0]


def permits(user_key: str, label: str, action: str) -> bool:
    return bool(grants_for(role(user_key), label, action))


def in_scope(user_key: str, label: str, action: str, side: str) -> bool:
    """Does some grant of the user's role open ``side``'s object of ``label`` to ``action``?"""
    profile = {} if user_key == "anonymous" else ROLE_USERS[user_key][1]
    return any(_holds(scope, profile, label, side)
               for scope in grants_for(role(user_key), label, action))


def status(user_key: str, kind: str, side: str, need: tuple[str, str], ok: int,
           outside: int, lookup: tuple[str, str] | None = None) -> int:
    """The status a page (``kind`` "page") or API call must answer ``user_key`` for ``side``'s
    object, when the call needs ``need`` = (model, action): a sign-in first (302 / 401), 403 when
    the role may not, ``outside`` when the object lies outside its scope, else ``ok``.

    ``lookup`` = (model, action) when the object is found through another grant's scope than
    ``need``'s (a move on an object the role reads; a ledger line added to a task the role
    works): ``outside`` when *that* scope does not hold it; then a move on the same model that
    the role may make, but not on this object, is 403."""
    if user_key == "anonymous":
        return 302 if kind == "page" else 401
    if not permits(user_key, *need):
        return 403
    if not in_scope(user_key, *(lookup or need), side):
        return outside
    if lookup and lookup[0] == need[0] and not in_scope(user_key, *need, side):
        return 403
    return ok


def _holds(scope: str, profile: dict, label: str, side: str) -> bool:
    if scope == "district":
        return True
    if scope == "group":  # the district group, or the subdistrict group of its subdistrict
        return _holds("subdistrict" if "subdistrict" in profile else "district", profile,
                      label, side)
    if scope == "public":
        return False  # no record of the test world is marked public
    model = apps.get_model(label)
    if not getattr(model, SCOPE_LOOKUP[scope], None) or (scope, label) in NOT_HELD:
        return False
    return profile.get(scope) == side
