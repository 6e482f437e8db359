from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "wegweiser.reviews"
    verbose_name = "Reviews"

    def ready(self):
        from . import signals  # noqa: F401
