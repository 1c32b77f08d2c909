from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "yizhan.web.reform"
    label = "reform"
    verbose_name = _("改革组织实施")

    def ready(self):
        from django.apps import apps
        from django.db.models.signals import post_save

        from yizhan.web.reform import workflow  # noqa: F401 - registers the transition tables
        from yizhan.web.reform.services import open_after_rollout

        if apps.is_installed("yizhan.web.rollout"):  # applying a rollout opens the task list
            post_save.connect(open_after_rollout, sender="rollout.RolloutRecord",
                              dispatch_uid="reform-open-after-rollout")
