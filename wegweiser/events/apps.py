from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "wegweiser.events"
    verbose_name = "Events"
