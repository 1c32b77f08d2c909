"""The registry as the core reads it, cached per process and keyed by the registry version.

The *registry version* is the id of the newest change-log entry (one indexed query): any
change of the registry — or of a plan — writes an ObjectChange and so invalidates what was
computed before. Instances, posts tables and boundaries are then reused across requests
(the map and dashboard stay fast); the planning app caches its checks here too
(:func:`cached`), under the same version.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict

from yizhan.core.instance import Instance

__all__ = ["registry_version", "cached", "clear_cache", "connect_signals", "instance_for",
           "posts_for", "check_inputs", "CHECKED_UNIT_COLUMNS", "geometries_for",
           "current_assignment"]

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_cache: OrderedDict = OrderedDict()
_CACHE_SIZE = 256

#: how long a read of the registry version is reused in this process (changes made in this
#: process invalidate it at once, see :func:`connect_signals`; other processes' — the
#: task worker's — are seen within this time)
VERSION_TTL = 1.0
_version = {"value": None, "at": 0.0}


def registry_version() -> int:
    """Id of the newest change-log entry: changes whenever the registry or a plan does."""
    from yizhan.web.changelog.models import ObjectChange

    now = time.monotonic()
    value = _version["value"]
    if value is not None and now - _version["at"] < VERSION_TTL:
        return value
    value = ObjectChange.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _version.update(value=value, at=now)
    return value


def _forget_version(**kwargs) -> None:
    _version["value"] = None


def connect_signals() -> None:
    """A change logged in this process is seen at once (called from the app's ``ready``)."""
    from django.db.models.signals import post_delete, post_save

    from yizhan.web.changelog.models import ObjectChange

    post_save.connect(_forget_version, sender=ObjectChange, dispatch_uid="yizhan-version")
    post_delete.connect(_forget_version, sender=ObjectChange, dispatch_uid="yizhan-version-d")


def cached(key, compute, version: int | None = None):
    """``compute()`` memoised under ``(key, registry_version())`` (a small LRU)."""
    full = (key, registry_version() if version is None else version)
    with _lock:
        if full in _cache:
            _cache.move_to_end(full)
            return _cache[full]
    value = compute()
    with _lock:
        _cache[full] = value
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return value


def clear_cache() -> None:
    with _lock:
        _cache.clear()
    _version["value"] = None


def _sub_key(subdistrict) -> int | None:
    return getattr(subdistrict, "pk", subdistrict)


def instance_for(subdistrict=None, version: int | None = None) -> Instance:
    """The registry (one subdistrict, or all when None) as a core Instance."""
    from yizhan.web.registry.instance import build_instance

    sid = _sub_key(subdistrict)
    return cached(("instance", sid), lambda: build_instance(sid), version)


def posts_for(subdistrict=None, version: int | None = None):
    """The registry's open posts of the scope as the checker's posts table (R8, R10)."""
    from yizhan.web.registry.instance import build_posts

    sid = _sub_key(subdistrict)
    return cached(("posts", sid), lambda: build_posts(sid), version)


#: the unit columns the checker's verdicts depend on. Left out on purpose: names (labels
#: only) and today's station (only the "before" column; rollout changes it by design).
CHECKED_UNIT_COLUMNS = ("parent", "households", "self_contained", "office_m2", "service_m2",
                        "plaza_m2", "party_members")


def check_inputs(subdistrict=None, version: int | None = None) -> dict:
    """The parts of the registry the check reads, as plain JSON: units (the columns above),
    adjacency and posts. Two registries with equal inputs get equal checks of any plan;
    :mod:`yizhan.web.planning.authority` stores this at approval to tell when it went stale."""
    def compute():
        return _inputs(instance_for(subdistrict, version), posts_for(subdistrict, version))

    return cached(("check-inputs", _sub_key(subdistrict)), compute, version)


def check_inputs_now(subdistrict=None) -> dict:
    """:func:`check_inputs` read from the database now, never from the cache: for a write
    still inside its transaction (a rollout records what it left behind), whose change-log
    ids a rollback could give to other changes later."""
    from yizhan.web.registry.instance import build_instance, build_posts

    sid = _sub_key(subdistrict)
    return _inputs(build_instance(sid), build_posts(sid))


def _inputs(inst, posts) -> dict:
    units = inst.units
    data = {code: [_plain(units.at[code, col]) for col in CHECKED_UNIT_COLUMNS]
            for code in units.index}
    return {"columns": list(CHECKED_UNIT_COLUMNS), "units": data,
            "edges": sorted(sorted(map(str, e)) for e in inst.edges),
            "posts": sorted(map(list, posts.itertuples(index=False, name=None)))}


def _plain(value):
    """numpy scalars → int/float/bool/str for JSON (and equal after a JSON round trip)."""
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def geometries_for(subdistrict=None, version: int | None = None) -> dict:
    """Committee code → shapely geometry (committees without a boundary are left out).

    A stored boundary that fails :func:`yizhan.geo.validate.boundary` (saved before that
    check existed, or written around it) is left out and logged: one bad committee must not
    take the map away from every user.
    """
    from yizhan.geo.validate import BoundaryError, boundary
    from yizhan.web.registry.models import Committee

    def compute():
        qs = Committee.objects.exclude(geometry="")
        if subdistrict is not None:
            qs = qs.filter(subdistrict=_sub_key(subdistrict))
        out = {}
        for code, text in qs.values_list("code", "geometry"):
            try:
                out[code] = boundary(text)
            except BoundaryError as exc:
                logger.warning("committee %s: boundary left off the map: %s", code, exc.en)
        return out

    return cached(("geometries", _sub_key(subdistrict)), compute, version)


def current_assignment(subdistrict=None) -> dict[str, str]:
    """Today's stations as a plan (the registry's open memberships)."""
    return dict(instance_for(subdistrict).current_plan().assignment)
