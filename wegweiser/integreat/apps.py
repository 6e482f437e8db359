from django.apps import AppConfig


class IntegreatConfig(AppConfig):
    name = "wegweiser.integreat"
    verbose_name = "Integreat compatibility"
