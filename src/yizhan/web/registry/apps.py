from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "yizhan.web.registry"
    label = "registry"
    verbose_name = _("基础信息")

    def ready(self):
        from yizhan.web.registry.snapshot import connect_signals

        connect_signals()
