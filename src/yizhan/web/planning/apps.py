from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "yizhan.web.planning"
    label = "planning"
    verbose_name = _("规划")

    def ready(self):
        from yizhan.web.planning import workflow  # noqa: F401 - registers the plan's table
