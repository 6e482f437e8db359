from django.apps import AppConfig
from django.db.models.signals import pre_save


class SecurityConfig(AppConfig):
    name = "wegweiser.security"
    verbose_name = "Security"

    def ready(self) -> None:
        from .signals import sanitise_rich_text_fields

        pre_save.connect(sanitise_rich_text_fields, dispatch_uid="wegweiser.security.sanitise_rich_text_fields")
