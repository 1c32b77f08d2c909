"""Choices of the planning app: plan states and sources, planner-run states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("已退回")
    SUPERSEDED = "superseded", _("已被取代")


class PlanSource(models.TextChoices):
    OFFICIAL = "official", _("2006年正式方案")
    IMPORTED = "imported", _("导入的方案文件")
    PLANNER = "planner", _("规划器计算")
    CURRENT = "current", _("现状")


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("运行中")
    SUCCEEDED = "succeeded", _("已完成")
    FAILED = "failed", _("失败")
    CANCELLED = "cancelled", _("已取消")


#: run states after which nothing changes any more
RUN_FINISHED = (RunStatus.SUCCEEDED, RunStatus.FAILED, RunStatus.CANCELLED)


#: moves that need an explicit confirmation, the user having read the check's findings
#: summary: the page's checkbox, the API's ``"confirm": true``
CONFIRMED_ACTIONS = ("approve", "reapprove")
