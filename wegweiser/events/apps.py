from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "wegweiser.events"
    verbose_name = "Events"

    def ready(self):
        from . import signals  # noqa: F401
