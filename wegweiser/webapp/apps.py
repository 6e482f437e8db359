from django.apps import AppConfig


class WebappConfig(AppConfig):
    name = "wegweiser.webapp"
    verbose_name = "Newcomer web app"
