from django.apps import AppConfig


class PublishingConfig(AppConfig):
    name = "wegweiser.publishing"
    verbose_name = "Publishing"

    def ready(self):
        from . import signals  # noqa: F401
