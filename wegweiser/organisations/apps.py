from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "wegweiser.organisations"
    verbose_name = "Organisations"

    def ready(self):
        from . import signals  # noqa: F401
