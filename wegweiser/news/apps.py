from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "wegweiser.news"
    verbose_name = "News"

    def ready(self):
        from . import signals  # noqa: F401
