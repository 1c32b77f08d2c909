from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RolloutConfig(AppConfig):
    name = "yizhan.web.rollout"
    label = "rollout"
    verbose_name = _("方案执行")

    def ready(self):
        from yizhan.web.rollout import appointments  # noqa: F401 - registers the transition tables
