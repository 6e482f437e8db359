from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "wegweiser.operations"
    verbose_name = "Operations"
