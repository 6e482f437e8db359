from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    name = "wegweiser.contacts"
    verbose_name = _("Contacts")

    def ready(self):
        from . import signals  # noqa: F401
