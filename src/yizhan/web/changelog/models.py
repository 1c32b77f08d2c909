"""The change log (NetBox's ``core.ObjectChange``) and the mixin that opts a model in.

Any model that inherits :class:`ChangeLoggingMixin` gets one :class:`ObjectChange` per
create, update and delete, written by the receivers in :mod:`.signals`: who (the user, or
"system" for the loader and CLI), when, the action, the object's type/id/text, its data
before and after (JSON), and the id shared by every change of one request (or of one
:func:`yizhan.web.context.change_context` block).

Bulk operations that bypass ``save()`` (``QuerySet.update``, ``bulk_create``) are not
logged by themselves; registry code never updates logged models in bulk, and a bulk insert
(the bundled data's loader) writes its entries with :func:`.signals.log_bulk_created`.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.exceptions import FieldDoesNotExist
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yizhan.web.permissions import RestrictedQuerySet, restrict


class ChangeLoggingMixin(models.Model):
    """Opt a model into the change log. Override :meth:`serialize_object` to trim fields."""

    #: fields left out of the before/after snapshots (e.g. large geometry text)
    changelog_exclude: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def serialize_object(self) -> dict:
        data = serializers.serialize("python", [self])[0]["fields"]
        data = {k: v for k, v in data.items() if k not in self.changelog_exclude}
        # through JSON so dates/decimals become plain JSON values
        import json

        return json.loads(json.dumps(data, cls=DjangoJSONEncoder))

    def changelog_subdistrict_id(self) -> int | None:
        """The subdistrict this change belongs to (for officers' restricted view of the log)."""
        field = getattr(type(self), "scope_field", None)
        if not field:
            return None
        if field == "pk":
            return self.pk
        obj = self
        for part in field.split("__"):
            if obj is None:
                return None
            if part == "pk" or part == "id":
                return obj.pk
            # follow FKs by attribute; the final part may be an FK (use its *_id)
            f = obj._meta.get_field(part)
            if f.is_relation and part == field.split("__")[-1]:
                return getattr(obj, f.attname)
            obj = getattr(obj, part, None)
        return getattr(obj, "pk", None)


class ChangeAction(models.TextChoices):
    CREATE = "create", _("新建")
    UPDATE = "update", _("修改")
    DELETE = "delete", _("删除")


#: what the log records as the operator when no signed-in user made a change (the labels of
#: :func:`yizhan.web.context.change_context`), shown in the reader's language
OPERATOR_LABELS = {
    "system": _("系统"),
    "system: demo users": _("系统（演示用户）"),
    "planner": _("规划器"),
    "anonymous": _("未登录访问"),
    "public": _("公众（网上提交）"),
}


class ObjectChange(models.Model):
    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="changes",
                             verbose_name=_("用户"))
    user_name = models.CharField(_("操作人"), max_length=150, editable=False)
    request_id = models.UUIDField(_("请求编号"), default=uuid.uuid4, db_index=True,
                                  editable=False)
    action = models.CharField(_("操作"), max_length=16, choices=ChangeAction.choices)
    changed_object_type = models.ForeignKey(ContentType, on_delete=models.PROTECT,
                                            related_name="+", verbose_name=_("对象类型"))
    changed_object_id = models.PositiveBigIntegerField(_("对象编号"))
    object_repr = models.CharField(_("对象"), max_length=200, editable=False)
    subdistrict = models.ForeignKey("registry.Subdistrict", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    db_constraint=False, verbose_name=_("街道"))
    prechange_data = models.JSONField(_("修改前"), null=True, blank=True, editable=False,
                                      encoder=DjangoJSONEncoder)
    postchange_data = models.JSONField(_("修改后"), null=True, blank=True, editable=False,
                                       encoder=DjangoJSONEncoder)

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"

    class Meta:
        ordering = ["-time", "-pk"]
        verbose_name = _("变更记录")
        verbose_name_plural = pgettext_lazy("plural", "变更记录")
        indexes = [models.Index(fields=["changed_object_type", "changed_object_id"])]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    @property
    def diff(self) -> list[tuple[str, object, object]]:
        """(field, before, after) for each field whose value differs."""
        pre, post = self.prechange_data or {}, self.postchange_data or {}
        keys = list(dict.fromkeys([*pre, *post]))
        return [(k, pre.get(k), post.get(k)) for k in keys if pre.get(k) != post.get(k)]

    @property
    def operator(self) -> str:
        """Who made the change, for people: the user's name, or the label of the process
        (``system`` → 系统) in the reader's language."""
        if self.user_id is None and self.user_name in OPERATOR_LABELS:
            return str(OPERATOR_LABELS[self.user_name])
        return self.user_name

    def labelled_diff(self) -> list[tuple[str, object, object]]:
        """:attr:`diff` as people read it: each field by its label (办公用房面积, not
        ``office_m2``) and each value as the pages show it (choices by label, 是/否)."""
        model = self.changed_object_type.model_class()
        return [(_field_label(model, name), _field_text(model, name, before),
                 _field_text(model, name, after)) for name, before, after in self.diff]

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("changelog:objectchange", args=[self.pk])


def changes_for(obj, user):
    """The change log of one object, restricted to what ``user`` may view (the detail
    pages' "changes" box). Here beside the model, not in the views, so the generic views
    can use it without importing the change-log views that are built on them."""
    ct = ContentType.objects.get_for_model(type(obj))
    return restrict(ObjectChange.objects.filter(changed_object_type=ct, changed_object_id=obj.pk),
                    user, "view").select_related("user")


def _field(model, name):
    try:
        return model._meta.get_field(name) if model is not None else None
    except FieldDoesNotExist:
        return None


def _field_label(model, name: str) -> str:
    field = _field(model, name)
    return str(getattr(field, "verbose_name", name)) if field is not None else name


def _field_text(model, name: str, value):
    """A stored snapshot value as a page shows it (see :func:`yizhan.web.tables.cell_value`)."""
    field = _field(model, name)
    if value is None or field is None:
        return value
    if getattr(field, "choices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.BooleanField):
        return str(_("是") if value else _("否"))
    return value
