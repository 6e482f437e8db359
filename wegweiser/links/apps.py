from django.apps import AppConfig


class LinksConfig(AppConfig):
    name = "wegweiser.links"
    verbose_name = "Links"
