"""The one log of every workflow move (Wagtail's ``audit_log``, made generic).

Each row says who moved which object (a generic relation: any model with a workflow), when,
from which state to which, by which action and why, and carries the request id of the change
log entry written by the same move (the object's state field is change-logged), so the two
records of one click can be joined. Rows are written only by
:func:`yizhan.web.workflow.engine.transition`; nothing edits or deletes them except the
deletion of the object itself (a draft plan may be deleted with its history).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yizhan.web.permissions import RestrictedQuerySet
from yizhan.web.workflow.registry import workflow_for

__all__ = ["TransitionLog"]


class TransitionLog(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("对象类型"))
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    subject = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("操作"), max_length=32)
    from_status = models.CharField(_("原状态"), max_length=32)
    to_status = models.CharField(_("新状态"), max_length=32)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+", verbose_name=_("用户"))
    user_name = models.CharField(_("操作人"), max_length=150)
    time = models.DateTimeField(_("时间"), default=timezone.now, db_index=True)
    reason = models.TextField(_("理由"), blank=True)
    request_id = models.UUIDField(_("请求编号"), default=uuid.uuid4, db_index=True)
    subdistrict = models.ForeignKey("registry.Subdistrict", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+",
                                    db_constraint=False, verbose_name=_("街道"))

    objects = RestrictedQuerySet.as_manager()
    scope_field = "subdistrict"
    #: who may read it: yizhan.web.grants.GRANTS ("workflow.transitionlog"); rows of
    #: district-wide objects (a district plan's moves) are readable in every subdistrict
    district_wide_readable = True

    class Meta:
        ordering = ["time", "pk"]
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.content_type.model}#{self.object_id} · {self.action} · {self.user_name}"

    def _workflow(self):
        try:
            return workflow_for(self.content_type.model_class())
        except LookupError:
            return None

    @property
    def from_label(self) -> str:
        wf = self._workflow()
        return wf.state_label(self.from_status) if wf else self.from_status

    @property
    def to_label(self) -> str:
        wf = self._workflow()
        return wf.state_label(self.to_status) if wf else self.to_status

    @property
    def action_label(self) -> str:
        wf = self._workflow()
        return wf.action_label(self.action) if wf else self.action
