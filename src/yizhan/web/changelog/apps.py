from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChangelogConfig(AppConfig):
    name = "yizhan.web.changelog"
    label = "changelog"
    verbose_name = _("变更记录")

    def ready(self):
        from yizhan.web.changelog import signals  # noqa: F401 - connects the receivers
