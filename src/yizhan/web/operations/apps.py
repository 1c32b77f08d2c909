from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "yizhan.web.operations"
    label = "operations"
    verbose_name = _("日常运行")

    def ready(self):
        # the transition tables of 四(一), 四(二) and 四(三) register with the workflow engine
        from yizhan.web.operations import supervision, tasks, window  # noqa: F401
