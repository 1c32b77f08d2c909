"""Choices of the reform app: states of the reform, tasks, inspections and checklist items,
and the roles in a leading group."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReformStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("实施中")
    ACCEPTED = "accepted", _("已验收")


class GroupRole(models.TextChoices):
    LEADER = "leader", _("组长")
    DEPUTY = "deputy", _("副组长")
    MEMBER = "member", _("成员")


class TaskStatus(models.TextChoices):
    TODO = "todo", _("未开始")
    IN_PROGRESS = "in_progress", _("进行中")
    DONE = "done", _("已完成")


class InspectionStatus(models.TextChoices):
    OPEN = "open", _("检查中")
    SIGNED = "signed", _("已签署")
    ACCEPTED = "accepted", _("已验收")


class ItemResult(models.TextChoices):
    PENDING = "pending", _("待检查")
    PASSED = "passed", _("合格")
    FAILED = "failed", _("不合格")
    WAIVED = "waived", _("不合格（已豁免）")


#: roles whose members may sign off for their group (accept, dissolve)
SIGNING_ROLES = (GroupRole.LEADER, GroupRole.DEPUTY)
