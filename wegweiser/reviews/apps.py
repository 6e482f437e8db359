from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "wegweiser.reviews"
    verbose_name = "Reviews"
