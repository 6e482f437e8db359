from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "wegweiser.api"
    verbose_name = "API"
