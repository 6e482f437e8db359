from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "wegweiser.content"
    verbose_name = "Content"
