"""Optimistic concurrency: a version number per record, so a stale edit is refused, not merged.

A user opens an edit form (or GETs a record through the API) at version *n*; saving later
sends *n* back (hidden form field, ``If-Match: "n"`` or ``"version": n``). The save is one
conditional statement, ``UPDATE … SET …, version = n + 1 WHERE id = … AND version = n``: if
anyone saved in between, no row matches and :class:`StaleEdit` is raised, whose message names
the last change from the change log ("changed by X at T since you opened it"). Reading the
version first and writing after would let two writers both pass the check; the conditional
UPDATE cannot.

A save that changes nothing is not a version: no UPDATE, no bump, no change-log entry (as the
change log already skips it), so re-submitting an untouched form never counts as a conflict
and never writes old values over newer ones.

Without an expected version (a script's ``save()``, a PATCH without ``If-Match``) the
version the object was loaded with is the condition, so a write still never overwrites a
change it did not see; the API's PATCH loads the row under ``select_for_update`` and writes
only the fields sent (``update_fields``), so two PATCHes of different fields both stick.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["VersionedModel", "StaleEdit", "last_change_text", "parse_if_match"]


class StaleEdit(Exception):
    """The record was changed by someone else since the user read it."""

    def __init__(self, obj):
        self.obj = obj
        self.message = _("“%(obj)s”在您打开之后已被修改（%(change)s），未保存。"
                         "请查看最新内容后再修改。") % {"obj": obj, "change": last_change_text(obj)}
        super().__init__(self.message)


def last_change_text(obj) -> str:
    """"changed by X at T" from the change log (time in the site's zone, Asia/Shanghai)."""
    from django.contrib.contenttypes.models import ContentType

    from yizhan.web.changelog.models import ObjectChange
    from yizhan.web.tables import local_time

    change = ObjectChange.objects.filter(
        changed_object_type=ContentType.objects.get_for_model(type(obj)),
        changed_object_id=obj.pk).order_by("-time", "-pk").first()
    if change is None:
        return _("修改人未知")
    return _("由 %(user)s 于 %(time)s 修改") % {
        "user": change.user_name, "time": local_time(change.time).strftime("%Y-%m-%d %H:%M:%S")}


class VersionedModel(models.Model):
    """Adds ``version`` and makes every update conditional on it (see the module's text)."""

    version = models.PositiveIntegerField(gettext_lazy("版本"), default=1, editable=False)

    class Meta:
        abstract = True

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        field = self._meta.get_field("version")
        values = [v for v in values if v[0] is not field]
        expected = self.version
        if self._matches_stored(base_qs.filter(pk=pk_val), values):
            return True
        values.append((field, None, expected + 1))
        if super()._do_update(base_qs.filter(version=expected), using, pk_val, values,
                              update_fields, forced_update):
            self.version = expected + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleEdit(self)
        return False  # the row is gone: Django inserts it, as for any model

    @staticmethod
    def _matches_stored(row: models.QuerySet, values) -> bool:
        """Are the values to write the ones already stored (a save that changes nothing)?"""
        if any(hasattr(value, "resolve_expression") for _f, _m, value in values):
            return False
        stored = row.values(*[f.attname for f, _m, _v in values]).first()
        if stored is None:
            return False
        return all(f.to_python(value) == f.to_python(stored[f.attname])
                   for f, _m, value in values)


def parse_if_match(header: str | None) -> list[int] | None:
    """The versions named by an ``If-Match`` header (``"3"``, ``W/"3"``, lists); None for
    no header or ``*``; ``[]`` when nothing in it is one of our ETags (so nothing matches)."""
    if not header or header.strip() == "*":
        return None
    versions = []
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/").strip('"')
        if tag.isdigit():
            versions.append(int(tag))
    return versions
