"""Receivers that write ObjectChange rows (NetBox's ``core/signals.py``).

``pre_save`` snapshots the stored row (the "before"); ``post_save`` writes a create or
update; ``pre_delete`` writes a delete with the "before" only. A many-to-many field (a task
request's stations) is set after its row is saved: ``m2m_changed`` writes that change as an
update of the row that holds the field. The who and the request id
come from :func:`yizhan.web.context.current_change_context`; outside any context (a shell,
a migration) the change is recorded as "system" with its own id.
"""

from __future__ import annotations

import uuid

from django.contrib.contenttypes.models import ContentType
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.dispatch import receiver

from yizhan.web.changelog.models import ChangeLoggingMixin, ObjectChange
from yizhan.web.context import current_change_context


def _who():
    ctx = current_change_context()
    if ctx is None:
        return None, "system", uuid.uuid4()
    user = ctx.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    return user, ctx.user_name, ctx.request_id


def _change(instance, action, pre, post, who) -> ObjectChange:
    user, name, request_id = who
    return ObjectChange(
        user=user, user_name=name, request_id=request_id, action=action,
        changed_object_type=ContentType.objects.get_for_model(type(instance)),
        changed_object_id=instance.pk, object_repr=str(instance)[:200],
        subdistrict_id=instance.changelog_subdistrict_id(),
        prechange_data=pre, postchange_data=post)


def _record(instance, action, pre, post):
    _change(instance, action, pre, post, _who()).save()


def log_bulk_created(instances) -> None:
    """The "create" entries of rows inserted with ``bulk_create`` (which sends no signals):
    the same rows :func:`_log_save` would have written one by one, written in one statement.
    For loading many new rows at once (the bundled data on first start); every instance must
    have its primary key. ``post_save`` is still sent for each entry, so whatever listens for
    new change-log rows (the registry version, :mod:`yizhan.web.planning.services`) hears."""
    who = _who()
    changes = ObjectChange.objects.bulk_create(
        [_change(i, "create", None, i.serialize_object(), who) for i in instances])
    for change in changes:
        post_save.send(sender=ObjectChange, instance=change, created=True, update_fields=None,
                       raw=False, using=change._state.db)


@receiver(pre_save)
def _snapshot_before_save(sender, instance, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggingMixin):
        return
    before = None
    if instance.pk is not None and not instance._state.adding:
        stored = sender._default_manager.filter(pk=instance.pk).first()
        if stored is not None:
            before = stored.serialize_object()
    instance._changelog_before = before


@receiver(post_save)
def _log_save(sender, instance, created, raw=False, **kwargs):
    if raw or not isinstance(instance, ChangeLoggingMixin):
        return
    before = getattr(instance, "_changelog_before", None)
    after = instance.serialize_object()
    if not created and before == after:
        return  # nothing changed: no entry
    _record(instance, "create" if created or before is None else "update", before, after)
    instance._changelog_before = after


@receiver(pre_delete)
def _log_delete(sender, instance, **kwargs):
    if not isinstance(instance, ChangeLoggingMixin):
        return
    _record(instance, "delete", instance.serialize_object(), None)


@receiver(m2m_changed)
def _log_m2m(sender, instance, action, reverse, **kwargs):
    if reverse or not isinstance(instance, ChangeLoggingMixin):
        return
    if action.startswith("pre_"):
        instance._changelog_m2m_before = instance.serialize_object()
        return
    before = getattr(instance, "_changelog_m2m_before", None)
    after = instance.serialize_object()
    if before is not None and before != after:
        _record(instance, "update", before, after)
    instance._changelog_before = after
