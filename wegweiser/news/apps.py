from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "wegweiser.news"
    verbose_name = "News"
