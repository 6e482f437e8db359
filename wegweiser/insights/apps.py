from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "wegweiser.insights"
    verbose_name = "Insights"
