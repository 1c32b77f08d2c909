"""Who may do what, as data: the roles, the grant table and the scope resolvers.

:mod:`yizhan.web.permissions` enforces this table (``permits``, ``restrict``, ``in_scope``,
``save_in_scope``); nothing else reads it except the user form, the role labels and the
documentation check. A new role, a new model or a new action is one line here.

The table
---------
:data:`GRANTS` holds ``(role, models, actions, scope)`` lines. ``models`` is a model label
(``"registry.committee"``), a tuple of labels or ``ANY``; ``actions`` a set or ``ANY``; ``scope``
one of :data:`SCOPES`. A user whose role has several lines for a (model, action) may act on the
union of their scopes; no line means no access (403). ``"import"`` counts as ``"add"`` and
``"export"`` as ``"view"``. Adding the rows of a new model, e.g. rollout's steps::

    Grant("officer", "rollout.step", {"view", "change"}, "subdistrict"),
    Grant("inspector", "rollout.inspection", {"view", "sign"}, "district"),

and a new role: one :class:`RoleDef` in :data:`ROLES` (with the profile fields it needs) plus
its grant lines, and a user of that role in ``tests/web/factories.ROLE_USERS``. The permission
matrices read their expected answers from this table (``tests/web/grant_oracle.py``): a new
model's pages join them as a list of (endpoint, (model, action)) rows, as
``tests/web/planning/test_permissions.py`` does. ``tests/web/test_grants_doc.py`` fails until
``docs/security.md`` shows the new lines (its message prints the table to paste).

Scopes
------
``district``     every row.
``subdistrict``  rows whose subdistrict (the model's ``scope_field``) is the user's.
``station``      rows of the user's station (the model's ``station_field``).
``committee``    rows of the user's residential committee (the model's ``committee_field``).
``department``   rows of the user's department (the model's ``department_field``: the same text
                 as the profile's ``department``, copied from the submitting user's profile).
``group``        a leading group's level: the district for the district group (no subdistrict
                 on the profile), else the ``subdistrict`` scope.
``public``       rows marked public (the model's ``public_field``, a boolean lookup); the role
                 of anonymous visitors.

A model declares the lookups it supports as class attributes (a lookup path from the model,
or a tuple of paths any of which may match); a scope the model declares no lookup for grants
nothing on it (default deny). ``district_wide_readable = True`` makes rows whose subdistrict
is empty (district-wide plans) readable under the ``subdistrict`` and ``group`` scopes.

Why a plain table and not django-rules
--------------------------------------
``restrict()`` must narrow *querysets* in SQL (lists of thousands of rows, paginated), and
``rules`` predicates decide one object at a time in Python; using both would state every rule
twice. A scope resolver here returns a ``Q`` object, which answers both "which rows" (a
filter) and "this row?" (the same filter on its primary key), so the object-level check and the
list are the same rule. This module imports no models (models import the permissions module).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ANY", "CRUD", "ALIASES", "RoleDef", "ROLES", "ROLE_BY_KEY", "ASSIGNABLE_ROLES",
           "Grant", "GRANTS", "SCOPES", "REGISTRY", "SUBDISTRICT_RECORDS", "STATION_RECORDS",
           "OPERATIONS", "OPS_TASK_RECORDS", "OPS_SUPERVISION",
           "grants_for", "scope_q", "markdown_table"]

ANY = "*"
CRUD = frozenset({"view", "add", "change", "delete"})
ALIASES = {"import": "add", "export": "view"}


@dataclass(frozen=True)
class RoleDef:
    """A role: its key (stored on the profile), its Chinese label (English in the .po), the
    profile fields its scope needs and those it may name, and whether an administrator can
    give it to a user."""

    key: str
    label: object
    label_en: str
    needs: tuple[str, ...] = ()
    may: tuple[str, ...] = ()
    assignable: bool = True


ROLES: tuple[RoleDef, ...] = (
    RoleDef("admin", _("区级管理员"), "district administrator (civil-affairs bureau)"),
    RoleDef("officer", _("街道工作人员"), "subdistrict officer", ("subdistrict",)),
    RoleDef("viewer", _("查看者"), "viewer"),
    RoleDef("leading_group", _("领导小组成员"), "leading-group member", may=("subdistrict",)),
    RoleDef("inspector", _("检查验收人员"), "inspector"),
    RoleDef("station_staff", _("工作站工作人员"), "station staff", ("station",)),
    RoleDef("committee_member", _("居委会成员"), "residential committee member",
            ("committee",)),
    RoleDef("department", _("政府职能部门"), "government department", ("department",)),
    RoleDef("community_building", _("社区建设工作委员会"), "community-building committee"),
    RoleDef("auditor", _("审计人员"), "auditor"),
    RoleDef("public", _("公众（未登录）"), "public (not signed in)", assignable=False),
)
ROLE_BY_KEY = {r.key: r for r in ROLES}
ASSIGNABLE_ROLES = tuple(r for r in ROLES if r.assignable)

#: the registry's models (web part 1), and those of them that lie inside one subdistrict
REGISTRY = ("registry.subdistrict", "registry.committee", "registry.committeeadjacency",
            "registry.station", "registry.stationmembership", "registry.person",
            "registry.post", "registry.partyorganisation", "registry.asset")
SUBDISTRICT_RECORDS = REGISTRY[1:]
#: the reform's district-wide records (no subdistrict) and its inspection checklist
REFORM_DISTRICT = ("reform.reform", "reform.phase")
REFORM_CHECKLIST = ("reform.inspection", "reform.inspectionitem")
#: a station's leading posts: the appointment, its candidate list and its filings
APPOINTMENTS = ("rollout.appointment", "rollout.candidate", "rollout.filing")
#: the registry records a station keeps (each declares a ``station_field``)
STATION_RECORDS = ("registry.station", "registry.stationmembership", "registry.committee",
                   "registry.person", "registry.post", "registry.partyorganisation",
                   "registry.asset")
#: the operations records of 四、（一） a station works on, and of 四、（三）
OPS_TASK_RECORDS = ("operations.stationtask", "operations.fundingentry")
OPS_SUPERVISION = ("operations.supervisionitem", "operations.annualassessment")
OPERATIONS = ("operations.taskrequest",) + OPS_TASK_RECORDS + OPS_SUPERVISION
#: a station's service catalogue and internal rules (web/operations, 四、（二）（四）)
WINDOW_RECORDS = ("operations.serviceitem", "operations.stationrule")


@dataclass(frozen=True)
class Grant:
    role: str
    models: str | tuple[str, ...]
    actions: str | frozenset[str] = field(default=frozenset({"view"}))
    scope: str = "district"

    def covers(self, label: str, action: str) -> bool:
        models = (self.models,) if isinstance(self.models, str) else self.models
        return ((ANY in models or label in models)
                and (self.actions == ANY or action in self.actions))


GRANTS: tuple[Grant, ...] = (
    # role                  models                      actions                      scope
    Grant("admin",          ANY,                        ANY,                         "district"),
    Grant("officer",        ANY,                        {"view"},                    "subdistrict"),
    Grant("officer",        "registry.subdistrict",     {"change"},                  "subdistrict"),
    Grant("officer",        SUBDISTRICT_RECORDS,        CRUD,                        "subdistrict"),
    Grant("officer",        "planning.plan",            CRUD | {"submit"},           "subdistrict"),
    Grant("officer",        "planning.plannerrun",      {"view", "add", "change"},   "subdistrict"),
    Grant("viewer",         ANY,                        {"view"},                    "district"),
    Grant("auditor",        ANY,                        {"view"},                    "district"),
    Grant("auditor",        "rollout.rolloutrecord",    {"sign"},                    "district"),
    Grant("inspector",      ANY,                        {"view"},                    "district"),
    Grant("leading_group",  ANY,                        {"view"},                    "group"),
    Grant("community_building", REGISTRY + ("planning.plan",), {"view"},             "district"),
    Grant("department",     ("registry.subdistrict", "registry.station"), {"view"},  "district"),
    Grant("station_staff",  STATION_RECORDS,            {"view"},                    "station"),
    Grant("committee_member", ("registry.committee", "registry.station",
                               "registry.stationmembership"), {"view"},              "committee"),
    # the reform's organisation (web/reform, parts 三 and 七): who *signs off* is decided
    # further by leading-group membership (reform/workflow.py), not by these lines alone
    Grant("officer",        REFORM_DISTRICT,            {"view"},                    "district"),
    Grant("officer",        "reform.task",              {"view", "add", "change"},   "subdistrict"),
    Grant("officer",        "reform.leadinggroup",      {"change"},                  "subdistrict"),
    Grant("officer",        "reform.groupmember",       CRUD,                        "subdistrict"),
    Grant("inspector",      REFORM_CHECKLIST,           {"inspect", "sign"},         "district"),
    Grant("leading_group",  REFORM_DISTRICT,            {"view"},                    "district"),
    Grant("leading_group",  "reform.task",              {"change"},                  "group"),
    Grant("leading_group",  ("reform.inspection", "reform.reform"), {"accept"},      "group"),
    Grant("leading_group",  "reform.inspectionitem",    {"waive"},                   "group"),
    # daily operations, 四、（一） tasks with funding: a department asks, the community-building
    # committee decides, a station works only approved tasks (StationTask rows are made by
    # the approval alone: no role but admin may add one) and keeps its ledger
    Grant("department",     "operations.taskrequest",   {"view", "add", "change", "submit"},
          "department"),
    Grant("department",     OPS_TASK_RECORDS,           {"view"},                    "department"),
    Grant("community_building", OPERATIONS,             {"view"},                    "district"),
    Grant("community_building", "operations.taskrequest", {"approve"},               "district"),
    Grant("station_staff",  OPS_TASK_RECORDS,           {"view"},                    "station"),
    Grant("station_staff",  "operations.stationtask",   {"work"},                    "station"),
    Grant("station_staff",  "operations.fundingentry",  {"add"},                     "station"),
    Grant("committee_member", OPS_TASK_RECORDS,         {"view"},                    "committee"),
    # 四、（三） supervision: a committee raises items and fills the yearly form about its
    # station; the station answers
    Grant("committee_member", OPS_SUPERVISION,          {"view", "add"},             "committee"),
    Grant("committee_member", "operations.supervisionitem", {"return"},              "committee"),
    Grant("committee_member", "operations.annualassessment", {"change"},             "committee"),
    Grant("station_staff",  OPS_SUPERVISION,            {"view"},                    "station"),
    Grant("station_staff",  "operations.supervisionitem", {"answer"},                "station"),
    # the service window and internal rules (web/operations, 四、（二）（四）): station staff
    # work their own station's window; the public reads catalogue items in service and may
    # submit a request (an online ticket) without signing in
    Grant("station_staff",  WINDOW_RECORDS,             CRUD,                        "station"),
    Grant("station_staff",  "operations.ticket",        {"view", "add", "change"},   "station"),
    Grant("committee_member", WINDOW_RECORDS,           {"view"},                    "committee"),
    Grant("public",         "operations.serviceitem",   {"view"},                    "public"),
    Grant("public",         "operations.ticket",        {"add"},                     "public"),
    # heads and appointments (R10) and party organisations' approval (R9): the subdistrict's
    # party working committee decides and files (二、（六）（七）); the officer records it
    Grant("officer",        APPOINTMENTS,               CRUD | {"select", "file", "appoint"},
          "subdistrict"),
    Grant("officer",        "rollout.partyorgapproval", {"view", "change", "approve", "file"},
          "subdistrict"),
)


def grants_for(role: str | None, label: str, action: str) -> tuple[str, ...]:
    """The scopes in which ``role`` may take ``action`` on the model ``label`` (may be empty)."""
    if role is None:
        return ()
    action = ALIASES.get(action, action)
    return tuple(dict.fromkeys(g.scope for g in GRANTS
                               if g.role == role and g.covers(label, action)))


# --------------------------------------------------------------------------- scope resolvers
def _profile_value(user, name: str):
    profile = getattr(user, "profile", None) if user is not None else None
    try:
        return getattr(profile, f"{name}_id" if name != "department" else name, None) \
            if profile is not None else None
    except Exception:  # noqa: BLE001 - RelatedObjectDoesNotExist
        return None


def _lookup_q(model, attribute: str, value) -> Q | None:
    """Rows whose ``attribute`` lookup(s) match ``value``; None when the model declares none."""
    paths = getattr(model, attribute, None)
    if not paths:
        return None
    if isinstance(paths, str):
        paths = (paths,)
    where = Q()
    for path in paths:
        if "__" in path and path != "pk":  # may cross a to-many relation: no duplicate rows
            where |= Q(pk__in=model._default_manager.filter(**{path: value}).values("pk"))
        else:
            where |= Q(**{path: value})
    return where


def _subdistrict(user, model, action):
    sid = _profile_value(user, "subdistrict")
    field_name = getattr(model, "scope_field", None)
    if sid is None or not field_name:
        return None
    where = Q(**{field_name: sid})
    if action == "view" and getattr(model, "district_wide_readable", False):
        where |= Q(**{f"{field_name}__isnull": True})  # district-wide rows cover every one
    return where


def _by(attribute: str, profile_field: str):
    def resolve(user, model, action):
        value = _profile_value(user, profile_field)
        return None if value in (None, "") else _lookup_q(model, attribute, value)
    return resolve


def _group(user, model, action):
    if _profile_value(user, "subdistrict") is None:
        return Q()
    return _subdistrict(user, model, action)


def _public(user, model, action):
    name = getattr(model, "public_field", None)
    return Q(**{name: True}) if name else None


#: scope name -> resolver(user, model, action) -> Q of the rows, or None for no rows
SCOPES = {
    "district": lambda user, model, action: Q(),
    "subdistrict": _subdistrict,
    "station": _by("station_field", "station"),
    "committee": _by("committee_field", "committee"),
    "department": _by("department_field", "department"),
    "group": _group,
    "public": _public,
}


def scope_q(scopes, user, model, action: str) -> Q | None:
    """The rows of ``model`` the union of ``scopes`` opens to ``user``; ``Q()`` for all of
    them, None for none."""
    parts = [q for q in (SCOPES[s](user, model, ALIASES.get(action, action)) for s in scopes)
             if q is not None]
    if not parts:
        return None
    if any(not q for q in parts):  # an empty Q: every row
        return Q()
    where = parts[0]
    for q in parts[1:]:
        where |= q
    return where


# ------------------------------------------------------------------- the table, for people
#: the names the documentation gives the model groups above
_GROUP_NAMES = ((REGISTRY, "the registry"),
                (OPERATIONS, "the operations records of 四(一) and 四(三)"),
                (OPS_TASK_RECORDS, "a station's tasks and ledger"),
                (OPS_SUPERVISION, "supervision items and yearly assessments"),
                (APPOINTMENTS, "a station's appointments, candidates and filings"),
                (SUBDISTRICT_RECORDS, "the registry's records but subdistricts"),
                (STATION_RECORDS, "a station's records"))
_ACTION_ORDER = ("view", "add", "change", "delete")


def _models_text(models) -> str:
    if models == ANY:
        return "every model"
    items = [models] if isinstance(models, str) else list(models)
    for group, name in _GROUP_NAMES:
        if set(group) <= set(items):
            items = [name] + [m for m in items if m not in group]
            break
    return ", ".join(items)


def _actions_text(actions) -> str:
    if actions == ANY:
        return "every action"
    # CRUD in their order, then the others by name (a set has no order of its own)
    return ", ".join(sorted(actions, key=lambda a: ((_ACTION_ORDER + (a,)).index(a), a)))


def markdown_table() -> str:
    """The roles and the grant table as Markdown (docs/security.md shows it verbatim)."""
    lines = ["| role | 角色 | the profile names |", "| --- | --- | --- |"]
    lines += [f"| `{r.key}` {r.label_en} | {r.label} | " + (
        ", ".join(r.needs + tuple(f"{m} (or none: the district)" for m in r.may)) or
        ("—" if r.assignable else "anonymous visitors")) + " |" for r in ROLES]
    lines += ["", "| role | models | actions | scope |", "| --- | --- | --- | --- |"]
    lines += [f"| `{g.role}` | {_models_text(g.models)} | {_actions_text(g.actions)} "
              f"| {g.scope} |" for g in GRANTS]
    return "\n".join(lines)
