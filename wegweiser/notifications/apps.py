from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "wegweiser.notifications"
    verbose_name = _("Push notifications")

    def ready(self):
        from . import signals  # noqa: F401
