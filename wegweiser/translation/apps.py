from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TranslationConfig(AppConfig):
    name = "wegweiser.translation"
    label = "translation"
    verbose_name = _("Translation")

    def ready(self):
        from . import signals  # noqa: F401
