from django.apps import AppConfig


class CorrectionsConfig(AppConfig):
    name = "wegweiser.corrections"
    verbose_name = "Corrections"
